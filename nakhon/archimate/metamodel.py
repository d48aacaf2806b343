"""The ArchiMate 3.2 metamodel as data: element types, relationship types and the rules table.

Which relationship may join which two types comes from Archi's ``relationships.xml`` (MIT
licensed, see ``data/LICENSE-archi.txt``), copied unchanged into ``data/`` so that a newer
Archi release can be dropped in and checked by the tests.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from lxml import etree

Label = str | Promise

DATA_DIR = Path(__file__).resolve().parent / "data"
RULES_FILE = DATA_DIR / "relationships.xml"
KEYS_FILE = DATA_DIR / "relationships-keys.xml"
RULES_VERSION = "3.2"

# A relationship may itself be the source or target of a relationship (e.g. an association
# annotating a flow); relationships.xml has a row and a column for this pseudo-type.
RELATIONSHIP_CONCEPT = "Relationship"
RELATIONSHIP_CONCEPT_LABEL = _("Relationship")

# The exchange format tells the two junctions apart; Archi and its rules table do not.
JUNCTION_CONCEPT = "Junction"
_JUNCTION_TYPES = ("AndJunction", "OrJunction")

# What an Access relationship may do, by ArchiMate's names, in the order Archi numbers them
# (its accessType attribute is the index) and forms and workbooks offer them.
ACCESS_TYPES = ("Write", "Read", "Access", "ReadWrite")


class Layer(models.TextChoices):
    STRATEGY = "strategy", _("Strategy")
    BUSINESS = "business", _("Business")
    APPLICATION = "application", _("Application")
    TECHNOLOGY = "technology", _("Technology")
    PHYSICAL = "physical", _("Physical")
    MOTIVATION = "motivation", _("Motivation")
    IMPLEMENTATION_MIGRATION = "implementation_migration", _("Implementation & Migration")
    OTHER = "other", _("Other")


@dataclass(frozen=True)
class ElementType:
    name: str
    # Left out of equality and hashing: a lazy label's value depends on the active language.
    label: Label = field(compare=False)
    layer: Layer
    rules_concept: str


@dataclass(frozen=True)
class RelationshipType:
    name: str
    label: Label = field(compare=False)
    archi_name: str
    letter: str


class RulesFileError(RuntimeError):
    """A packaged rules file says something this module does not understand."""


class UnknownType(ValueError):
    """A type name that is not an ArchiMate 3.2 element or relationship type."""

    ELEMENT = "element"
    RELATIONSHIP = "relationship"
    ENDPOINT = "endpoint"

    _MESSAGES = {
        ELEMENT: _("“%(value)s” is not an ArchiMate 3.2 element type. Use one of: %(valid)s."),
        RELATIONSHIP: _(
            "“%(value)s” is not an ArchiMate 3.2 relationship type. Use one of: %(valid)s."
        ),
        ENDPOINT: _(
            "“%(value)s” cannot be the source or target of a relationship. "
            "Use an element type or Relationship: %(valid)s."
        ),
    }

    def __init__(self, value: object, kind: str, valid: list[str]):
        super().__init__(value, kind, valid)
        self.value = value
        self.kind = kind
        self.valid = valid

    def __str__(self) -> str:
        return str(self._MESSAGES[self.kind]) % {
            "value": self.value,
            "valid": ", ".join(self.valid),
        }


class RelationshipNotAllowed(ValueError):
    """ArchiMate 3.2 does not allow this relationship type between these two types."""

    _SOME_ALLOWED = _(
        "ArchiMate 3.2 does not allow a relationship of type %(relationship)s from "
        "%(source)s to %(target)s. Allowed between these types: %(allowed)s."
    )
    _NONE_ALLOWED = _(
        "ArchiMate 3.2 does not allow a relationship of type %(relationship)s from "
        "%(source)s to %(target)s. No relationship of any type is allowed between these types."
    )

    def __init__(
        self, relationship_type: str, source_type: str, target_type: str, allowed: list[str]
    ):
        super().__init__(relationship_type, source_type, target_type, allowed)
        self.relationship_type = relationship_type
        self.source_type = source_type
        self.target_type = target_type
        self.allowed = allowed

    def __str__(self) -> str:
        # Built on demand so the sentence comes out in the language active when it is shown.
        message = self._SOME_ALLOWED if self.allowed else self._NONE_ALLOWED
        return str(message) % {
            "relationship": RELATIONSHIP_TYPES[self.relationship_type].label,
            "source": endpoint_label(self.source_type),
            "target": endpoint_label(self.target_type),
            "allowed": ", ".join(str(RELATIONSHIP_TYPES[name].label) for name in self.allowed),
        }


def _element_rows() -> tuple[tuple[Layer, tuple[tuple[str, Label], ...]], ...]:
    """Every element type of the ArchiMate 3.2 specification, in its order, by layer."""
    return (
        (
            Layer.STRATEGY,
            (
                ("Resource", _("Resource")),
                ("Capability", _("Capability")),
                ("ValueStream", _("Value Stream")),
                ("CourseOfAction", _("Course of Action")),
            ),
        ),
        (
            Layer.BUSINESS,
            (
                ("BusinessActor", _("Business Actor")),
                ("BusinessRole", _("Business Role")),
                ("BusinessCollaboration", _("Business Collaboration")),
                ("BusinessInterface", _("Business Interface")),
                ("BusinessProcess", _("Business Process")),
                ("BusinessFunction", _("Business Function")),
                ("BusinessInteraction", _("Business Interaction")),
                ("BusinessEvent", _("Business Event")),
                ("BusinessService", _("Business Service")),
                ("BusinessObject", _("Business Object")),
                ("Contract", _("Contract")),
                ("Representation", _("Representation")),
                ("Product", _("Product")),
            ),
        ),
        (
            Layer.APPLICATION,
            (
                ("ApplicationComponent", _("Application Component")),
                ("ApplicationCollaboration", _("Application Collaboration")),
                ("ApplicationInterface", _("Application Interface")),
                ("ApplicationFunction", _("Application Function")),
                ("ApplicationInteraction", _("Application Interaction")),
                ("ApplicationProcess", _("Application Process")),
                ("ApplicationEvent", _("Application Event")),
                ("ApplicationService", _("Application Service")),
                ("DataObject", _("Data Object")),
            ),
        ),
        (
            Layer.TECHNOLOGY,
            (
                ("Node", _("Node")),
                ("Device", _("Device")),
                ("SystemSoftware", _("System Software")),
                ("TechnologyCollaboration", _("Technology Collaboration")),
                ("TechnologyInterface", _("Technology Interface")),
                ("Path", _("Path")),
                ("CommunicationNetwork", _("Communication Network")),
                ("TechnologyFunction", _("Technology Function")),
                ("TechnologyProcess", _("Technology Process")),
                ("TechnologyInteraction", _("Technology Interaction")),
                ("TechnologyEvent", _("Technology Event")),
                ("TechnologyService", _("Technology Service")),
                ("Artifact", _("Artifact")),
            ),
        ),
        (
            Layer.PHYSICAL,
            (
                ("Equipment", _("Equipment")),
                ("Facility", _("Facility")),
                ("DistributionNetwork", _("Distribution Network")),
                ("Material", _("Material")),
            ),
        ),
        (
            Layer.MOTIVATION,
            (
                ("Stakeholder", _("Stakeholder")),
                ("Driver", _("Driver")),
                ("Assessment", _("Assessment")),
                ("Goal", _("Goal")),
                ("Outcome", _("Outcome")),
                ("Principle", _("Principle")),
                ("Requirement", _("Requirement")),
                ("Constraint", _("Constraint")),
                ("Meaning", _("Meaning")),
                ("Value", _("Value")),
            ),
        ),
        (
            Layer.IMPLEMENTATION_MIGRATION,
            (
                ("WorkPackage", _("Work Package")),
                ("Deliverable", _("Deliverable")),
                ("ImplementationEvent", _("Implementation Event")),
                ("Plateau", _("Plateau")),
                ("Gap", _("Gap")),
            ),
        ),
        (
            Layer.OTHER,
            (
                ("Location", _("Location")),
                ("Grouping", _("Grouping")),
                ("AndJunction", _("And Junction")),
                ("OrJunction", _("Or Junction")),
            ),
        ),
    )


def _relationship_rows() -> tuple[tuple[str, Label], ...]:
    """Every relationship type, in the order of the specification's summary table."""
    return (
        ("Composition", _("Composition")),
        ("Aggregation", _("Aggregation")),
        ("Assignment", _("Assignment")),
        ("Realization", _("Realization")),
        ("Serving", _("Serving")),
        ("Access", _("Access")),
        ("Influence", _("Influence")),
        ("Triggering", _("Triggering")),
        ("Flow", _("Flow")),
        ("Specialization", _("Specialization")),
        ("Association", _("Association")),
    )


