"""The permission matrix of the principles, standards and checks: every page and API action,
as every role. A refused write changes nothing."""

import pytest
from django.urls import reverse

from nakhon.core.models import ChangeLogEntry
from nakhon.governance import workflow
from tests.cases.api import api_client
from tests.governance.conftest import actor
from tests.governance.test_permissions import ROLES, ui_client

pytestmark = pytest.mark.django_db

READERS = set(ROLES) - {"anonymous"}
EA = {"ea_office", "admin"}
# Who may write what unit A owns (standards and principles of unit A).
UNIT_A_WRITERS = EA | {"unit_editor"}


@pytest.fixture
def owned(make_standard, make_principle, unit_a, people):
    request = workflow.requests.create(
        actor(people["unit_editor"]), title="คำขอ", request_type="establish", owner_unit=unit_a
    )
    return {
        "standard": make_standard(unit_a, "PostgreSQL"),
        "principle": make_principle(unit_a, "ใช้ซ้ำก่อนซื้อ"),
        "request": request,
    }


def page(name, *args):
    return reverse(f"governance:{name}", args=args)


def test_pages_as_every_role(client, people, owned):
    standard, principle = owned["standard"], owned["principle"]
    reads = [
        page("standard_list"),
        page("standard_radar"),
        page("standard_review"),
        page("standard", standard.pk),
        page("standard_changelog", standard.pk),
        page("principleprofile_list"),
        page("principleprofile", principle.pk),
        page("principleprofile_changelog", principle.pk),
        page("reviewrequest_checks", owned["request"].pk),
    ]
    writes = [
        page("standard_add"),
        page("standard_edit", standard.pk),
        page("standard_delete", standard.pk),
        page("principleprofile_add"),
        page("principleprofile_edit", principle.pk),
        page("principleprofile_delete", principle.pk),
    ]
    for role in ROLES:
        c = ui_client(client, people[role])
        for url in reads + writes:
            status = c.get(url).status_code
            if role == "anonymous":
                assert status == 302, (role, url)
            elif url in reads or role in UNIT_A_WRITERS:
                assert status == 200, (role, url)
            elif url.endswith("/add/") and role == "other_unit_editor":
                assert status == 200, (role, url)  # they may add for their own unit
            else:
                assert status == 403, (role, url)


def test_page_writes_as_every_role(client, people, owned, unit_a):
    for role in ROLES:
        standard = owned["standard"]
        standard.refresh_from_db()
        before = ChangeLogEntry.objects.count()
        c = ui_client(client, people[role])
        data = {
            "name": standard.name,
            "kind": "technology",
            "category": "data",
            "status": "trial" if standard.status == "contain" else "contain",  # a change
            "owner_unit": unit_a.pk,
            "version": standard.version,
        }
        status = c.post(page("standard_edit", standard.pk), data).status_code
        if role in UNIT_A_WRITERS:
            assert status == 302, role
            assert ChangeLogEntry.objects.count() == before + 1
        else:
            assert status in (302, 403) and (status == 302) == (role == "anonymous"), role
            assert ChangeLogEntry.objects.count() == before, role


def test_api_as_every_role(people, owned, unit_a):
    standard, principle = owned["standard"], owned["principle"]
    for role in ROLES:
        client = api_client(people[role] if role != "anonymous" else None)
        reads = [
            "/api/governance/standards/",
            f"/api/governance/standards/{standard.pk}/",
            "/api/governance/principles/",
            f"/api/governance/principles/{principle.pk}/",
            "/api/governance/findings/",
        ]
        for url in reads:
            status = client.get(url).status_code
            assert status == (200 if role in READERS else 401), (role, url)
        before = ChangeLogEntry.objects.count()
        standard.refresh_from_db()
        body = {
            "status": "adopt" if standard.status == "trial" else "trial",
            "version": standard.version,
        }
        status = client.patch(f"/api/governance/standards/{standard.pk}/", body, "json")
        created = client.post(
            "/api/governance/principles/",
            {"name": f"หลักการของ {role}", "owner_unit": str(unit_a.pk)},
            format="json",
        )
        if role in UNIT_A_WRITERS:
            assert (status.status_code, created.status_code) == (200, 201), role
        else:
            expected = 401 if role == "anonymous" else 403
            assert (status.status_code, created.status_code) == (expected, expected), role
            assert ChangeLogEntry.objects.count() == before, role
        assert client.post("/api/governance/findings/", {}, format="json").status_code in (
            401,
            403,
            405,
        )
