"""Writes to the org tree and to staff accounts."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from nakhon.core.services import Actor, register
from nakhon.organization.models import OrgUnit
from nakhon.repository.services import ProfileService


class OrgUnitService(ProfileService):
    model = OrgUnit

    def create(self, actor: Actor, **values):
        # Editing a unit's actor element renames the unit, so the element is the EA office's
        # as the unit is: no unit owns it.
        values["owner_unit"] = None
        return super().create(actor, **values)

    def validate(self, obj: OrgUnit) -> None:
        super().validate(obj)
        if obj.parent_id and obj.parent_id in obj.subtree_ids():
            raise ValidationError({"parent": _("A unit cannot sit below itself or its own units.")})

    def check_deletable(self, obj: OrgUnit) -> None:
        blockers = []
        if obj.children.exists():
            blockers.append(_("it has units below it"))
        if obj.owned_elements.exclude(pk=obj.pk).exists() or obj.owned_views.exists():
            blockers.append(_("it owns elements or views (give them to another unit first)"))
        if blockers:
            raise ValidationError(
                _("“%(unit)s” cannot be deleted: %(reasons)s.")
                % {"unit": obj, "reasons": "; ".join(blockers)}
            )


org_units = register(OrgUnitService())
