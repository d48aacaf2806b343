"""Writes to the portfolio: a profile and its element together, in one batch."""

from django.db import transaction

from nakhon.core.services import Actor, register
from nakhon.portfolio.models import ApplicationProfile, DataObjectProfile, TechnologyProfile
from nakhon.repository.models import Element
from nakhon.repository.services import ELEMENT_FIELDS, ProfileService


class PortfolioProfileService(ProfileService):
    """A profile is written with its element: a new one, or one that exists already (an
    imported application component, say), whose fields are updated in the same batch.

    The element's type comes with the values (`type`) where the profile allows several; the
    model's `clean` refuses a type the profile does not belong on.
    """

    def create(self, actor: Actor, **values):
        element_type = values.pop("type", None) or self.model.element_type
        element_values = {k: values.pop(k) for k in list(values) if k in ELEMENT_FIELDS}
        with transaction.atomic():
            element = values.pop("element", None)
            if element is None and values.get("element_id"):
                element = Element.objects.get(pk=values.pop("element_id"))
            if element is None:
                element = self.element_service.create(actor, type=element_type, **element_values)
            elif element_values:
                element = self.element_service.update(
                    actor, element, version=None, **element_values
                )
            return super().create(actor, element=element, **values)

    # The element is part of the architecture (views, relationships, imports) whether or not
    # the portfolio describes it: removing the profile leaves the element in place.
    deletes_element = False


class ApplicationProfileService(PortfolioProfileService):
    model = ApplicationProfile


class TechnologyProfileService(PortfolioProfileService):
    model = TechnologyProfile


class DataObjectProfileService(PortfolioProfileService):
    model = DataObjectProfile


application_profiles = register(ApplicationProfileService())
technology_profiles = register(TechnologyProfileService())
data_object_profiles = register(DataObjectProfileService())
