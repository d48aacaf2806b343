"""A large upload in the browser: the job's page follows the worker, then offers the import."""

import re

import pytest
from playwright.sync_api import Page, expect

from nakhon.core.permissions import Role
from nakhon.repository.models import Element
from tests.browser.conftest import in_thai, login
from tests.interchange.conftest import FIXTURES
from tests.interchange.test_jobs import run_worker

pytestmark = pytest.mark.browser


def imported_elements():
    return Element.objects.exclude(orgunit__isnull=False)  # not the units' own actors


@pytest.fixture
def ea_officer(make_user, unit_a):
    return make_user(Role.EA_OFFICE, unit_a, username="somchai")


def test_a_large_upload_is_checked_and_imported_in_the_background(
    page: Page, ea_officer, settings, tmp_path
):
    settings.NAKHON_INLINE_IMPORT_BYTES = 10  # every file is "large"
    settings.DATA_DIR = tmp_path
    login(page, "somchai")
    page.goto("/interchange/import/")
    page.set_input_files("#id_files", str(FIXTURES / "Sample1.xml"))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]{36}/$"))
    expect(page.locator("[data-job-state]")).to_have_text(in_thai("waiting"))

    run_worker()  # the page notices by itself, and shows the report
    summary = page.locator("[data-testid=import-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("2")
    assert not imported_elements().exists()

    with page.expect_navigation():
        page.get_by_role("button", name=in_thai("Import"), exact=True).click()
    expect(page.locator("[data-testid=job-progress]")).to_be_visible()

    run_worker()
    to_changes = page.locator("[data-testid=job-batch]")
    expect(to_changes).to_be_visible()
    expect(page.locator("[data-testid=job-done]")).to_have_text(
        in_thai("Imported. Every change is in the change log as one batch.")
    )
    to_changes.click()
    expect(page).to_have_url(re.compile(r"/changes/\?batch="))
    assert imported_elements().count() == 2
