"""The one path through which every write goes: permission, version check, change log.

UI views, the API, imports and shell scripts all call a model's `ObjectService`; none of them
saves a model itself, so none can forget the rules.
"""

import contextlib
import uuid
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nakhon.core import permissions, validators
from nakhon.core.bulk import filter_in, insert_rows, row_checker, row_defaults
from nakhon.core.exceptions import AlreadyUndone, ConflictError, RevertError
from nakhon.core.models import Action, ChangeLogEntry, Channel

# Fields whose values are already what JSON holds (when they are of the field's own type).
JSON_NATIVE_FIELDS = (
    models.CharField,
    models.TextField,
    models.JSONField,
    models.BooleanField,
    models.IntegerField,
)

# Bookkeeping columns that change on every save and would only add noise to a diff.
UNLOGGED_FIELDS = {"created_at", "updated_at", "created_by", "updated_by"}
REPR_LENGTH = ChangeLogEntry._meta.get_field("object_repr").max_length

# `nakhon.core.proposals`, which records what an actor's proposal holds: it builds on this
# module, so the core app installs it (`install_proposals`) once both are loaded.
_proposals = None


def install_proposals(module) -> None:
    global _proposals
    _proposals = module


@dataclass(frozen=True)
class Actor:
    """Who writes, through which channel, and the batch that groups one request's changes."""

    user: object
    channel: str
    batch: uuid.UUID = field(default_factory=uuid.uuid4)
    reverting: ChangeLogEntry | None = None
    # A change proposal (`core.models.Proposal`): proposable services record into it what
    # they would write (`core.proposals`), and the live tables stay as they are.
    proposal: object = None

    @classmethod
    def for_request(cls, request, channel: str = Channel.UI) -> "Actor":
        """One actor per request, so that everything one request writes shares a batch; it
        carries the proposal the request works in (a header, or the session's choice)."""
        if not hasattr(request, "_nakhon_actor"):
            proposal = _proposals.proposal_of_request(request, api=channel == Channel.API)
            request._nakhon_actor = cls(user=request.user, channel=channel, proposal=proposal)
        return request._nakhon_actor

    @classmethod
    def shell(cls, user) -> "Actor":
        return cls(user=user, channel=Channel.SHELL)


def to_json(value):
    return DjangoJSONEncoder().default(value) if not _is_json_native(value) else value


def _is_json_native(value) -> bool:
    return value is None or isinstance(value, str | int | float | bool | list | dict)


def logged_value(field, value):
    """A field's value as the change log keeps it: JSON, and a decimal with the places the
    database stores, so that 100 and 100.00 are the same fee and saving it again is no change."""
    if isinstance(field, models.DecimalField) and value not in (None, ""):
        # A number given as text or int is logged as the decimal it is stored as; one the field
        # cannot hold is left as given, for its validation to refuse.
        with contextlib.suppress(ValidationError, InvalidOperation):
            value = field.to_python(value).quantize(Decimal(1).scaleb(-field.decimal_places))
    return to_json(value)


def snapshot_fields(obj, attnames) -> dict:
    return {
        f.attname: logged_value(f, f.value_from_object(obj))
        for f in obj._meta.concrete_fields
        if f.attname in attnames
    }


def snapshot(obj) -> dict:
    """The object's logged state, as its service takes it (`ObjectService.snapshot`)."""
    return service_for(type(obj)).snapshot(obj)


def _logged_wanted(field, value):
    """A value given for `field` as the change log would hold it once stored."""
    if field.is_relation:
        return to_json(getattr(value, "pk", value))
    with contextlib.suppress(ValidationError):
        value = field.to_python(value)
    return logged_value(field, value)


def _id_list(objects) -> list[str]:
    """Many-to-many members as the change log lists them: each id once, sorted."""
    return sorted({str(getattr(o, "pk", o)) for o in objects})


def assign(obj, values: dict) -> None:
    """Set `values` on `obj`, each as its field's Python value ("100.00" becomes a decimal), so
    that comparing, logging and whatever reads the object next see what will be stored. A value
    the field cannot take is set as given, for validation to refuse with its message."""
    fields = {f.name: f for f in obj._meta.concrete_fields if not f.is_relation}
    for name, value in values.items():
        if name in fields:
            with contextlib.suppress(ValidationError):
                value = fields[name].to_python(value)
        setattr(obj, name, value)


def record_change(actor: Actor, action: str, obj, before: dict | None, after: dict | None):
    return ChangeLogEntry.objects.create(
        **entry_values(actor, action, type(obj)),
        object_id=str(obj.pk),
        object_repr=str(obj)[:REPR_LENGTH],
        before=before,
        after=after,
    )


