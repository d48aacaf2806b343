"""Uploaded files kept between an import's plan and its confirmation, for one user session or
one background job (the model import and the citizen's-manual import both keep theirs here)."""

import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from nakhon.core.models import JOB_FILES_MAX_AGE_SECONDS, remove_old_folders


class UploadGone(Exception):
    """The files kept under a token are gone (imported already, or older than a day)."""

    def __init__(self):
        super().__init__(_("The uploaded file is no longer here; upload it again."))


def upload_root() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def keep(files, token: str = "") -> tuple[str, list[Path]]:
    """Store uploaded files under `token` (a fresh one if none is given); forget uploads older
    than a day."""
    remove_old_folders(upload_root(), JOB_FILES_MAX_AGE_SECONDS)
    token = token or uuid.uuid4().hex
    folder = upload_root() / token
    folder.mkdir(parents=True)
    return token, save(files, folder)


def save(files, folder: Path) -> list[Path]:
    """Write uploaded files into `folder` under their own base names (never a path the browser
    chose), and return their paths."""
    paths = []
    for upload in files:
        path = folder / Path(upload.name).name
        with path.open("wb") as target:
            for chunk in upload.chunks():
                target.write(chunk)
        paths.append(path)
    return paths


def kept(token: str) -> list[Path]:
    if not token or not token.isalnum():
        return []
    folder = upload_root() / token
    return sorted(folder.iterdir()) if folder.is_dir() else []


def forget(token: str) -> None:
    if token and token.isalnum():
        shutil.rmtree(upload_root() / token, ignore_errors=True)
