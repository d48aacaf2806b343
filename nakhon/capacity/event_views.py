"""Pages of events and mentoring: the generic list, detail and edit pages, the sign-in sheet
import (a plan, then the officer's confirmation), a material's file, and overdue actions."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Min, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from nakhon.capacity import attendance as sheet_import
from nakhon.capacity import event_filtersets, event_tables
from nakhon.capacity.event_forms import SignInSheetForm
from nakhon.capacity.event_rollups import event_figures
from nakhon.capacity.models import (
    ActionStatus,
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
from nakhon.core import permissions
from nakhon.core.exceptions import FileProblem
from nakhon.core.views import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    Refused,
    call_service,
)

EVENTS = Event.objects.select_related("owner_unit__element").annotate(
    first_session=Min("sessions__starts_at"), session_count=Count("sessions", distinct=True)
)
SESSIONS = Session.objects.select_related("event")
REGISTRATIONS = Registration.objects.select_related("event", "person")
ATTENDANCE = Attendance.objects.select_related("session__event", "person")
MATERIALS = Material.objects.select_related("event")
EVALUATIONS = Evaluation.objects.select_related("event", "person")
ASSIGNMENTS = MentorAssignment.objects.select_related("consultant", "unit__element")
MENTORING_SESSIONS = MentoringSession.objects.select_related("unit__element").annotate(
    open_actions=Count("actions", filter=Q(actions__status=ActionStatus.OPEN))
)
ACTIONS = MentoringAction.objects.select_related("session__unit__element", "owner")


class CapacityEditView(ObjectEditView):
    """Adds or edits a row; its form offers only the events, sessions, units and people the
    user may use, and the service checks the row's owner."""

    def prepare_form(self, form):
        form.limit_choices(self.request.user)
        return form


class ShownPeopleDetailView(ObjectDetailView):
    """A detail page that names people only where the reader may see them."""

    def get_extra_context(self, obj) -> dict:
        return {"people": PeopleShown(self.request.user)}


# Events


class EventListView(ObjectListView):
    filterset = event_filtersets.EventFilterSet
    table = event_tables.EventTable


class EventDetailView(ObjectDetailView):
    def get_extra_context(self, event) -> dict:
        user = self.request.user
        return {
            "figures": event_figures(event),
            "sessions": event.sessions.prefetch_related("skill_areas"),
            "materials": event.materials.all(),
            "registrations": Registration.objects.restrict(user)
            .filter(event=event)
            .select_related("person"),
            "places": event.places(),
        }


class SessionListView(ObjectListView):
    filterset = event_filtersets.SessionFilterSet
    table = event_tables.SessionTable


class SessionDetailView(ObjectDetailView):
    def get_extra_context(self, session) -> dict:
        user = self.request.user
        figures = event_figures(session.event)
        return {
            "figures": next(f for f in figures.sessions if f.session.pk == session.pk),
            "attendance": Attendance.objects.restrict(user)
            .filter(session=session)
            .select_related("person"),
            "skill_areas": session.skill_areas.select_related("framework"),
            "may_import": permissions.can(user, permissions.CHANGE, session),
        }


class SignInSheetView(LoginRequiredMixin, View):
    """Import a session's sign-in sheet: upload it, see the plan, decide the names put up for
    review, confirm. Nothing is written before the confirmation, and then all or nothing."""

    template_name = "capacity/signin_sheet.html"

    def setup_session(self, pk) -> Session:
        session = get_object_or_404(SESSIONS.restrict(self.request.user), pk=pk)
        permissions.require_importer(self.request.user)
        permissions.require(self.request.user, permissions.CHANGE, session)
        return session

    def get(self, request, pk):
        session = self.setup_session(pk)
        return self.render(session, form=SignInSheetForm())

    def post(self, request, pk):
        session = self.setup_session(pk)
        if "token" in request.POST:
            return self.confirm(session)
        form = SignInSheetForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(session, form=form, status=400)
        upload = form.cleaned_data["file"]
        try:
            plan = sheet_import.plan_sheet(session, upload, upload.name, request.user)
        except FileProblem as problem:
            form.add_error("file", str(problem))
            return self.render(session, form=form, status=400)
        return self.render(session, plan=plan, token=plan.token())

    def confirm(self, session):
        request = self.request
        token = request.POST["token"]
        try:
            plan = sheet_import.Plan.from_token(token)
        except ValidationError as error:
            return self.render(session, form=SignInSheetForm(), errors=error.messages, status=400)
        # "none": nobody of the candidates.
        decisions = {
            line.field_name: "" if (chosen := request.POST[line.field_name]) == "none" else chosen
            for line in plan.review
            if line.field_name in request.POST
        }
        try:
            written = call_service(
                sheet_import.apply_plan,
                sheet_import.import_actor(request),
                session,
                plan,
                decisions,
                denial_is_refusal=True,
            )
        except Refused as refused:
            errors = getattr(refused.error, "messages", None) or [refused.message]
            return self.render(session, plan=plan, token=token, errors=errors, status=400)
        messages.success(
            request,
            _("Recorded the attendance of %(count)d people from the sign-in sheet.")
            % {"count": len(written)},
        )
        return redirect(session.get_absolute_url())

    def render(self, session, status=200, **context):
        decided = {k: v for k, v in self.request.POST.items() if k.startswith("row-")}
        context = {"session": session, "object": session, "decided": decided, **context}
        return render(self.request, self.template_name, context, status=status)


class RegistrationListView(ObjectListView):
    filterset = event_filtersets.RegistrationFilterSet
    table = event_tables.RegistrationTable


class AttendanceListView(ObjectListView):
    filterset = event_filtersets.AttendanceFilterSet
    table = event_tables.AttendanceTable


class MaterialListView(ObjectListView):
    filterset = event_filtersets.MaterialFilterSet
    table = event_tables.MaterialTable


class MaterialFileView(LoginRequiredMixin, View):
    """A material's uploaded file, for whoever may see the material."""

    def get(self, request, pk):
        material = get_object_or_404(MATERIALS.restrict(request.user), pk=pk)
        if not material.file:
            raise Http404(_("This material is a link, not a file."))
        try:
            stream = material.file.open("rb")
        except FileNotFoundError:
            raise Http404(_("The file of this material is missing from the server.")) from None
        return FileResponse(stream, as_attachment=True, filename=material.filename)


class EvaluationListView(ObjectListView):
    filterset = event_filtersets.EvaluationFilterSet
    table = event_tables.EvaluationTable


# Mentoring


class MentorAssignmentListView(ObjectListView):
    filterset = event_filtersets.MentorAssignmentFilterSet
    table = event_tables.MentorAssignmentTable


class MentoringSessionListView(ObjectListView):
    filterset = event_filtersets.MentoringSessionFilterSet
    table = event_tables.MentoringSessionTable


class MentoringSessionDetailView(ShownPeopleDetailView):
    def get_extra_context(self, obj) -> dict:
        return {
            **super().get_extra_context(obj),
            "actions": obj.actions.select_related("owner"),
            "consultants": obj.consultants.all(),
            "elements": obj.elements.order_by("name"),
            "views": obj.views.order_by("name"),
            "today": timezone.localdate(),
        }


class MentoringActionListView(ObjectListView):
    """Agreed actions; `?overdue=true` lists those past their due date and still open."""

    filterset = event_filtersets.MentoringActionFilterSet
    table = event_tables.MentoringActionTable

    def selection_context(self, selection) -> dict:
        return {"overdue_count": selection.overdue(timezone.localdate()).count()}
