"""How an event went, in figures without names: attendance per session and for the event, and
the averages of its evaluations.

Rates and averages are None (shown as "not known") where nothing counts towards them: no one
registered, no one answered. Every average says how many answered it.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Q

from nakhon.capacity.models import Attendance, Evaluation, Event, Registration

TWO_PLACES = Decimal("0.01")


def ratio(part: int, whole: int) -> Decimal | None:
    """part / whole as a percentage with two places; None when whole is 0."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(TWO_PLACES, ROUND_HALF_UP)


def rounded(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(TWO_PLACES, ROUND_HALF_UP)


@dataclass(frozen=True)
class SessionFigures:
    session: object
    attended: int  # everyone recorded as attending
    attended_registered: int  # of them, those who had registered
    registered: int

    @property
    def walk_ins(self) -> int:
        return self.attended - self.attended_registered

    @property
    def rate(self) -> Decimal | None:
        """Of the people registered for the event, the share who came to this session."""
        return ratio(self.attended_registered, self.registered)


@dataclass(frozen=True)
class Average:
    value: Decimal | None
    answered: int  # how many gave a value
    of: int  # how many could have


@dataclass(frozen=True)
class EventFigures:
    registered: int
    sessions: list[SessionFigures]
    came: int  # people who came to at least one session
    came_to_all: int  # people who came to every session
    satisfaction: Average
    pre_test: Average
    post_test: Average
    gain: Average  # post-test minus pre-test, of those who took both

    @property
    def rate(self) -> Decimal | None:
        """Attendance rate over all sessions: registered people's attendances out of the
        registrations times the sessions."""
        whole = self.registered * len(self.sessions)
        return ratio(sum(s.attended_registered for s in self.sessions), whole)


def event_figures(event: Event) -> EventFigures:
    registered_ids = Registration.objects.filter(event=event).values("person_id")
    registered = Registration.objects.filter(event=event).count()
    sessions = list(
        event.sessions.annotate(
            attended=Count("attendance", distinct=True),
            attended_registered=Count(
                "attendance", filter=Q(attendance__person__in=registered_ids), distinct=True
            ),
        ).order_by("starts_at")
    )
    figures = [SessionFigures(s, s.attended, s.attended_registered, registered) for s in sessions]
    per_person = (
        Attendance.objects.filter(session__event=event)
        .values("person_id")
        .annotate(n=Count("session_id", distinct=True))
    )
    came = per_person.count()
    came_to_all = per_person.filter(n=len(sessions)).count() if sessions else 0
    evaluations = Evaluation.objects.filter(event=event)
    total = evaluations.count()
    stats = evaluations.aggregate(
        avg_satisfaction=Avg("satisfaction"),
        satisfaction_n=Count("pk", filter=Q(satisfaction__isnull=False)),
        avg_pre=Avg("pre_test"),
        pre_n=Count("pk", filter=Q(pre_test__isnull=False)),
        avg_post=Avg("post_test"),
        post_n=Count("pk", filter=Q(post_test__isnull=False)),
    )
    both = evaluations.filter(pre_test__isnull=False, post_test__isnull=False)
    gain = both.aggregate(avg_gain=Avg(F("post_test") - F("pre_test")), n=Count("pk"))
    return EventFigures(
        registered=registered,
        sessions=figures,
        came=came,
        came_to_all=came_to_all,
        satisfaction=Average(rounded(stats["avg_satisfaction"]), stats["satisfaction_n"], total),
        pre_test=Average(rounded(stats["avg_pre"]), stats["pre_n"], total),
        post_test=Average(rounded(stats["avg_post"]), stats["post_n"], total),
        gain=Average(rounded(gain["avg_gain"]), gain["n"], total),
    )
