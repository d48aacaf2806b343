"""The permission matrix: every governance page and API action, as every role, with the
status and what the answer says. A refused write changes nothing."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from nakhon.core.models import ChangeLogEntry
from nakhon.governance import workflow
from nakhon.governance.models import AffectedElement, PrincipleDeparture, ReviewRequest
from nakhon.governance.models.requests import Decision
from nakhon.governance.workflow import affected_elements, principle_departures, requests
from tests.cases.api import api_client
from tests.governance.conftest import actor

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "viewer",
    "reviewer",
    "unit_editor",
    "other_unit_editor",
    "ea_office",
    "admin",
)
EVERYONE = set(ROLES) - {"anonymous"}
OWNERS = {"unit_editor", "ea_office", "admin"}
WRITERS = {"unit_editor", "other_unit_editor", "ea_office", "admin"}
EA = {"ea_office", "admin"}
REVIEWER = {"reviewer"}


@pytest.fixture
def make(people, unit_a, make_element):
    """A request of unit A in a given state (the assigned reviewer is people["reviewer"])."""
    ea, editor = actor(people["ea_office"]), actor(people["unit_editor"])
    principle = make_element("Principle", "ใช้ข้อมูลร่วมกัน")
    application = make_element("ApplicationComponent", "ระบบรับเรื่องร้องเรียน")

    def build(state: str) -> ReviewRequest:
        request = requests.create(
            editor, title=f"คำขอ {state}", request_type="establish", owner_unit=unit_a
        )
        if state == "draft":
            affected_elements.create(editor, request=request, element=application, effect="use")
            principle_departures.create(editor, request=request, principle=principle, reason="-")
            return request
        workflow.submit(editor, request)
        if state == "submitted":
            return request
        workflow.assign(ea, request, people["reviewer"])
        if state == "assigned":
            return request
        workflow.start_review(ea, request)
        if state == "under_review":
            return request
        review = request.reviews.get()
        workflow.vote(actor(people["reviewer"]), review, "approve")
        if state == "voted":
            return request
        workflow.decide(
            ea,
            request,
            Decision.APPROVED_WITH_CONDITIONS,
            "",
            conditions_to_add=[{"text": "แผนสำรองข้อมูล", "due_date": date(2027, 6, 30)}],
        )
        return request

    return build


def per_role(allowed, build):
    """(role, object) for every role: one object shared by the roles that are refused (a
    refusal changes nothing), a fresh one for each role that succeeds."""
    shared = build()
    for role in ROLES:
        yield role, (build() if role in allowed else shared)


def ui_client(client, user):
    client.logout()
    if user.is_authenticated:
        client.force_login(user)
    return client


def url(name, *args):
    return reverse(f"governance:{name}", args=args)


def written() -> int:
    return ChangeLogEntry.objects.count()


# Pages that read


def test_pages_that_read(client, people, make):
    draft = make("draft")
    under_review = make("under_review")
    review = under_review.reviews.get()
    pages = {
        url("dashboard"): "EA governance",
        url("reviewrequest_list"): draft.title,
        url("reviewrequest", draft.pk): draft.title,
        url("reviewrequest_changelog", draft.pk): draft.title,
        url("review", review.pk): under_review.title,
    }
    for role in ROLES:
        c = ui_client(client, people[role])
        for page, text in pages.items():
            response = c.get(page)
            if role == "anonymous":
                assert response.status_code == 302 and "/login/" in response["Location"]
                continue
            assert response.status_code == 200, (role, page)
            assert text in response.content.decode(), (role, page)


def test_forms_to_open(client, people, make):
    draft = make("draft")
    forms = {
        url("reviewrequest_add"): WRITERS,
        url("reviewrequest_edit", draft.pk): OWNERS,
        url("reviewrequest_delete", draft.pk): OWNERS,
        url("affectedelement_add", draft.pk): OWNERS,
        url("principledeparture_add", draft.pk): OWNERS,
    }
    for role in ROLES:
        c = ui_client(client, people[role])
        for page, allowed in forms.items():
            response = c.get(page)
            body = response.content.decode()
            if role == "anonymous":
                assert response.status_code == 302, page
            elif role in allowed:
                assert response.status_code == 200, (role, page)
                assert "<form" in body and 'name="version"' in body
            else:
                assert response.status_code == 403, (role, page)
                assert 'data-testid="denied"' in body


def check_post(client, people, role, target, data, allowed, after):
    """POST `data` to `target` as `role`: allowed roles are sent back to a page, the others
    see why with 403 and nothing is written. `after` checks what the allowed write did."""
    before = written()
    response = ui_client(client, people[role]).post(target, data)
    if role == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
        assert written() == before
    elif role in allowed:
        assert response.status_code == 302, (role, target, response.content.decode()[-2000:])
        assert written() > before
        after()
    else:
        assert response.status_code == 403, (role, target, response.status_code)
        body = response.content.decode()
        assert 'data-testid="refusal"' in body or 'data-testid="denied"' in body, (role, target)
        assert written() == before, (role, target)


STEP_CASES = [
    # (state, step, form data, allowed roles, the state afterwards)
    ("draft", "submit", {}, OWNERS, "submitted"),
    ("submitted", "assign", "reviewer", EA, "submitted"),
    ("assigned", "start_review", {}, EA, "under_review"),
    ("voted", "decide", {"decision": "approved", "note": "ok"}, EA, "decided"),
    ("submitted", "dismiss", {"note": "ถอน"}, EA, "decided"),
    ("under_review", "add_condition", {"text": "เงื่อนไข"}, EA, "under_review"),
    ("decided", "close", {}, set(), "decided"),  # an open condition: refused for all
]


@pytest.mark.parametrize("state,step,data,allowed,after_state", STEP_CASES)
def test_workflow_steps_as_every_role(
    client, people, make, state, step, data, allowed, after_state
):
    for role, request in per_role(allowed, lambda: make(state)):
        form = {"reviewer": people["other_reviewer"].pk} if data == "reviewer" else dict(data)
        form["version"] = ReviewRequest.objects.get(pk=request.pk).version
        target = url("reviewrequest_step", request.pk, step)
        if not allowed and role in EA:
            before = written()
            response = ui_client(client, people[role]).post(target, form)
            assert response.status_code == 400 and "still open" in response.content.decode()
            assert written() == before
            continue

        def after(request=request):
            assert ReviewRequest.objects.get(pk=request.pk).state == after_state

        check_post(client, people, role, target, form, allowed, after)


def test_waiver_and_condition_closing_as_every_role(client, people, make):
    expires = (timezone.localdate() + timedelta(days=30)).isoformat()
    for role, request in per_role(EA, lambda: make("under_review")):
        target = url("reviewrequest_step", request.pk, "grant_waiver")
        data = {"standard_name": "Oracle", "reason": "สัญญาเดิม", "expires_on": expires}
        check_post(client, people, role, target, data, EA, lambda r=request: r.waivers.get())
    for role, decided in per_role(EA, lambda: make("decided")):
        condition = decided.conditions.get()
        target = url("condition_close", condition.pk)
        data = {"state": "met", "note": "ส่งแผนแล้ว", "version": condition.version}
        check_post(
            client,
            people,
            role,
            target,
            data,
            EA,
            lambda c=condition: c.__class__.objects.get(pk=c.pk).state == "met" or pytest.fail(),
        )


def test_reviewers_page_posts_as_every_role(client, people, make):
    for role, request in per_role(REVIEWER, lambda: make("under_review")):
        review = request.reviews.get()
        answers = {
            f"answer:{a.question.code}": "yes" for a in review.answers.select_related("question")
        }
        check_post(
            client,
            people,
            role,
            url("review", review.pk),
            answers,
            REVIEWER,
            lambda r=review: r.answers.filter(answer="yes").exists() or pytest.fail(),
        )
        vote = {"vote": "reject", "comment": "ซ้ำซ้อน", "version": review.version}
        check_post(
            client,
            people,
            role,
            url("review", review.pk),
            vote,
            REVIEWER,
            lambda r=review: r.__class__.objects.get(pk=r.pk).vote == "reject" or pytest.fail(),
        )


def test_draft_writes_as_every_role(client, people, make, make_element):
    for role, draft in per_role(OWNERS, lambda: make("draft")):
        data = {
            "title": "ชื่อใหม่",
            "request_type": "retire",
            "owner_unit": draft.owner_unit_id,
            "version": draft.version,
        }
        check_post(
            client,
            people,
            role,
            url("reviewrequest_edit", draft.pk),
            data,
            OWNERS,
            lambda d=draft: ReviewRequest.objects.get(pk=d.pk).title == "ชื่อใหม่" or pytest.fail(),
        )
        part = AffectedElement.objects.get(request=draft)
        check_post(
            client,
            people,
            role,
            url("affectedelement_delete", part.pk),
            {"version": part.version},
            OWNERS,
            lambda p=part: not AffectedElement.objects.filter(pk=p.pk).exists() or pytest.fail(),
        )
        departure = PrincipleDeparture.objects.get(request=draft)
        check_post(
            client,
            people,
            role,
            url("principledeparture_delete", departure.pk),
            {"version": departure.version},
            OWNERS,
            lambda d=departure: (
                not PrincipleDeparture.objects.filter(pk=d.pk).exists() or pytest.fail()
            ),
        )
        check_post(
            client,
            people,
            role,
            url("reviewrequest_delete", draft.pk),
            {"version": ReviewRequest.objects.get(pk=draft.pk).version},
            OWNERS,
            lambda d=draft: not ReviewRequest.objects.filter(pk=d.pk).exists() or pytest.fail(),
        )


def test_a_submitted_request_is_no_longer_editable_by_anyone(client, people, make):
    submitted = make("submitted")
    for role in ("unit_editor", "ea_office", "admin"):
        data = {
            "title": "แก้หลังยื่น",
            "request_type": "retire",
            "owner_unit": submitted.owner_unit_id,
            "version": ReviewRequest.objects.get(pk=submitted.pk).version,
        }
        before = written()
        response = ui_client(client, people[role]).post(
            url("reviewrequest_edit", submitted.pk), data
        )
        assert response.status_code == 400
        assert "only a draft can be changed" in response.content.decode()
        assert written() == before


# The API


def api(name, *args):
    return reverse(f"governance-api:{name}", args=args)


def check_api(people, role, method, target, data, allowed, success=200, after=None):
    before = written()
    response = getattr(api_client(people[role] if role != "anonymous" else None), method)(
        target, data, format="json"
    )
    if role == "anonymous":
        assert response.status_code == 401 and "detail" in response.json()
    elif role in allowed:
        assert response.status_code == success, (role, target, response.content)
        if after:
            after(response.json())
        return
    else:
        assert response.status_code == 403, (role, target, response.status_code, response.content)
        assert response.json()["detail"]
    assert written() == before, (role, target)


def test_api_reads_as_every_role(people, make):
    request = make("decided")
    review = request.reviews.get()
    for role in ROLES:
        for target, text in [
            (api("request-list"), str(request.pk)),
            (api("request-detail", request.pk), "approved_with_conditions"),
            (api("review-list"), str(review.pk)),
            (api("review-detail", review.pk), "answers"),
            (api("condition-list"), "แผนสำรองข้อมูล"),
            (api("waiver-list"), "results"),
            (api("affected-element-list"), "results"),
            (api("departure-list"), "results"),
        ]:
            response = api_client(people[role] if role != "anonymous" else None).get(target)
            if role == "anonymous":
                assert response.status_code == 401
            else:
                assert response.status_code == 200 and text in response.content.decode()


API_STEPS = [
    ("draft", "request-submit", {}, OWNERS, "submitted"),
    ("submitted", "request-assign", "reviewer", EA, None),
    ("assigned", "request-start-review", {}, EA, "under_review"),
    ("voted", "request-decide", {"decision": "rejected", "note": "ไม่ผ่าน"}, EA, "decided"),
    ("submitted", "request-decide", {"decision": "dismissed", "note": "ถอน"}, EA, "decided"),
    ("under_review", "request-add-condition", {"text": "เงื่อนไข"}, EA, None),
    ("under_review", "request-grant-waiver", "waiver", EA, None),
]


@pytest.mark.parametrize("state,name,data,allowed,after_state", API_STEPS)
def test_api_steps_as_every_role(people, make, state, name, data, allowed, after_state):
    for role, request in per_role(allowed, lambda: make(state)):
        if data == "reviewer":
            body = {"reviewer": people["other_reviewer"].pk}
        elif data == "waiver":
            expires = (timezone.localdate() + timedelta(days=10)).isoformat()
            body = {"standard_name": "Oracle", "reason": "สัญญาเดิม", "expires_on": expires}
        else:
            body = dict(data)
        success = 200 if after_state else 201

        def after(json, after_state=after_state):
            if after_state:
                assert json["state"] == after_state

        check_api(people, role, "post", api(name, request.pk), body, allowed, success, after)


def test_api_review_and_condition_actions_as_every_role(people, make):
    for role, request in per_role(REVIEWER, lambda: make("under_review")):
        review = request.reviews.get()
        check_api(
            people,
            role,
            "post",
            api("review-answers", review.pk),
            {"answers": [{"question": "status.owner", "answer": "no", "evidence": "-"}]},
            REVIEWER,
            after=lambda json: (
                {a["question"]: a["answer"] for a in json["answers"]}["status.owner"] == "no"
                or pytest.fail()
            ),
        )
        check_api(
            people,
            role,
            "post",
            api("review-vote", review.pk),
            {"vote": "approve"},
            REVIEWER,
            after=lambda json: json["vote"] == "approve" or pytest.fail(),
        )
    for role, decided in per_role(EA, lambda: make("decided")):
        condition = decided.conditions.get()
        check_api(
            people,
            role,
            "post",
            api("condition-close", condition.pk),
            {"state": "waived", "note": "ไม่จำเป็นแล้ว"},
            EA,
            after=lambda json: json["state"] == "waived" or pytest.fail(),
        )


def test_api_an_illegal_step_is_a_400_with_a_reason(people, make):
    draft = make("draft")
    response = api_client(people["ea_office"]).post(
        api("request-close", draft.pk), {}, format="json"
    )
    assert response.status_code == 400
    assert "cannot close" in str(response.json())
    response = api_client(people["unit_editor"]).post(
        api("request-submit", draft.pk), {"version": draft.version + 5}, format="json"
    )
    assert response.status_code == 409 and "current_version" in response.json()


def test_api_draft_writes_as_every_role(people, make, unit_a):
    for role, draft in per_role(OWNERS, lambda: make("draft")):
        check_api(
            people,
            role,
            "patch",
            api("request-detail", draft.pk),
            {"title": "ชื่อใหม่", "version": draft.version},
            OWNERS,
            after=lambda json: json["title"] == "ชื่อใหม่" or pytest.fail(),
        )
        check_api(
            people,
            role,
            "post",
            api("request-list"),
            {"title": "คำขอใหม่", "request_type": "take_into_use", "owner_unit": str(unit_a.pk)},
            OWNERS,
            success=201,
            after=lambda json: json["state"] == "draft" or pytest.fail(),
        )


def test_a_waiver_names_a_standard_of_the_catalogue(client, people, make, make_standard):
    standard = make_standard(name="Oracle Database 11g", status="retire")
    request = make("under_review")
    expires = (timezone.localdate() + timedelta(days=30)).isoformat()
    target = url("reviewrequest_step", request.pk, "grant_waiver")
    c = ui_client(client, people["ea_office"])
    response = c.post(target, {"reason": "สัญญาเดิม", "expires_on": expires})
    assert (
        response.status_code == 400
        and "Choose the standard, or name it" in response.content.decode()
    )
    response = c.post(target, {"standard": standard.pk, "reason": "สัญญาเดิม", "expires_on": expires})
    assert response.status_code == 302
    waiver = request.waivers.get()
    assert waiver.standard == standard and waiver.standard_label == str(standard)
    body = {"standard_id": str(standard.pk), "reason": "อีกครั้ง", "expires_on": expires}
    response = api_client(people["admin"]).post(
        api("request-grant-waiver", request.pk), body, format="json"
    )
    assert response.status_code == 201 and response.json()["standard_id"] == str(standard.pk)
