import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nakhon.core.permissions import Role
from nakhon.repository.forms import ElementForm
from nakhon.repository.models import Element, Plateau, Relationship, View
from nakhon.repository.services import elements, plateaus, relationships, views
from tests.cases.ui import ViewTestCases
from tests.conftest import examples

pytestmark = pytest.mark.django_db


class TestElementViews(ViewTestCases):
    model = Element
    url_base = "repository:element"

    def make_object(self, actor, unit, index=0):
        return elements.create(
            actor, type="BusinessService", name=f"การขออนุญาตก่อสร้างอาคาร {index}", owner_unit=unit
        )

    def create_data(self, unit):
        return {
            "type": "ApplicationComponent",
            "name": "ระบบสารบรรณอิเล็กทรอนิกส์",
            "name_en": "e-Saraban",
            "owner_unit": unit.pk,
            "status": "active",
            "properties": "vendor = ผู้ขายตัวอย่าง\nvendor = second",
        }

    def update_data(self, obj):
        return {"type": obj.type, "name": "ชื่อใหม่", "status": "phase_out", "properties": ""}

    def invalid_data(self, unit):
        return {"type": "NoSuchType", "name": "", "status": "active"}


class TestPlateauViews(ViewTestCases):
    model = Plateau
    url_base = "repository:plateau"

    def make_object(self, actor, unit, index=0):
        return plateaus.create(
            actor, name=f"สถาปัตยกรรมเป้าหมาย {index}", state="target", owner_unit=unit
        )

    def create_data(self, unit):
        return {
            "name": "สถาปัตยกรรมปัจจุบัน พ.ศ. 2562",
            "state": "baseline",
            "valid_from": "2019-10-01",
            "owner_unit": unit.pk,
        }

    def update_data(self, obj):
        return {"name": "สถาปัตยกรรมเป้าหมาย พ.ศ. 2570", "state": "target"}

    def invalid_data(self, unit):
        return {"name": "", "state": "someday"}


class TestDiagramViews(ViewTestCases):
    model = View
    url_base = "repository:view"

    def make_object(self, actor, unit, index=0):
        return views.create(actor, name=f"มุมมองภาพรวม {index}", owner_unit=unit)

    def create_data(self, unit):
        return {"name": "มุมมองการให้บริการประชาชน", "viewpoint": "layered", "owner_unit": unit.pk}

    def update_data(self, obj):
        return {"name": "มุมมองที่แก้ไข", "owner_unit": obj.owner_unit_id}

    def invalid_data(self, unit):
        return {"name": "", "viewpoint": "no-such-viewpoint"}


class TestRelationshipViews(ViewTestCases):
    model = Relationship
    url_base = "repository:relationship"

    def test_create_through_form_is_logged_as_ui(self, admin_client, unit_a):
        """Relationships are added from an element's page, where one end is known."""
        response = admin_client.get(self.url("_add"))
        assert response.status_code == 403
        assert (
            "Add a relationship from the page of one of its elements" in response.content.decode()
        )

    def add_url(self, actor, unit) -> str:
        source = elements.create(
            actor, type="ApplicationComponent", name="ระบบต้นทาง", owner_unit=unit
        )
        self.target = elements.create(actor, type="DataObject", name="ข้อมูล", owner_unit=unit)
        return f"/repository/elements/{source.pk}/relationships/add/"

    def create_data(self, unit) -> dict:
        return {"direction": "outgoing", "other": self.target.pk, "type": "Access"}

    def make_object(self, actor, unit, index=0):
        app = elements.create(
            actor, type="ApplicationComponent", name=f"ระบบ {index}", owner_unit=unit
        )
        svc = elements.create(
            actor, type="ApplicationService", name=f"บริการ {index}", owner_unit=unit
        )
        return relationships.create(actor, type="Realization", source=app, target=svc)

    def update_data(self, obj):
        return {"type": obj.type, "name": "ทำให้เกิด"}

    def invalid_data(self, unit):
        return {"type": "Composition"}  # not allowed from an application component to a service


def test_element_search_finds_thai_substring(client, admin_user, make_element):
    make_element(name="ใบอนุญาตก่อสร้างอาคาร")
    make_element(name="การจัดเก็บภาษีป้าย", name_en="Signboard tax")
    client.force_login(admin_user)
    thai = client.get("/repository/elements/", {"q": "อนุญาต"}).content.decode()
    assert "ใบอนุญาตก่อสร้างอาคาร" in thai and "การจัดเก็บภาษีป้าย" not in thai
    english = client.get("/repository/elements/", {"q": "signboard"}).content.decode()
    assert "การจัดเก็บภาษีป้าย" in english and "ใบอนุญาตก่อสร้างอาคาร" not in english


