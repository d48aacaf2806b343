"""Writes to the capacity app: frameworks, people and assessments, each through its service.

Frameworks, their levels, areas and targets belong to no unit: the EA office writes them. A
person and their assessments belong to the person's unit: its editors and the EA office write
them, and a person may add their own self-assessments.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nakhon.capacity.models import (
    Assessment,
    Person,
    ProficiencyLevel,
    RatingSource,
    SkillArea,
    SkillFramework,
    TargetLevel,
)
from nakhon.core import permissions
from nakhon.core.models import Action, ChangeLogEntry
from nakhon.core.services import Actor, ObjectService, record_change, register


class SkillFrameworkService(ObjectService):
    model = SkillFramework

    def create(self, actor: Actor, **values):
        with transaction.atomic():
            if values.get("is_active"):
                self._deactivate_others(actor, None)
            return super().create(actor, **values)

    def update(self, actor: Actor, obj, *, version, **values):
        with transaction.atomic():
            if values.get("is_active") and not obj.is_active:
                self.require(actor, permissions.CHANGE, obj)
                self._deactivate_others(actor, obj.pk)
            return super().update(actor, obj, version=version, **values)

    def activate(self, actor: Actor, framework: SkillFramework) -> SkillFramework:
        """Make `framework` the one new assessments are made under (the one before it stays
        as it is, with the assessments made under it)."""
        return self.update(actor, framework, version=None, is_active=True)

    def new_edition(
        self, actor: Actor, framework: SkillFramework, *, code: str, edition: str
    ) -> SkillFramework:
        """A copy of `framework` (levels, areas, targets) under a new code and edition, not yet
        active: a framework's text changes by a new edition, so that the ratings made under
        the old one keep the areas and targets they were made against."""
        with transaction.atomic():
            copy = self.create(
                actor,
                code=code,
                edition=edition,
                is_active=False,
                **{
                    name: getattr(framework, name)
                    for name in ("name", "name_en", "publisher", "year", "source")
                },
            )
            for level in framework.levels.all():
                proficiency_levels.create(
                    actor,
                    framework=copy,
                    level=level.level,
                    name=level.name,
                    name_en=level.name_en,
                    description=level.description,
                )
            for area in framework.areas.all():
                new_area = skill_areas.create(
                    actor,
                    framework=copy,
                    **{
                        name: getattr(area, name)
                        for name in ("code", "name", "name_en", "kind", "description", "order")
                    },
                )
                for target in area.targets.all():
                    target_levels.create(
                        actor,
                        area=new_area,
                        personnel_group=target.personnel_group,
                        role_level=target.role_level,
                        level=target.level,
                    )
        return copy

    def _deactivate_others(self, actor: Actor, keep) -> None:
        for other in SkillFramework.objects.filter(is_active=True).exclude(pk=keep):
            super().update(actor, other, version=None, is_active=False)

    def check_deletable(self, obj: SkillFramework) -> None:
        if obj.assessments.exists():
            raise ValidationError(
                _(
                    "“%(framework)s” cannot be deleted: assessments were made under it. Make "
                    "another framework active instead."
                )
                % {"framework": obj}
            )

    def dependents(self, obj: SkillFramework) -> list:
        targets = TargetLevel.objects.filter(area__framework=obj)
        return [*targets, *obj.areas.all(), *obj.levels.all()]


class ProficiencyLevelService(ObjectService):
    model = ProficiencyLevel

    def check_deletable(self, obj: ProficiencyLevel) -> None:
        used = Assessment.objects.filter(framework_id=obj.framework_id, level=obj.level)
        targets = TargetLevel.objects.filter(area__framework_id=obj.framework_id, level=obj.level)
        if used.exists() or targets.exists():
            raise ValidationError(
                _("Level %(level)s cannot be deleted: ratings or targets use it.")
                % {"level": obj.level}
            )


class SkillAreaService(ObjectService):
    model = SkillArea

    def check_deletable(self, obj: SkillArea) -> None:
        if obj.ratings.exists():
            raise ValidationError(
                _("“%(area)s” cannot be deleted: people have been rated in it.") % {"area": obj}
            )

    def dependents(self, obj: SkillArea) -> list:
        return list(obj.targets.all())


class TargetLevelService(ObjectService):
    model = TargetLevel


# What anonymising leaves in place of what identified a person.
ANONYMOUS_NAME = "-"
IDENTIFYING_FIELDS = ("name", "name_en", "position", "user_id")


class PersonService(ObjectService):
    model = Person

    def dependents(self, obj: Person) -> list:
        return list(obj.assessments.all())

    def create(self, actor: Actor, **values):
        self.require_account_linking(actor, values, None)
        return super().create(actor, **values)

    def require_account_linking(self, actor: Actor, values: dict, current) -> None:
        """Only the EA office links a person to an account (a unit editor cannot tell whose
        account is whose, and the link shows the person's data to that account)."""
        if permissions.role_of(actor.user) in permissions.EDIT_EVERYTHING:
            return
        for name in ("user", "user_id"):
            if name in values:
                wanted = getattr(values[name], "pk", values[name])
                if wanted != (current.user_id if current else None):
                    raise PermissionDenied(
                        _("Only the EA office links a person to a user account.")
                    )

    def validate_domain(self, obj: Person) -> None:
        if obj.is_anonymised and obj.user_id:
            raise ValidationError(
                {"user": _("An anonymised person cannot be linked to an account again.")}
            )

    def update(self, actor: Actor, obj, *, version, **values):
        current = Person.objects.filter(pk=obj.pk).first()
        self.require_account_linking(actor, values, current)
        touched = {k for k in values if k.removesuffix("_id") in ("name", "name_en", "position")}
        if current is not None and current.is_anonymised and touched:
            changed = self.changes(current, {k: values[k] for k in touched})
            if changed:
                raise ValidationError(
                    _("“%(person)s” was anonymised: their identifying fields stay empty.")
                    % {"person": current}
                )
        return super().update(actor, obj, version=version, **values)

    def anonymise(self, actor: Actor, person: Person) -> Person:
        """Replace what identifies `person` (names, position, the link to an account) and keep
        their unit, personnel group, role level, programme role and assessments, so that every
        figure the dashboards show stays the same.

        The change log must not keep the old name readable either: the person's earlier entries
        (and those of their assessments) have the identifying fields blanked out in their
        before and after snapshots and their label replaced, and the anonymisation itself is
        logged as an update whose "before" holds the blanked values. Reverting an earlier change
        can therefore never bring the name back.
        """
        with transaction.atomic():
            current = self._lock(person)
            self.require(actor, permissions.CHANGE, current)
            if current.is_anonymised:
                raise ValidationError(
                    _("“%(person)s” has been anonymised already.") % {"person": current}
                )
            label = anonymous_label(current)
            values = {
                "name": label,
                "name_en": "",
                "position": "",
                "user": None,
            }
            before = scrub_snapshot(self.snapshot(current), label)
            for name, value in values.items():
                setattr(current, name, value)
            current.anonymised_at = timezone.now()
            self.stamp_new_version(current, actor)
            current.save()
            scrub_history(current, label)
            record_change(actor, Action.UPDATE, current, before, self.snapshot(current))
        return current


def anonymous_label(person: Person) -> str:
    """What an anonymised person is called: no name, only the row's short id."""
    return _("Anonymised person %(id)s") % {"id": str(person.pk)[:8]}


def scrub_snapshot(data: dict | None, label: str) -> dict | None:
    if data is None:
        return None
    scrubbed = dict(data)
    for field in IDENTIFYING_FIELDS:
        if field in scrubbed:
            scrubbed[field] = label if field == "name" else (None if field == "user_id" else "")
    return scrubbed


def scrub_history(person: Person, label: str) -> int:
    """Blank the identifying fields of every change-log entry of `person`; the number of
    entries changed. The log is otherwise only added to: this is the one erasure the PDPA asks
    of it."""
    content_type = ContentType.objects.get_for_model(Person)
    entries = ChangeLogEntry.objects.filter(content_type=content_type, object_id=str(person.pk))
    count = 0
    for entry in entries:
        entry.before = scrub_snapshot(entry.before, label)
        entry.after = scrub_snapshot(entry.after, label)
        entry.object_repr = label
        entry.save(update_fields=["before", "after", "object_repr"])
        count += 1
    return count


class AssessmentService(ObjectService):
    model = Assessment

    def create(self, actor: Actor, **values):
        if not values.get("framework") and not values.get("framework_id"):
            area = values.get("area") or SkillArea.objects.filter(pk=values.get("area_id")).first()
            values["framework"] = area.framework if area else SkillFramework.active()
        return super().create(actor, **values)

    def check_new_rows(self, rows: list[dict]) -> list[str]:
        """What `clean` checks of one rating (the area is the framework's, the level is on its
        scale), for many at once, with one query for the areas and one for the scales."""
        area_ids = {row["area_id"] for row in rows}
        areas = SkillArea.objects.in_bulk(area_ids)
        scales: dict = {}
        for framework_id, level in ProficiencyLevel.objects.filter(
            framework_id__in={a.framework_id for a in areas.values()}
        ).values_list("framework_id", "level"):
            scales.setdefault(framework_id, set()).add(level)
        labels = []
        for row in rows:
            area = areas.get(row["area_id"])
            problem = None
            if area is None:
                problem = {"area": _("There is no such skill area.")}
            elif row.get("framework_id") and area.framework_id != row["framework_id"]:
                problem = {
                    "area": _("This skill area belongs to another framework than the rating's.")
                }
            elif scales.get(area.framework_id) and row["level"] not in scales[area.framework_id]:
                problem = {
                    "level": _("Level %(level)s is not on this framework's scale.")
                    % {"level": row["level"]}
                }
            if problem:
                error = ValidationError(problem)
                error.row = row
                raise error
            if not row.get("framework_id"):
                row["framework_id"] = area.framework_id
            rating = Assessment(**row)
            rating.area = area
            labels.append(str(rating))
        return labels

    def require(self, actor: Actor, action: str, obj: Assessment) -> None:
        """The EA office and the person's unit's editors write ratings; a person with a linked
        account may also add and change their own self-assessments."""
        own = (
            obj.person_id is not None
            and getattr(actor.user, "is_authenticated", False)
            and obj.person.user_id == actor.user.pk
            and obj.source == RatingSource.SELF
        )
        if own and action in (permissions.ADD, permissions.CHANGE, permissions.DELETE):
            return
        if not permissions.can(actor.user, action, obj):
            raise PermissionDenied(permissions.denial_message(actor.user, action, obj))


skill_frameworks = register(SkillFrameworkService())
proficiency_levels = register(ProficiencyLevelService())
skill_areas = register(SkillAreaService())
target_levels = register(TargetLevelService())
people = register(PersonService())
assessments = register(AssessmentService())
