"""The skills frameworks the app ships as data files (`data/*.json`), and how they
are written into the database: through the services, matched by code, and updated only where
they differ, so loading twice changes nothing.

A file holds a framework's names, edition, publisher, year and `source` (where its text comes
from and what the programme chose itself), its proficiency `levels`, its `areas`, and its
`targets`: for each area, the target level per personnel group and role level. `active` makes
a newly created framework the active one; a framework already in the database keeps the active
state the EA office gave it.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nakhon.capacity.models import (
    PersonnelGroup,
    ProficiencyLevel,
    RoleLevel,
    SkillArea,
    SkillFramework,
    TargetLevel,
)
from nakhon.capacity.services import (
    proficiency_levels,
    skill_areas,
    skill_frameworks,
    target_levels,
)
from nakhon.core.services import Actor

FRAMEWORKS_DIR = Path(__file__).resolve().parent / "data"
FRAMEWORK_FIELDS = ("name", "name_en", "edition", "publisher", "year", "source")
LEVEL_FIELDS = ("name", "name_en", "description")
AREA_FIELDS = ("name", "name_en", "kind", "description")
REQUIRED_KEYS = ("code", "name", "edition", "levels", "areas", "targets")


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    frameworks: list = field(default_factory=list)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


def shipped_files() -> list[Path]:
    return sorted(FRAMEWORKS_DIR.glob("*.json"))


def read_file(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValidationError(
            _("The framework file %(file)s cannot be read: %(error)s")
            % {"file": path.name, "error": error}
        ) from error
    check_shape(data, path.name)
    return data


def check_shape(data: dict, name: str) -> None:
    """Refuse a file that misses a part or names an area, group or role level it lacks."""
    missing = [
        k for k in ("code", "name", "edition", "levels", "areas", "targets") if k not in data
    ]
    if missing:
        raise ValidationError(
            _("The framework file %(file)s lacks %(keys)s.")
            % {"file": name, "keys": ", ".join(missing)}
        )
    codes = {area["code"] for area in data["areas"]}
    for area, groups in data["targets"].items():
        unknown = (
            [area]
            if area not in codes
            else [
                f"{group}/{level}"
                for group, levels in groups.items()
                for level in levels
                if group not in PersonnelGroup.values or level not in RoleLevel.values
            ]
        )
        if unknown:
            raise ValidationError(
                _("The framework file %(file)s names what it does not define: %(items)s.")
                % {"file": name, "items": ", ".join(unknown)}
            )


def sync(actor: Actor, service, obj, values: dict, tally: Tally):
    """Create the row (obj None) or write what differs from `values`."""
    if obj is None:
        tally.count("created")
        return service.create(actor, **values)
    changes = service.changes(obj, values)
    if not changes:
        tally.count("unchanged")
        return obj
    tally.count("updated")
    return service.update(actor, obj, version=obj.version, **changes)


def load_framework(actor: Actor, data: dict, tally: Tally | None = None) -> SkillFramework:
    check_shape(data, data.get("code", "?"))
    tally = tally if tally is not None else Tally()
    with transaction.atomic():
        framework = SkillFramework.objects.filter(code=data["code"]).first()
        values = {name: data.get(name, "") for name in FRAMEWORK_FIELDS}
        values["year"] = data.get("year")
        if framework is None:
            others_active = SkillFramework.objects.filter(is_active=True).exists()
            values["is_active"] = bool(data.get("active")) and not others_active
            values["code"] = data["code"]
        framework = sync(actor, skill_frameworks, framework, values, tally)
        levels = {lv.level: lv for lv in ProficiencyLevel.objects.filter(framework=framework)}
        for row in data["levels"]:
            level_values = {name: row.get(name, "") for name in LEVEL_FIELDS}
            if row["level"] not in levels:
                level_values |= {"framework": framework, "level": row["level"]}
            sync(actor, proficiency_levels, levels.get(row["level"]), level_values, tally)
        areas = {a.code: a for a in SkillArea.objects.filter(framework=framework)}
        for order, row in enumerate(data["areas"], start=1):
            area_values = {name: row.get(name, "") for name in AREA_FIELDS} | {"order": order}
            if row["code"] not in areas:
                area_values |= {"framework": framework, "code": row["code"]}
            areas[row["code"]] = sync(
                actor, skill_areas, areas.get(row["code"]), area_values, tally
            )
        targets = {
            (t.area_id, t.personnel_group, t.role_level): t
            for t in TargetLevel.objects.filter(area__framework=framework)
        }
        for code, groups in data["targets"].items():
            area = areas[code]
            for group, by_level in groups.items():
                for role_level, level in by_level.items():
                    target = targets.get((area.pk, group, role_level))
                    target_values = {"level": level}
                    if target is None:
                        target_values |= {
                            "area": area,
                            "personnel_group": group,
                            "role_level": role_level,
                        }
                    sync(actor, target_levels, target, target_values, tally)
        tally.frameworks.append(framework)
    return framework


def load_shipped(actor: Actor) -> Tally:
    """Write (or bring up to date) every framework the app ships, in one transaction."""
    tally = Tally()
    with transaction.atomic():
        for path in shipped_files():
            load_framework(actor, read_file(path), tally)
    return tally
