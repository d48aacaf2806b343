"""`nakhon backup`: the whole installation in one archive (see nakhon.core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from nakhon.core.backup import backup


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the database (every table, the change log and users "
        "included) and of the uploaded and job files, restorable with `nakhon restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            help="the archive to write (default: nakhon-backup-<time>.tar.gz here)",
        )

    def handle(self, *args, output=None, **options):
        target = output or Path(f"nakhon-backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz")
        manifest = backup(target)
        self.stdout.write(
            _("Wrote %(rows)d rows of %(tables)d tables and the data files to %(file)s.")
            % {
                "rows": sum(manifest["rows"].values()),
                "tables": len(manifest["rows"]),
                "file": target,
            }
        )
