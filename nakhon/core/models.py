"""Base mixins every architecture object shares, and the change log."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """UUID key, who and when, and `version` for optimistic locking.

    Writes go through `nakhon.core.services`, which bumps `version` and logs the change.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Bookkeeping, set by the services from the acting user: neither indexed nor checked by the
    # database, which would otherwise pay for both on every row of a large import. Django still
    # clears them when an account is deleted (a rare, slower operation without the index).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

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


class ChangeLogEntry(models.Model):
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
