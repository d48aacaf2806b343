"""Storing assessments: the rubric's levels for a service, with the overrides in force, kept
with their date so that progress can be charted.

The service layer calls `record_assessment` after every write that can change a level (a
profile, an override) and `reassess_all` when the thresholds change; `nakhon services assess`
runs it on demand. An assessment equal to the service's current one is not written again.
"""

from django.db import transaction
from django.utils.translation import override

from nakhon.citizen_services.models import (
    Assessment,
    Outcome,
    Registry,
    RubricSettings,
    ServiceProfile,
    Status,
    with_current_assessment,
)
from nakhon.citizen_services.rubric import ServiceFacts, assess, score

LANGUAGES = ("th", "en")


def stored_thresholds() -> dict:
    """The thresholds the EA office set (the rubric's defaults fill in the rest)."""
    settings = RubricSettings.objects.first()
    return dict(settings.thresholds) if settings else {}


def profiles_to_assess():
    """Profiles with everything the rubric reads, fetched in a fixed number of queries."""
    return with_current_assessment(
        ServiceProfile.objects.select_related("element__owner_unit__element").prefetch_related(
            "channels", "places", "steps", "documents", "fees", "overrides"
        )
    )


def assessment_values(
    profile: ServiceProfile, thresholds: dict, registry: Registry | None = None
) -> dict:
    """The fields of the assessment the profile has now, evidence in every language."""
    facts = ServiceFacts.of(profile, registry)
    results = {}
    for language in LANGUAGES:
        with override(language):
            results[language] = assess(facts, thresholds)
    overrides = {o.outcome: o for o in profile.overrides.all()}
    details, levels = {}, {}
    for outcome in Outcome.values:
        result = results["en"][outcome]
        manual = overrides.get(outcome)
        levels[outcome] = manual.level if manual else result.level
        details[outcome] = {
            "computed": result.level,
            "status": result.status,
            "evidence": {lang: results[lang][outcome].evidence for lang in LANGUAGES},
            "missing": {lang: list(results[lang][outcome].missing) for lang in LANGUAGES},
            "override": {"level": manual.level, "reason": manual.reason} if manual else None,
        }
    unassessed = sum(
        1
        for outcome in Outcome.values
        if levels[outcome] is None and details[outcome]["status"] == Status.NOT_ASSESSED
    )
    return {
        **levels,
        "score": score(levels.values(), unassessed),
        "annual_volume": profile.annual_volume,
        "owner_unit_id": profile.element.owner_unit_id,
        "details": details,
    }


def record_assessment(
    profile: ServiceProfile, thresholds: dict | None = None, registry: Registry | None = None
) -> Assessment:
    """Assess the profile and keep the result, unless it equals the current assessment."""
    values = assessment_values(
        profile, stored_thresholds() if thresholds is None else thresholds, registry
    )
    current = profile.current_assessment
    if current is not None and _same(current, values):
        return current
    with transaction.atomic():
        Assessment.objects.filter(profile=profile, is_current=True).update(is_current=False)
        return Assessment.objects.create(profile=profile, is_current=True, **values)


def reassess_all(thresholds: dict | None = None) -> tuple[int, int]:
    """Assess every service; (how many assessments changed, how many did not)."""
    thresholds = stored_thresholds() if thresholds is None else thresholds
    registry = Registry()
    changed = unchanged = 0
    for profile in profiles_to_assess().iterator(chunk_size=500):
        before = profile.current_assessment
        after = record_assessment(profile, thresholds, registry)
        if after is before:
            unchanged += 1
        else:
            changed += 1
    return changed, unchanged


def _same(assessment: Assessment, values: dict) -> bool:
    return all(getattr(assessment, name) == value for name, value in values.items())
