"""The capability heat map: nesting by composition, what supports each capability, measures."""

from decimal import Decimal

import pytest

from nakhon.analysis.graph import current_index
from nakhon.analysis.heatmap import Measure, heat_map
from nakhon.portfolio.services import application_profiles


@pytest.fixture
def capabilities(model, system_actor):
    """city services > (registration, complaints); registration <- birth service <- process <-
    app service <- civil app; complaints <- traffy (directly) and civil app; a cycle a <-> b."""
    for key, name in (
        ("top", "บริการเมือง"),
        ("registration", "ทะเบียน"),
        ("complaints", "เรื่องร้องเรียน"),
        ("a", "ก"),
        ("b", "ข"),
    ):
        model.element(key, "Capability", name)
    model.rel("top", "Composition", "registration")
    model.rel("top", "Composition", "complaints")
    model.rel("a", "Composition", "b")
    model.rel("b", "Composition", "a")
    model.element("birth", "BusinessService", "แจ้งเกิด")
    model.element("process", "BusinessProcess", "รับแจ้งเกิด")
    model.element("lookup", "ApplicationService", "ตรวจสอบบุคคล")
    model.element("civil", "ApplicationComponent", "ระบบทะเบียนราษฎร")
    model.element("traffy", "ApplicationComponent", "ทราฟฟี่")
    model.rel("birth", "Realization", "registration")
    model.rel("process", "Realization", "birth")
    model.rel("lookup", "Serving", "process")
    model.rel("civil", "Realization", "lookup")
    model.rel("traffy", "Realization", "complaints")
    model.rel("civil", "Realization", "complaints")
    application_profiles.create(
        system_actor,
        element=model["civil"],
        yearly_cost=Decimal("300"),
        business_fit=4,
        technical_fit=1,
    )
    application_profiles.create(
        system_actor,
        element=model["traffy"],
        yearly_cost=Decimal("100"),
        business_fit=2,
        technical_fit=3,
    )
    return model


def tree(cells) -> list:
    return [(str(c.element), c.value, tree(c.children)) for c in cells]


def test_capabilities_nest_by_composition_and_count_applications_once(capabilities):
    result = heat_map(current_index(), Measure.APPLICATIONS)

    assert tree(result.roots) == [
        ("บริการเมือง", 2, [("ทะเบียน", 1, []), ("เรื่องร้องเรียน", 2, [])]),
        ("ก", 0, [("ข", 0, [])]),  # a cycle of nesting is cut where it closes
    ]
    assert result.maximum == 2


def test_cost_and_fitness_of_what_supports_a_capability(capabilities):
    index = current_index()

    cost = heat_map(index, Measure.COST)
    assert tree(cost.roots)[0] == (
        "บริการเมือง",
        Decimal("400"),
        [("ทะเบียน", Decimal("300"), []), ("เรื่องร้องเรียน", Decimal("400"), [])],
    )
    fit = heat_map(index, Measure.BUSINESS_FIT)
    assert tree(fit.roots)[0] == (
        "บริการเมือง",
        Decimal("3.0"),
        [("ทะเบียน", Decimal("4.0"), []), ("เรื่องร้องเรียน", Decimal("3.0"), [])],
    )
    registration = fit.roots[0].children[0]
    assert registration.heat == 1.0  # 4 on a 1-4 scale
    assert fit.roots[1].value is None and fit.roots[1].heat is None
