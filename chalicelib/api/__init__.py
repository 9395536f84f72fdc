"""Chalice blueprints of the JSON API under /api."""
