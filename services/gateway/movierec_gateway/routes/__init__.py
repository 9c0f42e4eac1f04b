"""The gateway's routers: public movies and recommendations, the legacy routes, the web app."""
