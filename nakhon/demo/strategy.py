"""The city's strategy in the demo: the 20-year development plan, the capability map, the roadmap.

- The Bangkok Metropolitan Development Plan B.E. 2556-2575 (vision "Bangkok, Vibrant of Asia")
  as a Driver and its seven strategic dimensions as Goals.
- A capability map of a city administration in three levels: the core missions (level 1),
  what each is made of (level 2, composed), and a few finer capabilities (level 3). The
  portfolio's and the sample's capabilities are placed in it, so the heat maps nest them.
- A roadmap of work packages (B.E. 2566-2570), each realising a capability and serving a goal.

The rows live in `data/strategy_elements.csv` and `data/strategy_relationships.csv`: the
capability map is its Composition rows, a mission is a capability that realises one of the plan's
goals, and the applications' Realization rows place the portfolio in the map so the heat map
counts them. The plan and its dimensions are the city's published ones; the capability map, the
owners and the projects are illustrative, as everything else in the demo.
"""

from nakhon.core.services import Actor
from nakhon.demo import sample

ELEMENTS = sample.element_specs(sample.DATA_DIR / "strategy_elements.csv")
RELATIONSHIPS = sample.relationship_specs(sample.DATA_DIR / "strategy_relationships.csv")
WORK_PACKAGES = tuple(spec for spec in ELEMENTS if spec.type == "WorkPackage")


def mission_keys() -> list[str]:
    """The map's level 1: the capabilities that realise one of the plan's goals."""
    types = {spec.key: spec.type for spec in ELEMENTS}
    return [
        spec.source
        for spec in RELATIONSHIPS
        if spec.type == "Realization"
        and types.get(spec.source) == "Capability"
        and types.get(spec.target) == "Goal"
    ]


class StrategyLoader(sample.AddOnLoader):
    """Writes the strategy on top of the sample and the portfolio, into the same summary."""

    def load(self) -> sample.Summary:
        for spec in ELEMENTS:
            self.elements[spec.key] = self.sync_element(spec)
        for spec in RELATIONSHIPS:
            self.sync_relationship(spec)
        return self.summary


def load(summary: sample.Summary, user=None) -> sample.Summary:
    return StrategyLoader(Actor.shell(user or sample.demo_user()), summary).load()
