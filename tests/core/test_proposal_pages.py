"""Change proposals through the pages (work in one: the ordinary forms record into it) and the
API (the X-Nakhon-Proposal header; diff, merge, rebase)."""

from dataclasses import replace

import pytest
from django.urls import reverse

from nakhon.core import proposals
from nakhon.core.models import Action, ProposalState
from nakhon.core.permissions import Role
from nakhon.core.services import Actor
from nakhon.repository.models import Element
from nakhon.repository.services import elements
from tests.cases.api import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(make_user):
    return make_user(Role.EA_OFFICE, username="office")


@pytest.fixture
def editor(make_user, unit_a):
    return make_user(Role.UNIT_EDITOR, unit=unit_a, username="editor")


def test_working_in_a_proposal_makes_the_ordinary_forms_record_into_it(
    client, editor, unit_a, make_element
):
    mine = make_element("ApplicationComponent", name="ระบบเดิม", owner=unit_a)
    client.force_login(editor)
    response = client.post(
        reverse("core:proposal_list"), {"title": "ระบบร้องเรียนใหม่", "work_in": "1"}
    )
    proposal = proposals.Proposal.objects.get()
    assert response.url == proposal.get_absolute_url()
    page = client.get(reverse("repository:element_list")).content.decode()
    assert 'data-testid="proposal-banner"' in page and "ระบบร้องเรียนใหม่" in page

    response = client.post(
        reverse("repository:element_add"),
        {
            "type": "ApplicationComponent",
            "name": "ระบบใหม่",
            "owner_unit": unit_a.pk,
            "status": "active",
            "properties": "",
        },
    )
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    assert not Element.objects.filter(name="ระบบใหม่").exists()
    assert "ระบบใหม่" in client.get(response.url).content.decode()  # in the proposal's diff
    assert "ระบบใหม่" not in client.get(reverse("repository:element_list")).content.decode()

    edit = reverse("repository:element_edit", args=[mine.pk])
    client.post(
        edit,
        {
            "type": mine.type,
            "name": "ระบบปรับปรุง",
            "owner_unit": unit_a.pk,
            "status": "active",
            "properties": "",
            "version": 1,
        },
    )
    mine.refresh_from_db()
    assert mine.name == "ระบบเดิม"
    # The edit form shows the proposal's value while working in it.
    assert "ระบบปรับปรุง" in client.get(edit).content.decode()
    client.post(reverse("repository:element_delete", args=[mine.pk]), {"version": 1})
    assert Element.objects.filter(pk=mine.pk).exists()

    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "ระบบใหม่" in page and "ระบบเดิม" in page
    assert [op.action for op in proposal.operations.all()] == [Action.CREATE, Action.DELETE]

    client.post(reverse("core:proposal_leave"))
    page = client.get(reverse("repository:element_list")).content.decode()
    assert 'data-testid="proposal-banner"' not in page


def test_a_conflict_is_shown_on_the_merge_page_and_resolved_there(client, office, make_element):
    element = make_element("ApplicationComponent", name="ก", documentation="เดิม")
    proposal = proposals.open_proposal(office, "Conflicting")
    actor = Actor.shell(office)
    elements.update(replace(actor, proposal=proposal), element, version=1, name="ข")
    elements.update(actor, element, version=1, name="ค")
    client.force_login(office)
    response = client.post(reverse("core:proposal_merge", args=[proposal.pk]))
    assert response.status_code == 409
    page = response.content.decode()
    assert 'data-testid="proposal-conflicts"' in page and "ค" in page and "ข" in page
    op = proposal.operations.get()
    client.post(
        reverse("core:proposal_rebase", args=[proposal.pk, op.pk]),
        {"field:name": proposals.KEEP_MINE},
    )
    op.refresh_from_db()
    assert op.base_version == 2 and op.values == {"name": "ข"}
    response = client.post(reverse("core:proposal_merge", args=[proposal.pk]))
    assert response.status_code == 302
    element.refresh_from_db()
    assert element.name == "ข"


def test_the_api_records_writes_sent_with_the_proposal_header(office, editor, unit_a):
    proposal = proposals.open_proposal(editor, "API")
    header = {"HTTP_X_NAKHON_PROPOSAL": str(proposal.pk)}
    client = api_client(editor)
    created = client.post(
        reverse("repository-api:element-list"),
        {"type": "ApplicationComponent", "name": "ระบบใหม่", "owner_unit": str(unit_a.pk)},
        format="json",
        **header,
    )
    assert created.status_code == 202, created.json()
    assert created.json()["operation"]["action"] == "create"
    assert not Element.objects.filter(name="ระบบใหม่").exists()
    live = elements.create(Actor.shell(office), type="Goal", name="เป้า", owner_unit=unit_a)
    changed = client.patch(
        reverse("repository-api:element-detail", args=[live.pk]),
        {"name": "เป้าใหม่", "version": 1},
        format="json",
        **header,
    )
    assert changed.status_code == 202 and changed.json()["operation"]["values"] == {
        "name": "เป้าใหม่"
    }
    assert (
        client.get(reverse("repository-api:element-detail", args=[live.pk])).json()["name"] == "เป้า"
    )
    assert (
        client.post(
            reverse("repository-api:element-list"),
            {},
            format="json",
            HTTP_X_NAKHON_PROPOSAL="nonsense",
        ).status_code
        == 400
    )

    diff = client.get(reverse("core-api:proposal-diff", args=[proposal.pk])).json()
    assert diff["conflicts"] == 0 and len(diff["changes"]) == 2
    assert client.post(reverse("core-api:proposal-merge", args=[proposal.pk])).status_code == 403

    elements.update(Actor.shell(office), live, version=1, name="เป้าหมายเมือง")
    office_client = api_client(office)
    refused = office_client.post(reverse("core-api:proposal-merge", args=[proposal.pk]))
    assert refused.status_code == 409
    (conflict,) = refused.json()["conflicts"]
    assert conflict["fields"] == [
        {
            "field": "name",
            "label": "name (Thai)",
            "base": "เป้า",
            "live": "เป้าหมายเมือง",
            "proposed": "เป้าใหม่",
            "conflict": True,
        }
    ]
    rebased = office_client.post(
        reverse("core-api:proposal-rebase", args=[proposal.pk]),
        {"operation": conflict["operation"], "choices": {"name": "live"}},
        format="json",
    )
    assert rebased.status_code == 200 and rebased.json()["operation"] is None
    merged = office_client.post(reverse("core-api:proposal-merge", args=[proposal.pk]))
    assert merged.status_code == 200, merged.json()
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.MERGED
    assert Element.objects.filter(name="ระบบใหม่").exists()
    live.refresh_from_db()
    assert live.name == "เป้าหมายเมือง"


@pytest.mark.parametrize(
    ("asked", "landed"),
    [
        ("/repository/elements/?type=Node", "/repository/elements/?type=Node"),
        ("https://evil.example/login/", "/proposals/"),
        ("//evil.example/", "/proposals/"),
    ],
)
def test_leaving_a_proposal_goes_next_only_to_a_page_of_this_site(client, editor, asked, landed):
    client.force_login(editor)
    response = client.post(reverse("core:proposal_leave"), {"next": asked})
    assert response.status_code == 302 and response.url == landed
