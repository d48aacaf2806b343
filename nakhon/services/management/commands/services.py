"""`nakhon services assess` re-assesses every citizen service against the Digital Government Act
rubric, keeping a dated assessment for each one whose result changed (say, daily from cron, so
the progress charts have a point for every day)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from nakhon.services.assessment import reassess_all


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _("Citizen services: assess them against the Digital Government Act rubric.")

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="subcommand")
        subcommands.add_parser(
            "assess",
            help=_(
                "Assess every service now; a service whose result is unchanged keeps its "
                "current assessment."
            ),
        )

    def handle(self, *args, subcommand: str, **options):
        getattr(self, f"handle_{subcommand}")(**options)

    def handle_assess(self, **options) -> None:
        with transaction.atomic():
            changed, unchanged = reassess_all()
        self.stdout.write(
            _("Assessed %(total)d services: %(changed)d changed, %(unchanged)d unchanged.")
            % {"total": changed + unchanged, "changed": changed, "unchanged": unchanged}
        )
