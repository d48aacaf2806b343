"""Change proposals: the repository's pending changes, kept apart from it until merged.

A proposal is an ordered list of operations (create, update, delete of one object each) that the
service layer records instead of applying them: an `Actor` carrying a proposal makes a
proposable service (`ObjectService.proposable`) check permission and validate as usual, then
call `record_create`, `record_update` or `record_delete` here. Nothing of it reaches the live
tables, so lists, analysis and exports never see it.

"The repository as the proposal would make it" is the live rows with the operations laid over
them in memory (`proposed_objects`, `proposed_instance`); `diff` shows it field by field.
`merge` applies the operations through the services in one transaction and one change-log
batch. Every update or deletion keeps the live version it was based on: a live object that
moved since is a `Conflict`, and the merge writes nothing until `rebase` resolves it in the
proposal.

Writers that read back what they wrote (the importer inserts rows in bulk and then reads them)
record through `capture`: the write runs against the proposal's state inside a transaction
that is rolled back, and the change-log entries it made become the proposal's operations.
"""

import uuid
from dataclasses import dataclass, field, replace

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nakhon.core import permissions
from nakhon.core.exceptions import ConflictError, ProposalConflict
from nakhon.core.models import (
    Action,
    ChangeLogEntry,
    Proposal,
    ProposalOperation,
    ProposalState,
)
from nakhon.core.services import (
    REPR_LENGTH,
    UNLOGGED_FIELDS,
    Actor,
    _id_list,
    _logged_wanted,
    assign,
    logged_models,
    service_for,
    snapshot_fields,
)

# Keys of an object's logged state that are bookkeeping, not its content.
NOT_PROPOSED = {"version"}
# Proposal ids in requests: a header for the API, a session key for the pages.
HEADER = "X-Nakhon-Proposal"
SESSION_KEY = "nakhon_proposal"
QUERY_PARAMETER = "proposal"


# --- Proposals themselves ------------------------------------------------------------------


def may_propose(user) -> bool:
    """Whoever may edit architecture at all may keep a proposal (permission is then asked
    object by object, as for live edits)."""
    role = permissions.role_of(user)
    return role in permissions.EDIT_EVERYTHING or role == permissions.Role.UNIT_EDITOR


def may_merge(user) -> bool:
    """Merging is the approver's: the EA office (and administrators)."""
    return permissions.role_of(user) in permissions.EDIT_EVERYTHING


def require_may_propose(user) -> None:
    if not may_propose(user):
        raise PermissionDenied(_("Keeping a change proposal needs an editor's role."))


def open_proposal(user, title: str) -> Proposal:
    require_may_propose(user)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the proposal a title.")})
    return Proposal.objects.create(title=title[:300], created_by=_user(user))


def withdraw(user, proposal: Proposal) -> None:
    """Close an open proposal without merging it (its operations are kept, for the record)."""
    if not (may_merge(user) or (proposal.created_by_id and proposal.created_by_id == user.pk)):
        raise PermissionDenied(_("Only its author or the EA office may withdraw a proposal."))
    require_open(proposal)
    proposal.state = ProposalState.WITHDRAWN
    proposal.save(update_fields=["state", "updated_at"])


def proposal_from(value) -> Proposal:
    """The proposal a request names by id; a clear refusal if there is none. One no longer
    open is returned all the same: recording into it is refused (`require_open`), while the
    request's writes of what a proposal does not hold (a vote, say) go on."""
    try:
        proposal = Proposal.objects.filter(pk=uuid.UUID(str(value))).first()
    except ValueError:
        proposal = None
    if proposal is None:
        raise ValidationError(_("There is no change proposal “%(id)s”.") % {"id": value})
    return proposal


def proposal_of_request(request, *, api: bool = False) -> Proposal | None:
    """The proposal a request works in: its header, else (API) its query parameter, else (pages)
    the one chosen for the session; None for live work."""
    value = request.headers.get(HEADER)
    if not value and api:
        value = getattr(request, "query_params", request.GET).get(QUERY_PARAMETER)
    if not value and not api and hasattr(request, "session"):
        value = request.session.get(SESSION_KEY)
    return proposal_from(value) if value else None


