"""Writes to the principles and the standards catalogue."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from nakhon.archimate import metamodel
from nakhon.core.services import ObjectService, register
from nakhon.governance.models import PrincipleProfile, Standard
from nakhon.governance.models.standards import STANDARD_ELEMENT_TYPES
from nakhon.portfolio.services import PortfolioProfileService
from nakhon.repository.models import Element


class PrincipleProfileService(PortfolioProfileService):
    """A principle is written with its Principle element: a new one, or one that exists
    already (imported from Archi, say). Removing the profile leaves the element, which views
    and relationships may show."""

    model = PrincipleProfile


class StandardService(ObjectService):
    model = Standard

    def apply_related(self, obj: Standard, related: dict) -> None:
        if "elements" in related:
            related["elements"] = self.checked_elements(related["elements"])
        super().apply_related(obj, related)

    @staticmethod
    def checked_elements(elements) -> list:
        """The elements a standard covers, refused unless each is of a technology type."""
        ids = [getattr(e, "pk", e) for e in elements or []]
        found = list(Element.objects.filter(pk__in=ids))
        if len(found) != len(set(ids)):
            raise ValidationError({"elements": _("Some of the elements chosen no longer exist.")})
        wrong = [e for e in found if e.type not in STANDARD_ELEMENT_TYPES]
        if wrong:
            raise ValidationError(
                {
                    "elements": _(
                        "A standard covers technology and physical elements only, not: "
                        "%(elements)s."
                    )
                    % {
                        "elements": "; ".join(
                            f"{e} ({metamodel.ELEMENT_TYPES[e.type].label})" for e in wrong
                        )
                    }
                }
            )
        return found


principles = register(PrincipleProfileService())
standards = register(StandardService())
