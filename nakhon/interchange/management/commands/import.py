from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from nakhon.core.models import Channel
from nakhon.core.services import Actor
from nakhon.interchange import services, tasks
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.importer import ImportRefused
from nakhon.interchange.reports import plan_as_text
from nakhon.organization.models import OrgUnit

BAR_WIDTH = 40


class Command(BaseCommand):
    help = (
        "Import an ArchiMate exchange file (.xml), an Archi model (.archimate), Archi CSV files "
        "or an Excel workbook (.xlsx). All of it or nothing; the same file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="the file; for CSV, any of the three files")
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
        parser.add_argument(
            "--without-refused",
            action="store_true",
            help="import the rest when some relationships are refused by the metamodel",
        )
        parser.add_argument("--user", help="who imports (default: the first administrator)")
        parser.add_argument("--owner-unit", help="code of the unit that owns new objects")

    def handle(self, *args, files, dry_run, without_refused, user, owner_unit, **options):
        actor = Actor(user=self._user(user), channel=Channel.IMPORT)
        unit = self._unit(owner_unit)
        try:
            paths = [Path(f) for f in files]
            if dry_run:
                plan = services.check(actor, paths, owner_unit=unit).plan
            else:
                plan = services.import_files(
                    actor,
                    paths,
                    without_refused=without_refused,
                    owner_unit=unit,
                    progress=self._progress,
                )
        except ImportRefused as refused:
            self.stdout.write(plan_as_text(refused.plan))
            raise CommandError(
                _("Nothing was imported. Run again with --without-refused to import the rest.")
            ) from None
        except InterchangeError as error:
            raise CommandError(tasks.not_imported(error)) from None
        heading = _("Dry run, nothing written:") if dry_run else _("Imported (batch %(b)s):")
        self.stdout.write(heading % {"b": plan.batch} if not dry_run else heading)
        self.stdout.write(plan_as_text(plan))

    def _progress(self, done: int, total: int) -> None:
        filled = round(BAR_WIDTH * done / total) if total else BAR_WIDTH
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        percent = round(100 * done / total) if total else 100
        ending = "\n" if done == total else ""
        self.stderr.write(f"\r[{bar}] {percent:3d}% {done}/{total}", ending=ending)
        self.stderr.flush()

    def _user(self, username: str | None):
        users = get_user_model().objects.filter(is_active=True)
        found = users.filter(username=username) if username else users.filter(is_superuser=True)
        user = found.order_by("pk").first()
        if user is None:
            raise CommandError(
                _("No such user “%(name)s”.") % {"name": username}
                if username
                else _(
                    "No administrator exists: create one (nakhon createsuperuser) or pass --user."
                )
            )
        return user

    def _unit(self, code: str | None):
        if not code:
            return None
        unit = OrgUnit.objects.filter(code=code).first()
        if unit is None:
            raise CommandError(_("No org unit has the code “%(code)s”.") % {"code": code})
        return unit
