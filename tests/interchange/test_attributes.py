"""Owners, lifecycles, plateaus and profiles travel through every format as `nakhon:` properties."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nakhon.citizen_services.models import (
    ServiceChannel,
    ServiceDocument,
    ServiceProfile,
    ServiceStep,
)
from nakhon.citizen_services.services import service_profiles
from nakhon.core.permissions import Role
from nakhon.core.services import Actor, revert_batch
from nakhon.demo import bangkok
from nakhon.interchange.attributes import carried_by
from nakhon.interchange.document import ElementDoc, ModelDocument, Property
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.exporter import export_document
from nakhon.interchange.formats import read_paths, write_document
from nakhon.interchange.importer import REFUSED, UNCHANGED, apply_import, plan_import
from nakhon.organization.models import OrgUnit, UnitKind, User
from nakhon.portfolio.models import ApplicationProfile
from nakhon.portfolio.services import application_profiles
from nakhon.repository.models import Element, Plateau, PlateauState, Relationship
from nakhon.repository.services import plateaus, profile_models, relationships
from tests.citizen_services.conftest import BARE, document, web


@pytest.fixture
def model(system_actor, unit_a, make_element):
    """A department's service with rows, its application, a retired server, two plateaus."""
    service = service_profiles.create(
        system_actor,
        identifier="id-service",
        name="การขออนุญาตก่อสร้างอาคาร",
        owner_unit=unit_a,
        **(BARE | {"digital_fee": Decimal(80)}),
        channels=[web()],
        documents=[document(exchange="dopa_linkage", exchange_ref="DOPA-01")],
        manual_url="https://example.org/manual",
    )
    app = application_profiles.create(
        system_actor,
        identifier="id-app",
        name="ระบบ BMA OSS",
        type="ApplicationComponent",
        owner_unit=unit_a,
        yearly_cost=Decimal("1200000.00"),
        business_fit=3,
        technical_fit=1,
        end_of_support=datetime.date(2027, 9, 30),
    )
    server = make_element(
        "Node",
        identifier="id-server",
        name="เครื่องแม่ข่ายเดิม",
        status="retired",
        active_from=datetime.date(2015, 1, 1),
        retired_from=datetime.date(2024, 12, 31),
    )
    serving = relationships.create(
        system_actor, identifier="id-serves", type="Serving", source=app.element, target=server
    )
    baseline = plateaus.create(
        system_actor,
        identifier="id-baseline",
        name="สถาปัตยกรรมปัจจุบัน",
        state=PlateauState.BASELINE,
        valid_from=datetime.date(2019, 10, 1),
        elements=[app.element, server],
        relationships=[serving],
    )
    target = plateaus.create(
        system_actor,
        identifier="id-target",
        name="สถาปัตยกรรมเป้าหมาย",
        state=PlateauState.TARGET,
        elements=[app.element, service.element],
    )
    return {"service": service, "app": app, "baseline": baseline, "target": target}


def exported(key: str = "exchange") -> bytes:
    buffer = io.BytesIO()
    write_document(export_document(), key, buffer)
    return buffer.getvalue()


def read(content: bytes, suffix: str, tmp_path):
    path = tmp_path / f"model{suffix}"
    path.write_bytes(content)
    if suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            archive.extractall(tmp_path / "csv")
        path = tmp_path / "csv" / "elements.csv"
    return read_paths([path])


def the_properties(identifier: str) -> dict:
    doc = export_document()
    element = next(e for e in doc.elements if e.identifier == identifier)
    return {p.key: p.value for p in element.properties}