def entry_values(actor: Actor, action: str, model) -> dict:
    """What every entry of one actor's change to one model shares, by attribute name."""
    user = actor.user if getattr(actor.user, "is_authenticated", False) else None
    return {
        "user_id": user.pk if user else None,
        "user_name": user.get_username() if user else "",
        "channel": actor.channel,
        "action": action,
        "content_type_id": ContentType.objects.get_for_model(model, for_concrete_model=True).pk,
        "batch": actor.batch,
        "reverts_id": actor.reverting.pk if actor.reverting else None,
    }


class ObjectService:
    """Create, update and delete one model's rows under the platform's rules.

    Subclasses name the model and add domain checks in `validate`; `apply_related` writes what
    lives in other tables (many-to-many, nested rows) after the row itself is saved.
    """

    model: type[models.Model]
    # Whether an actor's proposal records this model's writes instead of applying them
    # (`core.proposals`); the writes of models that are not proposable stay live.
    proposable = False

    def records_into_proposal(self, actor: Actor) -> bool:
        """Whether this write goes into the actor's proposal rather than the live tables."""
        return actor.proposal is not None and self.proposable

    def create(self, actor: Actor, **values):
        if self.records_into_proposal(actor):
            return _proposals.record_create(self, actor, values)
        related, values = self._split_related(values)
        obj = self.model(**values)
        with transaction.atomic():
            self.require(actor, permissions.ADD, obj)
            self.validate(obj)
            obj.created_by = obj.updated_by = self._user(actor)
            obj.save()
            self.apply_related(obj, related)
            record_change(actor, Action.CREATE, obj, None, self.snapshot(obj))
        return obj

    def bulk_create(self, actor: Actor, rows: list[dict]) -> list[dict]:
        """Create many new rows at once, under the rules `create` applies to one.

        A row is a dict of values by attribute name (`owner_unit_id`); fields left out take
        their defaults. Each row is validated (fields, the model's `clean_row`, the domain rules
        of `check_new_rows`) and permission-checked, and gets its own change-log entry; rows
        and entries are inserted in one statement each. Models with many-to-many values or
        related rows go through `create`. Returns the rows as stored (with `id`). In a
        proposal, each row is recorded as `create` records one.
        """
        if self.records_into_proposal(actor):
            with transaction.atomic():
                made = [_proposals.record_create(self, actor, dict(row)) for row in rows]
            pk = self.model._meta.pk.attname
            return [{**row, pk: obj.pk} for row, obj in zip(rows, made, strict=True)]
        user_id = getattr(self._user(actor), "pk", None)
        now = timezone.now()
        defaults = row_defaults(self.model)
        split = [self._split_related(row) for row in rows]
        related = [values for values, _row in split]
        rows = [self.complete_row({**defaults, **row}, user_id, now) for _values, row in split]
        check = row_checker(self.model)
        for row in rows:
            try:
                check(row)
            except ValidationError as error:
                error.row = row  # so that a caller can say which of many rows it was
                raise
        labels = [label[:REPR_LENGTH] for label in self.check_new_rows(rows)]
        self.require_rows_permitted(actor, rows)
        with transaction.atomic():
            insert_rows(self.model, rows)
            self.apply_related_rows(rows, related)
            entries = self._creation_entries(actor, rows, related, labels, now)
            insert_rows(ChangeLogEntry, entries)
        return rows

    def apply_related_rows(self, rows: list[dict], related: list[dict]) -> None:
        """`apply_related` for new rows; models with related values override both."""
        if any(related):
            raise TypeError(f"{self.model.__name__} has related values: create it with create()")

    def related_snapshot(self, row: dict, related: dict) -> dict:
        """What `snapshot` adds to a new row's fields (override with `apply_related_rows`)."""
        extra = type(self).extra_snapshot is not ObjectService.extra_snapshot
        if self.model._meta.many_to_many or extra:
            raise TypeError(f"{self.model.__name__} has related values: create it with create()")
        return {}

    def complete_row(self, row: dict, user_id, now) -> dict:
        """A new row's key and bookkeeping; models add their own (e.g. an identifier)."""
        row.setdefault("id", uuid.uuid4())
        row.update(version=1, created_at=now, updated_at=now)
        row.update(created_by_id=user_id, updated_by_id=user_id)
        return row

    def check_new_rows(self, rows: list[dict]) -> list[str]:
        """`validate_domain` for new rows, and what the change log calls each of them.

        Override with a set-wide check where building each object would cost queries."""
        labels = []
        for row in rows:
            obj = self.model(**row)
            try:
                self.validate_domain(obj)
            except ValidationError as error:
                error.row = row
                raise
            labels.append(str(obj))
        return labels

    def require_rows_permitted(self, actor: Actor, rows: list[dict]) -> None:
        """`permissions.require(ADD)` for every row, asked once per owning unit."""
        if permissions.role_of(actor.user) in permissions.EDIT_EVERYTHING:
            return  # whoever owns the rows
        units = self.owner_units_of_rows(rows) if self.model.owner_path else [None] * len(rows)
        allowed: dict = {}
        for row, unit_id in zip(rows, units, strict=True):
            if unit_id not in allowed:
                allowed[unit_id] = permissions.can_in_unit(
                    actor.user, permissions.ADD, self.model, unit_id
                )
            if not allowed[unit_id]:
                self.require(actor, permissions.ADD, self.model(**row))

    def owner_units_of_rows(self, rows: list[dict]) -> list:
        """The owning unit's id of each row, following `owner_path` with one query per hop."""
        first, *rest = self.model.owner_path.split("__")
        field = self.model._meta.get_field(first)
        keys = [row[field.attname] for row in rows]
        if not rest:
            return keys
        owners = dict(
            filter_in(field.related_model.objects, "pk", {k for k in keys if k is not None})
            .values_list("pk", "__".join(rest))
            .iterator()
        )
        return [owners.get(key) for key in keys]

    def _creation_entries(self, actor: Actor, rows, related, labels, now) -> list[dict]:
        template = entry_values(actor, Action.CREATE, self.model)
        logged = [f for f in self.model._meta.concrete_fields if f.name not in UNLOGGED_FIELDS]
        # Text, numbers and JSON are logged as they stand; keys and dates need converting.
        native = [f.attname for f in logged if isinstance(f, JSON_NATIVE_FIELDS)]
        converted = [f for f in logged if not isinstance(f, JSON_NATIVE_FIELDS)]
        return [
            {
                **template,
                "time": now,
                "object_id": str(row["id"]),
                "object_repr": label,
                "before": None,
                "after": {
                    **{name: row[name] for name in native},
                    **{f.attname: logged_value(f, row[f.attname]) for f in converted},
                    **self.related_snapshot(row, values),
                },
            }
            for row, values, label in zip(rows, related, labels, strict=True)
        ]

    def validate_domain(self, obj) -> None:
        """Rules beyond the fields (override)."""

    def require(self, actor: Actor, action: str, obj) -> None:
        """Refuse what the user may not do to `obj`: its owning unit decides (override for a
        model with a rule of its own)."""
        permissions.require(actor.user, action, obj)

    def stamp_new_version(self, obj, actor: Actor) -> None:
        """Count an update's new version and say who wrote it (override for a model without
        those columns)."""
        obj.version += 1
        obj.updated_by = self._user(actor)

    def update(self, actor: Actor, obj, *, version: int | None, **values):
        """Apply `values` if the stored row is still at `version` (None skips the check)."""
        return self._update(actor, obj, version, values, force=False)

    def _update(self, actor: Actor, obj, version, values: dict, *, force: bool):
        """`force` saves a new version even when no field of this row changes."""
        if self.records_into_proposal(actor):
            return _proposals.record_update(self, actor, obj, version, values, force=force)
        related, values = self._split_related(values)
        with transaction.atomic():
            current = self._lock(obj)
            self.require(actor, permissions.CHANGE, current)
            if version is not None and int(version) != current.version:
                raise ConflictError(current, version)
            before = self.snapshot(current)
            if not force and not self.changes(current, {**values, **related}, before):
                return current  # nothing to save, so no new version and no log entry
            assign(current, values)
            # Checked again so that an editor cannot hand an object over to another unit.
            self.require(actor, permissions.CHANGE, current)
            self.validate(current)
            self.stamp_new_version(current, actor)
            current.save()
            self.apply_related(current, related)
            after = self.snapshot(current)
            record_change(actor, Action.UPDATE, current, before, after)
        return current

    def delete(self, actor: Actor, obj, *, version: int | None) -> None:
        if self.records_into_proposal(actor):
            return _proposals.record_delete(self, actor, obj, version)
        with transaction.atomic():
            current = self._lock(obj)
            self.require(actor, permissions.DELETE, current)
            if version is not None and int(version) != current.version:
                raise ConflictError(current, version)
            self.check_deletable(current)
            self.require_dependents_deletable(actor, current)
            self.delete_logged(actor, current)

    def delete_logged(self, actor: Actor, obj) -> None:
        """Delete `obj` and what cannot exist without it, logging each row that goes or changes.

        Dependents (say, an element's relationships) go first, each with its own entry; the
        containers that showed `obj` (views, plateaus) get an update entry and a new version.
        """
        for dependent in self.dependents(obj):
            service_for(type(dependent)).delete_logged(actor, dependent)
        containers = [(c, snapshot(c)) for c in self.containers(obj)]
        record_change(actor, Action.DELETE, obj, self.snapshot(obj), None)
        obj.delete()
        for container, before in containers:
            container.refresh_from_db()
            container.version += 1
            container.updated_by = self._user(actor)
            container.save(update_fields=["version", "updated_by", "updated_at"])
            record_change(actor, Action.UPDATE, container, before, snapshot(container))

    def require_dependents_deletable(self, actor: Actor, obj) -> None:
        """Refuse a delete that would take rows with it that the user may not delete."""
        dependents = self.dependents(obj)
        may_delete = [service_for(type(d)).may_go_with(actor, d) for d in dependents]
        blocked = [str(dep) for dep, may in zip(dependents, may_delete, strict=True) if not may]
        if blocked:
            raise PermissionDenied(
                _(
                    "Deleting “%(object)s” would also delete what other units own: %(items)s. "
                    "Ask their editors or the EA office to remove those first."
                )
                % {"object": obj, "items": "; ".join(blocked)}
            )
        for dep in dependents:
            service_for(type(dep)).require_dependents_deletable(actor, dep)

    def dependents(self, obj) -> list:
        """Rows that are deleted with `obj` (override)."""
        return []

    def may_go_with(self, actor: Actor, obj) -> bool:
        """Whether `obj` may be deleted with a row it depends on: if the user may delete it."""
        return permissions.can(actor.user, permissions.DELETE, obj)

    def containers(self, obj) -> list:
        """Rows whose logged state includes `obj` and so change when it goes (override)."""
        return []

    def snapshot(self, obj) -> dict:
        """The object's logged state: concrete fields by attname, many-to-many as sorted id
        lists, and what lives in other tables (`extra_snapshot`)."""
        logged = {f.attname for f in obj._meta.concrete_fields if f.name not in UNLOGGED_FIELDS}
        data = snapshot_fields(obj, logged)
        for m2m in obj._meta.many_to_many:
            data[m2m.name] = _id_list(getattr(obj, m2m.name).values_list("pk", flat=True))
        data.update(self.extra_snapshot(obj))
        return data

    def extra_snapshot(self, obj) -> dict:
        """What the object's logged state holds besides its row (override: a view's diagram)."""
        return {}

    def changes(self, obj, values: dict, before: dict | None = None) -> dict:
        """The part of `values` that would change what `obj` holds, each compared as the change
        log holds it: the one answer to "what changed" for updates, imports and the demo.

        Keys are field names or attnames, many-to-many fields and the keys `extra_snapshot`
        adds; related objects count by id. `before`: `obj`'s snapshot, where the caller has it.
        """
        fields = {f.name: f for f in obj._meta.concrete_fields}
        fields |= {f.attname: f for f in obj._meta.concrete_fields}
        many = {f.name for f in obj._meta.many_to_many}
        stored = dict(before) if before is not None else {}
        if before is None and any(n not in fields and n not in many for n in values):
            stored = self.extra_snapshot(obj)
        changed = {}
        for name, value in values.items():
            if name in fields:
                field = fields[name]
                if field.attname in stored:
                    now = stored[field.attname]
                else:
                    now = logged_value(field, field.value_from_object(obj))
                wanted = _logged_wanted(field, value)
            elif name in many:
                if name not in stored:
                    stored[name] = _id_list(getattr(obj, name).values_list("pk", flat=True))
                now = stored[name]
                wanted = _id_list(value)
            else:
                now, wanted = stored.get(name, getattr(obj, name, None)), value
            if now != wanted:
                changed[name] = value
        return changed

    def validate(self, obj) -> None:
        """Field and domain rules; raise django.core.exceptions.ValidationError."""
        obj.full_clean()
        validators.refuse_unstorable_fields(obj)
        self.validate_domain(obj)

    def validate_proposed(self, obj, *, exclude: list[str]) -> None:
        """`validate` for an object a proposal would write: the fields in `exclude` name objects
        the proposal creates, which the database does not hold yet."""
        obj.full_clean(exclude=exclude)
        self.validate_domain(obj)

    def check_deletable(self, obj) -> None:
        """Refuse a delete that would break something (override; default allows)."""

    def apply_related(self, obj, related: dict) -> None:
        for name, value in related.items():
            getattr(obj, name).set(value)

    def related_fields(self) -> set[str]:
        return {f.name for f in self.model._meta.many_to_many}

    def _split_related(self, values: dict) -> tuple[dict, dict]:
        names = self.related_fields()
        related = {k: v for k, v in values.items() if k in names}
        return related, {k: v for k, v in values.items() if k not in names}

    def _lock(self, obj):
        try:
            return self.model.objects.select_for_update().get(pk=obj.pk)
        except self.model.DoesNotExist:
            raise ObjectDoesNotExist(
                _("“%(object)s” no longer exists: someone deleted it.") % {"object": obj}
            ) from None

    @staticmethod
    def _user(actor: Actor):
        return actor.user if getattr(actor.user, "is_authenticated", False) else None

    def values_from_snapshot(self, data: dict, names) -> dict:
        """Turn logged JSON back into values `create`/`update` accept."""
        fields = {f.attname: f for f in self.model._meta.concrete_fields}
        values = {}
        for name in names:
            if name in fields:
                values[name] = fields[name].to_python(data[name])
            elif name in self.related_fields() or name in self.restorable_extras():
                values[name] = data[name]
        return values

    def restorable_extras(self) -> set[str]:
        """Keys of `extra_snapshot` that `create`/`update` accept back (e.g. a diagram)."""
        return set()


