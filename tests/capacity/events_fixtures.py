"""An event with two sessions and people to register, written through the services."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from nakhon.capacity.event_services import events, sessions

BANGKOK = ZoneInfo("Asia/Bangkok")


def at(day: int, hour: int, month: int = 10, year: int = 2019) -> datetime:
    return datetime(year, month, day, hour, tzinfo=BANGKOK)


@pytest.fixture
def workshop(system_actor, unit_a):
    event = events.create(
        system_actor,
        kind="workshop",
        name="การอบรมเชิงปฏิบัติการสถาปัตยกรรมองค์กร",
        name_en="EA workshop",
        owner_unit=unit_a,
    )
    event.first = sessions.create(
        system_actor, event=event, title="วันที่ 1", starts_at=at(15, 9), venue="ห้องประชุม"
    )
    event.second = sessions.create(
        system_actor, event=event, title="วันที่ 2", starts_at=at(16, 9), venue="ห้องประชุม"
    )
    return event
