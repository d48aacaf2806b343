"""Large imports and exports run in the background: the page or the API opens a job, the worker
runs it (here the worker command itself, in batch mode), and the job's page and JSON follow it."""

import io
import re
import signal
import zipfile

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from rest_framework.test import APIClient

from nakhon.core.models import ChangeLogEntry, Job, JobState
from nakhon.core.permissions import Role
from nakhon.interchange.document import RelationshipDoc
from nakhon.interchange.formats import write_document
from nakhon.interchange.importer import apply_import
from nakhon.repository.models import Element, Relationship, View

# The worker runs in another process in production; here it runs in the test's own, and its
# tasks write through their own transactions, so the tests need real commits.
pytestmark = pytest.mark.django_db(transaction=True)

JOB_URL = re.compile(r"^/jobs/([0-9a-f-]{36})/$")


@pytest.fixture(autouse=True)
def background_for_everything(settings, tmp_path):
    """Every upload and export is "large", and files go to a folder of the test's own."""
    settings.NAKHON_INLINE_IMPORT_BYTES = 10
    settings.NAKHON_INLINE_EXPORT_OBJECTS = 0
    settings.DATA_DIR = tmp_path


def run_worker() -> None:
    """Run every queued task as the worker command does, then stop (its batch mode)."""
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    handlers = {number: signal.getsignal(number) for number in signals}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    finally:
        # The worker takes over the signals to stop cleanly; give them back to pytest.
        for number, handler in handlers.items():
            signal.signal(number, handler)


def row_counts() -> tuple[int, int, int, int]:
    archi = Element.objects.exclude(orgunit__isnull=False)
    return (
        archi.count(),
        Relationship.objects.count(),
        View.objects.count(),
        ChangeLogEntry.objects.count(),
    )


def job_of(response) -> Job:
    assert response.status_code == 302, response.content.decode()[-2000:]
    match = JOB_URL.match(response["Location"])
    assert match, response["Location"]
    return Job.objects.get(pk=match[1])


def upload(client, path):
    with open(path, "rb") as file:
        return client.post("/interchange/import/", {"files": file})


@pytest.fixture
def refused_file(full_document, tmp_path):
    """An exchange file with one relationship ArchiMate does not allow."""
    full_document.relationships.append(
        RelationshipDoc("id-bad", "Triggering", "id-data", "id-actor")
    )
    path = tmp_path / "with-a-refusal.xml"
    with path.open("wb") as target:
        write_document(full_document, "exchange", target)
    return path


def test_a_large_upload_is_checked_by_the_worker_then_imported(client, admin_user, archi_fixtures):
    client.force_login(admin_user)
    check = job_of(upload(client, archi_fixtures / "Sample1.xml"))
    assert check.state == JobState.QUEUED and check.user == admin_user
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "nakhon.interchange.tasks.check_upload"
    assert queued.args_kwargs["args"] == [str(check.pk)]
    waiting = client.get(check.get_absolute_url()).content.decode()
    assert 'data-testid="job-progress"' in waiting and "nakhon/jobs.js" in waiting
    assert '<meta http-equiv="refresh"' in waiting  # without JavaScript, the page reloads

    run_worker()
    check.refresh_from_db()
    assert check.state == JobState.DONE
    assert check.report["counts"]["element"] == {"create": 2}
    assert check.report["file_names"] == "Sample1.xml"
    assert row_counts() == (0, 0, 0, 0)  # a dry run
    page = client.get(check.get_absolute_url()).content.decode()
    assert 'data-testid="import-summary"' in page and "Nothing has been written yet" in page
    assert "nakhon/jobs.js" not in page
    shown = client.get(f"/api/jobs/{check.pk}/").json()
    assert shown["state"] == "done" and shown["report"]["counts"]["relationship"] == {"create": 1}

    confirm = f"/interchange/import/jobs/{check.pk}/confirm/"
    assert f'action="{confirm}"' in page
    imported = job_of(client.post(confirm))
    assert imported.pk != check.pk
    # Confirming twice follows the first import instead of starting another one.
    assert job_of(client.post(confirm)) == imported
    assert "Follow the import" in client.get(check.get_absolute_url()).content.decode()

    run_worker()
    imported.refresh_from_db()
    assert imported.state == JobState.DONE, imported.message
    assert row_counts()[:3] == (2, 1, 0)
    batch = imported.report["batch"]
    assert ChangeLogEntry.objects.filter(batch=batch).count() == row_counts()[3] > 0
    assert (imported.done, imported.total) == (3, 3)  # the import's own progress, kept
    done = client.get(imported.get_absolute_url()).content.decode()
    assert f"/changes/?batch={batch}" in done and 'data-testid="job-batch"' in done
    assert not (imported.folder() / "progress.json").exists()


