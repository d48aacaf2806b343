"""Importing a session's sign-in sheet: a plan first, then, once the officer has decided every
name put up for review, the attendance it gives, all or nothing.

The plan travels between the two steps as a signed token (`django.core.signing`): the page or
the API client sends it back with the decisions, and nothing in it can be altered on the way.
Each name of the sheet is one line of the plan:
- TAKEN: the name is exactly one person's, who is recorded as attending;
- REVIEW: it may be one of the candidates (same name, only the marks differ, or alike): the
  officer picks one, or nobody;
- UNMATCHED: it is nobody we know (add the person first, or leave them out); reported;
- NOT_SIGNED: the sheet's signature cell is empty: they did not come;
- RECORDED: the person's attendance is recorded already; REPEATED: the person's name was on an
  earlier row of the sheet.
"""

import uuid
from dataclasses import asdict, dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nakhon.capacity import names
from nakhon.capacity.event_services import attendance
from nakhon.capacity.models import Attendance, AttendanceSource, Person, Session
from nakhon.capacity.signin import read_sheet_file
from nakhon.core.models import Channel
from nakhon.core.services import Actor

TAKEN, REVIEW, UNMATCHED = "taken", "review", "unmatched"
NOT_SIGNED, RECORDED, REPEATED = "not_signed", "recorded", "repeated"
OUTCOMES = {
    TAKEN: gettext_lazy("taken"),
    REVIEW: gettext_lazy("to review"),
    UNMATCHED: gettext_lazy("matches no one"),
    NOT_SIGNED: gettext_lazy("did not sign"),
    RECORDED: gettext_lazy("recorded already"),
    REPEATED: gettext_lazy("on the sheet twice"),
}
REASONS = {
    names.SAME_NAME: gettext_lazy("several people have this name"),
    names.MARKS: gettext_lazy("differs only in tone marks or other marks"),
    names.SIMILAR: gettext_lazy("similar name"),
}
SALT = "nakhon.capacity.signin-plan"
# A plan older than this is refused: read the sheet again.
PLAN_MAX_AGE_SECONDS = 24 * 3600


@dataclass
class Line:
    place: str
    row: int
    name: str
    outcome: str
    unit: str = ""
    person: str | None = None  # the person's id, for TAKEN, RECORDED, REPEATED
    person_label: str = ""
    reason: str = ""
    # (id, label, score) of each candidate, for REVIEW
    candidates: list[tuple[str, str, float]] = field(default_factory=list)

    @property
    def outcome_label(self) -> str:
        return str(OUTCOMES[self.outcome])

    @property
    def reason_label(self) -> str:
        return str(REASONS.get(self.reason, ""))

    @property
    def field_name(self) -> str:
        """The name of the decision this line needs (REVIEW lines only)."""
        return f"row-{self.row}"


@dataclass
class Plan:
    session: str
    filename: str
    lines: list[Line]

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    @property
    def review(self) -> list[Line]:
        return [line for line in self.lines if line.outcome == REVIEW]

    @property
    def unmatched(self) -> list[Line]:
        return [line for line in self.lines if line.outcome == UNMATCHED]

    @property
    def counts(self) -> dict[str, int]:
        return {outcome: self.count(outcome) for outcome in OUTCOMES}

    def token(self) -> str:
        return signing.dumps(asdict(self), salt=SALT, compress=True)

    @classmethod
    def from_token(cls, token: str) -> "Plan":
        try:
            data = signing.loads(token, salt=SALT, max_age=PLAN_MAX_AGE_SECONDS)
        except signing.SignatureExpired:
            raise ValidationError(
                _("This plan is more than a day old: read the sign-in sheet again.")
            ) from None
        except signing.BadSignature:
            raise ValidationError(
                _("This plan was altered or is not one Nakhon EA made: read the sheet again.")
            ) from None
        lines = [Line(**line) for line in data["lines"]]
        return cls(data["session"], data["filename"], lines)


