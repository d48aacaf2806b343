"""A person's rating is seen by the EA office, the person and their unit's editors only: a
viewer or an editor from another unit finds neither the person nor their rating through any
page, the API, an export, a search or the change log."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from nakhon.capacity.models import Assessment
from nakhon.capacity.services import assessments
from nakhon.core.models import ChangeLogEntry
from nakhon.core.permissions import Role
from tests.cases.api import api_client

pytestmark = pytest.mark.django_db
NAME, NAME_EN, NOTE = "ประพันธ์ ลับเฉพาะ", "Prapan Labchapor", "บันทึกส่วนตัวของผู้ประเมิน"


@pytest.fixture
def rated(system_actor, framework, make_person, unit_a, make_user):
    own = make_user(Role.VIEWER, unit_a)
    person = make_person(unit_a, name=NAME, name_en=NAME_EN, user=own, position="หัวหน้างาน")
    rating = assessments.create(
        system_actor,
        person=person,
        area=framework.literacy,
        source="assessor",
        assessed_on=date(2024, 3, 3),
        level=1,
        note=NOTE,
    )
    return person, rating, own


def every_text(client, person, rating) -> dict:
    """What a signed-in client gets from every place a person or rating could show up."""
    person_entry = ChangeLogEntry.objects.filter(object_id=str(person.pk)).first()
    rating_entry = ChangeLogEntry.objects.filter(object_id=str(rating.pk)).first()
    pages = {
        "people": reverse("capacity:person_list"),
        "people search": reverse("capacity:person_list") + "?q=ประพันธ์",
        "person": person.get_absolute_url(),
        "person history": reverse("capacity:person_changelog", args=[person.pk]),
        "ratings": reverse("capacity:assessment_list"),
        "ratings search": reverse("capacity:assessment_list") + "?q=ประพันธ์",
        "rating": rating.get_absolute_url(),
        "change log": reverse("core:changelog_list"),
        "change log search": reverse("core:changelog_list") + "?q=ประพันธ์",
        "person's entry": reverse("core:changelog", args=[person_entry.pk]),
        "rating's entry": reverse("core:changelog", args=[rating_entry.pk]),
        "home": reverse("home"),
        "dashboard": reverse("capacity:dashboard"),
        "unit dashboard": reverse("capacity:dashboard") + f"?unit={person.unit_id}",
        "dashboard csv": reverse("capacity:dashboard") + "?export=csv",
        "dashboard xlsx": reverse("capacity:dashboard") + "?export=xlsx",
        "statistics": reverse("capacity:statistics"),
        "statistics csv": reverse("capacity:statistics_csv"),
    }
    api = {
        "api people": reverse("capacity-api:person-list"),
        "api people search": reverse("capacity-api:person-list") + "?q=ประพันธ์",
        "api person": reverse("capacity-api:person-detail", args=[person.pk]),
        "api ratings": reverse("capacity-api:assessment-list"),
        "api rating": reverse("capacity-api:assessment-detail", args=[rating.pk]),
        "api changes": reverse("core-api:change-list") + "?limit=1000",
        "api changes search": reverse("core-api:change-list") + "?q=ประพันธ์",
        "api person's entry": reverse("core-api:change-detail", args=[person_entry.pk]),
        "api rating's entry": reverse("core-api:change-detail", args=[rating_entry.pk]),
        "api dashboard": reverse("capacity-api:dashboard-list"),
        "api statistics": reverse("capacity-api:statistics-list"),
    }
    found = {}
    for label, url in pages.items():
        response = client.get(url)
        found[label] = (response.status_code, readable(response))
    api_client_ = api_client(client.user)
    for label, url in api.items():
        response = api_client_.get(url)
        found[label] = (response.status_code, response.content.decode())
    return found


def readable(response) -> str:
    """The response's text; a workbook's cells, which its zipped bytes would hide."""
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(response.content))
        return " ".join(
            str(value)
            for sheet in workbook
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return response.content.decode("utf-8", "replace")


def leaks(found: dict, person, rating) -> list[str]:
    """Where a name, the note or an id shows up (a "not found" page repeats the id asked for)."""
    names, ids = (NAME, NAME_EN, NOTE), (str(person.pk), str(rating.pk))
    return [
        label
        for label, (status, text) in found.items()
        if any(s in text for s in names) or (status != 404 and any(s in text for s in ids))
    ]


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        client.user = user
        return client

    return sign_in


@pytest.mark.parametrize("role", [Role.VIEWER, Role.UNIT_EDITOR, Role.REVIEWER])
def test_nobody_from_another_unit_sees_the_person_or_their_rating(
    rated, make_user, unit_b, signed_in, role
):
    person, rating, _own = rated
    found = every_text(signed_in(make_user(role, unit_b)), person, rating)
    assert leaks(found, person, rating) == []
    for label in ("person", "rating", "person history", "person's entry", "api person"):
        assert found[label][0] == 404, label
    # The pages themselves work: the person is simply not there.
    assert found["people"][0] == found["dashboard"][0] == found["api people"][0] == 200


def test_the_ea_office_the_person_and_their_units_editor_do_see_them(
    rated, make_user, unit_a, signed_in
):
    person, rating, own = rated
    for user in (make_user(Role.EA_OFFICE), own, make_user(Role.UNIT_EDITOR, unit_a)):
        found = every_text(signed_in(user), person, rating)
        for label in ("person", "rating", "people search", "api person", "api rating"):
            assert NAME in found[label][1] or str(rating.pk) in found[label][1], (user, label)
        assert found["person's entry"][0] == 200


def test_a_rating_of_someone_unseen_cannot_be_written_or_probed(rated, make_user, unit_b):
    person, rating, _own = rated
    client = api_client(make_user(Role.UNIT_EDITOR, unit_b))
    body = {
        "person": str(person.pk),
        "area": str(rating.area_id),
        "source": "assessor",
        "assessed_on": "2024-04-04",
        "level": 3,
    }
    response = client.post(reverse("capacity-api:assessment-list"), body, format="json")
    assert response.status_code == 403
    assert NAME not in response.content.decode()
    assert Assessment.objects.count() == 1