def test_element_filters_by_layer_type_unit_and_status(client, admin_user, unit_a, make_element):
    make_element("ApplicationComponent", "ระบบ GIS", owner=unit_a, status="phase_out")
    make_element("BusinessService", "บริการจดทะเบียน")
    client.force_login(admin_user)

    def names(**params):
        return client.get("/repository/elements/", params).content.decode()

    assert "ระบบ GIS" in names(layer="application") and "บริการจดทะเบียน" not in names(
        layer="application"
    )
    assert "บริการจดทะเบียน" in names(type="BusinessService")
    assert "ระบบ GIS" in names(owner_unit=unit_a.pk) and "บริการจดทะเบียน" not in names(
        owner_unit=unit_a.pk
    )
    assert "ระบบ GIS" in names(status="phase_out") and "บริการจดทะเบียน" not in names(
        status="phase_out"
    )
    assert client.get("/repository/elements/", {"type": "Nonsense"}).status_code == 200


def test_relationship_form_offers_only_allowed_types_and_explains(client, admin_user, make_element):
    data = make_element("DataObject", "ข้อมูลทะเบียนราษฎร")
    actor = make_element("BusinessActor", "ประชาชน")
    client.force_login(admin_user)
    url = f"/repository/elements/{data.pk}/relationships/add/"
    page = client.get(url, {"other": actor.pk, "type": "Serving", "direction": "outgoing"})
    html = page.content.decode()
    assert 'value="Association"' in html and 'value="Serving"' not in html
    assert 'data-testid="relationship-refusal"' in html and "Serving" in html


def test_crafted_refused_relationship_is_refused_with_the_rule(client, admin_user, make_element):
    data = make_element("DataObject", "ข้อมูลทะเบียนราษฎร")
    actor = make_element("BusinessActor", "ประชาชน")
    client.force_login(admin_user)
    url = f"/repository/elements/{data.pk}/relationships/add/"
    response = client.post(url, {"direction": "outgoing", "other": actor.pk, "type": "Serving"})
    assert response.status_code == 400
    assert not Relationship.objects.exists()
    ok = client.post(url, {"direction": "outgoing", "other": actor.pk, "type": "Association"})
    assert ok.status_code == 302
    assert Relationship.objects.get().target == actor


def test_unit_editor_sees_only_own_units_as_owner_choices(client, unit_a, unit_b, make_user):
    client.force_login(make_user(Role.UNIT_EDITOR, unit_a))
    html = client.get("/repository/elements/add/").content.decode()
    assert str(unit_a) in html and str(unit_b) not in html


FORM_VALUES = st.one_of(
    st.text(max_size=30), st.sampled_from(["", "0", "-1", "99999999999", "2019-02-30", "ไทย"])
)


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    data=st.dictionaries(
        st.sampled_from(sorted(ElementForm.base_fields.keys() | {"version"})), FORM_VALUES
    )
)
def test_random_element_form_input_never_yields_a_server_error(
    client, admin_user, make_element, data
):
    element = make_element(name="ทดสอบ")
    client.force_login(admin_user)
    assert client.post(f"/repository/elements/{element.pk}/edit/", data).status_code < 500
    assert client.post("/repository/elements/add/", data).status_code < 500
    assert client.get("/repository/elements/", data).status_code < 500
    rel_url = f"/repository/elements/{element.pk}/relationships/add/"
    assert client.post(rel_url, {"other": data.get("name", ""), **data}).status_code < 500


def test_add_pages_say_add_not_edit(client, admin_user):
    client.force_login(admin_user)
    html = client.get("/repository/elements/add/").content.decode()
    assert '<h1 class="h3 mb-3">Add element</h1>' in html
    assert "Edit “”" not in html


def test_a_refused_relationship_is_a_403_that_says_why(
    client, make_user, make_element, unit_a, unit_b
):
    theirs = make_element("ApplicationComponent", "ระบบของหน่วย ข", owner=unit_b)
    mine = make_element("DataObject", "ข้อมูลของหน่วย ก", owner=unit_a)
    client.force_login(make_user(Role.UNIT_EDITOR, unit_a))
    url = f"/repository/elements/{theirs.pk}/relationships/add/"
    response = client.post(url, {"direction": "outgoing", "other": mine.pk, "type": "Access"})
    assert response.status_code == 403
    assert "not owned by your unit" in response.content.decode()
    assert not Relationship.objects.exists()
