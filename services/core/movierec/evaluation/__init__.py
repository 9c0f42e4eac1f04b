"""Offline evaluation: the strong-generalisation protocol, metrics and peers.

The protocol is described in docs/architecture.md, "Evaluation".
"""
