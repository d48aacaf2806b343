"""`nakhon demo load` fills the database with the Bangkok demo; `nakhon demo admin` signs you in;
`nakhon demo generate` writes a synthetic city model of any size to an exchange file or
straight into the database."""

import argparse
import secrets
import time

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nakhon.core.commands import SubcommandsCommand
from nakhon.core.permissions import Role
from nakhon.core.services import Actor
from nakhon.demo import bangkok, generator, sample
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.exchange.writer import write_exchange
from nakhon.interchange.importer import ImportRefused, apply_import
from nakhon.interchange.reports import plan_as_text
from nakhon.organization.models import OrgUnit

ADMIN_USERNAME = "admin"
DEFAULT_URL = "http://127.0.0.1:8000/"


class Command(SubcommandsCommand):
    summary = gettext_lazy("The Bangkok demo: load its data, or (re)set its administrator.")

    def add_subcommands(self, subcommands):
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

        generate_help = _(
            "Write a synthetic Bangkok-style model of a given size to an exchange file (import "
            "it with “nakhon import FILE”) or straight into the database, for benchmarks and "
            "load tests."
        )
        generate = subcommands.add_parser("generate", help=generate_help, description=generate_help)
        generate.add_argument(
            "--scale",
            default="city",
            type=scale_sizes,
            help=_(
                "city (50,000 elements, 250,000 relationships, 300 views), nation (1,000,000 / "
                "5,000,000 / 2,000), bench (100,000 / 300,000 / 500), or a number N of "
                "elements (with 3N relationships and N/200 views). Default: city."
            ),
        )
        generate.add_argument(
            "--seed", type=int, default=0, help=_("The same seed gives the same file. Default 0.")
        )
        where = generate.add_mutually_exclusive_group(required=True)
        where.add_argument("--output", "-o", help=_("The exchange file (.xml) to write."))
        where.add_argument(
            "--database",
            action="store_true",
            help=_(
                "Store the model in the database, through the import's checks and change log "
                "(COPY on PostgreSQL), as the demo account."
            ),
        )

    def handle_load(self, **options) -> None:
        summary = bangkok.load()
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

    def handle_generate(
        self, *, scale: tuple[int, int, int], seed: int, output: str | None, database: bool, **o
    ):
        started = time.perf_counter()
        doc = generator.generate(*scale, seed=seed)
        generated = time.perf_counter()
        try:
            if database:
                apply_import(doc, Actor.shell(sample.demo_user()))
            else:
                write_exchange(doc, output)
        except ImportRefused as refused:  # the generator makes only allowed relationships
            raise CommandError(plan_as_text(refused.plan)) from None
        except (InterchangeError, OSError) as error:
            raise CommandError(_("Nothing was written. %(error)s") % {"error": error}) from None
        self.stdout.write(
            _(
                "Wrote %(elements)d elements, %(rels)d relationships and %(views)d views to "
                "%(target)s (generated in %(gen).1f s, written in %(write).1f s)."
            )
            % {
                "elements": len(doc.elements),
                "rels": len(doc.relationships),
                "views": len(doc.views),
                "target": _("the database") if database else output,
                "gen": generated - started,
                "write": time.perf_counter() - generated,
            }
        )


def scale_sizes(value: str) -> tuple[int, int, int]:
    """(elements, relationships, views) for a scale's name or a number of elements."""
    if value in generator.SCALES:
        return generator.SCALES[value]
    try:
        elements = int(value)
    except ValueError:
        elements = 0
    if elements <= 0:
        raise argparse.ArgumentTypeError(
            _("“%(value)s” is neither %(names)s nor a positive number.")
            % {"value": value, "names": ", ".join(generator.SCALES)}
        )
    return elements, 3 * elements, elements // 200


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
