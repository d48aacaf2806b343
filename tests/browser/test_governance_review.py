"""An architecture review in a browser: a unit editor drafts and submits a request, the EA office
assigns a reviewer and starts the review, the reviewer votes, and the EA office approves it
with a condition."""

import pytest
from playwright.sync_api import expect

from nakhon.core.permissions import Role
from nakhon.governance.models import ReviewRequest
from tests.browser.conftest import in_thai, login

pytestmark = pytest.mark.browser


def test_draft_submit_review_and_approve_with_a_condition(new_context, make_user, unit_a):
    make_user(Role.UNIT_EDITOR, unit_a, username="somchai")
    make_user(Role.EA_OFFICE, None, username="ea-malee")
    make_user(Role.REVIEWER, None, username="reviewer-wichai")

    editor = new_context().new_page()
    # The server's first page (static files indexed, templates and catalogues loaded) may
    # take longer than the usual timeout on a busy machine.
    editor.goto("/login/", timeout=60_000)
    login(editor, "somchai")
    editor.goto("/governance/requests/add/")
    editor.fill("#id_title", "ระบบรับแจ้งปัญหาทางเท้า")
    editor.select_option("#id_request_type", "establish")
    editor.select_option("#id_owner_unit", str(unit_a.pk))
    editor.fill("#id_budget", "1500000")
    editor.fill("#id_fiscal_year", "2570")
    with editor.expect_navigation():
        editor.click("main form button[type=submit]")
    expect(editor.locator("[data-testid=state]")).to_have_text(in_thai("draft"))
    with editor.expect_navigation():
        editor.click("[data-testid=step-submit]")
    expect(editor.locator("[data-testid=state]")).to_have_text(in_thai("submitted"))
    expect(editor.locator("[data-testid=deadline]")).to_contain_text("25")  # a B.E. year
    request_url = editor.url

    office = new_context().new_page()
    login(office, "ea-malee")
    office.goto(request_url)
    office.select_option("#assign_reviewer", label="reviewer-wichai")
    with office.expect_navigation():
        office.click("[data-testid=step-assign]")
    with office.expect_navigation():
        office.click("[data-testid=step-start_review]")
    expect(office.locator("[data-testid=state]")).to_have_text(in_thai("under review"))

    reviewer = new_context().new_page()
    login(reviewer, "reviewer-wichai")
    reviewer.goto(request_url)
    with reviewer.expect_navigation():
        reviewer.locator("[data-testid=reviews] a").first.click()
    reviewer.select_option("#id_vote", "approve_with_conditions")
    reviewer.fill("#id_comment", "ต้องเชื่อมกับระบบรับเรื่องกลาง")
    with reviewer.expect_navigation():
        reviewer.click("[data-testid=cast-vote]")

    office.goto(request_url)
    office.select_option("#decide_decision", "approved_with_conditions")
    office.fill("#decide_condition", "เชื่อมต่อกับระบบรับเรื่องกลาง 1555")
    with office.expect_navigation():
        office.click("[data-testid=step-decide]")
    expect(office.locator("[data-testid=decision]")).to_have_text(
        in_thai("approved with conditions")
    )
    expect(office.locator("[data-testid=conditions]")).to_contain_text("ระบบรับเรื่องกลาง 1555")
    stored = ReviewRequest.objects.get(title="ระบบรับแจ้งปัญหาทางเท้า")
    assert (stored.state, stored.decision) == ("decided", "approved_with_conditions")
    assert stored.reviews.get().vote == "approve_with_conditions"
