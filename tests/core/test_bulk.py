import pytest
from django.db import connection

from nakhon.core import bulk
from nakhon.repository.services import elements

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's planner statistics"
)


def planned_rows(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_a_bulk_load_refreshes_the_planner_statistics_of_its_tables(system_actor, monkeypatch):
    monkeypatch.setattr(bulk, "ANALYZE_AFTER_ROWS", 5)
    rows = [{"type": "BusinessService", "name": f"บริการ {i}"} for i in range(5)]
    elements.bulk_create(system_actor, rows[:4])  # too few: left to autovacuum
    assert planned_rows("repository_element") != 4
    elements.bulk_create(system_actor, rows[4:] * 5)
    assert planned_rows("repository_element") == 9
    assert planned_rows("core_changelogentry") == 9
