"""Writes to events, their sessions, registrations, attendance, materials and evaluations.

Everything under an event belongs to the event's organising unit. Deleting an event deletes
what is under it, each row logged. A registration is refused once the event is full (the seats
of its smallest session), with a message saying so.
"""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from nakhon.capacity.models import (
    Attendance,
    Evaluation,
    Event,
    Material,
    Registration,
    Session,
)
from nakhon.capacity.models.events import check_material_file
from nakhon.core.services import (
    UNLOGGED_FIELDS,
    Actor,
    ObjectService,
    register,
    snapshot_fields,
)


class EventService(ObjectService):
    model = Event

    def dependents(self, obj: Event) -> list:
        return [
            *obj.sessions.all(),
            *obj.registrations.all(),
            *obj.materials.all(),
            *obj.evaluations.all(),
        ]


class SessionService(ObjectService):
    model = Session

    def dependents(self, obj: Session) -> list:
        return list(obj.attendance.all())

    def validate_domain(self, obj: Session) -> None:
        if obj.capacity is None or obj.pk is None:
            return
        registered = Registration.objects.filter(event_id=obj.event_id).count()
        if obj.capacity < registered:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(count)d people have registered for the event already: the session "
                        "needs at least that many seats."
                    )
                    % {"count": registered}
                }
            )


class RegistrationService(ObjectService):
    model = Registration

    def create(self, actor: Actor, **values):
        with transaction.atomic():
            # One registration at a time per event, so that two cannot take the last place.
            event_id = getattr(values.get("event"), "pk", values.get("event_id"))
            Event.objects.select_for_update().filter(pk=event_id).first()
            return super().create(actor, **values)

    def validate_domain(self, obj: Registration) -> None:
        if not obj.event_id:
            return
        event = Event.objects.prefetch_related("sessions").get(pk=obj.event_id)
        places = event.places()
        if places is None:
            return
        others = Registration.objects.filter(event_id=obj.event_id).exclude(pk=obj.pk).count()
        if others >= places:
            raise ValidationError(
                _(
                    "“%(event)s” is full: all %(places)d places are taken (the smallest session "
                    "seats %(places)d). Cancel a registration or give the sessions more seats "
                    "first."
                )
                % {"event": event, "places": places}
            )


class AttendanceService(ObjectService):
    model = Attendance


class MaterialService(ObjectService):
    """A material's file is checked (size, kind) and stored before its row is written; the
    row, the change log and revert then hold the file's stored name."""

    model = Material

    def create(self, actor: Actor, **values):
        return super().create(actor, **self.stored(values))

    def update(self, actor: Actor, obj, *, version, **values):
        return super().update(actor, obj, version=version, **self.stored(values))

    @staticmethod
    def stored(values: dict) -> dict:
        upload = values.get("file")
        if isinstance(upload, UploadedFile):
            check_material_file(upload)
            name = Material._meta.get_field("file").generate_filename(None, upload.name)
            values = {**values, "file": default_storage.save(name, upload)}
        elif "file" in values:
            # The file stored already (a form's unchanged field), or none (cleared).
            values = {**values, "file": getattr(upload, "name", None) or ""}
        return values

    def snapshot(self, obj) -> dict:
        logged = {f.attname for f in obj._meta.concrete_fields if f.name not in UNLOGGED_FIELDS}
        return {**snapshot_fields(obj, logged - {"file"}), "file": obj.file.name or ""}

    def changes(self, obj, values: dict, before: dict | None = None) -> dict:
        return super().changes(obj, values, before if before is not None else self.snapshot(obj))


class EvaluationService(ObjectService):
    model = Evaluation


events = register(EventService())
sessions = register(SessionService())
registrations = register(RegistrationService())
attendance = register(AttendanceService())
materials = register(MaterialService())
evaluations = register(EvaluationService())
