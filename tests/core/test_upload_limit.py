"""A request body larger than NAKHON_MAX_UPLOAD_BYTES is refused from its declared length,
before anything reads or stores it: 413, in JSON under /api/."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from nakhon.core.permissions import Role
from tests.cases.api import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_limit(settings, tmp_path):
    settings.NAKHON_MAX_UPLOAD_BYTES = 2000
    settings.DATA_DIR = tmp_path


def upload(size: int):
    return {"files": SimpleUploadedFile("model.xml", b"<" + b"x" * size, "text/xml")}


def test_a_page_upload_over_the_limit_is_refused_and_not_kept(client, admin_user, tmp_path):
    client.force_login(admin_user)
    response = client.post("/interchange/import/", upload(5000))
    assert response.status_code == 413
    assert "2000" in response.content.decode()
    assert not (tmp_path / "uploads").exists()


def test_an_api_upload_over_the_limit_is_a_413_in_json(make_user, tmp_path):
    client = api_client(make_user(Role.EA_OFFICE))
    response = client.post("/api/interchange/import/", upload(5000), format="multipart")
    assert response.status_code == 413
    assert "2000" in response.json()["detail"]
    assert not (tmp_path / "uploads").exists()


def test_an_upload_within_the_limit_is_read(make_user):
    client = api_client(make_user(Role.EA_OFFICE))
    response = client.post("/api/interchange/import/", upload(100), format="multipart")
    assert response.status_code == 400  # read, and refused for what it holds
    assert "2000" not in str(response.json())
