"""What a relationship says about dependency, and the small integer codes the graph index uses.

A dependency edge runs from the element that depends (the *dependent*) to the element it
depends on (the *provider*). Which end of a relationship is which follows from its type; the
table below is the one place that decides it (docs/analysis.md explains it for users).

Relationship types and the end that depends on the other (docs/analysis.md has the reasons):
- Serving, Realization, Assignment, Triggering, Flow: the target;
- Composition, Aggregation: the target, the part (a part goes with its whole, as ArchiMate's
  derivation rules chain structural relationships);
- Access: the source when it reads (or says nothing), the target when it writes, both for
  read/write;
- Influence: the target; Specialization: the source; Association: the target if directed,
  else both. These three are not followed unless asked for.

Junctions (And and Or alike) pass dependency through: they are nodes that a walk crosses
without counting a step and that are never listed as results. A relationship that is itself the
end of another relationship becomes a node too, in the middle of its own dependency edge, so a
walk can reach what annotates it.
"""

from enum import IntEnum

import numpy as np

from nakhon.archimate import metamodel
from nakhon.repository.models import AccessType


class Direction(IntEnum):
    TARGET_DEPENDS = 1  # the target depends on the source
    SOURCE_DEPENDS = 2  # the source depends on the target
    BOTH = 3


# Relationship types in index order; a type's code is its position (uint8 in the index).
RELATIONSHIP_TYPES: tuple[str, ...] = tuple(metamodel.RELATIONSHIP_TYPES)
RELATIONSHIP_CODE = {name: code for code, name in enumerate(RELATIONSHIP_TYPES)}

# Node types: every element type, then the pseudo-type of a relationship used as a node.
RELATIONSHIP_NODE = metamodel.RELATIONSHIP_CONCEPT
NODE_TYPES: tuple[str, ...] = (*metamodel.ELEMENT_TYPES, RELATIONSHIP_NODE)
NODE_TYPE_CODE = {name: code for code, name in enumerate(NODE_TYPES)}
JUNCTION_TYPES = ("AndJunction", "OrJunction")

LAYERS: tuple[str, ...] = tuple(layer.value for layer in metamodel.Layer)
LAYER_CODE = {name: code for code, name in enumerate(LAYERS)}

# The fixed directions; Access and Association depend on the relationship's own fields.
FIXED_DIRECTION = {
    "Serving": Direction.TARGET_DEPENDS,
    "Realization": Direction.TARGET_DEPENDS,
    "Assignment": Direction.TARGET_DEPENDS,
    "Composition": Direction.TARGET_DEPENDS,
    "Aggregation": Direction.TARGET_DEPENDS,
    "Triggering": Direction.TARGET_DEPENDS,
    "Flow": Direction.TARGET_DEPENDS,
    "Influence": Direction.TARGET_DEPENDS,
    "Specialization": Direction.SOURCE_DEPENDS,
}
ACCESS_DIRECTION = {
    AccessType.READ: Direction.SOURCE_DEPENDS,
    AccessType.ACCESS: Direction.SOURCE_DEPENDS,
    "": Direction.SOURCE_DEPENDS,
    AccessType.WRITE: Direction.TARGET_DEPENDS,
    AccessType.READ_WRITE: Direction.BOTH,
}
# Access types in code order (uint8 in the index arrays handed to the builder).
ACCESS_TYPES: tuple[str, ...] = tuple(ACCESS_DIRECTION)
ACCESS_CODE = {name: code for code, name in enumerate(ACCESS_TYPES)}

# What an impact analysis follows unless asked otherwise.
DEFAULT_RELATIONSHIP_TYPES: tuple[str, ...] = (
    "Serving",
    "Realization",
    "Assignment",
    "Composition",
    "Aggregation",
    "Triggering",
    "Flow",
    "Access",
)


def direction(rel_type: str, access_type: str = "", is_directed: bool = False) -> Direction:
    if rel_type == "Access":
        return ACCESS_DIRECTION.get(access_type, Direction.SOURCE_DEPENDS)
    if rel_type == "Association":
        return Direction.TARGET_DEPENDS if is_directed else Direction.BOTH
    return FIXED_DIRECTION[rel_type]


def direction_codes(types: np.ndarray, access: np.ndarray, directed: np.ndarray) -> np.ndarray:
    """`direction` for arrays of relationship type codes, access codes and directed flags."""
    fixed = np.zeros(len(RELATIONSHIP_TYPES), dtype=np.uint8)
    for name, value in FIXED_DIRECTION.items():
        fixed[RELATIONSHIP_CODE[name]] = value
    result = fixed[types]
    is_access = types == RELATIONSHIP_CODE["Access"]
    by_access = np.array([ACCESS_DIRECTION[a] for a in ACCESS_TYPES], dtype=np.uint8)
    result[is_access] = by_access[access[is_access]]
    is_association = types == RELATIONSHIP_CODE["Association"]
    result[is_association] = np.where(
        directed[is_association], Direction.TARGET_DEPENDS, Direction.BOTH
    )
    return result


def layer_table() -> np.ndarray:
    """The layer code of each node type code; a relationship node is in no layer (OTHER)."""
    layers = np.full(len(NODE_TYPES), LAYER_CODE[metamodel.Layer.OTHER], dtype=np.uint8)
    for code, name in enumerate(NODE_TYPES[:-1]):
        layers[code] = LAYER_CODE[metamodel.layer_of(name)]
    return layers


def pass_through_table() -> np.ndarray:
    """True for the node types a walk crosses without listing them: junctions, relationships."""
    table = np.zeros(len(NODE_TYPES), dtype=bool)
    for name in (*JUNCTION_TYPES, RELATIONSHIP_NODE):
        table[NODE_TYPE_CODE[name]] = True
    return table


def type_mask(names, table: dict[str, int], size: int) -> np.ndarray:
    """A boolean array over codes, true for the named types."""
    mask = np.zeros(size, dtype=bool)
    for name in names:
        mask[table[name]] = True
    return mask


def relationship_mask(names=DEFAULT_RELATIONSHIP_TYPES) -> np.ndarray:
    return type_mask(names, RELATIONSHIP_CODE, len(RELATIONSHIP_TYPES))


def node_type_mask(names) -> np.ndarray:
    return type_mask(names, NODE_TYPE_CODE, len(NODE_TYPES))


# How an application supports the business: the relationships, and the behaviour (its own, and
# the business work it serves) that support passes through on its way to a capability.
SUPPORT_RELATIONSHIP_TYPES = ("Serving", "Realization", "Assignment")
APPLICATION_BEHAVIOUR = (
    "ApplicationService",
    "ApplicationFunction",
    "ApplicationProcess",
    "ApplicationInteraction",
    "ApplicationEvent",
    "ApplicationInterface",
)
BUSINESS_BEHAVIOUR = ("BusinessProcess", "BusinessInteraction", "BusinessEvent")
# What "the same business function, capability or service" means for redundancy.
SUPPORTED_TYPES = ("BusinessService", "BusinessFunction", "Capability")
# How far support reaches, in steps: component, its service, a process, a service, a capability.
SUPPORT_DEPTH = 6
# What "running on" a technology means: structure and serving, not data or flows.
RUNS_ON_RELATIONSHIP_TYPES = ("Serving", "Realization", "Assignment", "Composition", "Aggregation")
APPLICATION = "ApplicationComponent"
