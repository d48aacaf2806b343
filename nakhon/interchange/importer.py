"""Importing a model document: `planner` decides what the import does, `writer` writes it.

The names importers of a document use, in one place.
"""

from nakhon.interchange.planner import (
    CREATE,
    REFUSED,
    UNCHANGED,
    UPDATE,
    Decision,
    ImportPlan,
    ImportRefused,
    plan_import,
)
from nakhon.interchange.writer import apply_import

__all__ = [
    "CREATE",
    "REFUSED",
    "UNCHANGED",
    "UPDATE",
    "Decision",
    "ImportPlan",
    "ImportRefused",
    "apply_import",
    "plan_import",
]
