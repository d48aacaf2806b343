"""A review request's change proposal: started by its unit, merged when the request is
approved; a conflict with the live repository refuses the decision until resolved."""

from dataclasses import replace
from datetime import date

import pytest
from django.urls import reverse

from nakhon.core import proposals as core_proposals
from nakhon.core.exceptions import ProposalConflict
from nakhon.core.models import ProposalState
from nakhon.core.permissions import Role
from nakhon.core.services import Actor
from nakhon.governance import proposals, workflow
from nakhon.governance.models import ReviewRequest
from nakhon.governance.models.requests import Decision, RequestState
from nakhon.repository.models import Element
from nakhon.repository.services import elements

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user, unit_a):
    return {
        "editor": make_user(Role.UNIT_EDITOR, unit_a, "editor-a"),
        "reviewer": make_user(Role.REVIEWER, None, "reviewer"),
        "office": make_user(Role.EA_OFFICE, None, "office"),
    }


@pytest.fixture
def draft(people, unit_a):
    return workflow.requests.create(
        Actor.shell(people["editor"]),
        title="ระบบรับแจ้งปัญหาถนนชำรุด",
        request_type="establish",
        owner_unit=unit_a,
    )


def under_review(people, request: ReviewRequest) -> ReviewRequest:
    office = Actor.shell(people["office"])
    workflow.submit(Actor.shell(people["editor"]), request)
    review = workflow.assign(office, request, people["reviewer"])
    workflow.start_review(office, request)
    workflow.vote(Actor.shell(people["reviewer"]), review, "approve_with_conditions", "ภายใน 90 วัน")
    return ReviewRequest.objects.get(pk=request.pk)


CONDITION = {"text": "ทดสอบความปลอดภัยก่อนใช้งาน", "due_date": date(2027, 3, 31)}


def test_approval_merges_the_requests_proposal_and_a_conflict_refuses_it(
    people, draft, unit_a, make_element
):
    editor = Actor.shell(people["editor"])
    office = Actor.shell(people["office"])
    existing = make_element("ApplicationComponent", name="ระบบเดิม", owner=unit_a)
    proposal = proposals.start(editor, draft)
    assert ReviewRequest.objects.get(pk=draft.pk).proposal == proposal
    assert proposals.start(editor, draft) == proposal  # one proposal per request
    in_proposal = replace(editor, proposal=proposal)
    new = elements.create(
        in_proposal, type="ApplicationComponent", name="ระบบแจ้งถนนชำรุด", owner_unit=unit_a
    )
    elements.update(in_proposal, existing, version=1, documentation="เชื่อมกับระบบใหม่")
    request = under_review(people, draft)
    # Meanwhile the live element moves on.
    elements.update(office, existing, version=1, documentation="ปรับโดยสำนักงาน EA")

    with pytest.raises(ProposalConflict):
        workflow.decide(
            office,
            request,
            Decision.APPROVED_WITH_CONDITIONS,
            conditions_to_add=[CONDITION],
        )
    request.refresh_from_db()
    assert request.state == RequestState.UNDER_REVIEW and not request.conditions.exists()
    assert not Element.objects.filter(pk=new.pk).exists()

    (conflict,) = core_proposals.conflicts(proposal)
    core_proposals.rebase(editor, conflict.operation, {"documentation": "mine"})
    decided = workflow.decide(
        office, request, Decision.APPROVED_WITH_CONDITIONS, conditions_to_add=[CONDITION]
    )
    assert decided.state == RequestState.DECIDED
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.MERGED
    assert Element.objects.get(pk=new.pk).name == "ระบบแจ้งถนนชำรุด"
    existing.refresh_from_db()
    assert existing.documentation == "เชื่อมกับระบบใหม่"


def test_a_rejected_requests_proposal_is_withdrawn_unmerged(people, draft, unit_a):
    editor = Actor.shell(people["editor"])
    proposal = proposals.start(editor, draft)
    elements.create(
        replace(editor, proposal=proposal), type="Goal", name="เป้าหมาย", owner_unit=unit_a
    )
    request = under_review(people, draft)
    workflow.decide(Actor.shell(people["office"]), request, Decision.DISMISSED, "ซ้ำกับระบบเดิม")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.WITHDRAWN
    assert not Element.objects.filter(name="เป้าหมาย").exists()


def test_the_requests_proposal_page_starts_it_and_works_in_it(client, people, draft, unit_a):
    client.force_login(people["editor"])
    page = reverse("governance:reviewrequest_proposal", args=[draft.pk])
    assert 'data-testid="start-proposal"' in client.get(page).content.decode()
    client.post(
        reverse("governance:reviewrequest_proposal_start", args=[draft.pk]), {"work_in": "1"}
    )
    draft.refresh_from_db()
    assert client.session[core_proposals.SESSION_KEY] == str(draft.proposal.pk)
    elements.create(
        replace(Actor.shell(people["editor"]), proposal=draft.proposal),
        type="ApplicationComponent",
        name="ระบบในคำขอ",
        owner_unit=unit_a,
    )
    content = client.get(page).content.decode()
    assert "ระบบในคำขอ" in content and 'data-testid="merge-proposal"' not in content
    client.force_login(people["reviewer"])
    content = client.get(page).content.decode()
    assert "ระบบในคำขอ" in content and 'data-testid="start-proposal"' not in content


def test_the_decision_page_shows_the_proposals_conflicts_and_writes_nothing(
    client, people, draft, unit_a, make_element
):
    existing = make_element("ApplicationComponent", name="ระบบเดิม", owner=unit_a)
    editor = Actor.shell(people["editor"])
    proposal = proposals.start(editor, draft)
    elements.update(replace(editor, proposal=proposal), existing, version=1, name="ระบบปรับปรุง")
    request = under_review(people, draft)
    elements.update(Actor.shell(people["office"]), existing, version=1, name="ระบบของเมือง")
    client.force_login(people["office"])
    response = client.post(
        reverse("governance:reviewrequest_step", args=[request.pk, "decide"]),
        {"decision": Decision.APPROVED, "note": "", "condition": ""},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert 'data-testid="proposal-conflicts"' in page
    assert "ระบบของเมือง" in page and "ระบบปรับปรุง" in page
    request.refresh_from_db()
    assert request.state == RequestState.UNDER_REVIEW
    assert ReviewRequest.objects.get(pk=request.pk).proposal.state == ProposalState.OPEN
