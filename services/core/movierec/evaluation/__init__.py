"""Offline evaluation: the strong-generalisation protocol of DESIGN.md, metrics and peers."""
