"""Who may do what, cell by cell: role x action x where the object sits in the org tree.

The expected answers are written out below by hand, not derived from the code under test. Each
cell is checked three ways, because each is a separate path that could drift from the others:
`permissions.can`, `Model.objects.restrict`, and the service call itself.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from nakhon.core import permissions
from nakhon.core.models import ChangeLogEntry
from nakhon.core.permissions import ACTIONS, ADD, CHANGE, DELETE, VIEW, Role
from nakhon.core.services import Actor
from nakhon.organization.models import OrgUnit, UnitKind
from nakhon.organization.services import org_units
from nakhon.repository.models import Element, Relationship
from nakhon.repository.services import elements, relationships

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
ROLES = (Role.ADMIN, Role.EA_OFFICE, Role.UNIT_EDITOR, Role.REVIEWER, Role.VIEWER, ANONYMOUS)
# Where the object sits, seen from the user: owned by the user's own unit, by another unit
# beside it, or by a unit below the user's unit.
OWN, OTHER, BELOW = "own", "other", "below"
PLACES = (OWN, OTHER, BELOW)

# Each cell reads own / other / below: Y = allowed, - = refused.
ELEMENT_RULES = """
                view   add    change delete
admin           YYY    YYY    YYY    YYY
ea_office       YYY    YYY    YYY    YYY
unit_editor     YYY    Y-Y    Y-Y    Y-Y
reviewer        YYY    ---    ---    ---
viewer          YYY    ---    ---    ---
anonymous       ---    ---    ---    ---
"""

# A relationship belongs to whoever owns its source element; the target here is always owned
# by the city, so the table also says that linking to someone else's element is fine.
RELATIONSHIP_RULES = """
                view   add    change delete
admin           YYY    YYY    YYY    YYY
ea_office       YYY    YYY    YYY    YYY
unit_editor     YYY    Y-Y    Y-Y    Y-Y
reviewer        YYY    ---    ---    ---
viewer          YYY    ---    ---    ---
anonymous       ---    ---    ---    ---
"""

# The org tree is the EA office's to shape: a unit editor may not even add a unit below its own.
ORG_UNIT_RULES = """
                view   add    change delete