@pytest.mark.django_db
def test_an_export_carries_owner_lifecycle_profile_rows_and_plateaus(model):
    service = the_properties("id-service")
    assert service["nakhon:owner_unit"] == model["service"].element.owner_unit.element.identifier
    assert service["nakhon:profile"] == "serviceprofile"
    assert service["nakhon:serviceprofile.fee"] == "100.00"
    assert service["nakhon:serviceprofile.manual_url"] == "https://example.org/manual"
    assert '"exchange_ref":"DOPA-01"' in service["nakhon:serviceprofile.documents"]
    assert service["nakhon:plateaus"] == "id-target"
    assert "nakhon:serviceprofile.dataset_url" not in service  # a default is left out
    server = the_properties("id-server")
    assert server["nakhon:status"] == "retired"
    assert server["nakhon:retired_from"] == "2024-12-31"
    assert "nakhon:profile" not in server
    assert the_properties("id-app")["nakhon:plateaus"] == "id-baseline id-target"
    assert the_properties("id-baseline")["nakhon:plateau.state"] == "baseline"


@pytest.mark.django_db
def test_the_property_definitions_name_the_types_of_what_is_used(model):
    types = export_document().property_types
    assert types["nakhon:serviceprofile.fee"] == "number"
    assert types["nakhon:retired_from"] == "date"
    assert types["nakhon:plateau.valid_from"] == "date"
    assert "nakhon:dataobjectprofile.classification" not in types  # no data object here


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("key, suffix", [("exchange", ".xml"), ("csv", ".zip"), ("xlsx", ".xlsx")])
def test_a_fresh_repository_gets_everything_back(model, key, suffix, tmp_path):
    before, exchange_before = exported(key), exported()
    call_command("flush", interactive=False, verbosity=0)
    admin = User.objects.create_superuser("root2", "root@example.org", "pw-root-12345")

    apply_import(read(before, suffix, tmp_path), Actor.shell(admin))

    if key == "exchange":  # CSV and Excel have no diagrams, and CSV no English names
        assert exported() == exchange_before
    service = ServiceProfile.objects.get(element__identifier="id-service")
    assert service.fee == Decimal("100.00") and service.payment_methods == ["cash"]
    assert service.element.owner_unit.code == "PWD"
    assert service.element.owner_unit.parent.code == "BMA"
    assert [row["kind"] for row in service_profiles.extra_snapshot(service)["channels"]] == ["web"]
    assert service_profiles.extra_snapshot(service)["documents"][0]["exchange_ref"] == "DOPA-01"
    assert service.current_assessment is not None
    app = ApplicationProfile.objects.get(element__identifier="id-app")
    assert (app.yearly_cost, app.business_fit, app.end_of_support) == (
        Decimal("1200000.00"),
        3,
        datetime.date(2027, 9, 30),
    )
    server = Element.objects.get(identifier="id-server")
    assert (server.status, server.retired_from) == ("retired", datetime.date(2024, 12, 31))
    baseline = Plateau.objects.get(element__identifier="id-baseline")
    assert baseline.state == "baseline" and baseline.valid_from == datetime.date(2019, 10, 1)
    assert {e.identifier for e in baseline.elements.all()} == {"id-app", "id-server"}
    assert [r.identifier for r in baseline.relationships.all()] == ["id-serves"]
    assert OrgUnit.objects.count() == 2


@pytest.mark.django_db
def test_importing_the_export_again_changes_nothing(model, system_actor, tmp_path):
    plan = plan_import(read(exported(), ".xml", tmp_path), system_actor)
    assert {item.action for item in plan.items} == {UNCHANGED}


@pytest.mark.django_db
def test_the_dry_run_names_the_profile_fields_a_file_changes(model, system_actor, tmp_path):
    content = exported().replace(b">100.00<", b">40.00<")
    plan = plan_import(read(content, ".xml", tmp_path), system_actor)
    item = next(i for i in plan.items if i.identifier == "id-service")
    assert item.changed == ["fee"]
    apply_import(read(content, ".xml", tmp_path), system_actor)
    assert ServiceProfile.objects.get(pk=model["service"].pk).fee == Decimal("40.00")


def _doc(*elements: ElementDoc) -> ModelDocument:
    return ModelDocument(elements=list(elements))


