import uuid

import pytest
from rest_framework import serializers

from nakhon.analysis.api.serializers import (
    AnalysisNodeSerializer,
    AnalysisUnitNodeSerializer,
    PathStepSerializer,
)
from nakhon.analysis.impact import Step
from nakhon.analysis.nodes import NodeInfo

NODE = NodeInfo(
    id=uuid.UUID("6f1c0a52-3c1e-4a53-9d0e-2b8f1f0c9a11"),
    name="ระบบทะเบียนราษฎร",
    type="ApplicationComponent",
    url="/repository/elements/6f1c0a52-3c1e-4a53-9d0e-2b8f1f0c9a11/",
    units=["สำนักงานเขตพระนคร", "สำนักยุทธศาสตร์และประเมินผล"],
    districts=["สำนักงานเขตพระนคร"],
)
RELATIONSHIP_NODE = NodeInfo(id="id-1234", name="", type="Serving", url="/r/")


@pytest.mark.parametrize(
    "serializer, value",
    [
        (AnalysisNodeSerializer(), NODE),
        (AnalysisNodeSerializer(), RELATIONSHIP_NODE),
        (AnalysisUnitNodeSerializer(), NODE),
        (PathStepSerializer(), Step(NODE, uuid.UUID(int=7), "Serving")),
        (PathStepSerializer(), Step(NODE, None, "")),
    ],
    ids=["node", "relationship as node", "node with units", "step", "first step"],
)
def test_an_answer_node_is_what_drf_field_by_field_would_make(serializer, value):
    assert serializer.to_representation(value) == serializers.Serializer.to_representation(
        serializer, value
    )
