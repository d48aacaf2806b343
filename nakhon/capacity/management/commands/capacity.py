"""`nakhon capacity frameworks` writes (or brings up to date) the skills frameworks the app
ships as data files; loading twice changes nothing."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nakhon.capacity.frameworks import load_shipped
from nakhon.core.commands import SubcommandsCommand
from nakhon.core.services import Actor


class Command(SubcommandsCommand):
    summary = gettext_lazy("Capacity building: load the skills frameworks the app ships.")

    def add_subcommands(self, subcommands):
        parser = subcommands.add_parser(
            "frameworks",
            help=_("Write the shipped skills frameworks; what is already there stays as it is."),
        )
        parser.add_argument("--user", required=True, help=_("The administrator who loads them."))

    def handle_frameworks(self, *, user: str, **options) -> None:
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(_("There is no user “%(user)s”.") % {"user": user})
        tally = load_shipped(Actor.shell(account))
        self.stdout.write(
            _("Frameworks: %(created)d rows created, %(updated)d updated, %(unchanged)d unchanged.")
            % {"created": tally.created, "updated": tally.updated, "unchanged": tally.unchanged}
        )
