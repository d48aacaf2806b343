"""Base mixins every architecture object shares, the change log, and background jobs."""

import functools
import json
import shutil
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nakhon.core import permissions


def bookkeeping_user_field(verbose_name) -> models.ForeignKey:
    """Who created or last changed a row, set by the services from the acting user: neither
    indexed nor checked by the database, which would otherwise pay for both on every row of a
    large import. Django still clears it when an account is deleted (a rare, slower operation
    without the index)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )


def owner_unit_field(related_name: str, on_delete=models.PROTECT) -> models.ForeignKey:
    """The org unit that owns a row (optional), named through settings so that no app below
    organization imports it."""
    return models.ForeignKey(
        settings.NAKHON_UNIT_MODEL,
        verbose_name=_("owning unit"),
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name=related_name,
    )


@functools.cache
def choice_labels(field) -> dict:
    """A field's choices as a dict, value to (lazy) label, made once."""
    return {make_hashable(value): label for value, label in field.flatchoices}


class ChoiceLabels(models.Model):
    """`get_<field>_display` from a dict made once a field: Django's own rebuilds it on every
    call, hashing each lazy label (which translates it), 60 of them for an element type; a
    list page calls it for every row and column."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        label = choice_labels(field).get(make_hashable(value), value)
        return force_str(label, strings_only=True)


class BaseModel(ChoiceLabels):
    """UUID key, who and when, and `version` for optimistic locking.

    Writes go through `nakhon.core.services`, which bumps `version` and logs the change.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = bookkeeping_user_field(_("created by"))
    updated_by = bookkeeping_user_field(_("updated by"))

    # The path from this model to the org unit that owns a row ("" if units do not own it):
    # permissions (`restrict`) and the service layer both read it.
    owner_path = ""

    class Meta:
        abstract = True


class Channel(models.TextChoices):
    UI = "ui", _("web interface")
    API = "api", _("API")
    IMPORT = "import", _("import")
    SHELL = "shell", _("shell")
    SYSTEM = "system", _("system")


