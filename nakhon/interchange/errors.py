"""What goes wrong with a file, said so that a person can find and fix it."""

from django.utils.translation import gettext as _


class InterchangeError(Exception):
    """A file that cannot be read or written as it stands. Nothing has been written."""

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
