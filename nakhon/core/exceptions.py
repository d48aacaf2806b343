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


class FileProblem(Exception):
    """A file a person gave that cannot be read or written as it stands, said so that they can
    find and fix it: where (`line`, the object's `identifier`) and what. Nothing was written."""

    def __init__(self, message: str, *, line: int | None = None, identifier: str = ""):
        self.message, self.line, self.identifier = message, line, identifier
        super().__init__(self.located())

    def located(self) -> str:
        where = []
        if self.line:
            where.append(_("line %(line)d") % {"line": self.line})
        if self.identifier:
            where.append(_("identifier “%(id)s”") % {"id": self.identifier})
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ProposalConflict(Exception):
    """A proposal's merge met live objects that moved since the proposal read them; `conflicts`
    says where, field by field (`nakhon.core.proposals.Conflict`). Nothing was written."""

    def __init__(self, conflicts: list):
        self.conflicts = conflicts
        super().__init__(
            _(
                "The repository changed after this proposal was based on it: %(objects)s. "
                "Nothing was merged. Resolve each conflict in the proposal (accept the live value "
                "or keep the proposal's), then merge again."
            )
            % {"objects": "; ".join(str(c.label) for c in conflicts)}
        )
