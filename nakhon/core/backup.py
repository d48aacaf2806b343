"""Backups: everything an installation holds, in one archive, restorable into an empty database
on either engine.

The archive (.tar.gz) holds `manifest.json` (when, from which engine, the migrations applied),
`database.fulljson` (every row of every table: Django's JSON serialisation, with times to the
microsecond and content types by name, read in one snapshot so that it is consistent) and
`files/` (the uploads and job files under NAKHON_DATA_DIR, and the media files people attached,
such as workshop materials). Content types, permissions and
sessions are not kept: `migrate` makes the first two, and sessions are only sign-ins. The secret
key is not kept either (NAKHON_SECRET_KEY, or var/secret_key: keep it with the installation's
other secrets).
"""

import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
# Made by `migrate` in any database, or not worth keeping.
NOT_KEPT = ["contenttypes", "auth.permission", "sessions"]


def file_folders() -> dict[str, Path]:
    """The folders of files the backup keeps, by their name in the archive."""
    data_dir = Path(settings.DATA_DIR)
    return {
        "uploads": data_dir / "uploads",
        "jobs": data_dir / "jobs",
        "media": Path(settings.MEDIA_ROOT),
    }


class BackupError(Exception):
    pass


def applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def kept_models():
    excluded = {"contenttypes", "sessions"}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in excluded and model._meta.label_lower != "auth.permission"
    ]


def backup(target: Path) -> dict:
    """Writes the archive to `target`; returns its manifest."""
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / "database.fulljson"
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # One snapshot for every table: what commits meanwhile is not half in it.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            manifest = {
                "format": FORMAT,
                "created": timezone.now().isoformat(),
                "engine": connection.vendor,
                "migrations": applied_migrations(),
                "rows": {model._meta.label: model._base_manager.count() for model in kept_models()},
            }
            call_command(
                "dumpdata",
                exclude=NOT_KEPT,
                natural_foreign=True,
                output=str(dump),
                format="fulljson",
                verbosity=0,
            )
        with tarfile.open(target, "w:gz") as archive:
            add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(dump, "database.fulljson")
            for name, folder in file_folders().items():
                if folder.is_dir():
                    archive.add(folder, f"files/{name}")
    return manifest


def add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def holds_data() -> list[str]:
    """The tables of this database that hold rows (those `migrate` fills aside)."""
    return [model._meta.label for model in kept_models() if model._base_manager.exists()]


def restore(source: Path, *, replace: bool = False) -> dict:
    """Restores the archive at `source` into this database (migrated to the same migrations)
    and NAKHON_DATA_DIR. Refuses a database that holds data unless `replace`; then everything
    it held is deleted first. All or nothing for the database."""
    with tarfile.open(source, "r:gz") as archive, tempfile.TemporaryDirectory() as scratch:
        manifest = json.load(archive.extractfile("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise BackupError(_("This is not a Nakhon EA backup this version can read."))
        if manifest["migrations"] != applied_migrations():
            raise BackupError(
                _(
                    "The backup was made at other database migrations than this database's: "
                    "install the same version of Nakhon EA and run “nakhon migrate” first."
                )
            )
        if (held := holds_data()) and not replace:
            raise BackupError(
                _(
                    "This database already holds data (%(tables)s); restore into an empty "
                    "database, or pass --replace to delete it all first."
                )
                % {"tables": ", ".join(held[:5])}
            )
        members = [m for m in archive.getmembers() if m.name.startswith("files/")]
        archive.extract("database.fulljson", scratch, filter="data")
        archive.extractall(scratch, members=members, filter="data")
        with transaction.atomic():
            if held:
                call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(Path(scratch) / "database.fulljson"), verbosity=0)
        for name, folder in file_folders().items():
            kept = Path(scratch) / "files" / name
            if kept.is_dir():
                folder.mkdir(parents=True, exist_ok=True)
                for path in kept.rglob("*"):
                    target = folder / path.relative_to(kept)
                    if path.is_dir():
                        target.mkdir(parents=True, exist_ok=True)
                    else:
                        target.write_bytes(path.read_bytes())
    return manifest