admin           YYY    YYY    YYY    YYY
ea_office       YYY    YYY    YYY    YYY
unit_editor     YYY    ---    ---    ---
reviewer        YYY    ---    ---    ---
viewer          YYY    ---    ---    ---
anonymous       ---    ---    ---    ---
"""


def parse_rules(table: str) -> dict[tuple[str, str, str], bool]:
    header, *rows = [line.split() for line in table.strip().splitlines()]
    assert tuple(header) == ACTIONS, header
    rules = {}
    for role, *cells in rows:
        for action, cell in zip(header, cells, strict=True):
            for place, mark in zip(PLACES, cell, strict=True):
                assert mark in "Y-", (role, action, cell)
                rules[role, action, place] = mark == "Y"
    assert {role for role, _a, _p in rules} == set(ROLES)
    return rules


EXPECTED = {
    "element": parse_rules(ELEMENT_RULES),
    "relationship": parse_rules(RELATIONSHIP_RULES),
    "org_unit": parse_rules(ORG_UNIT_RULES),
}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Two accounts per cell: with the real hasher the matrix would take minutes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class World:
    """The city, the user's unit A, a unit B beside it and (when asked for) a division below A.

    The division is made only for the `below` column, so that unit A stays a leaf that its
    deleters may actually delete.
    """

    def __init__(self, actor: Actor, place: str):
        self.actor = actor
        self.city = self.unit("กรุงเทพมหานคร", UnitKind.CITY, "T-CITY", None)
        self.unit_a = self.unit("สำนักการโยธา", UnitKind.DEPARTMENT, "T-A", self.city)
        self.unit_b = self.unit("สำนักอนามัย", UnitKind.DEPARTMENT, "T-B", self.city)
        self.below_a = (
            self.unit("ฝ่ายโยธา", UnitKind.DIVISION, "T-A1", self.unit_a) if place == BELOW else None
        )
        self.place_unit = {OWN: self.unit_a, OTHER: self.unit_b, BELOW: self.below_a}[place]

    def unit(self, name: str, kind: str, code: str, parent) -> OrgUnit:
        return org_units.create(self.actor, name=name, kind=kind, code=code, parent=parent)

    def element(self, owner: OrgUnit, type_: str = "ApplicationComponent") -> Element:
        return elements.create(self.actor, type=type_, name=f"ระบบของ {owner}", owner_unit=owner)

    def city_service(self) -> Element:
        return self.element(self.city, "ApplicationService")


class ElementCase:
    model = Element

    def __init__(self, world: World):
        self.world = world
        self.existing = world.element(world.place_unit)

    def unsaved(self):
        return Element(type="ApplicationComponent", name="ใหม่", owner_unit=self.world.place_unit)

    def add(self, actor):
        elements.create(
            actor, type="ApplicationComponent", name="ใหม่", owner_unit=self.world.place_unit
        )

    def change(self, actor):
        elements.update(actor, self.existing, version=self.existing.version, name="แก้ไขแล้ว")

    def delete(self, actor):
        elements.delete(actor, self.existing, version=self.existing.version)


class RelationshipCase:
    model = Relationship

    def __init__(self, world: World):
        self.source = world.element(world.place_unit)
        self.target = world.city_service()
        self.existing = self.link(world.actor)

    def link(self, actor) -> Relationship:
        return relationships.create(actor, type="Serving", source=self.source, target=self.target)

    def unsaved(self):
        return Relationship(type="Serving", source=self.source, target=self.target)

    def add(self, actor):
        self.link(actor)

    def change(self, actor):
        relationships.update(actor, self.existing, version=self.existing.version, name="ใช้บริการ")

    def delete(self, actor):
        relationships.delete(actor, self.existing, version=self.existing.version)


class OrgUnitCase:
    model = OrgUnit

    def __init__(self, world: World):
        self.existing = world.place_unit

    def unsaved(self):
        return OrgUnit(kind=UnitKind.DIVISION, parent=self.existing)

    def add(self, actor):
        org_units.create(actor, name="ฝ่ายใหม่", kind=UnitKind.DIVISION, parent=self.existing)

    def change(self, actor):
        org_units.update(actor, self.existing, version=self.existing.version, code="T-NEW")

    def delete(self, actor):
        org_units.delete(actor, self.existing, version=self.existing.version)


CASES = {"element": ElementCase, "relationship": RelationshipCase, "org_unit": OrgUnitCase}


def user_in_role(role: str, unit: OrgUnit, make_user):
    return AnonymousUser() if role == ANONYMOUS else make_user(role, unit)


def service_allows(case, action: str, user) -> bool:
    """Run the write; True if it went through, False if refused (and then nothing was written)."""
    log_size = ChangeLogEntry.objects.count()
    try:
        getattr(case, action)(Actor.shell(user))
    except PermissionDenied:
        assert ChangeLogEntry.objects.count() == log_size, "a refused write left a log entry"
        return False
    assert ChangeLogEntry.objects.count() > log_size, "a write went through unlogged"
    return True


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", CASES)
def test_permission_matrix(kind, role, action, place, system_actor, make_user):
    expected = EXPECTED[kind][role, action, place]
    world = World(system_actor, place)
    case = CASES[kind](world)
    user = user_in_role(role, world.unit_a, make_user)
    subject = case.unsaved() if action == ADD else case.existing

    assert permissions.can(user, action, subject) is expected, "permissions.can"
    restricted = case.model.objects.restrict(user, action)
    assert restricted.filter(pk=case.existing.pk).exists() is expected, "restrict()"
    if action != VIEW:
        assert service_allows(case, action, user) is expected, "service call"


def test_every_cell_of_every_table_is_written_out():
    for rules in EXPECTED.values():
        assert len(rules) == len(ROLES) * len(ACTIONS) * len(PLACES)


def test_superuser_counts_as_admin_whatever_its_role(system_actor, admin_user):
    world = World(system_actor, OTHER)
    admin_user.role = Role.VIEWER
    element = world.element(world.unit_b)
    for action in (CHANGE, DELETE):
        assert permissions.can(admin_user, action, element)
    assert permissions.can(admin_user, ADD, OrgUnit(kind=UnitKind.DIVISION, parent=world.unit_b))


def test_inactive_user_may_do_nothing(system_actor, make_user):
    world = World(system_actor, OWN)
    element = world.element(world.unit_a)
    user = make_user(Role.ADMIN, world.unit_a)
    user.is_active = False
    for action in ACTIONS:
        assert not permissions.can(user, action, element)
        assert not Element.objects.restrict(user, action).exists()


def test_unit_editor_without_a_unit_edits_nothing(system_actor, make_user):
    world = World(system_actor, OWN)
    element = world.element(world.unit_a)
    user = make_user(Role.UNIT_EDITOR, None)
    assert permissions.can(user, VIEW, element)
    assert not permissions.can(user, CHANGE, element)
    assert not Element.objects.restrict(user, CHANGE).exists()


@pytest.mark.parametrize("field", ["owner_unit", "owner_unit_id"])
def test_unit_editor_cannot_hand_an_element_over_to_another_unit(field, system_actor, make_user):
    world = World(system_actor, OWN)
    element = world.element(world.unit_a)
    editor = make_user(Role.UNIT_EDITOR, world.unit_a)
    foreign = world.unit_b if field == "owner_unit" else world.unit_b.pk
    log_size = ChangeLogEntry.objects.count()

    with pytest.raises(PermissionDenied):
        elements.update(Actor.shell(editor), element, version=element.version, **{field: foreign})

    stored = Element.objects.get(pk=element.pk)
    assert (stored.owner_unit_id, stored.version) == (world.unit_a.pk, element.version)
    assert ChangeLogEntry.objects.count() == log_size


def test_unit_editor_cannot_disown_an_element(system_actor, make_user):
    world = World(system_actor, OWN)
    element = world.element(world.unit_a)
    editor = make_user(Role.UNIT_EDITOR, world.unit_a)
    with pytest.raises(PermissionDenied):
        elements.update(Actor.shell(editor), element, version=element.version, owner_unit=None)
    assert Element.objects.get(pk=element.pk).owner_unit_id == world.unit_a.pk


def test_unit_editor_may_hand_an_element_down_to_a_unit_below(system_actor, make_user):
    world = World(system_actor, BELOW)
    element = world.element(world.unit_a)
    editor = make_user(Role.UNIT_EDITOR, world.unit_a)
    elements.update(Actor.shell(editor), element, version=element.version, owner_unit=world.below_a)
    assert Element.objects.get(pk=element.pk).owner_unit_id == world.below_a.pk


def test_unit_editor_cannot_move_a_relationship_onto_another_units_element(system_actor, make_user):
    world = World(system_actor, OWN)
    own, foreign = world.element(world.unit_a), world.element(world.unit_b)
    relationship = relationships.create(
        system_actor, type="Serving", source=own, target=world.city_service()
    )
    editor = make_user(Role.UNIT_EDITOR, world.unit_a)

    with pytest.raises(PermissionDenied):
        relationships.update(
            Actor.shell(editor), relationship, version=relationship.version, source=foreign
        )
    assert Relationship.objects.get(pk=relationship.pk).source_id == own.pk


def test_unit_editor_may_link_to_but_not_from_another_units_element(system_actor, make_user):
    world = World(system_actor, OWN)
    own = world.element(world.unit_a)
    foreign = world.element(world.unit_b, "ApplicationService")
    editor = Actor.shell(make_user(Role.UNIT_EDITOR, world.unit_a))

    relationships.create(editor, type="Serving", source=own, target=foreign)
    foreign_component = world.element(world.unit_b)
    with pytest.raises(PermissionDenied):
        relationships.create(editor, type="Flow", source=foreign_component, target=own)
