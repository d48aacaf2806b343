"""`nakhon demo load` fills the database with the Bangkok demo; `nakhon demo admin` signs you in."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from nakhon.core.permissions import Role
from nakhon.demo import sample
from nakhon.organization.models import OrgUnit

ADMIN_USERNAME = "admin"
DEFAULT_URL = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    @property
    def help(self) -> str:
        # Read when the parser is built: argparse cannot format a lazy string.
        return _("The Bangkok demo: load its data, or (re)set its administrator.")

    def add_arguments(self, parser):
        # One handler per subcommand, so that a new one (say `generate`) is one method more.
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="subcommand")
        subcommands.add_parser(
            "load",
            help=_(
                "Load the Bangkok demo (org tree and a sample architecture); running it again "
                "changes nothing."
            ),
        )
        admin = subcommands.add_parser(
            "admin",
            help=_("Create or reset the user “admin” with a new random password and print it."),
        )
        admin.add_argument(
            "--url", default=DEFAULT_URL, help=_("The address to print for signing in.")
        )

    def handle(self, *args, subcommand: str, **options):
        getattr(self, f"handle_{subcommand}")(**options)

    def handle_load(self, **options) -> None:
        summary = sample.load()
        self.stdout.write(_("Bangkok demo loaded as “%(user)s”:") % {"user": sample.DEMO_USERNAME})
        for label, created, updated, unchanged in summary.rows():
            self.stdout.write(
                _("  %(kind)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
                % {
                    "kind": label,
                    "created": created,
                    "updated": updated,
                    "unchanged": unchanged,
                }
            )

    def handle_admin(self, *, url: str = DEFAULT_URL, **options) -> None:
        unit = ea_office_unit()
        if unit is None:
            self.stderr.write(
                _(
                    "The EA office's unit (code %(code)s) does not exist yet, so the admin "
                    "belongs to no unit: run “nakhon demo load” first."
                )
                % {"code": sample.EA_OFFICE_CODE}
            )
        password = reset_admin(unit)
        self.stdout.write(_("Sign in at %(url)s") % {"url": url})
        self.stdout.write(_("  user name: %(username)s") % {"username": ADMIN_USERNAME})
        self.stdout.write(_("  password:  %(password)s") % {"password": password})


def ea_office_unit() -> OrgUnit | None:
    return OrgUnit.objects.filter(code=sample.EA_OFFICE_CODE).first()


def reset_admin(unit: OrgUnit | None) -> str:
    """Make `admin` an active superuser of `unit` with a fresh password, and return it."""
    user, _created = get_user_model().objects.get_or_create(username=ADMIN_USERNAME)
    password = secrets.token_urlsafe(12)
    user.role = Role.ADMIN
    user.is_superuser = user.is_staff = user.is_active = True
    user.unit = unit
    user.set_password(password)
    user.save()
    return password