def require_open(proposal: Proposal) -> None:
    """Refuse to change a proposal that is merged or withdrawn (as stored now)."""
    stored = Proposal.objects.filter(pk=proposal.pk).values_list("state", flat=True).first()
    proposal.state = stored or proposal.state
    if not proposal.is_open:
        raise ValidationError(
            _("The proposal “%(proposal)s” is %(state)s: it can no longer be changed.")
            % {"proposal": proposal, "state": proposal.get_state_display()}
        )


# --- Recording (called by ObjectService when the actor carries a proposal) -------------------


def _ct(model) -> ContentType:
    return ContentType.objects.get_for_model(model, for_concrete_model=True)


def _user(user):
    return user if getattr(user, "is_authenticated", False) else None


def _operation(proposal: Proposal, model, pk) -> ProposalOperation | None:
    return proposal.operations.filter(content_type=_ct(model), object_id=str(pk)).first()


def _next_position(proposal: Proposal) -> int:
    last = proposal.operations.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


def _new_operation(actor: Actor, action: str, obj, **values) -> ProposalOperation:
    proposal = actor.proposal
    return ProposalOperation.objects.create(
        proposal=proposal,
        position=_next_position(proposal),
        action=action,
        content_type=_ct(type(obj)),
        object_id=str(obj.pk),
        object_repr=str(obj)[:REPR_LENGTH],
        recorded_by=_user(actor.user),
        **values,
    )


def _key(model, name: str) -> str:
    """The key a value given as `name` (field name or attname) has in the logged state."""
    for f in model._meta.concrete_fields:
        if name in (f.name, f.attname):
            return f.attname
    return name


def _logged(model, name: str, value):
    """A value given for `name` as the logged state holds it."""
    for f in model._meta.concrete_fields:
        if name in (f.name, f.attname):
            return _logged_wanted(f, value)
    if name in {f.name for f in model._meta.many_to_many}:
        return _id_list(value)
    return value


def _logged_values(model, values: dict) -> dict:
    return {_key(model, k): _logged(model, k, v) for k, v in values.items()}


def _pending_fields(proposal: Proposal, obj) -> list[str]:
    """Names of `obj`'s foreign keys that point at objects this proposal creates: the database
    does not hold them, so field validation must not look them up there."""
    created = set(
        proposal.operations.filter(action=Action.CREATE).values_list("content_type", "object_id")
    )
    pending = []
    for f in obj._meta.concrete_fields:
        if f.is_relation and (f.many_to_one or f.one_to_one):
            value = getattr(obj, f.attname, None)
            if value is not None and (_ct(f.related_model).pk, str(value)) in created:
                pending.append(f.name)
    return pending


def _validate(service, proposal: Proposal, obj) -> None:
    _attach_proposed_ends(proposal, obj)
    service.validate_proposed(obj, exclude=_pending_fields(proposal, obj))


def record_create(service, actor: Actor, values: dict):
    """Check and record the creation of an object with `values`; the object, unsaved."""
    require_open(actor.proposal)
    related, plain = service._split_related(values)
    obj = service.model(**plain)
    _attach_proposed_ends(actor.proposal, obj)
    with transaction.atomic():
        service.require(actor, permissions.ADD, obj)
        _validate(service, actor.proposal, obj)
        if hasattr(obj, "ensure_identifier"):
            obj.ensure_identifier()  # fixed now, so that the merge creates what was reviewed
        if _operation(actor.proposal, service.model, obj.pk) is not None:
            raise ValidationError(_("This proposal already creates an object with this id."))
        logged = {
            f.attname
            for f in obj._meta.concrete_fields
            if f.name not in UNLOGGED_FIELDS and f.attname not in NOT_PROPOSED
        }
        state = {**snapshot_fields(obj, logged), **_logged_values(service.model, related)}
        obj.proposal_operation = _new_operation(actor, Action.CREATE, obj, values=state)
    obj.proposed_related = related
    return obj


