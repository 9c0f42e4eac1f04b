"""What the model services (collab, kmeans) do the same way: load, validate, recommend, answer.

Deliberately imports nothing: ``movierec.serving.threads`` must be importable before numpy.
"""
