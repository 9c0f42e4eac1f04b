"""The ``movierec`` command line."""
