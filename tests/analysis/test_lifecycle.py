"""Applications on ageing technology, and life-cycle conflicts, judged on a fixed day."""

from datetime import date

import pytest

from nakhon.analysis.graph import current_index
from nakhon.analysis.lifecycle import lifecycle_conflicts, obsolescence, status_on
from nakhon.portfolio.services import technology_profiles
from nakhon.repository.models import Element, Status

TODAY = date(2025, 6, 1)


@pytest.fixture
def stack(model, system_actor):
    """os (past) -> db (near) -> app; old-node (far) -> portal; app serves portal."""
    model.element("os", "SystemSoftware", "Windows Server 2012")
    model.element("db", "SystemSoftware", "ฐานข้อมูล")
    model.element("far", "Node", "เครื่องใหม่")
    model.element("app", "ApplicationComponent", "ระบบทะเบียน")
    model.element("portal", "ApplicationComponent", "พอร์ทัล")
    model.element("unrelated", "ApplicationComponent", "ระบบอื่น")
    model.rel("os", "Serving", "db")
    model.rel("db", "Serving", "app")
    model.rel("far", "Serving", "portal")
    model.rel("app", "Serving", "portal")
    for key, end in (
        ("os", date(2023, 10, 10)),
        ("db", date(2026, 6, 1)),
        ("far", date(2030, 1, 1)),
    ):
        technology_profiles.create(system_actor, element=model[key], end_of_support=end)
    return model


def test_applications_on_technology_past_or_near_end_of_support(stack):
    found = obsolescence(current_index(), TODAY)

    assert [a.application.name for a in found] == ["ระบบทะเบียน", "พอร์ทัล"]
    app = found[0]
    assert [(e.technology.name, e.state) for e in app.exposures] == [
        ("Windows Server 2012", "past"),
        ("ฐานข้อมูล", "near"),  # the end-of-support day itself is still "near"
    ]
    assert [n.name for n in app.exposures[0].path] == [
        "Windows Server 2012",
        "ฐานข้อมูล",
        "ระบบทะเบียน",
    ]
    assert app.exposures[0].direct
    assert not found[1].exposures[0].direct  # the portal runs on it through ระบบทะเบียน


def test_nothing_is_ageing_more_than_a_year_before_support_ends(stack):
    found = obsolescence(current_index(), date(2022, 1, 1))
    assert found == []


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2019, 1, 1), Status.PLAN),  # before the first date: the stage before it
        (date(2020, 1, 1), Status.ACTIVE),
        (date(2024, 1, 1), Status.PHASE_OUT),
        (date(2026, 1, 1), Status.RETIRED),
    ],
)
def test_status_on_a_day_follows_the_dates(day, expected):
    element = Element(
        status=Status.ACTIVE,
        active_from=date(2020, 1, 1),
        phase_out_from=date(2024, 1, 1),
        retired_from=date(2025, 12, 31),
    )
    assert status_on(element, day) == expected


def test_active_elements_depending_on_retired_or_phasing_out_ones(model):
    model.element("mainframe", "Node", "เมนเฟรม", status=Status.RETIRED)
    model.element("old-db", "SystemSoftware", "ฐานข้อมูลเก่า", phase_out_from=date(2026, 1, 1))
    model.element("and", "AndJunction", "")
    model.element("billing", "ApplicationComponent", "ระบบเรียกเก็บเงิน")
    model.element("archive", "ApplicationComponent", "ระบบจัดเก็บ", status=Status.RETIRED)
    model.element("planned", "ApplicationComponent", "ระบบใหม่", status=Status.PLAN)
    model.element("leaving", "ApplicationComponent", "ระบบที่เลิกก่อน", retired_from=date(2025, 12, 1))
    model.rel("mainframe", "Serving", "billing")
    model.rel("mainframe", "Serving", "archive")  # retired on retired: no conflict
    model.rel("old-db", "Serving", "and")
    model.rel("and", "Serving", "planned")
    model.rel("and", "Serving", "leaving")  # gone before the database is phased out

    conflicts = lifecycle_conflicts(current_index(), TODAY)

    assert [(c.dependent.name, c.provider.name, c.provider_status, c.since) for c in conflicts] == [
        ("ระบบเรียกเก็บเงิน", "เมนเฟรม", Status.RETIRED, None),
        ("ระบบใหม่", "ฐานข้อมูลเก่า", Status.PHASE_OUT, date(2026, 1, 1)),
    ]
    assert "which is retired" in conflicts[0].explanation()
    assert "phase-out from 1 Jan 2026" in conflicts[1].explanation()
