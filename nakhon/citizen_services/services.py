"""Writes to citizen services: the profile with its rows, overrides and the rubric's thresholds.

Each write re-assesses what it touches, in the same transaction, so that the scorecard, the
roll-ups and the fix-first list show the change at once.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from nakhon.citizen_services.assessment import reassess_all, record_assessment
from nakhon.citizen_services.models import (
    CHILD_ROWS,
    AssessmentOverride,
    CommonDocument,
    IssuingAgency,
    Registry,
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
        registry = Registry() if "documents" in related else None
        for name in CHILD_ROWS:
            if name in related:
                related[name] = canonical_rows(name, related[name], registry)
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


def filled_document(row: dict, registry: Registry) -> dict:
    """A document row with what its common document says filled in: the code from the name
    (a copy of a common document is that document), the name from the code, and the issuer.
    A code the registry does not have (a file from another repository) is kept as written, as
    an issuer outside the registry is: the document's issuer is then what the row names."""
    row = dict(row)
    code = (row.get("common") or "").strip()
    common = registry.common(code) if code else registry.common_named(row.get("name") or "")
    if common is not None:
        row["common"] = common.code
        if not (row.get("name") or "").strip():
            row["name"] = common.name
        if not (row.get("issuer") or "").strip():
            row["issuer"] = common.issuer.name
    return row


def canonical_rows(name: str, rows, registry: Registry | None = None) -> list[dict]:
    """Rows in the snapshot's shape, each checked by its model's field rules; documents get
    what the registry of common documents says of them.

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
        try:
            if name == "documents":
                row = filled_document(row, registry or Registry())
            instance = model(**row)
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


class RegistryService(Reassessing, ObjectService):
    """The registries of issuing agencies and common documents. Whether a service's documents
    are the state's follows from them, so every service is re-assessed after a change."""

    def reassess(self, obj) -> None:
        reassess_all()

    def delete(self, actor: Actor, obj, *, version: int | None) -> None:
        with transaction.atomic():
            super().delete(actor, obj, version=version)
            reassess_all()


class IssuingAgencyService(RegistryService):
    model = IssuingAgency

    def check_deletable(self, obj: IssuingAgency) -> None:
        named = list(obj.documents.values_list("name", flat=True))
        if named:
            raise ValidationError(
                _("“%(agency)s” issues common documents (%(documents)s): delete them first.")
                % {"agency": obj, "documents": ", ".join(named)}
            )


class CommonDocumentService(RegistryService):
    model = CommonDocument


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
issuing_agencies = register(IssuingAgencyService())
common_documents = register(CommonDocumentService())


def ensure_registry(actor: Actor) -> int:
    """Write the registries' first rows (`registry_data`) that are missing, by code or name,
    through the services; every service is re-assessed once if any was. How many were."""
    from nakhon.citizen_services.registry_data import AGENCIES, DOCUMENTS

    written = 0
    with transaction.atomic():
        for code, name, name_en, aliases, state, links in AGENCIES:
            if not IssuingAgency.objects.filter(Q(code=code) | Q(name=name)).exists():
                values = {"name_en": name_en, "aliases": aliases, "state_agency": state}
                # ObjectService's own create: one re-assessment at the end, not one a row.
                ObjectService.create(
                    issuing_agencies, actor, code=code, name=name, exchange_links=links, **values
                )
                written += 1
        for code, name, name_en, aliases, issuer in DOCUMENTS:
            agency = IssuingAgency.objects.filter(code=issuer).first()
            exists = CommonDocument.objects.filter(Q(code=code) | Q(name=name)).exists()
            if agency is not None and not exists:
                ObjectService.create(
                    common_documents,
                    actor,
                    code=code,
                    name=name,
                    name_en=name_en,
                    aliases=aliases,
                    issuer=agency,
                )
                written += 1
        if written:
            reassess_all()
    return written
