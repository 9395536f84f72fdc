"""Content publishing for a stage: FAQ entries, search index and audio (see services/faq_publish)."""

from __future__ import annotations


def publish_content() -> str:
    """Publish everything under content/ and return a one-line report."""
    return "Content: nothing to publish yet."