def _service(*properties: Property) -> ElementDoc:
    return ElementDoc(
        "id-service", "BusinessService", {"th": "การขออนุญาตก่อสร้างอาคาร"}, {}, list(properties)
    )


@pytest.mark.django_db
def test_a_file_without_our_properties_leaves_profiles_and_plateaus_alone(model, system_actor):
    apply_import(_doc(_service()), system_actor)
    service = ServiceProfile.objects.get(pk=model["service"].pk)
    assert service.manual_url == "https://example.org/manual"
    assert len(service_profiles.extra_snapshot(service)["channels"]) == 1
    assert service.element.plateaus.count() == 1


@pytest.mark.django_db
def test_an_empty_value_clears_a_field_and_plateaus_follow_the_file(model, system_actor):
    apply_import(
        _doc(
            _service(
                Property("nakhon:profile", "serviceprofile"),
                Property("nakhon:serviceprofile.manual_url", ""),
                Property("nakhon:plateaus", "id-baseline"),
            )
        ),
        system_actor,
    )
    service = ServiceProfile.objects.get(pk=model["service"].pk)
    assert service.manual_url == ""
    assert [p.element.identifier for p in service.element.plateaus.all()] == ["id-baseline"]
    # The other members of the plateaus the file does not mention stay.
    assert model["target"].elements.filter(identifier="id-app").exists()
    assert model["baseline"].elements.count() == 3


@pytest.mark.django_db
def test_a_new_unit_and_what_it_owns_come_in_one_file(model, system_actor, city):
    unit = ElementDoc(
        "id-new-unit",
        "BusinessActor",
        {"th": "สำนักการจราจรและขนส่ง"},
        {},
        [
            Property("nakhon:profile", "orgunit"),
            Property("nakhon:orgunit.kind", UnitKind.DEPARTMENT),
            Property("nakhon:orgunit.code", "TTD"),
            Property("nakhon:orgunit.parent", city.element.identifier),
        ],
    )
    owned = ElementDoc(
        "id-new-app", "ApplicationComponent", {"th": "ระบบจราจร"}, {},
        [Property("nakhon:owner_unit", "id-new-unit")],
    )  # fmt: skip
    moved = _service(Property("nakhon:owner_unit", "id-new-unit"))

    apply_import(_doc(owned, moved, unit), system_actor)

    new_unit = OrgUnit.objects.get(code="TTD")
    assert new_unit.parent == city
    assert Element.objects.get(identifier="id-new-app").owner_unit == new_unit
    assert Element.objects.get(identifier="id-service").owner_unit == new_unit


@pytest.mark.parametrize(
    "prop, message",
    [
        (Property("nakhon:serviceprofile.published", "maybe"), "give true or false"),
        (Property("nakhon:serviceprofile.fee", "forty"), "fee"),
        (Property("nakhon:serviceprofile.channels", '{"kind": "web"}'), "JSON list"),
        (Property("nakhon:owner_unit", "id-app"), "no org unit"),
        (Property("nakhon:plateaus", "id-nowhere"), "id-nowhere"),
        (Property("nakhon:profile", "spaceship"), "not a kind of profile"),
        (Property("nakhon:serviceprofile.annual_volume", "-5"), "cannot be stored"),
    ],
)
@pytest.mark.django_db
def test_a_bad_value_is_named_and_nothing_is_written(model, system_actor, prop, message):
    rows = (Element.objects.count(), Relationship.objects.count(), ServiceProfile.objects.count())
    fee = ServiceProfile.objects.get(pk=model["service"].pk).fee
    renamed = ElementDoc("id-app", "ApplicationComponent", {"th": "ชื่อใหม่"})
    profile = Property("nakhon:profile", "serviceprofile")
    with pytest.raises(InterchangeError, match=message) as raised:
        apply_import(
            _doc(renamed, _service(profile, Property("nakhon:serviceprofile.fee", "5"), prop)),
            system_actor,
        )
    assert "id-service" in str(raised.value)
    assert Element.objects.get(identifier="id-app").name == "ระบบ BMA OSS"
    assert ServiceProfile.objects.get(pk=model["service"].pk).fee == fee
    assert rows == (
        Element.objects.count(),
        Relationship.objects.count(),
        ServiceProfile.objects.count(),
    )


