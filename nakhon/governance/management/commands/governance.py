"""`nakhon governance remind` e-mails the people responsible for review conditions that fall due
within a week or are overdue, once each (say, daily from cron); `nakhon governance checklist`
loads the reviewers' checklist from its data file."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nakhon.core.commands import SubcommandsCommand
from nakhon.core.services import Actor
from nakhon.governance import checklist, workflow


class Command(SubcommandsCommand):
    summary = gettext_lazy("EA governance: reminders of conditions, the reviewers' checklist.")

    def add_subcommands(self, subcommands):
        remind = subcommands.add_parser(
            "remind", help=_("Remind the responsible people of conditions falling due.")
        )
        remind.add_argument("--days", type=int, default=7, help=_("How many days ahead."))
        load = subcommands.add_parser("checklist", help=_("Load the checklist from its data file."))
        for parser in (remind, load):
            parser.add_argument(
                "--user", required=True, help=_("Who writes: an EA office or admin account.")
            )

    def actor(self, username: str) -> Actor:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No such user: %(name)s.") % {"name": username})
        return Actor.shell(user)

    def handle_remind(self, days: int, user: str, **options) -> None:
        actor = self.actor(user)
        reminded = workflow.remind_due_conditions(actor, timezone.localdate(), days)
        self.stdout.write(_("Reminded of %(count)d condition(s).") % {"count": len(reminded)})

    def handle_checklist(self, user: str, **options) -> None:
        questions = checklist.sync(self.actor(user))
        self.stdout.write(_("%(count)d questions asked.") % {"count": len(questions)})
