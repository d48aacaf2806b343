"""ArchiMate 3.2 viewpoints and the element types each one shows, from Archi's viewpoints.xml."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from lxml import etree

from nakhon.archimate.metamodel import (
    DATA_DIR,
    ELEMENT_TYPES,
    Label,
    Layer,
    RulesFileError,
    normalise_element_type,
    parse_xml,
    types_in_layer,
)

VIEWPOINTS_FILE = DATA_DIR / "viewpoints.xml"

# viewpoints.xml abbreviates a whole layer as a $macro$; these are the macros Archi defines.
LAYER_MACROS: dict[str, Layer] = {
    "$StrategyElements$": Layer.STRATEGY,
    "$BusinessElements$": Layer.BUSINESS,
    "$ApplicationElements$": Layer.APPLICATION,
    "$TechnologyElements$": Layer.TECHNOLOGY,
    "$PhysicalElements$": Layer.PHYSICAL,
    "$MotivationElements$": Layer.MOTIVATION,
    "$ImplementationMigrationElements$": Layer.IMPLEMENTATION_MIGRATION,
}

# The file's names are English only; these literals let makemessages find them for Thai.
_LABELS: dict[str, Label] = {
    "organization": _("Organization"),
    "business_process_cooperation": _("Business Process Cooperation"),
    "product": _("Product"),
    "application_cooperation": _("Application Cooperation"),
    "application_structure": _("Application Structure"),
    "application_usage": _("Application Usage"),
    "implementation_deployment": _("Implementation and Deployment"),
    "technology": _("Technology"),
    "technology_usage": _("Technology Usage"),
    "information_structure": _("Information Structure"),
    "service_realization": _("Service Realization"),
    "physical": _("Physical"),
    "stakeholder": _("Stakeholder"),
    "goal_realization": _("Goal Realization"),
    "requirements_realization": _("Requirements Realization"),
    "motivation": _("Motivation"),
    "strategy": _("Strategy"),
    "capability": _("Capability Map"),
    "value_stream": _("Value Stream"),
    "outcome_realization": _("Outcome Realization"),
    "resource": _("Resource Map"),
    "project": _("Project"),
    "migration": _("Migration"),
    "implementation_migration": _("Implementation and Migration"),
    "layered": _("Layered"),
}

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Viewpoint:
    id: str
    name: str
    # Empty means the viewpoint does not restrict element types (the file's "layered").
    concepts: frozenset[str]
    label: Label = field(compare=False)

    def allows(self, element_type: str) -> bool:
        return not self.concepts or normalise_element_type(element_type) in self.concepts


class UnknownViewpoint(ValueError):
    """A viewpoint id that viewpoints.xml does not define."""


def expand_concept(concept: str) -> list[str]:
    """Element type names for one <concept> entry: a macro, or an Archi class name."""
    if concept in LAYER_MACROS:
        return types_in_layer(LAYER_MACROS[concept])
    # Matching on the rules concept turns Archi's single "Junction" into both junctions.
    names = [t.name for t in ELEMENT_TYPES.values() if concept in (t.name, t.rules_concept)]
    if not names:
        raise RulesFileError(f"viewpoints.xml: unknown concept {concept!r}")
    return names


def _english_name(node: etree._Element, path: Path) -> str:
    for name in node.iterfind("name"):
        if name.get(XML_LANG) == "en" and name.text:
            return name.text.strip()
    raise RulesFileError(f"{path}:{node.sourceline}: viewpoint without an English name")


def _parse_viewpoint(node: etree._Element, path: Path) -> Viewpoint:
    viewpoint_id = node.get("id", "")
    if not viewpoint_id:
        raise RulesFileError(f"{path}:{node.sourceline}: viewpoint without an id")
    name = _english_name(node, path)
    concepts = frozenset(
        element_type
        for concept in node.iterfind("concept")
        for element_type in expand_concept((concept.text or "").strip())
    )
    return Viewpoint(viewpoint_id, name, concepts, _LABELS.get(viewpoint_id, name))


def load_viewpoints_file(path: Path) -> dict[str, Viewpoint]:
    """Read a viewpoints.xml into {id: Viewpoint}, in file order."""
    root = parse_xml(path)
    if root.tag != "viewpoints":
        raise RulesFileError(f"{path}: expected <viewpoints>, found <{root.tag}>")
    viewpoints: dict[str, Viewpoint] = {}
    for node in root.iterfind("viewpoint"):
        viewpoint = _parse_viewpoint(node, path)
        if viewpoint.id in viewpoints:
            raise RulesFileError(f"{path}:{node.sourceline}: repeated viewpoint {viewpoint.id!r}")
        viewpoints[viewpoint.id] = viewpoint
    return viewpoints


VIEWPOINTS: dict[str, Viewpoint] = load_viewpoints_file(VIEWPOINTS_FILE)


def viewpoint_choices() -> list[tuple[str, Label]]:
    return [(viewpoint.id, viewpoint.label) for viewpoint in VIEWPOINTS.values()]


def viewpoint_allows(viewpoint_id: str | None, element_type: str) -> bool:
    """Whether a view with this viewpoint may show an element of this type.

    No viewpoint allows everything. Junctions and Grouping are allowed only where the file
    lists them (Archi itself adds both to every viewpoint).
    """
    if not viewpoint_id:
        normalise_element_type(element_type)
        return True
    try:
        viewpoint = VIEWPOINTS[viewpoint_id]
    except KeyError:
        raise UnknownViewpoint(
            f"Unknown viewpoint {viewpoint_id!r}; valid: {', '.join(VIEWPOINTS)}"
        ) from None
    return viewpoint.allows(element_type)
