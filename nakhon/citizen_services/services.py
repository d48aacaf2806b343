"""Writes to citizen services: the profile with its rows, overrides and the rubric's thresholds.

Each write re-assesses what it touches, in the same transaction, so that the scorecard, the
roll-ups and the fix-first list show the change at once.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nakhon.citizen_services.assessment import reassess_all, record_assessment
from nakhon.citizen_services.models import (
    CHILD_ROWS,
    AssessmentOverride,
    RubricSettings,
    ServiceProfile,
    rows_of,
)
from nakhon.citizen_services.rubric import threshold_errors
from nakhon.core.services import Actor, ObjectService, register
from nakhon.repository.models import Element
from nakhon.repository.services import ProfileService, elements

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


class Reassessing:
    """Mixed into a service whose creates and updates change what the assessment reads:
    `reassess` runs after each, in the same transaction."""

    def reassess(self, obj) -> None:
        raise NotImplementedError

    def create(self, actor: Actor, **values):
        with transaction.atomic():
            obj = super().create(actor, **values)
            self.reassess(obj)
        return obj

    def update(self, actor: Actor, obj, *, version: int | None, **values):
        with transaction.atomic():
            obj = super().update(actor, obj, version=version, **values)
            self.reassess(obj)
        return obj


class ServiceProfileService(Reassessing, ProfileService):
    """A service's profile, its element and its channels, steps and documents as one write.

    Rows are given as lists of dicts (the shape `ChildRow.as_row` gives) and replace the stored
    rows of that kind; a kind left out is left as it is.
    """

    model = ServiceProfile

    def reassess(self, obj: ServiceProfile) -> None:
        record_assessment(obj)

    def related_fields(self) -> set[str]:
        return super().related_fields() | set(CHILD_ROWS)

    def restorable_extras(self) -> set[str]:
        return set(CHILD_ROWS)

    def extra_snapshot(self, obj: ServiceProfile) -> dict:
        """The rows that belong to the profile, so that the change log holds its whole state."""
        return {name: rows_of(obj, name) for name in CHILD_ROWS}

    def _split_related(self, values: dict) -> tuple[dict, dict]:
        related, values = super()._split_related(values)
        for name in CHILD_ROWS:
            if name in related:
                related[name] = canonical_rows(name, related[name])
        return related, values

    def validate_domain(self, obj: ServiceProfile) -> None:
        if obj.element.type != ServiceProfile.element_type:
            raise ValidationError(
                _("A citizen service profile belongs on a business service, not a %(type)s.")
                % {"type": obj.element.get_type_display()}
            )

    def apply_related(self, obj: ServiceProfile, related: dict) -> None:
        for name, model in CHILD_ROWS.items():
            if name not in related:
                continue
            getattr(obj, name).all().delete()
            model.objects.bulk_create(
                model(profile=obj, order=index, **row)
                for index, row in enumerate(related.pop(name))
            )
        super().apply_related(obj, related)

    def dependents(self, obj: ServiceProfile) -> list:
        return list(obj.overrides.all())

    def upsert(
        self, actor: Actor, identifier: str, element_values: dict, profile_values: dict
    ) -> tuple[ServiceProfile, str]:
        """Make the service with this element identifier hold these values, writing only what
        differs: (profile, "created" | "updated" | "unchanged"). A business service without a
        profile gets one. Imports and the demo use it, so that running them twice changes
        nothing the second time."""
        element = Element.objects.filter(identifier=identifier).first()
        if element is None:
            values = {**element_values, **profile_values}
            return self.create(actor, identifier=identifier, **values), CREATED
        profile = ServiceProfile.objects.filter(element=element).first()
        if profile is None:
            with transaction.atomic():
                changes = elements.changes(element, element_values)
                if changes:
                    elements.update(actor, element, version=None, **changes)
                return self.create(actor, element=element, **profile_values), CREATED
        version = profile.version
        profile = self.update(actor, profile, version=None, **element_values, **profile_values)
        return profile, UPDATED if profile.version != version else UNCHANGED


def canonical_rows(name: str, rows) -> list[dict]:
    """Rows in the snapshot's shape, each checked by its model's field rules.

    Raises ValidationError naming the kind and the row, so that a form or the API can say which.
    """
    model = CHILD_ROWS[name]
    if not isinstance(rows, list | tuple):
        raise ValidationError({name: _("Give a list of rows.")})
    canonical, problems = [], []
    for number, row in enumerate(rows, start=1):
        unknown = set(row) - set(model.row_fields) if isinstance(row, dict) else None
        if unknown is None or unknown:
            problems.append(
                _("Row %(row)d: expected the fields %(fields)s.")
                % {"row": number, "fields": ", ".join(model.row_fields)}
            )
            continue
        instance = model(**row)
        try:
            instance.full_clean(exclude=["profile", "order"])
        except ValidationError as error:
            problems.append(
                _("Row %(row)d: %(errors)s")
                % {"row": number, "errors": "; ".join(_field_messages(model, error))}
            )
            continue
        canonical.append(instance.as_row())
    if problems:
        raise ValidationError({name: problems})
    return canonical


def _field_messages(model, error: ValidationError) -> list[str]:
    messages = []
    for field, errors in error.message_dict.items():
        label = model._meta.get_field(field).verbose_name if field != "__all__" else ""
        messages += [f"{label}: {e}" if label else e for e in errors]
    return messages


class AssessmentOverrideService(Reassessing, ObjectService):
    """The EA office's overrides; the service is re-assessed with each."""

    model = AssessmentOverride

    def reassess(self, obj: AssessmentOverride) -> None:
        record_assessment(obj.profile)

    def delete(self, actor: Actor, obj, *, version: int | None) -> None:
        profile = obj.profile
        with transaction.atomic():
            super().delete(actor, obj, version=version)
            record_assessment(profile)


class RubricSettingsService(Reassessing, ObjectService):
    """The thresholds: one row; changing them re-assesses every service."""

    model = RubricSettings

    def validate_domain(self, obj: RubricSettings) -> None:
        if not isinstance(obj.thresholds, dict):
            raise ValidationError({"thresholds": _("Thresholds are a JSON object.")})
        errors = threshold_errors(obj.thresholds)
        if errors:
            raise ValidationError(errors)

    def reassess(self, obj: RubricSettings) -> None:
        reassess_all(obj.thresholds)

    def create(self, actor: Actor, **values):
        if RubricSettings.objects.exists():
            raise ValidationError(_("The thresholds exist already: change them instead."))
        return super().create(actor, **values)

    def save_thresholds(self, actor: Actor, thresholds: dict, *, version: int | None):
        """Create the one row or change it, whichever is needed."""
        current = RubricSettings.objects.first()
        if current is None:
            return self.create(actor, thresholds=thresholds)
        return self.update(actor, current, version=version, thresholds=thresholds)


service_profiles = register(ServiceProfileService())
assessment_overrides = register(AssessmentOverrideService())
rubric_settings = register(RubricSettingsService())
