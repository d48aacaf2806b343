"""How the demo's citizen services are delivered: the applications that serve each of them.

It ties the business layer (`services`) to the application layer (`applications`), so that an
impact analysis from a server or a database reaches the citizen services that stop, and a
redundancy analysis sees which systems carry which services. Which system serves which service
(the rows of `data/delivery_relationships.csv`) is illustrative, as the rest of the demo.
"""

from nakhon.core.services import Actor
from nakhon.demo import sample, services
from nakhon.repository.models import Element

# A service (its key in `sample`, or its identifier in `services`) served by an application (its
# key in `applications`).
RELATIONSHIPS = sample.relationship_specs(sample.DATA_DIR / "delivery_relationships.csv")


def service_elements() -> dict[str, Element]:
    """The services module's own services, by identifier: it gives them identifiers of their
    own ("svc-..."), outside `sample.PREFIX`."""
    # Those on an element of `sample` are known by their key already; under their identifier too,
    # they would stand twice among a plateau's members and differ from the stored set each load.
    wanted = {spec.identifier for spec in services.SERVICES if not spec.sample_key}
    return {e.identifier: e for e in Element.objects.filter(identifier__in=wanted)}


class DeliveryLoader(sample.AddOnLoader):
    """The serving relationships, between elements the portfolio and the services wrote."""

    def __init__(self, actor: Actor, summary: sample.Summary):
        super().__init__(actor, summary)
        self.elements.update(service_elements())

    def load(self) -> sample.Summary:
        for spec in RELATIONSHIPS:
            self.sync_relationship(spec)
        return self.summary


def load(summary: sample.Summary, user=None) -> sample.Summary:
    return DeliveryLoader(Actor.shell(user or sample.demo_user()), summary).load()
