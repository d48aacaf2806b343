"""The demo's two architecture states, over the whole demo: what the city ran in B.E. 2562 and
what it means to run in B.E. 2570.

A plateau holds the architecture itself (the business, application, technology and physical
layers, and the strategy's capabilities), not the motivation for it nor the projects that move
it. The baseline leaves out what the city only gains on the way (`sample.NEW_BY_2570`, and
anything still planned); the target leaves out what it is letting go (retired or phasing out,
and the applications the portfolio marks "eliminate"). Each plateau also holds the relationships
between its members. `sample.load` alone keeps its own smaller plateaus, for its own tests.
"""

from dataclasses import replace

from nakhon.archimate.metamodel import Layer
from nakhon.core.services import Actor
from nakhon.demo import delivery, sample
from nakhon.portfolio.models import TimeClass
from nakhon.repository.models import Element, PlateauState, Relationship, Status

# Why and how the architecture changes (goals, projects, plateaus themselves), and groupings.
NOT_STATES = {Layer.MOTIVATION, Layer.IMPLEMENTATION_MIGRATION, Layer.OTHER}


def in_a_state(element: Element) -> bool:
    return element.layer not in NOT_STATES


def is_new(key: str, element: Element) -> bool:
    return key in sample.NEW_BY_2570 or element.status == Status.PLAN


def is_going(element: Element) -> bool:
    if element.status in (Status.PHASE_OUT, Status.RETIRED):
        return True
    profile = getattr(element, "application_profile", None)
    return profile is not None and profile.time_class == TimeClass.ELIMINATE


def plateau_specs(elements: dict[str, Element]) -> tuple[sample.PlateauSpec, ...]:
    """The sample's two plateaus with the members of the whole demo."""
    states = {key: e for key, e in elements.items() if in_a_state(e)}
    baseline = tuple(key for key, e in states.items() if not is_new(key, e))
    target = tuple(key for key, e in states.items() if not is_going(e))
    members = {PlateauState.BASELINE: baseline, PlateauState.TARGET: target}
    return tuple(replace(spec, members=members[spec.state]) for spec in sample.PLATEAUS)


class StatesLoader(sample.AddOnLoader):
    """Writes the plateaus last, once every element and relationship of the demo exists."""

    def __init__(self, actor: Actor, summary: sample.Summary):
        super().__init__(actor, summary)
        self.elements.update(delivery.service_elements())
        demo_relationships = Relationship.objects.filter(identifier__startswith=sample.PREFIX)
        self.relationships = {r.identifier: r for r in demo_relationships}

    def load(self) -> sample.Summary:
        # Read afresh, with the portfolio's profiles, in one query.
        fresh = Element.objects.select_related("application_profile").in_bulk(
            [e.pk for e in self.elements.values()]
        )
        self.elements = {key: fresh[e.pk] for key, e in self.elements.items()}
        for spec in plateau_specs(self.elements):
            self.elements[spec.key] = self.sync_plateau(spec).element
        for spec in sample.PLATEAU_RELATIONSHIPS:
            self.sync_relationship(spec)
        return self.summary


def load(summary: sample.Summary, user=None) -> sample.Summary:
    return StatesLoader(Actor.shell(user or sample.demo_user()), summary).load()
