"""Imports and exports too large to wait for, as tasks that the worker runs (`nakhon db_worker`).

A page or the API opens a Job and enqueues a task with its id; the task does the work with the
same functions the pages use and writes progress, the report and any file into the Job, which
the job's page and `/api/jobs/<id>/` show. An import stays all or nothing.
"""

from django.utils.translation import gettext as _
from django_tasks import task

from nakhon.core.models import Channel, Job
from nakhon.core.services import Actor
from nakhon.interchange import uploads
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.exporter import export_document
from nakhon.interchange.formats import EXPORT_EXTENSIONS, read_paths, write_document
from nakhon.interchange.importer import ImportPlan, ImportRefused, apply_import, plan_import
from nakhon.interchange.reports import plan_summary

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
            plan = plan_import(read_paths(paths), _actor(job))
        except InterchangeError as error:
            uploads.forget(job.pk.hex)
            job.fail(str(error))
        else:
            job.finish(report=plan_report(plan, paths))


@task()
def import_upload(job_id: str, upload: str, without_refused: bool) -> None:
    with Job.running(job_id) as job:
        paths = uploads.kept(upload)
        if not paths:
            job.fail(_("The uploaded file is no longer here; upload it again."))
            return
        try:
            plan = apply_import(
                read_paths(paths),
                _actor(job),
                without_refused=without_refused,
                progress=job.set_progress,
            )
        except ImportRefused as refused:
            # The page offers to import the rest, from the same upload.
            job.fail(str(refused), report={**plan_report(refused.plan, paths), "upload": upload})
        except InterchangeError as error:
            job.fail(_("Nothing was imported. %(error)s") % {"error": error})
        else:
            uploads.forget(upload)
            job.finish(
                message=_("Imported. Every change is in the change log as one batch."),
                report=plan_report(plan, paths),
            )


@task()
def export_repository(job_id: str, key: str) -> None:
    with Job.running(job_id) as job:
        doc = export_document()
        path = job.file_path(f"nakhon-ea{EXPORT_EXTENSIONS[key]}")
        with path.open("wb") as target:
            write_document(doc, key, target)
        message = _(
            "Exported. Elements: %(elements)d, relationships: %(relationships)d, views: %(views)d."
        ) % {
            "elements": len(doc.elements),
            "relationships": len(doc.relationships),
            "views": len(doc.views),
        }
        job.finish(message=message, report={"format": key}, result=path)


def _actor(job: Job) -> Actor:
    return Actor(user=job.user, channel=Channel.IMPORT)


def plan_report(plan: ImportPlan, paths) -> dict:
    """The plan as a job keeps it: `plan_summary` (no list of changes: a whole model's worth),
    with the first refused objects and their count, and the files' names."""
    report = plan_summary(plan)
    report["refused_count"] = len(report["refused"])
    report["refused"] = report["refused"][:REFUSED_KEPT]
    report["file_names"] = ", ".join(path.name for path in paths)
    return report