def record_update(service, actor: Actor, obj, version, values: dict, *, force: bool = False):
    """Check and record an update of `obj` (live, or created by this proposal); the object as
    the proposal now has it, unsaved."""
    proposal = actor.proposal
    require_open(proposal)
    related, plain = service._split_related(values)
    with transaction.atomic():
        op = _operation(proposal, service.model, obj.pk)
        if op is not None and op.action == Action.DELETE:
            raise ValidationError(
                _("This proposal deletes “%(object)s”: it cannot change it too.") % {"object": obj}
            )
        live = None
        if op is not None and op.action == Action.CREATE:
            current, state = instance_of(op), dict(op.values)
        else:
            live = service.model.objects.filter(pk=obj.pk).first()
            if live is None:
                raise ObjectDoesNotExist(
                    _("“%(object)s” no longer exists: someone deleted it.") % {"object": obj}
                )
            service.require(actor, permissions.CHANGE, live)
            if version is not None and int(version) != live.version:
                raise ConflictError(live, version)
            live_state = service.snapshot(live)
            state = {**live_state, **(op.values if op else {})}
            current = _overlaid(service, live, op.values if op else {})
        service.require(actor, permissions.CHANGE, current)
        changed = service.changes(current, {**plain, **related}, before=state)
        if not changed and not force:
            return current
        assign(current, {k: v for k, v in plain.items() if k in changed})
        # Checked again so that an editor cannot hand an object over to another unit.
        service.require(actor, permissions.CHANGE, current)
        _validate(service, proposal, current)
        new = _logged_values(service.model, changed)
        if op is not None and op.action == Action.CREATE:
            op.values = {**op.values, **new}
        elif op is not None:
            op.base = {**{k: live_state.get(k) for k in new}, **op.base}
            op.values = {**op.values, **new}
            # A field set back to what the proposal was based on is no longer a change of it.
            op.values = {k: v for k, v in op.values.items() if op.base.get(k) != v}
            op.base = {k: v for k, v in op.base.items() if k in op.values}
        else:
            op = _new_operation(
                actor,
                Action.UPDATE,
                current,
                values=new,
                base={k: live_state.get(k) for k in new},
                base_version=live.version,
            )
        if op.action == Action.UPDATE and not op.values:
            op.delete()
            return current
        op.object_repr = str(current)[:REPR_LENGTH]
        op.recorded_by = _user(actor.user)
        op.save()
        current.proposal_operation = op
    return current


def record_delete(service, actor: Actor, obj, version) -> None:
    """Check and record the deletion of `obj`. Deleting what the proposal itself creates
    forgets that creation, and the creations that needed it."""
    proposal = actor.proposal
    require_open(proposal)
    with transaction.atomic():
        op = _operation(proposal, service.model, obj.pk)
        if op is not None and op.action == Action.DELETE:
            return
        if op is not None and op.action == Action.CREATE:
            service.require(actor, permissions.DELETE, instance_of(op))
            _forget_creation(op)
            return
        live = service.model.objects.filter(pk=obj.pk).first()
        if live is None:
            raise ObjectDoesNotExist(
                _("“%(object)s” no longer exists: someone deleted it.") % {"object": obj}
            )
        service.require(actor, permissions.DELETE, live)
        if version is not None and int(version) != live.version:
            raise ConflictError(live, version)
        service.check_deletable(live)
        service.require_dependents_deletable(actor, live)
        state = {k: v for k, v in service.snapshot(live).items() if k not in NOT_PROPOSED}
        if op is not None:  # an update becomes the deletion, based on what it was based on
            op.action, op.values, op.base = Action.DELETE, {}, state
            op.recorded_by = _user(actor.user)
            op.save()
        else:
            _new_operation(actor, Action.DELETE, live, base=state, base_version=live.version)


def _forget_creation(op: ProposalOperation) -> None:
    """Remove a creation and the proposal's creations that refer to the object it creates."""
    gone = {(op.content_type_id, op.object_id)}
    op.delete()
    while True:
        dependent = [
            other
            for other in op.proposal.operations.filter(action=Action.CREATE)
            if _refers_to(other, gone)
        ]
        if not dependent:
            return
        for other in dependent:
            gone.add((other.content_type_id, other.object_id))
            other.delete()


def _refers_to(op: ProposalOperation, objects: set) -> bool:
    model = op.model_class
    for f in model._meta.concrete_fields:
        value = op.values.get(f.attname) if f.is_relation else None
        if value is not None and (_ct(f.related_model).pk, str(value)) in objects:
            return True
    return False


def remove_operation(user, op: ProposalOperation) -> None:
    """Take one operation out of its proposal (a creation takes the creations needing it)."""
    require_open(op.proposal)
    target = instance_of(op) if op.action == Action.CREATE else _live(op) or instance_of(op)
    if not (may_merge(user) or permissions.can(user, permissions.CHANGE, target)):
        raise PermissionDenied(permissions.denial_message(user, permissions.CHANGE, target))
    with transaction.atomic():
        if op.action == Action.CREATE:
            _forget_creation(op)
        else:
            op.delete()


