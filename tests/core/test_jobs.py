"""The generic background job: who sees it, how its page and JSON follow it, what it leaves."""

import os
import time

import pytest
from rest_framework.test import APIClient

from nakhon.core.models import Job, JobState
from nakhon.core.permissions import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def job_files_in_a_folder_of_the_tests_own(settings, tmp_path):
    settings.DATA_DIR = tmp_path


@pytest.fixture
def owner(make_user, unit_a):
    return make_user(Role.UNIT_EDITOR, unit_a)


@pytest.fixture
def job(owner):
    return Job.open(owner, "test.kind")


def api_for(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_a_running_job_shows_the_progress_its_work_writes(client, owner, job):
    with Job.running(job.pk) as running:
        running.set_progress(40, 160)
        client.force_login(owner)
        page = client.get(f"/jobs/{job.pk}/").content.decode()
        shown = api_for(owner).get(f"/api/jobs/{job.pk}/").json()
        running.finish(message="All done.", report={"rows": 160})
    assert 'style="width: 25%"' in page and "<span data-job-done>40</span>" in page
    assert (shown["state"], shown["done"], shown["total"]) == ("running", 40, 160)
    assert shown["page"].endswith(f"/jobs/{job.pk}/")

    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.report) == (JobState.DONE, 40, 160, {"rows": 160})
    assert job.started_at <= job.finished_at
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'data-testid="job-done"' in page and "All done." in page
    assert "data-job-done" not in page and "jobs.js" not in page


def test_progress_is_written_at_most_twice_a_second_but_always_at_the_end(job):
    job.state = JobState.RUNNING
    job.set_progress(1, 1000)
    job.set_progress(2, 1000)
    assert job.progress() == (1, 1000)  # the second came too soon to be written
    job.set_progress(1000, 1000)
    assert job.progress() == (1000, 1000)


def test_a_job_waiting_long_for_a_worker_says_so(client, owner, job):
    client.force_login(owner)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "data-job-waiting hidden" in page
    Job.objects.filter(pk=job.pk).update(created_at=job.created_at.replace(year=2020))
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "data-job-waiting>" in page and "nakhon db_worker" in page


def test_an_unexpected_error_fails_the_job_and_goes_on_to_the_worker(job):
    with pytest.raises(ZeroDivisionError), Job.running(job.pk):
        1 / 0  # noqa: B018
    job.refresh_from_db()
    assert job.state == JobState.FAILED and "unexpected error" in job.message


def test_only_the_owner_the_ea_office_and_admins_see_a_job(
    client, owner, job, make_user, unit_a, admin_user
):
    for stranger in (make_user(Role.UNIT_EDITOR, unit_a), make_user(Role.VIEWER, unit_a)):
        client.force_login(stranger)
        assert client.get(f"/jobs/{job.pk}/").status_code == 404
        assert api_for(stranger).get(f"/api/jobs/{job.pk}/").status_code == 404
    for allowed in (owner, make_user(Role.EA_OFFICE, unit_a), admin_user):
        client.force_login(allowed)
        assert client.get(f"/jobs/{job.pk}/").status_code == 200
        assert api_for(allowed).get(f"/api/jobs/{job.pk}/").json()["id"] == str(job.pk)
    client.logout()
    assert client.get(f"/jobs/{job.pk}/").status_code == 302  # to the login page
    assert APIClient().get(f"/api/jobs/{job.pk}/").status_code == 401


def test_the_file_a_job_produced_is_served_while_it_is_kept(client, owner, job):
    path = job.file_path("report.csv")
    path.write_text("a,b\n")
    job.finish(result=path)
    client.force_login(owner)
    response = client.get(f"/jobs/{job.pk}/file/")
    assert b"".join(response.streaming_content) == b"a,b\n"
    assert response["Content-Disposition"] == 'attachment; filename="report.csv"'
    assert api_for(owner).get(f"/api/jobs/{job.pk}/").json()["file"].endswith("/file/")

    path.unlink()
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 404
    assert "no longer kept" in client.get(f"/jobs/{job.pk}/").content.decode()
    assert api_for(owner).get(f"/api/jobs/{job.pk}/").json()["file"] is None


def test_files_of_jobs_older_than_a_day_are_removed(job, owner):
    old = Job.open(owner, "test.kind")
    old.file_path("export.xml").write_text("<model/>")
    day_and_a_bit_ago = time.time() - 25 * 3600
    os.utime(old.folder(), (day_and_a_bit_ago, day_and_a_bit_ago))
    job.file_path("export.xml").write_text("<model/>")  # a new job's file clears old ones
    assert not old.folder().exists() and job.folder().exists()


def test_a_running_job_without_progress_for_ten_minutes_says_its_worker_has_stopped(
    client, owner, job
):
    client.force_login(owner)
    with Job.running(job.pk) as running:
        running.set_progress(10, 100)
        assert "data-job-stalled hidden" in client.get(f"/jobs/{job.pk}/").content.decode()
        assert api_for(owner).get(f"/api/jobs/{job.pk}/").json()["stalled"] is False

        long_ago = time.time() - 11 * 60
        os.utime(running.folder() / "progress.json", (long_ago, long_ago))
        Job.objects.filter(pk=job.pk).update(started_at=job.created_at.replace(year=2020))
        page = client.get(f"/jobs/{job.pk}/").content.decode()
        assert "data-job-stalled>" in page and "no progress for ten minutes" in page
        assert api_for(owner).get(f"/api/jobs/{job.pk}/").json()["stalled"] is True
        running.finish()
