"""MovieLens data: layouts, sources, validation, the parse cache, the in-memory Dataset.

Import from the module that defines a name (``movierec.data.sources.load_dataset``,
``movierec.data.dataset.Dataset``): each module holds one job.
"""