# --- The repository as a proposal would make it ---------------------------------------------


def _concrete_values(model, values: dict) -> dict:
    """Logged values of concrete fields, as the fields' Python values."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    return {k: fields[k].to_python(v) for k, v in values.items() if k in fields}


def _related_values(model, values: dict) -> dict:
    fields = {f.attname for f in model._meta.concrete_fields}
    return {k: v for k, v in values.items() if k not in fields}


def instance_of(op: ProposalOperation):
    """The unsaved object a creation makes."""
    model = op.model_class
    obj = model(**_concrete_values(model, op.values))
    obj.proposed_related = _related_values(model, op.values)
    obj.proposal_operation = op
    return obj


def _overlaid(service, live, values: dict):
    """`live` with an update's values laid over it (the many-to-many and other tables' values
    in `proposed_related`)."""
    assign(live, _concrete_values(service.model, values))
    live.proposed_related = _related_values(service.model, values)
    return live


def _live(op: ProposalOperation):
    model = op.model_class
    return model.objects.filter(pk=model._meta.pk.to_python(op.object_id)).first()


def proposed_instance(proposal: Proposal, model, pk):
    """The object `pk` of `model` as the proposal would leave it; None if it would not exist."""
    op = _operation(proposal, model, pk)
    if op is not None and op.action == Action.DELETE:
        return None
    if op is not None and op.action == Action.CREATE:
        return _attach_proposed_ends(proposal, instance_of(op))
    live = model.objects.filter(pk=pk).first()
    if live is None:
        return None
    if op is not None:
        _overlaid(service_for(model), live, op.values)
        live.proposal_operation = op
    return _attach_proposed_ends(proposal, live)


def proposed_objects(proposal: Proposal, model, queryset=None) -> list:
    """Every object of `model` as the proposal would leave the repository: the live rows of
    `queryset` (all of them by default) with the proposal's updates laid over them, without
    those it deletes (or that go with what it deletes), and with those it creates. Foreign keys
    to objects the proposal creates or changes read the proposed objects. Unsaved; each created
    or changed one carries its `proposal_operation`, and `proposed_related` holds the
    many-to-many members and other tables' values the proposal gives it."""
    ops = list(proposal.operations.select_related("content_type"))
    own = {op.object_id: op for op in ops if op.content_type.model_class() is model}
    deleted = {(op.content_type_id, op.object_id) for op in ops if op.action == Action.DELETE}
    rows = queryset if queryset is not None else model.objects.all()
    found = []
    service = service_for(model)
    for obj in rows:
        op = own.get(str(obj.pk))
        if op is not None and op.action == Action.DELETE:
            continue
        if op is not None:
            _overlaid(service, obj, op.values)
            obj.proposal_operation = op
        found.append(obj)
    found += [instance_of(op) for op in own.values() if op.action == Action.CREATE]
    cache: dict = {}
    found = [obj for obj in found if not _goes_with(obj, deleted)]
    for obj in found:
        _attach_proposed_ends(proposal, obj, ops, cache)
    return found


def _goes_with(obj, deleted: set) -> bool:
    """Whether `obj` refers to an object the proposal deletes, and so is deleted with it."""
    for f in obj._meta.concrete_fields:
        if f.is_relation and (f.many_to_one or f.one_to_one):
            value = getattr(obj, f.attname, None)
            if value is not None and (_ct(f.related_model).pk, str(value)) in deleted:
                return True
    return False


def _attach_proposed_ends(proposal: Proposal, obj, ops=None, cache=None):
    """Let `obj`'s foreign keys to objects the proposal creates or changes read those objects
    as proposed (a relationship's ends, a plateau's element)."""
    if ops is None:
        ops = list(proposal.operations.select_related("content_type"))
    by_key = {(op.content_type_id, op.object_id): op for op in ops}
    cache = {} if cache is None else cache
    for f in obj._meta.concrete_fields:
        if not (f.is_relation and (f.many_to_one or f.one_to_one)):
            continue
        value = getattr(obj, f.attname, None)
        key = (_ct(f.related_model).pk, str(value))
        if value is None or key not in by_key or by_key[key].action == Action.DELETE:
            continue
        if key not in cache:
            op = by_key[key]
            if op.action == Action.CREATE:
                cache[key] = instance_of(op)
            else:
                cache[key] = _overlaid(service_for(f.related_model), _live(op), op.values)
            _attach_proposed_ends(proposal, cache[key], ops, cache)
        f.set_cached_value(obj, cache[key])
    return obj


