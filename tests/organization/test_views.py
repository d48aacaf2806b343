import pytest
from django.core.exceptions import ValidationError

from nakhon.core.models import Action
from nakhon.core.permissions import Role
from nakhon.core.views import changes_of
from nakhon.organization.models import OrgUnit, UnitKind, User
from nakhon.organization.services import org_units
from nakhon.repository.models import Element
from nakhon.repository.services import elements
from tests.cases.api import api_client
from tests.cases.ui import ViewTestCases

pytestmark = pytest.mark.django_db


class TestOrgUnitViews(ViewTestCases):
    model = OrgUnit
    url_base = "organization:orgunit"

    def make_object(self, actor, unit, index=0):
        return org_units.create(
            actor,
            name=f"ฝ่ายทะเบียน {index}",
            name_en=f"Civil Registration Division {index}",
            kind=UnitKind.DIVISION,
            parent=unit,
        )

    def create_data(self, unit):
        return {
            "name": "สำนักงานเขตพระนคร",
            "kind": "district_office",
            "code": "1001",
            "parent": unit.parent_id,
        }

    def update_data(self, obj):
        return {"name": "ฝ่ายปกครอง", "kind": obj.kind, "parent": obj.parent_id}

    def invalid_data(self, unit):
        return {"name": "", "kind": "planet"}


def test_unit_is_backed_by_a_business_actor_no_unit_owns(system_actor, city, unit_a):
    element = Element.objects.get(pk=unit_a.pk)
    assert element.type == "BusinessActor"
    assert element.owner_unit is None
    assert element.name_en == "Public Works Department"


def test_a_parents_editor_cannot_rename_a_unit_through_its_element(
    client, make_user, system_actor, unit_a
):
    division = org_units.create(system_actor, name="ฝ่ายโยธา", kind=UnitKind.DIVISION, parent=unit_a)
    editor = make_user(Role.UNIT_EDITOR, unit=unit_a)
    client.force_login(editor)
    page = client.post(
        f"/repository/elements/{division.pk}/edit/",
        {"type": "BusinessActor", "name": "ฝ่ายใหม่", "version": division.element.version},
    )
    api = api_client(editor).patch(
        f"/api/repository/elements/{division.pk}/",
        {"name": "ฝ่ายใหม่", "version": division.element.version},
        format="json",
    )
    assert (page.status_code, api.status_code) == (403, 403)
    assert Element.objects.get(pk=division.pk).name == "ฝ่ายโยธา"


def test_no_unit_can_be_given_a_units_element(system_actor, unit_a, unit_b):
    element = Element.objects.get(pk=unit_b.pk)
    with pytest.raises(ValidationError) as refused:
        elements.update(system_actor, element, version=element.version, owner_unit=unit_a)
    assert "belongs to the EA office" in str(refused.value)


def test_renaming_a_unit_logs_the_element_change_in_the_same_batch(client, admin_user, unit_a):
    client.force_login(admin_user)
    data = {
        "name": "สำนักการโยธา (ใหม่)",
        "kind": unit_a.kind,
        "parent": unit_a.parent_id,
        "version": unit_a.version,
    }
    assert client.post(f"/organization/units/{unit_a.pk}/edit/", data).status_code == 302
    element_change = changes_of(unit_a.element).get(action=Action.UPDATE)
    unit_change = changes_of(unit_a).get(action=Action.UPDATE)
    assert element_change.after["name"] == "สำนักการโยธา (ใหม่)"
    assert element_change.batch == unit_change.batch


def test_a_unit_cannot_move_below_itself(client, admin_user, system_actor, unit_a):
    child = org_units.create(system_actor, name="ฝ่ายโยธา", kind=UnitKind.DIVISION, parent=unit_a)
    client.force_login(admin_user)
    data = {
        "name": unit_a.element.name,
        "kind": unit_a.kind,
        "parent": child.pk,
        "version": unit_a.version,
    }
    response = client.post(f"/organization/units/{unit_a.pk}/edit/", data)
    assert response.status_code == 400
    assert OrgUnit.objects.get(pk=unit_a.pk).parent_id == unit_a.parent_id


def test_a_unit_with_units_below_cannot_be_deleted(client, admin_user, city, unit_a):
    client.force_login(admin_user)
    response = client.post(f"/organization/units/{city.pk}/delete/", {"version": city.version})
    assert response.status_code == 400
    assert "units below it" in response.content.decode()
    assert OrgUnit.objects.filter(pk=city.pk).exists()


def test_admin_manages_staff_roles_and_units(client, admin_user, unit_a):
    client.force_login(admin_user)
    response = client.post(
        "/admin/organization/user/add/",
        {
            "username": "somsri",
            "password1": "x-Strong-pass-2569",
            "password2": "x-Strong-pass-2569",
            "role": "unit_editor",
            "unit": unit_a.pk,
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    user = User.objects.get(username="somsri")
    assert (user.role, user.unit) == ("unit_editor", unit_a)
    assert client.get(f"/admin/organization/user/{user.pk}/change/").status_code == 200