_SERVICES: dict[type, ObjectService] = {}


def register(service: ObjectService) -> ObjectService:
    _SERVICES[service.model] = service
    return service


def service_for(model) -> ObjectService:
    return _SERVICES[model._meta.concrete_model]


def logged_models() -> list:
    """Every model the services write, and so the change log names."""
    return list(_SERVICES)


def revert(actor: Actor, entry: ChangeLogEntry):
    """Undo one change through the normal service path; the new entry points at the old one."""
    model = entry.model_class
    service = service_for(model)
    # A revert undoes what the live tables hold: it is never recorded into a proposal.
    actor = replace(actor, reverting=entry, proposal=None)
    current = model.objects.filter(pk=entry.object_id).first()
    if entry.action == Action.CREATE:
        if current is None:
            raise AlreadyUndone(_("It has already been deleted: there is nothing to undo."))
        service.delete(actor, current, version=None)
        return None
    if entry.action == Action.DELETE:
        if current is not None:
            raise RevertError(_("It exists again already: there is nothing to restore."))
        names = [n for n in entry.before if n not in ("version",)]
        values = service.values_from_snapshot(entry.before, names)
        return service.create(actor, **values)
    if current is None:
        raise RevertError(_("It has been deleted since: restore it first."))
    names = [n for n in entry.changed_fields if n != "version"]
    now = snapshot(current)
    moved_on = [n for n in names if now.get(n) != entry.after.get(n)]
    if moved_on:
        raise RevertError(
            _(
                "Later changes touched the same fields (%(fields)s): revert those first, "
                "newest first."
            )
            % {"fields": ", ".join(moved_on)}
        )
    values = service.values_from_snapshot(entry.before, names)
    return service.update(actor, current, version=None, **values)


def revert_batch(actor: Actor, batch) -> int:
    """Undo everything one request or import wrote, all or nothing; the number of changes undone.

    Newest first. A batch is not always written in the order its rows depend on each other (an
    import creates a unit's elements before the unit's profile), so a change that cannot be
    undone yet is tried again once the others are; a creation whose object an earlier undo took
    away with it (a service's element goes with its profile) is undone already.
    """
    pending = list(
        ChangeLogEntry.objects.filter(batch=batch, reverted_by__isnull=True).order_by("-id")
    )
    if not pending:
        raise RevertError(_("There is nothing in this batch to revert."))
    undone = 0
    with transaction.atomic():
        while pending:
            blocked = []
            for entry in pending:
                try:
                    with transaction.atomic():
                        revert(actor, entry)
                except AlreadyUndone:
                    continue
                except (RevertError, ValidationError) as error:
                    blocked.append((entry, error))
                else:
                    undone += 1
            if blocked and len(blocked) == len(pending):
                raise blocked[0][1]
            pending = [entry for entry, _error in blocked]
        if not undone:
            raise RevertError(_("There is nothing in this batch to revert."))
    return undone