def people_index(user) -> names.NameIndex:
    """The people `user` may see, under their Thai and English names (anonymised people have
    no name left to match)."""
    people = Person.objects.restrict(user).filter(anonymised_at__isnull=True)
    return names.NameIndex(
        (str(p.pk), p.name, [p.name, p.name_en]) for p in people.only("pk", "name", "name_en")
    )


def plan_sheet(session: Session, source, filename: str, user) -> Plan:
    """What importing the sheet would record; writes nothing. Raises FileProblem for a file
    that cannot be read."""
    rows = read_sheet_file(source, filename)
    index = people_index(user)
    recorded = {str(pk) for pk in session.attendance.values_list("person_id", flat=True)}
    taken: set[str] = set()
    lines = []
    for row in rows:
        line = Line(row.place, row.row, row.name, UNMATCHED, row.unit)
        if not row.signed:
            line.outcome = NOT_SIGNED
            lines.append(line)
            continue
        match = index.match(row.name)
        if match.outcome == names.EXACT:
            person = str(match.person)
            line.person, line.person_label = person, match.candidates[0].label
            line.outcome = (
                RECORDED if person in recorded else REPEATED if person in taken else TAKEN
            )
            taken.add(person)
        elif match.outcome == names.REVIEW:
            line.outcome, line.reason = REVIEW, match.reason
            line.candidates = [(str(c.ref), c.label, c.score) for c in match.candidates]
        lines.append(line)
    return Plan(str(session.pk), filename, lines)


def apply_plan(actor: Actor, session: Session, plan: Plan, decisions: dict[str, str]) -> list:
    """Record the plan's attendance as one batch, all or nothing; the attendance written.

    `decisions` gives, for each line put up for review (by its `field_name`), the id of the
    candidate it is, or "" for nobody. A plan with an undecided line, a decision that is not
    one of its candidates, or two lines that come to the same person is refused whole.
    """
    if plan.session != str(session.pk):
        raise ValidationError(_("This plan was made for another session."))
    problems, chosen = [], []
    for line in plan.lines:
        if line.outcome == TAKEN:
            chosen.append((line, line.person))
        elif line.outcome == REVIEW:
            if line.field_name not in decisions or decisions[line.field_name] is None:
                problems.append(
                    _("%(place)s (%(name)s): choose who it is, or nobody.")
                    % {"place": line.place, "name": line.name}
                )
                continue
            decided = str(decisions[line.field_name])
            if decided and decided not in {c[0] for c in line.candidates}:
                problems.append(
                    _("%(place)s (%(name)s): the choice is not one of the candidates.")
                    % {"place": line.place, "name": line.name}
                )
            elif decided:
                chosen.append((line, decided))
    seen: dict[str, Line] = {}
    for line, person in chosen:
        if person in seen:
            problems.append(
                _("%(place)s and %(other)s are the same person: keep one of them.")
                % {"place": line.place, "other": seen[person].place}
            )
        seen[person] = line
    if problems:
        raise ValidationError(problems)
    people = Person.objects.restrict(actor.user).in_bulk([person for _line, person in chosen])
    written = []
    with transaction.atomic():
        recorded = set(
            Attendance.objects.filter(session=session).values_list("person_id", flat=True)
        )
        for line, person_id in chosen:
            person = people.get(_uuid(person_id))
            if person is None:
                raise ValidationError(
                    _("%(place)s: the person chosen no longer exists or is not yours to see.")
                    % {"place": line.place}
                )
            if person.pk in recorded:
                continue  # recorded since the plan was made
            written.append(
                attendance.create(
                    actor,
                    session=session,
                    person=person,
                    source=AttendanceSource.SHEET,
                    written_name=line.name[:300],
                )
            )
    return written


def _uuid(value: str):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def import_actor(request) -> Actor:
    return Actor.for_request(request, Channel.IMPORT)