# --- Diff and conflicts ----------------------------------------------------------------------


@dataclass
class FieldChange:
    key: str
    label: str
    old: object = None  # the live value now (None for a creation)
    new: object = None  # the proposal's value (None for a deletion)
    base: object = None  # the live value the proposal was based on
    conflict: bool = False  # the live value moved away from the base


@dataclass
class Change:
    """One operation as a reviewer reads it."""

    operation: ProposalOperation
    label: str
    model_label: str
    live: object = None
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def action(self) -> str:
        return self.operation.action

    @property
    def moved(self) -> bool:
        """The live object changed (or went) after the proposal was based on it."""
        op = self.operation
        if op.action == Action.CREATE:
            return False
        return self.live is None or self.live.version != op.base_version


@dataclass
class Conflict:
    """An operation whose live object moved since the proposal read it."""

    change: Change

    @property
    def operation(self) -> ProposalOperation:
        return self.change.operation

    @property
    def label(self) -> str:
        return self.change.label

    @property
    def deleted_live(self) -> bool:
        return self.change.live is None

    @property
    def fields(self) -> list[FieldChange]:
        return self.change.fields

    def as_dict(self) -> dict:
        return {
            "operation": self.operation.pk,
            "object_type": self.change.model_label,
            "object_id": self.operation.object_id,
            "object": self.label,
            "action": self.operation.action,
            "deleted_live": self.deleted_live,
            "base_version": self.operation.base_version,
            "live_version": getattr(self.change.live, "version", None),
            "fields": [
                {
                    "field": f.key,
                    "label": f.label,
                    "base": f.base,
                    "live": f.old,
                    "proposed": f.new,
                    "conflict": f.conflict,
                }
                for f in self.fields
            ],
        }


def _label(model, key: str) -> str:
    for f in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if key in (f.name, f.attname):
            return str(f.verbose_name)
    return key


def change_of(op: ProposalOperation) -> Change:
    model = op.model_class
    service = service_for(model)
    change = Change(op, op.object_repr, str(model._meta.verbose_name))
    if op.action == Action.CREATE:
        for key, value in op.values.items():
            if value not in (None, "", [], {}):
                change.fields.append(FieldChange(key, _label(model, key), new=value))
        return change
    change.live = _live(op)
    now = service.snapshot(change.live) if change.live is not None else {}
    moved = change.moved
    if change.live is not None:
        change.label = str(change.live)
    keys = op.values if op.action == Action.UPDATE else op.base
    for key in keys:
        base = op.base.get(key)
        live_now = now.get(key) if change.live is not None else None
        new = op.values.get(key) if op.action == Action.UPDATE else None
        conflict = moved and (change.live is None or live_now != base)
        if op.action == Action.DELETE and not conflict and base in (None, "", [], {}):
            continue
        change.fields.append(
            FieldChange(
                key, _label(model, key), live_now if change.live else base, new, base, conflict
            )
        )
    return change


def diff(proposal: Proposal) -> list[Change]:
    """Every operation of the proposal, object by object and field by field."""
    return [change_of(op) for op in proposal.operations.select_related("content_type")]


def conflicts(proposal: Proposal) -> list[Conflict]:
    """The proposal's operations whose live object moved since the proposal was based on it."""
    return [Conflict(c) for c in diff(proposal) if c.moved]


ACCEPT_LIVE, KEEP_MINE = "live", "mine"


