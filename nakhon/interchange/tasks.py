"""The work of imports and exports, and the tasks that the worker runs (`nakhon db_worker`)
for those too large to wait for.

`services`, the front door, decides which: it does the work here and now with the functions
below, or opens a Job and enqueues a task with its id; the task does the same work and writes
progress, the report and any file into the Job, which the job's page and `/api/jobs/<id>/`
show. An import stays all or nothing.
"""

from pathlib import Path

from django.utils.translation import gettext as _
from django_tasks import task

from nakhon.core.models import Channel, Job
from nakhon.core.services import Actor
from nakhon.interchange import uploads
from nakhon.interchange.document import ModelDocument
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.exporter import export_document
from nakhon.interchange.formats import EXPORT_EXTENSIONS, read_paths, write_document
from nakhon.interchange.importer import ImportPlan, ImportRefused, apply_import, plan_import
from nakhon.interchange.reports import import_summary

CHECK, IMPORT, EXPORT = "interchange.check", "interchange.import", "interchange.export"
# A report keeps this many refused objects, and their count: the page shows as many.
REFUSED_KEPT = 500


def check_later(user, files) -> Job:
    """Keep the uploaded files and have the worker work out what importing them would do."""
    job = _open_with_files(user, CHECK, files)
    check_upload.enqueue(str(job.pk))
    return job


def import_later(user, upload: str, *, without_refused: bool) -> Job:
    """Have the worker import the files kept under `upload` (the id of the job that checked
    them)."""
    job = Job.open(user, IMPORT)
    import_upload.enqueue(str(job.pk), upload, without_refused)
    return job


def import_files_later(user, files, *, without_refused: bool) -> Job:
    """Keep the uploaded files and have the worker import them, without a dry run first."""
    job = _open_with_files(user, IMPORT, files)
    import_upload.enqueue(str(job.pk), job.pk.hex, without_refused)
    return job


def export_later(user, key: str) -> Job:
    """Have the worker write the repository in format `key` to a file the job offers."""
    job = Job.open(user, EXPORT)
    export_repository.enqueue(str(job.pk), key)
    return job


def _open_with_files(user, kind: str, files) -> Job:
    job = Job.open(user, kind)
    uploads.keep(files, job.pk.hex)
    return job


@task()
def check_upload(job_id: str) -> None:
    with Job.running(job_id) as job:
        paths = uploads.kept(job.pk.hex)
        try:
            plan = assess(paths, _actor(job))
        except InterchangeError as error:
            uploads.forget(job.pk.hex)
            job.fail(str(error))
        else:
            job.finish(report=job_report(plan, paths))


@task()
def import_upload(job_id: str, upload: str, without_refused: bool) -> None:
    with Job.running(job_id) as job:
        paths = uploads.kept(upload)
        if not paths:
            job.fail(str(uploads.UploadGone()))
            return
        try:
            plan = import_paths(
                paths, _actor(job), without_refused=without_refused, progress=job.set_progress
            )
        except ImportRefused as refused:
            # The page offers to import the rest, from the same upload.
            job.fail(str(refused), report={**job_report(refused.plan, paths), "upload": upload})
        except InterchangeError as error:
            job.fail(not_imported(error))
        else:
            uploads.forget(upload)
            job.finish(message=imported(), report=job_report(plan, paths))


@task()
def export_repository(job_id: str, key: str) -> None:
    with Job.running(job_id) as job:
        path = job.file_path(export_file_name(key))
        with path.open("wb") as target:
            doc = write_export(key, target)
        message = _(
            "Exported. Elements: %(elements)d, relationships: %(relationships)d, views: %(views)d."
        ) % {
            "elements": len(doc.elements),
            "relationships": len(doc.relationships),
            "views": len(doc.views),
        }
        job.finish(message=message, report={"format": key}, result=path)


# The work itself, the same here and now (`services`) and in the worker.


def assess(paths: list[Path], actor: Actor, *, owner_unit=None) -> ImportPlan:
    """What importing the files would do (a dry run)."""
    return plan_import(read_paths(paths), actor, owner_unit=owner_unit)


def import_paths(
    paths: list[Path], actor: Actor, *, without_refused: bool, owner_unit=None, progress=None
) -> ImportPlan:
    return apply_import(
        read_paths(paths),
        actor,
        without_refused=without_refused,
        owner_unit=owner_unit,
        progress=progress,
    )


def write_export(key: str, target) -> ModelDocument:
    """Write the whole repository in format `key` to the open binary `target`; what was written."""
    doc = export_document()
    write_document(doc, key, target)
    return doc


def export_file_name(key: str) -> str:
    return f"nakhon-ea{EXPORT_EXTENSIONS[key]}"


def imported() -> str:
    return _("Imported. Every change is in the change log as one batch.")


def imported_into_proposal(plan: ImportPlan) -> str:
    message = _("Imported into the proposal: %(count)d changes recorded, nothing changed live.") % {
        "count": plan.recorded
    }
    if plan.left_out:
        message += " " + _("Left out (a proposal does not hold them): %(objects)s.") % {
            "objects": ", ".join(plan.left_out[:20])
        }
    return message


def not_imported(error: InterchangeError) -> str:
    return _("Nothing was imported. %(error)s") % {"error": error}


def _actor(job: Job) -> Actor:
    return Actor(user=job.user, channel=Channel.IMPORT)


def job_report(plan: ImportPlan, paths) -> dict:
    """The import plan as a job keeps it: `import_summary` (no list of changes: a whole
    model's worth), with the first refused objects and their count, and the files' names."""
    report = import_summary(plan)
    report["refused_count"] = len(report["refused"])
    report["refused"] = report["refused"][:REFUSED_KEPT]
    report["file_names"] = ", ".join(path.name for path in paths)
    return report