@pytest.mark.django_db
def test_a_unit_editor_cannot_hand_an_element_to_another_unit(model, make_user, unit_a, unit_b):
    editor = make_user(Role.UNIT_EDITOR, unit=unit_a)
    new = ElementDoc(
        "id-elsewhere", "ApplicationComponent", {"th": "ระบบ"}, {},
        [Property("nakhon:owner_unit", unit_b.element.identifier)],
    )  # fmt: skip
    plan = plan_import(_doc(new), Actor.shell(editor))
    assert plan.items[0].action == REFUSED


@pytest.mark.django_db
def test_unknown_nakhon_properties_stay_ordinary_properties(model, system_actor):
    doc = _doc(_service(Property("nakhon:future.field", "x"), Property("nakhon:status", "retired")))
    assert carried_by(doc) == {"id-service": {"nakhon:status": "retired"}}
    apply_import(doc, system_actor)
    stored = Element.objects.get(identifier="id-service")
    assert (stored.status, stored.properties) == (
        "retired",
        [{"key": "nakhon:future.field", "value": "x"}],
    )


@pytest.mark.django_db(transaction=True)
def test_the_bangkok_demo_moves_to_a_fresh_repository_without_loss(tmp_path):
    bangkok.load()
    before = exported()
    counts = _profile_counts()
    call_command("flush", interactive=False, verbosity=0)
    admin = User.objects.create_superuser("root2", "root@example.org", "pw-root-12345")

    apply_import(read(before, ".xml", tmp_path), Actor.shell(admin))

    assert exported() == before
    assert _profile_counts() == counts


def _profile_counts() -> dict:
    models = [*profile_models(), ServiceChannel, ServiceStep, ServiceDocument]
    counts = {model.__name__: model.objects.count() for model in models}
    counts["plateau members"] = [p.elements.count() for p in Plateau.objects.order_by("state")]
    counts["owned"] = Element.objects.filter(owner_unit__isnull=False).count()
    return counts


@pytest.mark.django_db(transaction=True)
def test_reverting_the_import_batch_takes_the_profiles_and_memberships_away_too(model, tmp_path):
    content = exported()
    call_command("flush", interactive=False, verbosity=0)
    admin = User.objects.create_superuser("root2", "root@example.org", "pw-root-12345")
    actor = Actor.shell(admin)
    plan = apply_import(read(content, ".xml", tmp_path), actor)
    assert ServiceProfile.objects.count() == 1 and Plateau.objects.count() == 2

    revert_batch(actor, plan.batch)

    assert Element.objects.count() == 0 and Relationship.objects.count() == 0
    assert [model.objects.count() for model in profile_models()] == [0] * len(profile_models())
    assert Plateau.elements.through.objects.count() == 0


def _planning_queries(system_actor, tmp_path) -> int:
    doc = read(exported(), ".xml", tmp_path)
    with CaptureQueriesContext(connection) as queries:
        plan_import(doc, system_actor)
    return len(queries.captured_queries)


@pytest.mark.django_db
def test_planning_a_reimport_asks_as_many_queries_however_many_objects(
    model, system_actor, make_element, tmp_path
):
    few = _planning_queries(system_actor, tmp_path)
    for i in range(5):
        node = make_element("Node", identifier=f"id-node-{i}", name=f"เครื่อง {i}")
        serving = relationships.create(
            system_actor, type="Serving", source=node, target=model["app"].element
        )
        plateaus.update(
            system_actor,
            model["baseline"],
            version=None,
            elements=[*model["baseline"].elements.all(), node],
            relationships=[*model["baseline"].relationships.all(), serving],
        )
    assert _planning_queries(system_actor, tmp_path) == few
