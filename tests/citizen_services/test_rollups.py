"""Roll-ups, history, fix-first and the exchange map, against averages computed by hand.

Three services: S1 (department A, 1,000 a year), S2 (a division of department A, 3,000 a
year, e-payment with e-Receipt) and S3 (department B, 500 a year, free). Their processing times
are not known, so "better services" is not assessed (?) and reaches 0 in their scores.

    levels       better one-stop no-copies open digital e-pay lower   score
    S1              ?       1        1      0     0      0     0   2/21 =  9.5
    S2              ?       1        2      0     0      3     0   6/21 = 28.6
    S3              ?       1        2      0     0      -     -   3/15 = 20.0
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from nakhon.citizen_services.models import Assessment
from nakhon.citizen_services.rollups import (
    by_department,
    completeness,
    exchange_map,
    fix_first,
    history,
    in_department,
    rollup,
    service_rows,
    weighted_average,
)
from nakhon.citizen_services.services import service_profiles
from nakhon.organization.models import UnitKind
from nakhon.organization.services import org_units
from tests.citizen_services.conftest import document

pytestmark = pytest.mark.django_db


@pytest.fixture
def division(system_actor, unit_a):
    return org_units.create(
        system_actor, name="กองควบคุมอาคาร", kind=UnitKind.DIVISION, parent=unit_a
    )


@pytest.fixture
def three(make_service, division, unit_b):
    s1 = make_service(
        name="S1",
        annual_volume=1000,
        documents=[document(), document("ทะเบียนบ้าน", exchange="dopa_linkage")],
    )
    s2 = make_service(
        name="S2",
        owner=division,
        annual_volume=3000,
        payment_methods=["cash", "promptpay"],
        e_receipt=True,
        documents=[document(electronic_accepted=True), document("ทะเบียนบ้าน", copies=0)],
    )
    s3 = make_service(
        name="S3",
        owner=unit_b,
        annual_volume=500,
        fee=0,
        digital_fee=0,
        payment_methods=[],
        documents=[document("หนังสือรับรองนิติบุคคล", "กรมพัฒนาธุรกิจการค้า", copies=0)],
    )
    return s1, s2, s3


def test_service_scores(three):
    scores = [p.assessments.get(is_current=True).score for p in three]
    assert scores == [Decimal("9.5"), Decimal("28.6"), Decimal("20.0")]


def test_department_rollup_is_weighted_by_volume(three, unit_a):
    rows = in_department(service_rows(), unit_a)
    department = rollup(rows, unit_a)
    assert (department.services, department.volume) == (2, 4000)
    # (1000 × 9.5 + 3000 × 28.6) / 4000 = 23.825
    assert department.score == Decimal("23.8")
    # (1000 × 0 + 3000 × 3) / 4000
    assert department.levels["e_payment"] == Decimal("2.25")
    assert department.levels["one_stop"] == Decimal("1.00")
    # (1000 × 1 + 3000 × 2) / 4000
    assert department.levels["no_copies"] == Decimal("1.75")
    # No service is assessed on "better services": no average, and the coverage says why.
    assert department.levels["better_service"] is None
    better = department.coverage["better_service"]
    assert (better.services, better.assessed, better.volume, better.assessed_volume) == (
        2,
        0,
        4000,
        0,
    )
    assert department.coverage["no_copies"].text == "2 of 2 services, 100% of the volume"


def test_city_rollup_leaves_out_what_does_not_apply(three):
    city = rollup(service_rows())
    assert city.volume == 4500
    # (1000 × 9.5 + 3000 × 28.6 + 500 × 20.0) / 4500 = 23.4
    assert city.score == Decimal("23.4")
    # S3 has no fee, so e-payment averages S1 and S2 only: 9000 / 4000.
    assert city.levels["e_payment"] == Decimal("2.25")
    # (1000 × 1 + 3000 × 2 + 500 × 2) / 4500 = 1.777…
    assert city.levels["no_copies"] == Decimal("1.78")
    # S3 is free: e-payment's coverage leaves it out rather than counting it as not assessed.
    assert city.coverage["e_payment"].text == "2 of 2 services, 100% of the volume"


def test_a_service_with_every_fact_unknown(make_service, three, system_actor, unit_b):
    """Done when: each outcome is not assessed with its missing facts, the city roll-up shows
    it as not covered, and no score rises because of it."""
    before = rollup(service_rows())
    unknown = service_profiles.create(
        system_actor, name="ไม่ทราบ", owner_unit=unit_b, annual_volume=None
    )
    assessment = unknown.assessments.get(is_current=True)
    assert assessment.levels() == dict.fromkeys(assessment.levels())
    assert assessment.not_assessed() == list(assessment.levels())
    assert assessment.score is None
    missing = {o: assessment.details[o]["missing"]["en"] for o in assessment.levels()}
    assert missing == {
        "better_service": ["the legal processing time", "the measured processing time"],
        "one_stop": ["the steps"],
        "no_copies": ["the required documents"],
        "open_data": ["whether it is in the public catalogue"],
        "digital_id": ["the channels"],
        "e_payment": ["the fee", "how fees are paid"],
        "lower_fees": ["the fee", "the channels"],
    }
    after = rollup(service_rows())
    assert after.score == before.score and after.levels == before.levels
    assert (after.score_coverage.services, after.score_coverage.assessed) == (4, 3)
    assert after.score_coverage.unknown_volume == 1
    for outcome, covered in after.coverage.items():
        assert covered.assessed == before.coverage[outcome].assessed, outcome
        assert covered.services == before.coverage[outcome].services + 1, outcome
    department = next(r for r in by_department(service_rows()) if r.unit == unit_b)
    assert department.score == Decimal("20.0")  # S3's alone
    # What is missing to assess it, ranked after the services whose volume is known.
    gaps = completeness(service_rows())
    assert [str(g.row.profile) for g in gaps] == ["S2", "S1", "S3", "ไม่ทราบ"]
    assert gaps[-1].facts[:3] == [
        "requests a year",
        "the legal processing time",
        "the measured processing time",
    ]


def test_departments_are_ranked_best_first(three, unit_a, unit_b):
    ranked = by_department(service_rows())
    assert [(r.unit, r.score) for r in ranked] == [
        (unit_a, Decimal("23.8")),
        (unit_b, Decimal("20.0")),
    ]


def test_weighted_average_of_nothing_is_none():
    assert weighted_average([(0, 3), (0, 1)]) is None
    assert weighted_average([(10, None)]) is None
    assert weighted_average([(1, 3), (3, 1)]) == Decimal("1.50")


def test_history_counts_each_service_with_its_latest_assessment_by_then(
    three, system_actor, unit_a
):
    s1, s2, s3 = three
    # S2 took cash only a week ago (3/21 = 14.3); e-payment came today (28.6).
    week_ago = timezone.now() - timedelta(days=7)
    Assessment.objects.update(assessed_at=week_ago)
    earlier = s2.assessments.get()
    earlier.e_payment, earlier.score = 0, Decimal("14.3")
    earlier.save()
    service_profiles.update(system_actor, s2, version=s2.version, annual_volume=3000, fee=120)

    points = history(unit_a)
    assert [(p.date, p.score, p.services) for p in points] == [
        # (1000 × 9.5 + 3000 × 14.3) / 4000 = 13.1
        (timezone.localdate(week_ago), Decimal("13.1"), 2),
        (timezone.localdate(), Decimal("23.8"), 2),
    ]
    # With S3: (52,400 + 500 × 20.0) / 4500 = 13.866…, then 23.4 as above.
    assert [p.score for p in history()] == [Decimal("13.9"), Decimal("23.4")]


def test_fix_first_ranks_a_volume_not_known_explicitly(make_service, three):
    zero = make_service(name="ไม่ทราบจำนวน", annual_volume=None)
    ranked = fix_first(service_rows(), limit=None)
    mine = [i for i in ranked if i.row.profile == zero]
    # A 0% service whose volume is not known still has things to fix, after those known.
    assert mine and all(i.priority is None for i in mine)
    known = [i for i in ranked if i.priority]
    assert ranked[: len(known)] == known
    assert mine[0].reason == (
        "Requests a year not known × 3 level(s) to reach 3: ranked after the services whose "
        "volume is known to be used"
    )


def test_fix_first_ranks_by_volume_times_gap_and_says_why(three):
    ranked = fix_first(service_rows(), limit=None)
    top = ranked[0]
    assert (str(top.row.profile), top.priority) == ("S2", 9000)
    assert top.reason == "3,000 requests a year × 3 level(s) to reach 3 = 9,000"
    payment = next(i for i in ranked if i.outcome == "e_payment")
    assert str(payment.row.profile) == "S1" and payment.priority == 3000
    assert payment.action == (
        "Accept e-payment for “S1”: 1,000 transactions a year would no longer need a counter visit."
    )
    assert all(i.outcome != "e_payment" for i in ranked if str(i.row.profile) in {"S2", "S3"})
    priorities = [i.priority for i in ranked]
    assert priorities == sorted(priorities, reverse=True)


def test_exchange_map_groups_what_citizens_still_bring_by_issuer(three):
    issuers = exchange_map(service_rows())
    assert [(i.name, i.requests) for i in issuers] == [
        ("Department of Provincial Administration (DOPA)", 4000 + 3000),
        ("Department of Business Development", 500),
    ]
    # The registry says which links could fetch each issuer's documents.
    assert issuers[1].links == ["Biz Portal", "GDX government data exchange (DGA)"]
    id_card, house = issuers[0].ranked_documents()
    assert (id_card.name, id_card.requests) == ("citizen ID card", 4000)
    assert (house.name, house.requests) == ("house registration", 3000)
    # S1 already obtains the house registration by exchange: S2 can reuse that link.
    assert house.links_in_use == ["DOPA linkage center (civil registration)"]
