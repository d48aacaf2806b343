"""Writes to mentoring: consultants' assignments, sessions with the architecture they reviewed,
and the actions agreed at them."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from nakhon.capacity.models import MentorAssignment, MentoringAction, MentoringSession
from nakhon.capacity.models.mentoring import MENTOR_ROLES
from nakhon.capacity.models.people import Person
from nakhon.core.services import ObjectService, register


class MentorAssignmentService(ObjectService):
    model = MentorAssignment


class MentoringSessionService(ObjectService):
    model = MentoringSession

    def dependents(self, obj: MentoringSession) -> list:
        return list(obj.actions.all())

    def apply_related(self, obj, related: dict) -> None:
        consultants = related.get("consultants")
        if consultants is not None:
            ids = [getattr(p, "pk", p) for p in consultants]
            others = Person.objects.filter(pk__in=ids).exclude(programme_role__in=MENTOR_ROLES)
            if others.exists():
                raise ValidationError(
                    {
                        "consultants": _("Not consultants or mentors of the programme: %(people)s.")
                        % {"people": ", ".join(str(p) for p in others)}
                    }
                )
        super().apply_related(obj, related)


class MentoringActionService(ObjectService):
    model = MentoringAction


assignments = register(MentorAssignmentService())
mentoring_sessions = register(MentoringSessionService())
mentoring_actions = register(MentoringActionService())
