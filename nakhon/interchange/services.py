"""The front door of imports and exports, for pages, the API and commands.

Each function decides whether the work is done while the caller waits or by the worker: an
upload over `NAKHON_INLINE_IMPORT_BYTES`, or an export of more than
`NAKHON_INLINE_EXPORT_OBJECTS` objects, becomes a Job (`tasks`), which the function returns in
place of the work's result. Files named by path (a command's) are always read here and now.
"""

import io
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from nakhon.core.models import Job
from nakhon.core.services import Actor
from nakhon.interchange import tasks, uploads
from nakhon.interchange.document import ModelDocument
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.formats import FORMATS
from nakhon.interchange.importer import ImportPlan
from nakhon.repository.models import Element, Relationship, View


@dataclass
class Checked:
    """A dry run done while the caller waited."""

    plan: ImportPlan
    paths: list[Path]
    upload: str = ""  # the token the files are kept under for the import, if asked to keep them

    def report(self) -> dict:
        return tasks.job_report(self.plan, self.paths)


@dataclass
class Export:
    """An export written while the caller waited, ready to download."""

    content: bytes
    filename: str
    content_type: str


def check(actor: Actor, files, *, keep: bool = False, owner_unit=None) -> Checked | Job:
    """What importing `files` (uploaded files, or paths) would do, writing nothing. `keep`: keep
    the uploaded files for `import_kept` (a job keeps them anyway)."""
    if _waits_too_long(files):
        return tasks.check_later(actor.user, files)
    if not keep:
        with _at_hand(files) as paths:
            return Checked(tasks.assess(paths, actor, owner_unit=owner_unit), paths)
    token, paths = uploads.keep(files)
    try:
        return Checked(tasks.assess(paths, actor, owner_unit=owner_unit), paths, token)
    except InterchangeError:
        uploads.forget(token)
        raise


def import_files(
    actor: Actor, files, *, without_refused: bool, owner_unit=None, progress=None
) -> ImportPlan | Job:
    """Import `files` (uploaded files, or paths) without a dry run first; raises ImportRefused
    or InterchangeError when what is done here and now writes nothing. An import into a
    change proposal (`actor.proposal`) is always done here and now."""
    if actor.proposal is None and _waits_too_long(files):
        return tasks.import_files_later(actor.user, files, without_refused=without_refused)
    with _at_hand(files) as paths:
        return tasks.import_paths(
            paths,
            actor,
            without_refused=without_refused,
            owner_unit=owner_unit,
            progress=progress,
        )


def import_kept(actor: Actor, upload: str, *, without_refused: bool) -> ImportPlan | Job:
    """Import the files a dry run kept under `upload`; they are forgotten once imported.
    Raises UploadGone when they are no longer kept."""
    paths = uploads.kept(upload)
    if not paths:
        raise uploads.UploadGone()
    if actor.proposal is None and uploads.too_large_to_wait_for(paths):
        return tasks.import_later(actor.user, upload, without_refused=without_refused)
    plan = tasks.import_paths(paths, actor, without_refused=without_refused)
    uploads.forget(upload)
    return plan


def export(user, key: str) -> Export | Job:
    """The whole repository in format `key`."""
    if export_waits_too_long():
        return tasks.export_later(user, key)
    buffer = io.BytesIO()
    tasks.write_export(key, buffer)
    return Export(buffer.getvalue(), tasks.export_file_name(key), FORMATS[key].content_type)


def export_to(key: str, target) -> ModelDocument:
    """Write the whole repository in format `key` to the open binary `target` here and now
    (a command's file); what was written."""
    return tasks.write_export(key, target)


def export_waits_too_long() -> bool:
    objects = Element.objects.count() + Relationship.objects.count() + View.objects.count()
    return objects > settings.NAKHON_INLINE_EXPORT_OBJECTS


def _waits_too_long(files) -> bool:
    return not _named_by_path(files) and uploads.too_large_to_wait_for(files)


def _named_by_path(files) -> bool:
    return all(isinstance(file, Path) for file in files)


@contextmanager
def _at_hand(files) -> Iterator[list[Path]]:
    """The files' paths: their own, or those of uploaded files saved for as long as they are
    read."""
    if _named_by_path(files):
        yield list(files)
        return
    with tempfile.TemporaryDirectory() as folder:
        yield uploads.save(files, Path(folder))
