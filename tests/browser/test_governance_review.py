"""An architecture review in a browser, from draft to the repository: a unit editor drafts a
request, imports the Archi file of its architecture into the request's change proposal and
submits it; the EA office assigns a reviewer and starts the review; the reviewer votes; the EA
office approves with a condition, which merges the proposal: the new application is then in the
repository and in the target plateau."""

import re

import pytest
from playwright.sync_api import expect

from nakhon.core.permissions import Role
from nakhon.governance.models import ReviewRequest
from nakhon.repository.models import PlateauState
from nakhon.repository.services import elements, plateaus
from tests.browser.conftest import in_thai, login
from tests.interchange.test_import_into_proposal import exchange_file

pytestmark = pytest.mark.browser

NEW_APPLICATION = "ระบบรับเรื่องร้องเรียนออนไลน์"


def test_draft_import_review_approve_and_merge(
    new_context, make_user, system_actor, unit_a, tmp_path
):
    make_user(Role.UNIT_EDITOR, unit_a, username="somchai")
    make_user(Role.EA_OFFICE, None, username="ea-malee")
    make_user(Role.REVIEWER, None, username="reviewer-wichai")
    # What the Archi file links to and adds to, already live.
    elements.create(
        system_actor,
        type="ApplicationService",
        name="บริการรับเรื่อง",
        identifier="id-live-service",
        owner_unit=unit_a,
    )
    target = plateaus.create(
        system_actor,
        name="สถาปัตยกรรมเป้าหมาย 2570",
        identifier="id-target",
        state=PlateauState.TARGET,
        owner_unit=unit_a,
    )
    upload = tmp_path / "request.xml"
    upload.write_bytes(exchange_file())

    editor = new_context().new_page()
    # The server's first page (static files indexed, templates and catalogues loaded) may
    # take longer than the usual timeout on a busy machine.
    editor.goto("/login/", timeout=60_000)
    login(editor, "somchai")
    editor.goto("/governance/requests/add/")
    editor.fill("#id_title", NEW_APPLICATION)
    editor.select_option("#id_request_type", "establish")
    editor.select_option("#id_owner_unit", str(unit_a.pk))
    editor.fill("#id_budget", "1500000")
    editor.fill("#id_fiscal_year", "2570")
    with editor.expect_navigation():
        editor.click("main form button[type=submit]")
    expect(editor.locator("[data-testid=state]")).to_have_text(in_thai("draft"))
    request_url = editor.url

    # The request's proposal: the Archi file is recorded in it, and nothing is live yet.
    editor.goto(request_url + "proposal/")
    with editor.expect_navigation():
        editor.get_by_test_id("start-proposal").click()
    expect(editor.get_by_test_id("proposal-banner")).to_be_visible()
    with editor.expect_navigation():
        editor.get_by_test_id("import-into-proposal").click()
    editor.set_input_files("input[type=file]", str(upload))
    with editor.expect_navigation():
        editor.get_by_test_id("import-submit").click()
    expect(editor).to_have_url(re.compile(r"/proposal/$"))
    diff = editor.get_by_test_id("proposal-diff")
    expect(diff).to_contain_text(NEW_APPLICATION)
    expect(diff).to_contain_text("สถาปัตยกรรมเป้าหมาย 2570")
    editor.get_by_test_id("leave-proposal").click()
    editor.goto("/repository/elements/?q=ร้องเรียนออนไลน์")
    expect(editor.locator("#object-table")).not_to_contain_text(NEW_APPLICATION)

    editor.goto(request_url)
    with editor.expect_navigation():
        editor.click("[data-testid=step-submit]")
    expect(editor.locator("[data-testid=state]")).to_have_text(in_thai("submitted"))
    expect(editor.locator("[data-testid=deadline]")).to_contain_text("25")  # a B.E. year

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
    stored = ReviewRequest.objects.get(title=NEW_APPLICATION)
    assert (stored.state, stored.decision) == ("decided", "approved_with_conditions")
    assert stored.reviews.get().vote == "approve_with_conditions"

    # Approval merged the proposal: the application is live, and in the target plateau.
    office.goto("/repository/elements/?q=ร้องเรียนออนไลน์")
    expect(office.locator("#object-table")).to_contain_text(NEW_APPLICATION)
    office.goto(target.get_absolute_url())
    expect(office.locator("main")).to_contain_text(NEW_APPLICATION)
    office.goto(request_url + "proposal/")
    expect(office.get_by_test_id("proposal-state")).to_have_text(in_thai("merged"))
