"""`nakhon services assess` re-assesses every citizen service against the Digital Government Act
rubric, keeping a dated assessment for each one whose result changed (say, daily from cron, so
the progress charts have a point for every day)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nakhon.citizen_services.assessment import reassess_all
from nakhon.core.commands import SubcommandsCommand


class Command(SubcommandsCommand):
    summary = gettext_lazy(
        "Citizen services: assess them against the Digital Government Act rubric."
    )

    def add_subcommands(self, subcommands):
        subcommands.add_parser(
            "assess",
            help=_(
                "Assess every service now; a service whose result is unchanged keeps its "
                "current assessment."
            ),
        )

    def handle_assess(self, **options) -> None:
        with transaction.atomic():
            changed, unchanged = reassess_all()
        self.stdout.write(
            _("Assessed %(total)d services: %(changed)d changed, %(unchanged)d unchanged.")
            % {"total": changed + unchanged, "changed": changed, "unchanged": unchanged}
        )
