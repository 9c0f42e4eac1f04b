"""K-Means user clusters: embed users, cluster them, recommend what a new user's clusters like."""
