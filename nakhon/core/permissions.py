"""Who may do what: one rule for lists, pages, API and services.

Admins and the EA office edit everything; a unit editor edits what its unit (or a unit below it)
owns; reviewers and viewers read. Models say which org unit owns a row through `owner_path`;
models without one (the org tree itself) are edited by admins and the EA office only.
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ACTIONS = (VIEW, ADD, CHANGE, DELETE)


class Role(models.TextChoices):
    ADMIN = "admin", gettext_lazy("administrator")
    EA_OFFICE = "ea_office", gettext_lazy("EA office")
    UNIT_EDITOR = "unit_editor", gettext_lazy("unit editor")
    REVIEWER = "reviewer", gettext_lazy("reviewer")
    VIEWER = "viewer", gettext_lazy("viewer")


EDIT_EVERYTHING = {Role.ADMIN, Role.EA_OFFICE}


def role_of(user) -> Role | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return Role(user.role)


def unit_model():
    """The org-unit model (`settings.NAKHON_UNIT_MODEL`), named without importing its app."""
    return apps.get_model(settings.NAKHON_UNIT_MODEL)


def units_user_may_assign(user):
    """The units a user may name as owner: every unit for the EA office, else their own subtree."""
    units = unit_model().objects.select_related("element").order_by("kind", "code")
    if role_of(user) in EDIT_EVERYTHING:
        return units
    return units.filter(pk__in=editable_unit_ids(user))


def editable_unit_ids(user) -> set:
    """The user's own unit and every unit below it; cached on the user object for one request."""
    if not hasattr(user, "_editable_unit_ids"):
        unit = getattr(user, "unit", None)
        user._editable_unit_ids = unit.subtree_ids() if unit else set()
    return user._editable_unit_ids


def owner_unit_id(obj):
    """Follow the model's `owner_path` (e.g. "source__owner_unit") to the owning unit's id."""
    *hops, last = obj.owner_path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def can(user, action: str, obj) -> bool:
    unit_id = owner_unit_id(obj) if obj.owner_path else None
    return can_in_unit(user, action, type(obj), unit_id)


def can_in_unit(user, action: str, model, unit_id) -> bool:
    """`can` for a row of `model` owned by the unit `unit_id`, without the row itself."""
    role = role_of(user)
    if role is None:
        return False
    if action == VIEW or role in EDIT_EVERYTHING:
        return True
    if role != Role.UNIT_EDITOR or not model.owner_path:
        return False
    return unit_id in editable_unit_ids(user)


def may_write(user) -> bool:
    """Whether the role writes anything at all: a viewer only reads (a reviewer writes the
    reviews assigned to them)."""
    return role_of(user) not in (None, Role.VIEWER)


def read_only_message(user) -> str:
    return _("Your role (%(role)s) only reads; ask the EA office for a role that writes.") % {
        "role": role_of(user).label if role_of(user) else _("signed out")
    }


def may_create(user, model) -> bool:
    """Whether the user may create rows of `model` at all: the EA office anything, a unit
    editor with a unit what a unit can own (which unit, the form and the service decide)."""
    role = role_of(user)
    if role in EDIT_EVERYTHING:
        return True
    return (
        role == Role.UNIT_EDITOR
        and bool(model.owner_path)
        and getattr(user, "unit_id", None) is not None
    )


def require_may_create(user, model) -> None:
    if not may_create(user, model):
        raise PermissionDenied(creation_denial_message(user, model))


def creation_denial_message(user, model) -> str:
    things = model._meta.verbose_name_plural
    role = role_of(user)
    if role is None:
        return _("Log in to %(verb)s this.") % {"verb": _("create")}
    if role == Role.UNIT_EDITOR and model.owner_path:
        return _(
            "Your account belongs to no unit, so it may not create %(things)s. "
            "Ask the EA office to set your unit."
        ) % {"things": things}
    return _("Your role (%(role)s) may not create %(things)s.") % {
        "role": role.label,
        "things": things,
    }


def require(user, action: str, obj) -> None:
    if not can(user, action, obj):
        raise PermissionDenied(denial_message(user, action, obj))


def denial_message(user, action: str, obj) -> str:
    verbs = {VIEW: _("view"), ADD: _("create"), CHANGE: _("change"), DELETE: _("delete")}
    if role_of(user) is None:
        return _("Log in to %(verb)s this.") % {"verb": verbs[action]}
    if role_of(user) == Role.UNIT_EDITOR and obj.owner_path:
        return _(
            "You may %(verb)s only what your unit owns; “%(object)s” is not owned by your unit. "
            "Ask its owning unit's editors or the EA office."
        ) % {"verb": verbs[action], "object": obj}
    return _("Your role (%(role)s) may not %(verb)s “%(object)s”.") % {
        "role": role_of(user).label,
        "verb": verbs[action],
        "object": obj,
    }


def require_importer(user) -> None:
    """Importing writes many objects at once: the EA office's and unit editors' work."""
    role = role_of(user)
    if role not in EDIT_EVERYTHING and role != Role.UNIT_EDITOR:
        raise PermissionDenied(_("Importing needs the EA office's or a unit editor's role."))


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = VIEW):
        """Only the rows `user` may act on, by the same rule as `can`."""
        role = role_of(user)
        if role is None:
            return self.none()
        if action == VIEW or role in EDIT_EVERYTHING:
            return self
        if role != Role.UNIT_EDITOR or not self.model.owner_path:
            return self.none()
        return self.filter(**{f"{self.model.owner_path}__in": editable_unit_ids(user)})
