"""`nakhon restore`: a backup written by `nakhon backup`, into a migrated, empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from nakhon.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `nakhon backup` into this database (run `nakhon migrate` "
        "first) and data folder, on SQLite or PostgreSQL whichever it was made on."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete everything this database holds first (otherwise it must be empty)",
        )

    def handle(self, *args, archive: Path, replace: bool, **options):
        if not archive.is_file():
            raise CommandError(_("There is no file %(file)s.") % {"file": archive})
        try:
            manifest = restore(archive, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Restored %(rows)d rows from the backup of %(created)s (%(engine)s).")
            % {
                "rows": sum(manifest["rows"].values()),
                "created": manifest["created"],
                "engine": manifest["engine"],
            }
        )