def rebase(
    actor: Actor, op: ProposalOperation, choices: dict[str, str]
) -> ProposalOperation | None:
    """Resolve a conflict in the proposal: per field, accept the live value (the proposal drops
    its change of it) or keep the proposal's; the operation is then based on the live version.
    A field not named keeps the proposal's value. A deletion is kept (`KEEP_MINE` on any field)
    or dropped (`ACCEPT_LIVE`). The operation afterwards, or None when nothing is left of it."""
    proposal = op.proposal
    require_open(proposal)
    with transaction.atomic():
        op = ProposalOperation.objects.select_for_update().get(pk=op.pk)
        live = _live(op)
        target = live or instance_of(op)
        if not (may_merge(actor.user) or permissions.can(actor.user, permissions.CHANGE, target)):
            raise PermissionDenied(
                permissions.denial_message(actor.user, permissions.CHANGE, target)
            )
        wrong = {v for v in choices.values() if v not in (ACCEPT_LIVE, KEEP_MINE)}
        if wrong:
            raise ValidationError(_("Choose the live value or the proposal's for each field."))
        if op.action == Action.CREATE:
            return op
        if live is None:
            # Deleted live since: a change of it cannot be kept; a deletion is done already.
            op.delete()
            return None
        now = service_for(op.model_class).snapshot(live)
        if op.action == Action.DELETE:
            if ACCEPT_LIVE in choices.values():
                op.delete()
                return None
            op.base = {k: v for k, v in now.items() if k not in NOT_PROPOSED}
        else:
            kept = {k: v for k, v in op.values.items() if choices.get(k) != ACCEPT_LIVE}
            op.values = {k: v for k, v in kept.items() if now.get(k) != v}
            op.base = {k: now.get(k) for k in op.values}
            if not op.values:
                op.delete()
                return None
        op.base_version = live.version
        op.recorded_by = _user(actor.user)
        op.save()
        return op


# --- Merging ---------------------------------------------------------------------------------


def _values_for_service(op: ProposalOperation) -> dict:
    service = service_for(op.model_class)
    values = service.values_from_snapshot(op.values, list(op.values))
    if op.action == Action.CREATE:
        pk = op.model_class._meta.pk
        values.setdefault(pk.attname, pk.to_python(op.object_id))
    return values


def _apply(actor: Actor, op: ProposalOperation) -> None:
    service = service_for(op.model_class)
    if op.action == Action.CREATE:
        service.create(actor, **_values_for_service(op))
        return
    live = _live(op)
    if live is None:
        raise ObjectDoesNotExist(
            _("“%(object)s” no longer exists: someone deleted it.") % {"object": op.object_repr}
        )
    if op.action == Action.UPDATE:
        service.update(actor, live, version=None, **_values_for_service(op))
    else:
        service.delete(actor, live, version=None)


def _lock_live(ops: list[ProposalOperation]) -> None:
    """Hold the live rows the proposal changes until the merge ends, so no one moves them
    between the conflict check and the writes."""
    by_model: dict = {}
    for op in ops:
        if op.action != Action.CREATE:
            by_model.setdefault(op.model_class, []).append(op.object_id)
    for model, ids in by_model.items():
        list(model.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))


def merge(actor: Actor, proposal: Proposal) -> uuid.UUID:
    """Apply the proposal to the live repository through the services, in one transaction and
    one change-log batch (its id is returned and kept as `merged_batch`: revert it to undo the
    merge as one). Raises ProposalConflict, writing nothing, if a live object it changes moved
    since the proposal was based on it."""
    if not may_merge(actor.user):
        raise PermissionDenied(_("Merging a proposal is the EA office's decision."))
    live_actor = replace(actor, batch=uuid.uuid4(), proposal=None, reverting=None)
    given = proposal
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        require_open(proposal)
        ops = list(proposal.operations.select_related("content_type"))
        _lock_live(ops)
        found = conflicts(proposal)
        if found:
            raise ProposalConflict(found)
        # In the proposal's order; an operation that needs another's object first (a
        # relationship on an element created later) waits for the others, as reverts do.
        pending = ops
        while pending:
            blocked = []
            for op in pending:
                try:
                    with transaction.atomic():
                        _apply(live_actor, op)
                except (ValidationError, ObjectDoesNotExist) as error:
                    blocked.append((op, error))
            if blocked and len(blocked) == len(pending):
                op, error = blocked[0]
                raise ValidationError(
                    _("“%(object)s” cannot be merged: %(problem)s")
                    % {"object": op.object_repr, "problem": " ".join(_messages(error))}
                )
            pending = [op for op, _error in blocked]
        proposal.state = ProposalState.MERGED
        proposal.merged_by = _user(actor.user)
        proposal.merged_at = timezone.now()
        proposal.merged_batch = live_actor.batch
        proposal.save()
        _merged_into(given, proposal)
    return live_actor.batch


def _merged_into(given: Proposal, stored: Proposal) -> None:
    for name in ("state", "merged_by", "merged_at", "merged_batch"):
        setattr(given, name, getattr(stored, name))