class Action(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    DELETE = "delete", _("deleted")


def personal_data_models() -> list:
    """Models whose rows are personal data (`personal_data = True`): their change-log entries
    name people, so the log shows them only to those who may see the row itself."""
    return [m for m in apps.get_models() if getattr(m, "personal_data", False)]


class ChangeLogQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The entries `user` may read in the log (lists, entries, the API): all of them for
        the EA office and administrators; for others, those of personal-data rows only where
        `user` may see the row (an entry of a deleted row stays with the EA office)."""
        if permissions.role_of(user) in permissions.EDIT_EVERYTHING:
            return self
        private = ContentType.objects.get_for_models(*personal_data_models())
        hidden = models.Q(content_type__in=[c.pk for c in private.values()])
        for model, content_type in private.items():
            visible = model.objects.restrict(user).values_list("pk", flat=True)
            ids = [str(pk) for pk in visible]
            if ids:
                hidden &= ~models.Q(content_type=content_type.pk, object_id__in=ids)
        return self.exclude(hidden)


class ChangeLogEntry(ChoiceLabels):
    """One create, update or delete of one object: who, when, which channel, before and after.

    The log's references (user, object type, reverted entry) are not foreign-key constraints in
    the database: entries are only ever added, by the services, which set them from rows they
    hold, and an import adds hundreds of thousands at once, each of which the database would
    otherwise check again at commit. Django still applies their `on_delete` rules.
    """

    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        db_constraint=False,
    )
    # Kept so the log still names the person after the account is deleted.
    user_name = models.CharField(_("user name"), max_length=150, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    # One index on (content_type, object_id), below, serves both: an object's history asks
    # for both, and an index of its own on either would only slow down every write.
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("object type"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=500)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    # All entries written by one request, one import or one revert share a batch id.
    batch = models.UUIDField(_("batch"), db_index=True)
    reverts = models.ForeignKey(
        "self",
        verbose_name=_("reverts"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reverted_by",
        db_constraint=False,
    )

    objects = ChangeLogQuerySet.as_manager()

    class Meta:
        ordering = ["-time", "-id"]
        verbose_name = _("change")
        verbose_name_plural = _("change log")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.object_repr} {self.get_action_display()}"

    @property
    def changed_fields(self) -> list[str]:
        """Fields whose value differs between before and after (all fields on create/delete)."""
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before, *after]))
        return [k for k in keys if before.get(k) != after.get(k)]

    @property
    def model_class(self):
        return self.content_type.model_class()


class JobState(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


FINISHED = (JobState.DONE, JobState.FAILED)
# Files a job leaves (uploads, exports, progress) are kept this long, then removed.
JOB_FILES_MAX_AGE_SECONDS = 24 * 3600
# How often a running job writes its progress down: often enough for a page that asks every
# second or two, seldom enough to cost nothing against the work itself.
PROGRESS_EVERY_SECONDS = 0.5
# A job still waiting after this long suggests that no worker is running.
WAITING_TOO_LONG_SECONDS = 60
# A running job that has written no progress for this long has most likely lost its worker (a
# worker killed outright cannot mark it failed). Imports are all or nothing, so such a job
# wrote nothing; the page says so and suggests starting again.
STALLED_AFTER_SECONDS = 600


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A person sees their own jobs; the EA office and administrators see everyone's."""
        role = permissions.role_of(user)
        if role is None:
            return self.none()
        return self if role in permissions.EDIT_EVERYTHING else self.filter(user=user)


class Job(models.Model):
    """Work that runs in the background (a task of the worker), as the page that started it
    follows it: how far it is, then what it produced (a report, a file to download)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=60)
    state = models.CharField(
        _("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    # Messages and reports are written in the language of the person who started the job.
    language = models.CharField(_("language"), max_length=10, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.TextField(_("message"), blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    # Relative to settings.DATA_DIR.
    result_file = models.CharField(_("result file"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self) -> str:
        return f"{job_kind(self.kind).label} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("core:job", args=[self.pk])

    @classmethod
    def open(cls, user, kind: str) -> "Job":
        """A new job of `kind` for `user`, in the language they are using now."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        return cls.objects.create(user=user, kind=kind, language=language)

    @classmethod
    @contextmanager
    def running(cls, job_id):
        """The job, marked running for the block and in the language it was started in.

        The block ends the job with `finish` or `fail`. An exception it lets through fails the
        job with a general message and goes on, so the task backend logs it with its traceback.
        """
        job = cls.objects.get(pk=job_id)
        job.state, job.started_at = JobState.RUNNING, timezone.now()
        job.save(update_fields=["state", "started_at"])
        with translation.override(job.language or settings.LANGUAGE_CODE):
            try:
                yield job
            except BaseException:
                job.fail(
                    gettext(
                        "It stopped on an unexpected error. Nothing was changed by it; the "
                        "administrator finds the details in the worker's log."
                    )
                )
                raise

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    @property
    def waiting_too_long(self) -> bool:
        waited = timezone.now() - self.created_at
        return self.state == JobState.QUEUED and waited.total_seconds() > WAITING_TOO_LONG_SECONDS

    @property
    def seems_stalled(self) -> bool:
        if self.state != JobState.RUNNING or self.started_at is None:
            return False
        last = self.started_at.timestamp()
        with suppress(OSError):
            last = max(last, (self.folder() / "progress.json").stat().st_mtime)
        return time.time() - last > STALLED_AFTER_SECONDS

    def folder(self) -> Path:
        return Path(settings.DATA_DIR) / "jobs" / self.pk.hex

    def file_path(self, name: str) -> Path:
        """Where the job writes a file called `name` (its folder made, old jobs' removed)."""
        remove_old_folders(self.folder().parent, JOB_FILES_MAX_AGE_SECONDS)
        self.folder().mkdir(parents=True, exist_ok=True)
        return self.folder() / name

    def result_path(self) -> Path | None:
        """The file the job produced, while it is still kept."""
        if not self.result_file:
            return None
        path = Path(settings.DATA_DIR) / self.result_file
        return path if path.is_file() else None

    def set_progress(self, done: int, total: int) -> None:
        """Record how far the work is.

        Written to a file beside the job, not to its row: the work usually runs inside one
        transaction (an import is all or nothing), whose writes no one sees until it ends.
        """
        self.done, self.total = done, total
        now = time.monotonic()
        if done < total and now - getattr(self, "_progress_written", 0) < PROGRESS_EVERY_SECONDS:
            return
        self._progress_written = now
        self.folder().mkdir(parents=True, exist_ok=True)
        path = self.folder() / "progress.json"
        written = path.with_suffix(".tmp")
        written.write_text(json.dumps([done, total]))
        written.replace(path)  # a reader sees the old figures or the new ones, never half

    def progress(self) -> tuple[int, int]:
        """Done and total: the latest figures written while it runs, else the stored ones."""
        if self.state == JobState.RUNNING:
            with suppress(OSError, ValueError):
                done, total = json.loads((self.folder() / "progress.json").read_text())
                return done, total
        return self.done, self.total

    def finish(self, *, message: str = "", report: dict | None = None, result=None) -> None:
        """Done: what it says, its report, and the file it produced (a path under DATA_DIR)."""
        if result is not None:
            self.result_file = str(Path(result).relative_to(settings.DATA_DIR))
        self._end(JobState.DONE, message, report)

    def fail(self, message: str, *, report: dict | None = None) -> None:
        self._end(JobState.FAILED, message, report)

    def _end(self, state: str, message: str, report: dict | None) -> None:
        self.state, self.message, self.finished_at = state, message, timezone.now()
        if report is not None:
            self.report = report
        self.save()
        (self.folder() / "progress.json").unlink(missing_ok=True)


def remove_old_folders(root: Path, max_age_seconds: float) -> None:
    """Remove the folders in `root` last changed longer than `max_age_seconds` ago."""
    if not root.is_dir():
        return
    for folder in root.iterdir():
        if time.time() - folder.stat().st_mtime > max_age_seconds:
            shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class JobKind:
    """What a kind of job is called, and how its page shows what it produced: `template`
    is included on the page of a finished job, with `context(request, job)` added to the page's."""

    label: str
    template: str = "core/includes/job_result.html"
    context: Callable[..., dict] | None = None


JOB_KINDS: dict[str, JobKind] = {}


def register_job_kind(key: str, kind: JobKind) -> str:
    JOB_KINDS[key] = kind
    return key


def job_kind(key: str) -> JobKind:
    return JOB_KINDS.get(key) or JobKind(label=key)


class ProposalState(models.TextChoices):
    OPEN = "open", _("open")
    MERGED = "merged", _("merged")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Proposal(models.Model):
    """Pending changes to the repository, kept apart from it until merged (`core.proposals`).

    A proposal is not a copy of the repository: it is an ordered list of operations that the
    service layer recorded instead of applying them (an `Actor` carrying the proposal). Like
    the change log, it and its operations are the service layer's own records, written only by
    `nakhon.core.proposals`.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("title"), max_length=300)
    state = models.CharField(
        _("state"), max_length=10, choices=ProposalState.choices, default=ProposalState.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    merged_at = models.DateTimeField(_("merged"), null=True, blank=True)
    # The change-log batch the merge wrote: revert it to undo the merge as one.
    merged_batch = models.UUIDField(_("merge batch"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("change proposal")
        verbose_name_plural = _("change proposals")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("core:proposal", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state == ProposalState.OPEN


class ProposalOperation(models.Model):
    """One pending create, update or delete of one object, as its service validated it.

    `values` holds the object's new state as the change log would log it (by attname; many-to-
    many members as id lists; what lives in other tables, such as a view's diagram, by the key
    its service's snapshot gives it): every value for a creation, the changed ones for an
    update. `base` holds those fields' live values when the operation was recorded (the whole
    object for a deletion), and `base_version` the live version they were read at: a live
    object that moved since is a conflict at merge.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="operations")
    position = models.PositiveIntegerField(_("position"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=500)
    values = models.JSONField(_("values"), default=dict, blank=True)
    base = models.JSONField(_("base values"), default=dict, blank=True)
    base_version = models.PositiveIntegerField(_("base version"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "content_type", "object_id"], name="proposal_one_op_per_object"
            )
        ]

    def __str__(self) -> str:
        return f"{self.object_repr} {self.get_action_display()}"

    @property
    def model_class(self):
        return self.content_type.model_class()
