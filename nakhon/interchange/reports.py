"""An import plan as a person reads it: counts per kind, then what was refused and why."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nakhon.interchange.importer import CREATE, REFUSED, UNCHANGED, UPDATE, ImportPlan

KIND_LABELS = {
    "element": gettext_lazy("elements"),
    "relationship": gettext_lazy("relationships"),
    "view": gettext_lazy("views"),
    "connection": gettext_lazy("diagram connections"),
}
ACTION_LABELS = {
    CREATE: gettext_lazy("to create"),
    UPDATE: gettext_lazy("to update"),
    UNCHANGED: gettext_lazy("unchanged"),
    REFUSED: gettext_lazy("refused"),
}


def summary_rows(counts: dict[str, dict[str, int]]) -> list[dict]:
    """A row a kind of object, from {kind: {action: count}} (`ImportPlan.counts()`, or the
    counts of a plan a job stored)."""
    return [
        {
            "kind": KIND_LABELS[kind],
            **{action: counts[kind].get(action, 0) for action in ACTION_LABELS},
        }
        for kind in KIND_LABELS
        if kind in counts
    ]


def import_summary(plan: ImportPlan) -> dict:
    """The plan's batch, counts and refused objects, as JSON."""
    return {
        "batch": plan.batch or None,
        "proposal": plan.proposal or None,
        "counts": {kind: dict(counter) for kind, counter in plan.counts().items()},
        "refused": [
            {"kind": i.kind, "identifier": i.identifier, "name": i.name, "reason": i.reason}
            for i in plan.refused
        ],
    }


def plan_as_json(plan: ImportPlan) -> dict:
    """`import_summary` and what is created or updated, per object, with the fields it changes."""
    return {
        **import_summary(plan),
        "changes": [
            {"kind": i.kind, "identifier": i.identifier, "action": i.action, "fields": i.changed}
            for i in plan.items
            if i.action in (CREATE, UPDATE)
        ],
    }


def plan_as_text(plan: ImportPlan, *, refused_limit: int = 50) -> str:
    lines = []
    for row in summary_rows(plan.counts()):
        counts = ", ".join(f"{row[a]} {label}" for a, label in ACTION_LABELS.items() if row[a])
        lines.append(f"  {row['kind']}: {counts}")
    refused = plan.refused
    if refused:
        lines.append(_("Refused:"))
        lines += [f"  {i.identifier} {i.name}: {i.reason}" for i in refused[:refused_limit]]
        if len(refused) > refused_limit:
            lines.append(_("  … and %(n)d more") % {"n": len(refused) - refused_limit})
    return "\n".join(lines)
