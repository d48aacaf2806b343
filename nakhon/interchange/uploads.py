"""Uploaded files kept between the dry run and the confirmed import, for one user session."""

import shutil
import time
import uuid
from pathlib import Path

from django.conf import settings

MAX_AGE_SECONDS = 24 * 3600


def upload_root() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def keep(files) -> tuple[str, list[Path]]:
    """Store uploaded files under a fresh token; forget uploads older than a day."""
    _forget_old()
    token = uuid.uuid4().hex
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


def _forget_old() -> None:
    root = upload_root()
    if not root.is_dir():
        return
    for folder in root.iterdir():
        if time.time() - folder.stat().st_mtime > MAX_AGE_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)
