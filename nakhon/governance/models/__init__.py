"""Governance models, one module per topic: standards and principles, review requests."""
