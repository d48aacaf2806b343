"""How the demo's citizen services are delivered: the applications that serve each of them.

It ties the business layer (`services`) to the application layer (`applications`), so that an
impact analysis from a server or a database reaches the citizen services that stop, and a
redundancy analysis sees which systems carry which services. Which system serves which service
is illustrative, as the rest of the demo.
"""

from nakhon.core.services import Actor
from nakhon.demo import sample, services
from nakhon.demo.sample import rel
from nakhon.repository.models import Element

REGISTRATION = ("app-civil-registry-link", "app-queue-1001")
PERMITS_ONLINE = ("app-bma-oss",)
BUILDING = ("app-bma-oss", "app-permit-pwd")
FOOD = ("app-food-licence", "app-bma-oss")
WASTE = ("app-waste", "app-epayment")
WELFARE = ("app-welfare", "app-civil-registry-link")

# A service (its key in `sample`, or its identifier in `services`) -> the applications (keys in
# `applications`) serving it.
SERVED_BY = {
    "service-birth-registration": REGISTRATION,
    "service-building-permit": BUILDING,
    "svc-death-registration": REGISTRATION,
    "svc-move-in": REGISTRATION,
    "svc-move-out": REGISTRATION,
    "svc-id-card": REGISTRATION,
    "svc-new-house-number": REGISTRATION,
    "svc-name-change": REGISTRATION,
    "svc-marriage-registration": REGISTRATION,
    "svc-commercial-registration": PERMITS_ONLINE,
    "svc-demolition-permit": BUILDING,
    "svc-occupancy-certificate": BUILDING,
    "svc-excavation-permit": BUILDING,
    "svc-land-use-certificate": ("app-zoning", "app-gis"),
    "svc-health-hazard-licence": PERMITS_ONLINE,
    "svc-health-hazard-renewal": PERMITS_ONLINE,
    "svc-food-shop-permit": FOOD,
    "svc-food-stall-notice": FOOD,
    "svc-public-market-licence": ("app-food-licence",),
    "svc-dog-registration": ("app-health-centres",),
    "svc-land-building-tax": ("app-land-tax", "app-epayment"),
    "svc-waste-fee": WASTE,
    "svc-infectious-waste-fee": WASTE,
    "svc-septic-emptying": ("app-waste",),
    "svc-bulky-waste": ("app-waste", "app-line-oa"),
    "svc-loudspeaker-permit": ("app-cle-cases",),
    "svc-leaflet-permit": ("app-cle-cases",),
    "svc-street-vending": ("app-vendors",),
    "svc-road-occupation": PERMITS_ONLINE,
    "svc-cctv-footage": ("app-cctv",),
    "svc-flood-report": ("app-dds-complaint", "app-siang-mueang"),
    "svc-drain-connection": ("app-bma-oss", "app-gis-dds"),
    "svc-wastewater-fee": ("app-epayment",),
    "svc-fire-safety-certificate": PERMITS_ONLINE,
    "svc-health-centre-appointment": ("app-health-centres", "app-line-oa"),
    "svc-vaccination": ("app-vaccine",),
    "svc-hospital-appointment": ("app-his",),
    "svc-medical-certificate": ("app-his",),
    "svc-elderly-allowance": WELFARE,
    "svc-disability-allowance": WELFARE,
    "svc-school-enrolment": ("app-students", "app-school-admin"),
    "svc-sports-centre-membership": ("app-sport-booking",),
    "svc-park-venue-booking": ("app-parks",),
}


def relationship_specs() -> list[sample.RelationshipSpec]:
    return [rel(app, "Serving", service) for service, apps in SERVED_BY.items() for app in apps]


def service_elements() -> dict[str, Element]:
    """The services module's own services, by identifier: it gives them identifiers of their
    own ("svc-..."), outside `sample.PREFIX`."""
    wanted = {spec.identifier for spec in services.SERVICES}
    return {e.identifier: e for e in Element.objects.filter(identifier__in=wanted)}


class DeliveryLoader(sample.AddOnLoader):
    """The serving relationships, between elements the portfolio and the services wrote."""

    def __init__(self, actor: Actor, summary: sample.Summary):
        super().__init__(actor, summary)
        self.elements.update(service_elements())

    def load(self) -> sample.Summary:
        for spec in relationship_specs():
            self.sync_relationship(spec)
        return self.summary


def load(summary: sample.Summary, user=None) -> sample.Summary:
    return DeliveryLoader(Actor.shell(user or sample.demo_user()), summary).load()
