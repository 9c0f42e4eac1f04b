"""The public gateway: catalogue, search, onboarding, recommendations and the legacy routes."""