def _rules_concept(name: str) -> str:
    return JUNCTION_CONCEPT if name in _JUNCTION_TYPES else name


def _build_element_types() -> dict[str, ElementType]:
    return {
        name: ElementType(name, label, layer, _rules_concept(name))
        for layer, rows in _element_rows()
        for name, label in rows
    }


def parse_xml(path: Path) -> etree._Element:
    """Parse a packaged XML file without DTDs, entity expansion or network access."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )
    try:
        return etree.parse(str(path), parser).getroot()
    except (OSError, etree.XMLSyntaxError) as error:
        raise RulesFileError(f"Cannot read {path}: {error}") from error


def _expect_tag(node: etree._Element, tag: str, path: Path) -> None:
    if node.tag != tag:
        # Entities and processing instructions have no string tag; their repr shows them.
        found = f"<{node.tag}>" if isinstance(node.tag, str) else repr(node)
        raise RulesFileError(f"{path}:{node.sourceline}: expected <{tag}>, found {found}")


def load_relationship_keys(path: Path, archi_names: list[str]) -> dict[str, str]:
    """Read the letter that stands for each relationship in relationships.xml.

    Returns {archi_name: letter}; every one of ``archi_names`` must have exactly one letter.
    """
    root = parse_xml(path)
    _expect_tag(root, "relationshipskeys", path)
    letters: dict[str, str] = {}
    for key in root:
        _expect_tag(key, "key", path)
        letter, relationship = key.get("char", ""), key.get("relationship", "")
        if relationship not in archi_names:
            raise RulesFileError(f"{path}:{key.sourceline}: unknown relationship {relationship!r}")
        if len(letter) != 1 or letter in letters.values() or relationship in letters:
            raise RulesFileError(f"{path}:{key.sourceline}: bad or repeated key {letter!r}")
        letters[relationship] = letter
    if missing := [name for name in archi_names if name not in letters]:
        raise RulesFileError(f"{path}: no letter for {', '.join(missing)}")
    return letters


def _build_relationship_types() -> dict[str, RelationshipType]:
    rows = _relationship_rows()
    letters = load_relationship_keys(KEYS_FILE, [f"{name}Relationship" for name, _label in rows])
    return {
        name: RelationshipType(name, label, f"{name}Relationship", letters[f"{name}Relationship"])
        for name, label in rows
    }


ELEMENT_TYPES: dict[str, ElementType] = _build_element_types()
RELATIONSHIP_TYPES: dict[str, RelationshipType] = _build_relationship_types()

RulesTable = dict[tuple[str, str], frozenset[str]]


def rules_concepts() -> list[str]:
    """The concept names relationships.xml must use: one per element kind, plus Relationship."""
    concepts = dict.fromkeys(t.rules_concept for t in ELEMENT_TYPES.values())
    return [*concepts, RELATIONSHIP_CONCEPT]


def load_rules_file(path: Path) -> RulesTable:
    """Read a relationships.xml into {(source concept, target concept): relationship names}.

    Anything unexpected is an error rather than a gap: an unknown concept, letter or tag,
    a repeated or missing pair, or another ArchiMate version.
    """
    root = parse_xml(path)
    _expect_tag(root, "relationships", path)
    if root.get("version") != RULES_VERSION:
        raise RulesFileError(f"{path}: version {root.get('version')!r}, expected {RULES_VERSION}")
    concepts = rules_concepts()
    by_letter = {t.letter: t.name for t in RELATIONSHIP_TYPES.values()}
    table: RulesTable = {}
    for source in root:
        _expect_tag(source, "source", path)
        source_concept = _known_concept(source, concepts, path)
        for target in source:
            _expect_tag(target, "target", path)
            pair = (source_concept, _known_concept(target, concepts, path))
            if pair in table:
                raise RulesFileError(f"{path}:{target.sourceline}: repeated rule for {pair}")
            table[pair] = _relationship_names(target, by_letter, path)
    if missing := [(s, t) for s in concepts for t in concepts if (s, t) not in table]:
        raise RulesFileError(f"{path}: no rule for {len(missing)} pairs, e.g. {missing[0]}")
    return table


def _known_concept(node: etree._Element, concepts: list[str], path: Path) -> str:
    concept = node.get("concept", "")
    if concept not in concepts:
        raise RulesFileError(f"{path}:{node.sourceline}: unknown concept {concept!r}")
    return concept


def _relationship_names(
    node: etree._Element, by_letter: dict[str, str], path: Path
) -> frozenset[str]:
    letters = node.get("relations")
    if letters is None:
        raise RulesFileError(f"{path}:{node.sourceline}: <target> without relations")
    if unknown := sorted(set(letters) - by_letter.keys()):
        raise RulesFileError(f"{path}:{node.sourceline}: unknown letters {''.join(unknown)!r}")
    return frozenset(by_letter[letter] for letter in letters)


@functools.cache
def _rules() -> RulesTable:
    return load_rules_file(RULES_FILE)


@functools.lru_cache(maxsize=4096)  # an import asks for the same few spellings many times
def _lookup_key(value: object) -> str:
    """Spelling-insensitive key: 'archimate:ServingRelationship' and 'serving' compare alike."""
    text = str(value).strip().lower().removeprefix("archimate:")
    return "".join(ch for ch in text if ch not in " _-")


def _element_aliases() -> dict[str, str]:
    aliases = {_lookup_key(name): name for name in ELEMENT_TYPES}
    # Archi has one Junction class with an and/or attribute; "and" is its default.
    aliases[_lookup_key(JUNCTION_CONCEPT)] = "AndJunction"
    return aliases


def _relationship_aliases() -> dict[str, str]:
    aliases = {_lookup_key(t.archi_name): t.name for t in RELATIONSHIP_TYPES.values()}
    aliases.update({_lookup_key(name): name for name in RELATIONSHIP_TYPES})
    return aliases


_ELEMENT_ALIASES = _element_aliases()
_RELATIONSHIP_ALIASES = _relationship_aliases()


def normalise_element_type(value: str) -> str:
    """The exchange-format name for an element type given in exchange, Archi or CSV spelling."""
    try:
        return _ELEMENT_ALIASES[_lookup_key(value)]
    except KeyError:
        raise UnknownType(value, UnknownType.ELEMENT, list(ELEMENT_TYPES)) from None


def normalise_relationship_type(value: str) -> str:
    """The exchange-format name ("Serving") for "Serving", "ServingRelationship", "serving"."""
    try:
        return _RELATIONSHIP_ALIASES[_lookup_key(value)]
    except KeyError:
        raise UnknownType(value, UnknownType.RELATIONSHIP, list(RELATIONSHIP_TYPES)) from None


def normalise_endpoint_type(value: str) -> str:
    """An element type name, or RELATIONSHIP_CONCEPT for a relationship at the end.

    A relationship type ("Flow", "FlowRelationship") is also read as RELATIONSHIP_CONCEPT,
    so an importer can pass the type of whatever object sits at the end.
    """
    key = _lookup_key(value)
    if key in _ELEMENT_ALIASES:
        return _ELEMENT_ALIASES[key]
    if key == _lookup_key(RELATIONSHIP_CONCEPT) or key in _RELATIONSHIP_ALIASES:
        return RELATIONSHIP_CONCEPT
    valid = [*ELEMENT_TYPES, RELATIONSHIP_CONCEPT]
    raise UnknownType(value, UnknownType.ENDPOINT, valid)


def endpoint_label(endpoint_type: str) -> Label:
    name = normalise_endpoint_type(endpoint_type)
    if name == RELATIONSHIP_CONCEPT:
        return RELATIONSHIP_CONCEPT_LABEL
    return ELEMENT_TYPES[name].label


def _endpoint_concept(endpoint_type: str) -> str:
    name = normalise_endpoint_type(endpoint_type)
    if name == RELATIONSHIP_CONCEPT:
        return RELATIONSHIP_CONCEPT
    return ELEMENT_TYPES[name].rules_concept


def element_type_choices() -> list[tuple[Label, list[tuple[str, Label]]]]:
    """Element types as Django grouped choices, one group per layer."""
    return [
        (layer.label, [(t.name, t.label) for t in ELEMENT_TYPES.values() if t.layer == layer])
        for layer in Layer
    ]


def choices_of_types(names) -> list[tuple[str, Label]]:
    """The named element types as choices, in the order given."""
    return [(name, ELEMENT_TYPES[name].label) for name in names]


def relationship_type_choices() -> list[tuple[str, Label]]:
    return [(t.name, t.label) for t in RELATIONSHIP_TYPES.values()]


def layer_of(type_name: str) -> Layer:
    return ELEMENT_TYPES[normalise_element_type(type_name)].layer


def types_in_layer(layer: Layer | str) -> list[str]:
    layer = Layer(layer)
    return [t.name for t in ELEMENT_TYPES.values() if t.layer == layer]


def allowed_relationship_types(source_type: str, target_type: str) -> list[str]:
    """Relationship types ArchiMate 3.2 allows from source_type to target_type.

    Either end may be RELATIONSHIP_CONCEPT. Unknown type names raise UnknownType.
    """
    allowed = _rules()[(_endpoint_concept(source_type), _endpoint_concept(target_type))]
    return [name for name in RELATIONSHIP_TYPES if name in allowed]


@dataclass(frozen=True)
class TypesBetween:
    """The relationship types allowed between two types, and a refusal for each other type."""

    allowed: list[str]
    refused: list[RelationshipNotAllowed]


def relationship_types_between(source_type: str, target_type: str) -> TypesBetween:
    """Every relationship type, in the table's order, either allowed from source_type to
    target_type or refused with the refusal that names the rule (what the forms and the API offer
    and explain)."""
    allowed = allowed_relationship_types(source_type, target_type)
    source, target = normalise_endpoint_type(source_type), normalise_endpoint_type(target_type)
    refused = [
        RelationshipNotAllowed(name, source, target, allowed)
        for name in RELATIONSHIP_TYPES
        if name not in allowed
    ]
    return TypesBetween(allowed, refused)


def is_allowed(rel_type: str, source_type: str, target_type: str) -> bool:
    return normalise_relationship_type(rel_type) in allowed_relationship_types(
        source_type, target_type
    )


def check_relationship(rel_type: str, source_type: str, target_type: str) -> None:
    """Raise RelationshipNotAllowed unless ArchiMate 3.2 allows this relationship."""
    name = normalise_relationship_type(rel_type)
    allowed = allowed_relationship_types(source_type, target_type)
    if name not in allowed:
        raise RelationshipNotAllowed(
            name,
            normalise_endpoint_type(source_type),
            normalise_endpoint_type(target_type),
            allowed,
        )


def refusal(rel_type: str, source_type: str, target_type: str) -> str:
    """Why ArchiMate 3.2 refuses this relationship, naming the rule; "" when it allows it."""
    try:
        check_relationship(rel_type, source_type, target_type)
    except RelationshipNotAllowed as refused:
        return str(refused)
    return ""
