"""Collaborative-filtering models, one module each, all behind movierec.recommender.Recommender."""
