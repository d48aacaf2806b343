"""Governance models, one module per topic: standards and principles, review requests."""

from nakhon.governance.models.requests import (  # noqa: F401
    AffectedElement,
    ChecklistAnswer,
    ChecklistQuestion,
    Condition,
    LanguagePreference,
    PrincipleDeparture,
    Review,
    ReviewRequest,
    Waiver,
)
