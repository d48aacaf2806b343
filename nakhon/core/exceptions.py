"""Errors a person can cause, each with a message that says what to do about it."""

from django.utils.translation import gettext as _


class ConflictError(Exception):
    """The object changed after the caller read it: never overwrite silently."""

    def __init__(self, obj, expected_version: int | None, message: str | None = None):
        self.obj = obj
        self.expected_version = expected_version
        self.current_version = obj.version
        super().__init__(message or self._default_message())

    def _default_message(self) -> str:
        editor = self.obj.updated_by
        return _(
            "“%(object)s” was changed by %(user)s after you read it (you edited version "
            "%(expected)s, it is now version %(current)s)."
        ) % {
            "object": self.obj,
            "user": editor.get_full_name() or editor.username if editor else _("someone else"),
            "expected": self.expected_version,
            "current": self.current_version,
        }


class RevertError(Exception):
    """A change cannot be reverted as it stands; the message says why."""


class AlreadyUndone(RevertError):
    """The object a creation made is gone already: there is nothing left to undo."""