def test_a_file_that_cannot_be_read_fails_the_job_with_its_message(client, admin_user, tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text("<model xmlns='http://www.opengroup.org/xsd/archimate/3.0/'><elements>")
    client.force_login(admin_user)
    job = job_of(upload(client, broken))
    run_worker()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.message
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'data-testid="job-failed"' in page and job.message.split(":")[0] in page
    assert client.get(f"/api/jobs/{job.pk}/").json()["message"] == job.message
    assert row_counts() == (0, 0, 0, 0)
    assert client.post(f"/interchange/import/jobs/{job.pk}/confirm/").status_code == 302
    assert Job.objects.count() == 1  # its files are gone: nothing to import


def test_a_refused_import_writes_nothing_and_offers_the_rest(client, admin_user, refused_file):
    client.force_login(admin_user)
    check = job_of(upload(client, refused_file))
    run_worker()
    check.refresh_from_db()
    assert check.report["refused_count"] == 1
    page = client.get(check.get_absolute_url()).content.decode()
    assert 'data-testid="import-refused"' in page and "id-bad" in page

    # Importing all of it, without saying "without the refused", is refused and writes nothing.
    confirm = f"/interchange/import/jobs/{check.pk}/confirm/"
    strict = job_of(client.post(confirm))
    run_worker()
    strict.refresh_from_db()
    assert strict.state == JobState.FAILED and "cannot be imported" in strict.message
    assert row_counts() == (0, 0, 0, 0)
    refusal = client.get(strict.get_absolute_url()).content.decode()
    assert "id-bad" in refusal and f'action="{confirm}"' in refusal

    rest = job_of(client.post(confirm, {"without_refused": "1"}))
    run_worker()
    rest.refresh_from_db()
    assert rest.state == JobState.DONE, rest.message
    assert not Relationship.objects.filter(identifier="id-bad").exists()
    assert Element.objects.filter(identifier="id-actor").exists()


def test_only_the_owner_and_the_ea_office_see_a_job(client, make_user, unit_a, archi_fixtures):
    owner = make_user(Role.UNIT_EDITOR, unit_a)
    client.force_login(owner)
    job = job_of(upload(client, archi_fixtures / "Sample1.xml"))
    run_worker()

    other = APIClient()
    other.force_authenticate(make_user(Role.UNIT_EDITOR, unit_a))
    assert other.get(f"/api/jobs/{job.pk}/").status_code == 404
    client.force_login(make_user(Role.VIEWER, unit_a))
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.post(f"/interchange/import/jobs/{job.pk}/confirm/").status_code == 403

    office = make_user(Role.EA_OFFICE, unit_a)
    client.force_login(office)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'data-testid="import-summary"' in page
    assert "/confirm/" not in page  # only the person who uploaded the files imports them
    assert client.post(f"/interchange/import/jobs/{job.pk}/confirm/").status_code == 404
    assert Job.objects.count() == 1


def test_api_upload_over_the_threshold_is_accepted_then_imported(admin_user, archi_fixtures):
    api = APIClient()
    api.force_authenticate(admin_user)
    with open(archi_fixtures / "Sample1.xml", "rb") as file:
        accepted = api.post("/api/interchange/import/", {"files": file}, format="multipart")
    assert accepted.status_code == 202
    job_url = accepted["Location"]
    assert type(job_url) is str  # WSGI servers refuse a str subclass (DRF's Hyperlink)
    assert accepted.json()["url"] == job_url and job_url.endswith(
        f"/api/jobs/{accepted.json()['id']}/"
    )
    assert api.get(job_url).json()["state"] == "queued"
    assert row_counts() == (0, 0, 0, 0)

    run_worker()
    finished = api.get(job_url).json()
    assert finished["state"] == "done", finished["message"]
    assert finished["report"]["counts"]["element"] == {"create": 2}
    assert (finished["done"], finished["total"]) == (3, 3)
    assert ChangeLogEntry.objects.filter(batch=finished["report"]["batch"]).exists()
    assert row_counts()[:3] == (2, 1, 0)


def test_api_dry_run_over_the_threshold_writes_nothing(admin_user, archi_fixtures):
    api = APIClient()
    api.force_authenticate(admin_user)
    with open(archi_fixtures / "Sample1.xml", "rb") as file:
        accepted = api.post(
            "/api/interchange/import/?dry_run=1", {"files": file}, format="multipart"
        )
    assert accepted.status_code == 202
    run_worker()
    report = api.get(accepted["Location"]).json()["report"]
    assert report["counts"]["element"] == {"create": 2} and report["batch"] is None
    assert row_counts() == (0, 0, 0, 0)


def test_api_errors_found_before_the_job_stay_4xx_and_open_no_job(admin_user, make_user, unit_a):
    api = APIClient()
    api.force_authenticate(admin_user)
    assert api.post("/api/interchange/import/", {}, format="multipart").status_code == 400
    assert api.get("/api/interchange/export/", {"file_format": "pdf"}).status_code == 400
    api.force_authenticate(make_user(Role.VIEWER, unit_a))
    upload = io.BytesIO(b"<model/>")
    upload.name = "model.xml"
    refused = api.post("/api/interchange/import/", {"files": upload}, format="multipart")
    assert refused.status_code == 403 and refused.json()["detail"]
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()


def test_a_large_export_is_written_by_the_worker_and_offered_to_its_owner(
    client, admin_user, full_document, system_actor, make_user, unit_a
):
    apply_import(full_document, system_actor)
    client.force_login(admin_user)
    offered = client.get("/interchange/export/", {"format": "csv"})
    assert b"Start the export" in offered.content and not Job.objects.exists()
    job = job_of(client.post("/interchange/export/", {"format": "csv"}))
    run_worker()
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.message
    page = client.get(job.get_absolute_url()).content.decode()
    assert f"/jobs/{job.pk}/file/" in page
    assert "Elements: 8," in job.message  # the file's six and the two units' actors
    download = client.get(f"/jobs/{job.pk}/file/")
    assert download["Content-Disposition"] == 'attachment; filename="nakhon-ea.zip"'
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert len(archive.namelist()) == 3

    client.force_login(make_user(Role.EA_OFFICE, unit_a))
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 200
    client.force_login(make_user(Role.UNIT_EDITOR, unit_a))
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 404


def test_api_export_over_the_threshold_gives_the_file_through_the_job(
    admin_user, full_document, system_actor
):
    apply_import(full_document, system_actor)
    api = APIClient()
    api.force_authenticate(admin_user)
    accepted = api.get("/api/interchange/export/", {"file_format": "exchange"})
    assert accepted.status_code == 202 and accepted.json()["file"] is None
    run_worker()
    file_url = api.get(accepted["Location"]).json()["file"]
    assert file_url.endswith(f"/api/jobs/{accepted.json()['id']}/file/")
    exported = api.get(file_url)
    assert exported.status_code == 200 and b"id-actor" in b"".join(exported.streaming_content)


def test_small_uploads_are_still_checked_while_the_page_waits(
    client, admin_user, archi_fixtures, settings
):
    settings.NAKHON_INLINE_IMPORT_BYTES = 5 * 1024 * 1024
    client.force_login(admin_user)
    report = upload(client, archi_fixtures / "Sample1.xml")
    assert report.status_code == 200 and 'data-testid="import-summary"' in report.content.decode()
    assert not Job.objects.exists()
