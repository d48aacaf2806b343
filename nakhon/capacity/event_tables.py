"""Tables of events and mentoring. Rows that name a person are restricted to the people the
reader may see before they reach a table; mentoring rows are not, so their people are shown
through `PersonColumn`, which hides whom the reader may not see."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from nakhon.capacity.models import (
    Attendance,
    Evaluation,
    Event,
    Material,
    MentorAssignment,
    MentoringAction,
    MentoringSession,
    Registration,
    Session,
)
from nakhon.capacity.people_shown import PeopleShown
from nakhon.core.dates import format_date
from nakhon.core.tables import BuddhistDateTimeColumn
from nakhon.repository.tables import TABLE_ATTRS


class BuddhistDateColumn(tables.Column):
    def render(self, value):
        return format_date(value)


class PersonColumn(tables.Column):
    """A person's name where the reader may see it, else that it is hidden."""

    def render(self, value, table):
        if not hasattr(table, "_people_shown"):
            table._people_shown = PeopleShown(table.request.user)
        return table._people_shown.label(value)


class EventTable(tables.Table):
    name = tables.Column(linkify=True)
    owner_unit = tables.Column(verbose_name=_("organiser"), linkify=True)
    first_session = BuddhistDateTimeColumn(verbose_name=_("first session"), orderable=True)
    session_count = tables.Column(verbose_name=_("sessions"))

    class Meta:
        model = Event
        fields = ("name", "kind", "first_session", "session_count", "owner_unit")
        order_by = ("-first_session",)
        attrs = TABLE_ATTRS


class SessionTable(tables.Table):
    starts_at = BuddhistDateTimeColumn(linkify=True)
    event = tables.Column(linkify=True)

    class Meta:
        model = Session
        fields = ("starts_at", "title", "event", "venue", "presiding", "capacity")
        order_by = ("-starts_at",)
        attrs = TABLE_ATTRS


class RegistrationTable(tables.Table):
    person = tables.Column(linkify=lambda record: record.get_absolute_url())
    event = tables.Column(linkify=True)
    created_at = BuddhistDateTimeColumn(verbose_name=_("registered"))

    class Meta:
        model = Registration
        fields = ("person", "event", "created_at")
        attrs = TABLE_ATTRS


class AttendanceTable(tables.Table):
    person = tables.Column(linkify=lambda record: record.get_absolute_url())
    session = tables.Column(linkify=True)

    class Meta:
        model = Attendance
        fields = ("person", "session", "source", "written_name")
        attrs = TABLE_ATTRS


class MaterialTable(tables.Table):
    title = tables.Column(linkify=True)
    event = tables.Column(linkify=True)
    kind = tables.Column(verbose_name=_("link or file"), empty_values=(), orderable=False)

    class Meta:
        model = Material
        fields = ("title", "event", "kind")
        attrs = TABLE_ATTRS

    def render_kind(self, record):
        return record.filename or record.link


class EvaluationTable(tables.Table):
    label = tables.Column(
        verbose_name=_("evaluation"),
        empty_values=(),
        linkify=lambda record: record.get_absolute_url(),
        orderable=False,
    )
    person = tables.Column(default=_("anonymous"))

    class Meta:
        model = Evaluation
        fields = ("label", "event", "person", "satisfaction", "pre_test", "post_test")
        attrs = TABLE_ATTRS

    def render_label(self, record):
        return str(record)


class MentorAssignmentTable(tables.Table):
    label = tables.Column(
        verbose_name=_("assignment"),
        empty_values=(),
        linkify=lambda record: record.get_absolute_url(),
        orderable=False,
    )
    consultant = PersonColumn()
    unit = tables.Column(linkify=True)
    starts_on = BuddhistDateColumn()
    ends_on = BuddhistDateColumn()

    class Meta:
        model = MentorAssignment
        fields = ("label", "consultant", "unit", "starts_on", "ends_on")
        attrs = TABLE_ATTRS

    def render_label(self, record):
        return str(record)


class MentoringSessionTable(tables.Table):
    topic = tables.Column(linkify=True)
    held_on = BuddhistDateColumn()
    unit = tables.Column(linkify=True)
    open_actions = tables.Column(verbose_name=_("open actions"))

    class Meta:
        model = MentoringSession
        fields = ("held_on", "topic", "unit", "open_actions")
        order_by = ("-held_on",)
        attrs = TABLE_ATTRS


class MentoringActionTable(tables.Table):
    description = tables.Column(linkify=True)
    owner = PersonColumn()
    unit = tables.Column(
        verbose_name=_("unit"),
        accessor="session__unit",
        order_by=("session__unit__element__name",),
        linkify=lambda record: record.session.unit.get_absolute_url(),
    )
    due_on = BuddhistDateColumn()
    status = tables.Column()

    class Meta:
        model = MentoringAction
        fields = ("description", "unit", "owner", "due_on", "status")
        order_by = ("due_on",)
        attrs = TABLE_ATTRS

    def render_status(self, record):
        if record.is_overdue():
            return format_html(
                '<span class="badge text-bg-danger" data-testid="overdue">{}</span>',
                _("overdue"),
            )
        return record.get_status_display()
