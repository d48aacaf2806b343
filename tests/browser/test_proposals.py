"""A unit's review request carries its architecture as a change proposal: the unit editor
imports an Archi exchange file into it in a browser; approved with a condition, the new
application appears in the repository and in the target plateau."""

import re
import urllib.request
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from nakhon.core.permissions import Role
from nakhon.core.services import Actor
from nakhon.governance import workflow
from nakhon.governance.models import ReviewRequest
from nakhon.governance.models.requests import Decision
from nakhon.repository.models import PlateauState
from nakhon.repository.services import elements, plateaus
from tests.browser.conftest import in_thai, login
from tests.interchange.test_import_into_proposal import exchange_file

pytestmark = pytest.mark.browser


def test_a_unit_imports_its_architecture_into_its_request_and_approval_merges_it(
    page: Page, new_context, make_user, system_actor, unit_a, tmp_path, live_server
):
    # The server's first answer loads URLs, templates and catalogues: on a busy machine that
    # alone can outlast the browser's timeouts, so it is asked for once before the browser.
    urllib.request.urlopen(f"{live_server.url}/login/", timeout=120).read()
    editor = make_user(Role.UNIT_EDITOR, unit_a, username="somchai")
    office = make_user(Role.EA_OFFICE, None, username="office")
    reviewer = make_user(Role.REVIEWER, None, username="reviewer")
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
    request = workflow.requests.create(
        Actor.shell(editor),
        title="ระบบรับเรื่องร้องเรียนออนไลน์",
        request_type="establish",
        owner_unit=unit_a,
    )
    upload = tmp_path / "request.xml"
    upload.write_bytes(exchange_file())

    # The unit editor starts the request's proposal and imports the Archi file into it.
    login(page, "somchai")
    page.goto(f"/governance/requests/{request.pk}/proposal/")
    with page.expect_navigation():
        page.get_by_test_id("start-proposal").click()
    expect(page.get_by_test_id("proposal-banner")).to_be_visible()
    with page.expect_navigation():
        page.get_by_test_id("import-into-proposal").click()
    page.set_input_files("input[type=file]", str(upload))
    with page.expect_navigation():
        page.get_by_test_id("import-submit").click()
    expect(page).to_have_url(re.compile(rf"/governance/requests/{request.pk}/proposal/$"))
    diff = page.get_by_test_id("proposal-diff")
    expect(diff).to_contain_text("ระบบรับเรื่องร้องเรียนออนไลน์")
    expect(diff).to_contain_text("สถาปัตยกรรมเป้าหมาย 2570")
    # Nothing is live yet: the repository's list does not show the new application.
    page.get_by_test_id("leave-proposal").click()
    page.goto("/repository/elements/?q=ร้องเรียนออนไลน์")
    expect(page.locator("#object-table")).not_to_contain_text("ระบบรับเรื่องร้องเรียนออนไลน์")

    # The review: submitted, reviewed, approved with a condition by the EA office.
    request = ReviewRequest.objects.get(pk=request.pk)
    workflow.submit(Actor.shell(editor), request)
    review = workflow.assign(Actor.shell(office), request, reviewer)
    workflow.start_review(Actor.shell(office), request)
    workflow.vote(Actor.shell(reviewer), review, "approve_with_conditions", "ทดสอบก่อนใช้งาน")
    workflow.decide(
        Actor.shell(office),
        request,
        Decision.APPROVED_WITH_CONDITIONS,
        conditions_to_add=[{"text": "ทดสอบความปลอดภัย", "due_date": date(2027, 3, 31)}],
    )

    # The new application is in the repository and in the target plateau.
    viewer = new_context().new_page()
    login(viewer, "office")
    viewer.goto("/repository/elements/?q=ร้องเรียนออนไลน์")
    expect(viewer.locator("#object-table")).to_contain_text("ระบบรับเรื่องร้องเรียนออนไลน์")
    viewer.goto(target.get_absolute_url())
    expect(viewer.locator("main")).to_contain_text("ระบบรับเรื่องร้องเรียนออนไลน์")
    viewer.goto(f"/governance/requests/{request.pk}/proposal/")
    expect(viewer.get_by_test_id("proposal-state")).to_have_text(in_thai("merged"))
