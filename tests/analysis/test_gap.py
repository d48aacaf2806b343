"""Gap analysis between two plateaus of a hand-built model."""

from datetime import date

import pytest

from nakhon.analysis.gap import ADDED, CHANGED, REMOVED, gap_analysis
from nakhon.repository.models import PlateauState
from nakhon.repository.services import plateaus


@pytest.fixture
def states(model, system_actor, unit_a):
    """Baseline 2562 and target 2570 of a small city architecture."""
    model.element("old-app", "ApplicationComponent", "ระบบเดิม")
    model.element("new-app", "ApplicationComponent", "ระบบใหม่")
    model.element("service", "BusinessService", "บริการ")
    model.element("server", "Node", "เครื่องแม่ข่าย", phase_out_from=date(2025, 1, 1))
    model.element("gis", "ApplicationComponent", "ระบบแผนที่")
    model.rel("old-app", "Serving", "service")
    model.rel("new-app", "Serving", "service")
    model.rel("server", "Serving", "gis", key="hosting-old")
    model.rel("server", "Realization", "gis", key="hosting-new")
    baseline = plateaus.create(
        system_actor,
        name="ฐาน",
        owner_unit=unit_a,
        state=PlateauState.BASELINE,
        valid_from=date(2019, 1, 1),
        elements=[model[k] for k in ("old-app", "service", "server")],
        relationships=[model["old-app-Serving-service"], model["hosting-old"]],
    )
    target = plateaus.create(
        system_actor,
        name="เป้าหมาย",
        owner_unit=unit_a,
        state=PlateauState.TARGET,
        valid_from=date(2027, 1, 1),
        elements=[model[k] for k in ("new-app", "service", "server")],
        relationships=[model["new-app-Serving-service"], model["hosting-new"]],
    )
    # The target also holds the GIS the way modelling tools say it: the plateau aggregates it.
    model.objects["target"] = target.element
    model.rel("target", "Aggregation", "gis")
    return baseline, target


def rows(gap) -> set:
    return {
        (r.change, r.kind, str(r.object.name or r.object.type), tuple(r.details)) for r in gap.rows
    }


def test_added_removed_and_changed_elements_and_relationships(states):
    gap = gap_analysis(*states)

    elements = {
        (r.change, r.object.name, tuple(r.details)) for r in gap.rows if r.kind == "element"
    }
    assert elements == {
        (ADDED, "ระบบใหม่", ()),
        (ADDED, "ระบบแผนที่", ()),
        (REMOVED, "ระบบเดิม", ()),
        (CHANGED, "บริการ", ("relationships changed",)),
        (CHANGED, "เครื่องแม่ข่าย", ("status active → phase-out", "relationships changed")),
    }
    relationships = {
        (r.change, r.object.source.name, r.object.type, tuple(r.details))
        for r in gap.rows
        if r.kind == "relationship"
    }
    assert relationships == {
        (ADDED, "ระบบใหม่", "Serving", ()),
        (REMOVED, "ระบบเดิม", "Serving", ()),
        (CHANGED, "เครื่องแม่ข่าย", "Realization", ("Serving → Realization",)),
    }
    assert gap.counts() == {
        "element": {ADDED: 2, REMOVED: 1, CHANGED: 2},
        "relationship": {ADDED: 1, REMOVED: 1, CHANGED: 1},
    }


def test_rows_are_grouped_by_layer_then_unit(states, unit_a):
    gap = gap_analysis(*states)

    assert [(layer, unit) for layer, unit, _rows in gap.groups()] == [
        ("Business", str(unit_a)),
        ("Application", str(unit_a)),
        ("Technology", str(unit_a)),
    ]


def test_a_plateau_compared_with_itself_in_reverse_swaps_added_and_removed(states):
    baseline, target = states
    forward = gap_analysis(baseline, target)
    backward = gap_analysis(target, baseline)
    swap = {ADDED: REMOVED, REMOVED: ADDED, CHANGED: CHANGED}

    assert sorted((swap[r.change], r.kind) for r in forward.rows if r.change != CHANGED) == sorted(
        (r.change, r.kind) for r in backward.rows if r.change != CHANGED
    )
