"""Governance models, one module per topic: standards and principles, review requests."""

from nakhon.governance.models.findings import CheckKind, Finding, Severity  # noqa: F401
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
from nakhon.governance.models.standards import (  # noqa: F401
    PrincipleProfile,
    Standard,
    StandardCategory,
    StandardKind,
    StandardStatus,
)
