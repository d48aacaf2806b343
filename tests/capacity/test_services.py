from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nakhon.capacity.models import Assessment, Person, SkillFramework
from nakhon.capacity.services import assessments, people, skill_frameworks
from nakhon.core.models import ChangeLogEntry
from nakhon.core.permissions import Role
from nakhon.core.services import Actor

pytestmark = pytest.mark.django_db


def test_one_framework_is_active_and_activating_another_keeps_the_first(system_actor, framework):
    newer = skill_frameworks.create(
        system_actor, code="newer", name="ใหม่", edition="2", is_active=True
    )
    framework.refresh_from_db()
    assert not framework.is_active and newer.is_active
    skill_frameworks.activate(system_actor, framework)
    assert list(SkillFramework.objects.filter(is_active=True)) == [framework]


def test_an_assessment_keeps_its_framework_and_refuses_a_level_off_the_scale(
    system_actor, framework, make_person, unit_a
):
    person = make_person(unit_a)
    rating = assessments.create(
        system_actor,
        person=person,
        area=framework.literacy,
        source="self",
        assessed_on=date(2024, 1, 10),
        level=2,
    )
    assert rating.framework == framework
    with pytest.raises(ValidationError) as refused:
        assessments.create(
            system_actor,
            person=person,
            area=framework.literacy,
            source="assessor",
            assessed_on=date(2024, 1, 10),
            level=7,
        )
    assert "not on this framework's scale" in str(refused.value)
    skill_frameworks.create(system_actor, code="other", name="อื่น", edition="1", is_active=True)
    rating.refresh_from_db()
    assert rating.framework == framework


def test_people_are_seen_only_by_the_ea_office_themselves_and_their_unit_editors(
    make_person, make_user, unit_a, unit_b
):
    own_user = make_user(Role.VIEWER, unit_a)
    person = make_person(unit_a, user=own_user)
    ea = make_user(Role.EA_OFFICE)
    editor_a, editor_b = make_user(Role.UNIT_EDITOR, unit_a), make_user(Role.UNIT_EDITOR, unit_b)
    viewer, reviewer = make_user(Role.VIEWER, unit_a), make_user(Role.REVIEWER, unit_a)
    for user, sees in [
        (ea, True),
        (own_user, True),
        (editor_a, True),
        (editor_b, False),
        (viewer, False),
        (reviewer, False),
    ]:
        assert Person.objects.restrict(user).filter(pk=person.pk).exists() is sees, user


def test_a_person_adds_their_own_self_assessment_but_not_an_assessors(
    framework, make_person, make_user, unit_a
):
    own_user = make_user(Role.VIEWER, unit_a)
    person = make_person(unit_a, user=own_user)
    actor = Actor.shell(own_user)
    values = {"person": person, "area": framework.literacy, "assessed_on": date(2024, 2, 1)}
    assessments.create(actor, source="self", level=1, **values)
    with pytest.raises(PermissionDenied):
        assessments.create(actor, source="assessor", level=3, **values)


def test_anonymising_keeps_statistics_and_leaves_no_readable_name_in_the_log(
    system_actor, framework, make_person, unit_a
):
    person = make_person(unit_a, name="สมหญิง ใจดี", name_en="Somying Jaidee", position="นักวิชาการ")
    people.update(system_actor, person, version=None, position="นักวิชาการคอมพิวเตอร์")
    assessments.create(
        system_actor,
        person=person,
        area=framework.literacy,
        source="self",
        assessed_on=date(2024, 1, 10),
        level=2,
    )
    people.anonymise(system_actor, person)
    person.refresh_from_db()
    assert person.is_anonymised and person.name.startswith("Anonymised person")
    assert (person.unit, person.personnel_group, person.role_level) == (
        unit_a,
        "it",
        "operational",
    )
    assert Assessment.objects.filter(person=person).count() == 1
    logged = [
        (e.object_repr, e.before, e.after)
        for e in ChangeLogEntry.objects.filter(object_id=str(person.pk))
    ]
    assert len(logged) == 3
    for text in ("สมหญิง", "Somying", "นักวิชาการ"):
        assert text not in str(logged)
    with pytest.raises(ValidationError):
        people.anonymise(system_actor, person)
    with pytest.raises(ValidationError):
        people.update(system_actor, person, version=None, name="สมหญิง ใจดี")


def test_a_new_edition_copies_levels_areas_and_targets_and_leaves_ratings_alone(
    system_actor, framework, make_person, unit_a, client, admin_user
):
    from django.urls import reverse

    person = make_person(unit_a)
    assessments.create(
        system_actor,
        person=person,
        area=framework.literacy,
        source="self",
        assessed_on=date(2024, 1, 10),
        level=2,
    )
    client.force_login(admin_user)
    url = reverse("capacity:skillframework_new_edition", args=[framework.pk])
    response = client.post(url, {"code": "test-framework-2", "edition": "2"})
    copy = SkillFramework.objects.get(code="test-framework-2")
    assert response.status_code == 302 and response["Location"] == copy.get_absolute_url()
    assert not copy.is_active and copy.edition == "2"
    assert copy.levels.count() == 5 and copy.areas.count() == 2
    assert sorted(copy.areas.get(code="literacy").targets.values_list("level", flat=True)) == [
        2,
        3,
    ]
    assert Assessment.objects.get().framework == framework
    again = client.post(url, {"code": "test-framework-2", "edition": "3"}, follow=True)
    assert SkillFramework.objects.filter(code="test-framework-2").count() == 1
    assert "already exists" in again.content.decode()


def test_only_the_ea_office_links_a_person_to_an_account(make_person, make_user, unit_a):
    editor = Actor.shell(make_user(Role.UNIT_EDITOR, unit_a))
    account = make_user(Role.VIEWER, unit_a)
    with pytest.raises(PermissionDenied):
        people.create(
            editor,
            name="สมปอง",
            unit=unit_a,
            personnel_group="it",
            role_level="operational",
            user=account,
        )
    person = people.create(
        editor, name="สมปอง", unit=unit_a, personnel_group="it", role_level="operational"
    )
    with pytest.raises(PermissionDenied):
        people.update(editor, person, version=None, user=account)
    people.update(editor, person, version=None, user=None, position="นักวิชาการ")
    ea = Actor.shell(make_user(Role.EA_OFFICE))
    assert people.update(ea, person, version=None, user=account).user == account