def _messages(error) -> list[str]:
    return error.messages if isinstance(error, ValidationError) else [str(error)]


# --- Recording what a writer wrote (the importer) --------------------------------------------


class _Captured(Exception):
    """Leaves the transaction that `capture` rolls back."""


@dataclass
class Captured:
    """What `capture` recorded, and the result of the write it ran."""

    result: object
    recorded: int = 0
    skipped: list[str] = field(default_factory=list)  # objects a proposal does not hold


def capture(actor: Actor, write) -> Captured:
    """Run `write(live_actor)` against the repository as `actor.proposal` would make it, then
    record what it wrote as the proposal's operations and roll the live tables back.

    For writers that read back what they write (the importer inserts rows in bulk, then reads
    them): each ran through the services, so it was checked as a live write would be. Only
    objects of proposable services are recorded; the others (the model tree's folders, profile
    rows the proposal cannot hold) are named in `skipped`.
    """
    proposal = actor.proposal
    require_open(proposal)
    live_actor = replace(actor, batch=uuid.uuid4(), proposal=None)
    apply_actor = replace(actor, batch=uuid.uuid4(), proposal=None)
    outcome: dict = {}
    try:
        with transaction.atomic():
            for op in proposal.operations.select_related("content_type"):
                with transaction.atomic():
                    _apply(apply_actor, op)
            outcome["result"] = write(live_actor)
            outcome["entries"] = list(
                ChangeLogEntry.objects.filter(batch=live_actor.batch)
                .select_related("content_type")
                .order_by("id")
            )
            raise _Captured
    except _Captured:
        pass
    captured = Captured(outcome["result"])
    with transaction.atomic():
        for entry in outcome["entries"]:
            if _record_entry(actor, entry):
                captured.recorded += 1
            else:
                captured.skipped.append(entry.object_repr)
    return captured


def _record_entry(actor: Actor, entry: ChangeLogEntry) -> bool:
    """Record one change-log entry of a captured write as (part of) an operation."""
    model = entry.model_class
    if model not in logged_models() or not getattr(service_for(model), "proposable", False):
        return False
    proposal = actor.proposal
    op = _operation(proposal, model, entry.object_id)
    before = {k: v for k, v in (entry.before or {}).items() if k not in NOT_PROPOSED}
    after = {k: v for k, v in (entry.after or {}).items() if k not in NOT_PROPOSED}
    if entry.action == Action.CREATE:
        ProposalOperation.objects.create(
            proposal=proposal,
            position=_next_position(proposal),
            action=Action.CREATE,
            content_type=_ct(model),
            object_id=entry.object_id,
            object_repr=entry.object_repr,
            values=after,
            recorded_by=_user(actor.user),
        )
        return True
    changed = {k: after[k] for k in after if before.get(k) != after.get(k)}
    if entry.action == Action.UPDATE:
        if not changed:
            return True  # a new version only (a container of what was deleted)
        if op is not None and op.action == Action.CREATE:
            op.values = {**op.values, **changed}
        elif op is not None:
            live = _live(op)
            now = service_for(model).snapshot(live) if live is not None else {}
            op.base = {**{k: now.get(k) for k in changed}, **op.base}
            op.values = {**op.values, **changed}
        else:
            # Based on the live row (the write saw it with the proposal laid over it).
            live = model.objects.filter(pk=entry.object_id).first()
            now = service_for(model).snapshot(live) if live is not None else entry.before
            op = ProposalOperation(
                proposal=proposal,
                position=_next_position(proposal),
                action=Action.UPDATE,
                content_type=_ct(model),
                object_id=entry.object_id,
                values=changed,
                base={k: now.get(k) for k in changed},
                base_version=now.get("version"),
            )
        op.object_repr = entry.object_repr
        op.recorded_by = _user(actor.user)
        op.save()
        return True
    # A deletion.
    if op is not None and op.action == Action.CREATE:
        _forget_creation(op)
    elif op is not None:
        op.action, op.values = Action.DELETE, {}
        op.save()
    else:
        ProposalOperation.objects.create(
            proposal=proposal,
            position=_next_position(proposal),
            action=Action.DELETE,
            content_type=_ct(model),
            object_id=entry.object_id,
            object_repr=entry.object_repr,
            base=before,
            base_version=(entry.before or {}).get("version"),
            recorded_by=_user(actor.user),
        )
    return True
