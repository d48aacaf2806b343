"""Every level of every outcome, on a hand-built service whose expected level is written here.

Each service is written through the service layer, so the level checked is the one stored in
its current assessment, as the pages and the API show it.
"""

from decimal import Decimal

import pytest

from nakhon.citizen_services.assessment import assessment_values
from nakhon.citizen_services.models import Assessment
from nakhon.citizen_services.rubric import definitions, number, score, threshold_errors
from tests.citizen_services.conftest import counter, document, step, web

pytestmark = pytest.mark.django_db


def assessed(profile) -> Assessment:
    return profile.assessments.get(is_current=True)


def level_of(profile, outcome: str) -> int | str | None:
    """The level, or "not assessed" (None: it does not apply)."""
    assessment = assessed(profile)
    if assessment.status(outcome) == "not_assessed":
        return NOT_ASSESSED
    return assessment.level(outcome)


NOT_ASSESSED = "not assessed"


def missing_of(profile, outcome: str) -> list[str]:
    return assessed(profile).details[outcome]["missing"]["en"]


def evidence_of(profile, outcome: str) -> str:
    return assessed(profile).details[outcome]["evidence"]["en"]


# 1. Better government services


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"legal_days": 10, "actual_days": 4, "satisfaction": 92}, 3),  # 40% of the time
        ({"legal_days": 10, "actual_days": 5, "satisfaction": 90}, 3),  # exactly at both limits
        ({"legal_days": 10, "actual_days": 6, "satisfaction": 95}, 2),  # not fast enough for 3
        ({"legal_days": 10, "actual_days": 4, "satisfaction": 85}, 2),  # not satisfied enough
        ({"legal_days": 10, "actual_days": 10, "satisfaction": 79}, 1),  # on time, below 80%
        # On time, satisfaction not known: it could be 1, 2 or 3.
        ({"legal_days": 10, "actual_days": 9}, NOT_ASSESSED),
        ({"legal_days": 10, "actual_days": Decimal("10.5"), "satisfaction": 99}, 0),  # late
        ({"legal_days": 10, "actual_days": 11}, 0),  # late: satisfaction cannot lift it
        ({"legal_days": 10, "satisfaction": 99}, NOT_ASSESSED),  # actual time not known
        ({"actual_days": 1, "satisfaction": 99}, NOT_ASSESSED),  # legal time not known
    ],
)
def test_better_service(make_service, values, expected):
    assert level_of(make_service(**values), "better_service") == expected


def test_better_service_evidence_names_the_figures(make_service):
    profile = make_service(legal_days=15, actual_days=Decimal("3.5"), satisfaction=93)
    assert evidence_of(profile, "better_service") == (
        "Requests take 3.5 days, at most 50% of the legal 15 days, and 93% of citizens are "
        "satisfied (at least 90%)."
    )


# 2. One-stop service


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # Whole request online, no step in person.
        ({"channels": [web()], "steps": [step(in_person=False)]}, 3),
        # Online, but the citizen must still come once.
        ({"channels": [web()], "steps": [step(), step(in_person=False)]}, 2),
        # No online channel; one visit at any district office.
        ({"delivery": "all_districts", "channels": [counter()], "steps": [step()]}, 2),
        # One visit, only at the central counter.
        ({"delivery": "central", "channels": [counter()], "steps": [step(), step("รับใบอนุญาต")]}, 1),
        # A website that takes only part of the request does not make it one-stop.
        ({"channels": [web(end_to_end=False)], "steps": [step()]}, 1),
        # Two divisions of the same district office are one office.
        ({"channels": [web()], "steps": [step(unit="ฝ่ายโยธา"), step(unit="ฝ่ายทะเบียน")]}, 2),
        # A step at a police station is another office to attend.
        ({"channels": [web()], "steps": [step(), step("แจ้งความ", office="สถานีตำรวจ")]}, 0),
        # Whether the citizen attends is not known: 3 if not, 2 if so.
        ({"channels": [web()], "steps": [step(in_person=None)]}, NOT_ASSESSED),
        # Where it is delivered is not known: one office, at any district (2) or one place (1).
        ({"delivery": "", "channels": [counter()], "steps": [step()]}, NOT_ASSESSED),
        # ... but it does not matter when the whole request can be made online.
        ({"delivery": "", "channels": [web()], "steps": [step(in_person=False)]}, 3),
        ({"steps": []}, NOT_ASSESSED),  # the steps are not known
        # Delivery not given, but the places named say it is only at particular offices.
        (
            {
                "delivery": "",
                "places": [{"name": "ฝ่ายทะเบียน", "condition": "เฉพาะเขตที่มีชื่อในทะเบียนบ้าน"}],
            },
            1,
        ),
    ],
)
def test_one_stop(make_service, values, expected):
    assert level_of(make_service(**values), "one_stop") == expected


def test_one_stop_evidence_lists_the_offices(make_service):
    profile = make_service(steps=[step(), step("แจ้งความ", office="สถานีตำรวจ")])
    assert evidence_of(profile, "one_stop") == (
        "Citizens must attend 2 offices: the office where the request is made, สถานีตำรวจ."
    )


def test_one_stop_lists_what_is_not_known(make_service):
    profile = make_service(delivery="", channels=[web(end_to_end=None)], steps=[step()])
    assert missing_of(profile, "one_stop") == [
        "whether the website takes the whole request",
        "where it is delivered",
    ]


# 3. No copies of official documents


@pytest.mark.parametrize(
    ("documents", "expected"),
    [
        # Every state document obtained by data exchange; the citizen brings only a photo.
        (
            [
                document(exchange="dopa_linkage"),
                document("ทะเบียนบ้าน", exchange="dopa_linkage"),
                document("รูปถ่าย", "ผู้ยื่นคำขอ", copies=0),  # made by the applicant
            ],
            3,
        ),
        # Originals shown, or files sent, but no paper copies.
        (
            [
                document(copies=0),
                document("ทะเบียนบ้าน", copies=1, electronic_accepted=True),
            ],
            2,
        ),
        # Half obtained by exchange, copies of the other half still required.
        ([document(exchange="gdx"), document("ทะเบียนบ้าน")], 1),
        # A quarter by exchange: below the 50% of level 1.
        (
            [
                document(exchange="gdx"),
                document("ทะเบียนบ้าน"),
                document("หนังสือรับรองนิติบุคคล", "กรมพัฒนาธุรกิจการค้า"),
                document("ใบอนุญาตเดิม", "กรุงเทพมหานคร"),
            ],
            0,
        ),
        ([document(), document("ทะเบียนบ้าน")], 0),  # copies at the counter
        # The issuer follows from the common document when none is written.
        ([document("สำเนาทะเบียนบ้าน", "")], 0),
        # A copy from an issuer outside the registry: 3 if it is not the state's, 0 if it is.
        ([document("ใบอนุญาตพิเศษ", "หน่วยงานที่ไม่รู้จัก")], NOT_ASSESSED),
        # A copy asked "if any" is not required of every citizen: it does not count.
        ([document("สำเนาทะเบียนบ้าน", "", optional=True)], 3),
        # How many copies are asked is not known: 2 if none, 0 if some.
        ([document(copies=None)], NOT_ASSESSED),
        # Not known, but it cannot matter: other copies are required already, none exchanged.
        ([document(), document("ใบอนุญาตพิเศษ", "หน่วยงานที่ไม่รู้จัก")], 0),
    ],
)
def test_no_copies(make_service, documents, expected):
    assert level_of(make_service(documents=documents), "no_copies") == expected


def test_no_copies_evidence_names_the_documents_still_copied(make_service):
    profile = make_service(documents=[document(exchange="gdx"), document("ทะเบียนบ้าน")])
    assert evidence_of(profile, "no_copies") == (
        "1 of 2 documents issued by the state are obtained by data exchange, but copies are "
        "still required: ทะเบียนบ้าน (issued by Department of Provincial Administration (DOPA); "
        "DOPA linkage center (civil registration) or GDX government data exchange (DGA) could "
        "fetch it instead)."
    )


def test_copies_of_id_card_and_house_registration_with_only_the_issuer_named(make_service):
    """Done when: no tick says "issued by the state"; the issuer's registry entry does."""
    rows = [
        {"name": "สำเนาบัตรประจำตัวประชาชน", "issuer": "กรมการปกครอง", "copies": 1},
        {"name": "สำเนาทะเบียนบ้าน", "issuer": "กรมการปกครอง", "copies": 1},
    ]
    profile = make_service(documents=rows)
    assert level_of(profile, "no_copies") == 0
    links = (
        "DOPA linkage center (civil registration) or GDX government data exchange (DGA) could "
        "fetch it instead"
    )
    issuer = "Department of Provincial Administration (DOPA)"
    assert evidence_of(profile, "no_copies") == (
        "Copies of documents issued by the state are required at the counter: "
        f"สำเนาบัตรประจำตัวประชาชน (issued by {issuer}; {links}), "
        f"สำเนาทะเบียนบ้าน (issued by {issuer}; {links})."
    )
    # Picking the common documents filled in the rest.
    assert [(d.common, d.issuer) for d in profile.documents.all()] == [
        ("id-card", "กรมการปกครอง"),
        ("house-registration", "กรมการปกครอง"),
    ]


def test_picking_a_common_document_fills_in_its_name_and_issuer(make_service):
    profile = make_service(documents=[{"common": "land-title", "copies": 1}])
    document_row = profile.documents.get()
    assert (document_row.name, document_row.issuer) == ("โฉนดที่ดิน", "กรมที่ดิน")
    assert level_of(profile, "no_copies") == 0


def test_no_copies_without_documents(make_service):
    assert level_of(make_service(needs_documents=False), "no_copies") == 3
    unknown = make_service(needs_documents=None)
    assert level_of(unknown, "no_copies") == NOT_ASSESSED
    assert missing_of(unknown, "no_copies") == ["the required documents"]


def test_an_issuer_outside_the_registry_is_named_as_missing(make_service):
    profile = make_service(documents=[document("ใบอนุญาตพิเศษ", "หน่วยงานที่ไม่รู้จัก")])
    assert missing_of(profile, "no_copies") == [
        "whether “หน่วยงานที่ไม่รู้จัก”, which issues “ใบอนุญาตพิเศษ”, is a state agency"
    ]
    assert evidence_of(profile, "no_copies") == ("Level 0 to 3, depending on facts not known.")


# 4. Access to open government data


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {
                "published": True,
                "dataset_url": "https://data.bangkok.go.th/dataset/permits",
                "dataset_machine_readable": True,
            },
            3,
        ),
        ({"published": True, "dataset_url": "https://data.bangkok.go.th/dataset/permits"}, 2),
        ({"published": True}, 1),
        # A dataset does not count while the service itself cannot be found.
        ({"dataset_url": "https://data.bangkok.go.th/x", "dataset_machine_readable": True}, 0),
        ({"published": None}, NOT_ASSESSED),
        (
            {
                "published": True,
                "dataset_url": "https://data.bangkok.go.th/x",
                "dataset_machine_readable": None,
            },
            NOT_ASSESSED,
        ),
    ],
)
def test_open_data(make_service, values, expected):
    assert level_of(make_service(**values), "open_data") == expected


# 5. Digital ID


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"channels": [web(identity="thaid", ial="IAL2.3")], "required_ial": "IAL2.3"}, 3),
        ({"channels": [web(identity="dga_digital_id", ial="IAL2.2")], "required_ial": "IAL2.1"}, 3),
        ({"channels": [web(identity="thaid", ial="IAL1")], "required_ial": "IAL2.3"}, 2),
        ({"channels": [web(identity="own_account")]}, 1),
        # A kiosk is not online.
        ({"channels": [counter(), counter(kind="kiosk")]}, 0),
        ({"channels": []}, NOT_ASSESSED),  # the channels are not known
        ({"channels": [web(identity="")]}, NOT_ASSESSED),  # its identity check is not known
        # The level the service needs is not known: IAL2.1 is enough for some, not for all.
        ({"channels": [web(identity="thaid", ial="IAL2.1")], "required_ial": ""}, NOT_ASSESSED),
        ({"channels": [web(identity="thaid", ial="IAL3")], "required_ial": ""}, 3),
    ],
)
def test_digital_id(make_service, values, expected):
    assert level_of(make_service(**values), "digital_id") == expected


def test_digital_id_takes_the_strongest_online_channel(make_service):
    channels = [
        web(kind="line_oa", identity="own_account"),
        web(kind="mobile_app", identity="thaid", ial="IAL3"),
    ]
    profile = make_service(channels=channels, required_ial="IAL2.3")
    assert level_of(profile, "digital_id") == 3
    assert evidence_of(profile, "digital_id") == (
        "ThaID (DOPA) is accepted through the mobile app at IAL3 (the service needs IAL2.3)."
    )


# 6. E-payment of fees


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"payment_methods": ["cash", "promptpay"], "e_receipt": True}, 3),
        ({"payment_methods": ["online_card"]}, 2),
        ({"payment_methods": ["cash", "counter_electronic"], "e_receipt": True}, 1),
        ({"payment_methods": ["cash", "debit_card", "credit_card"]}, 1),  # cards at the counter
        ({"payment_methods": ["cheque", "money_order"]}, 0),  # paper
        ({"payment_methods": ["bank_transfer"], "e_receipt": True}, 3),  # from anywhere
        # The profile's fee is not known, but a fee row says 200 baht elsewhere: there is a fee.
        (
            {
                "fee": None,
                "fees": [
                    {"amount": 0, "unit": "request", "condition": "ณ สำนักงานเขต"},
                    {"amount": 200, "unit": "request", "condition": "ที่อื่น"},
                ],
                "payment_methods": ["cash"],
            },
            0,
        ),
        ({"payment_methods": ["cash"]}, 0),
        ({"payment_methods": []}, NOT_ASSESSED),  # how fees are paid is not known
        ({"payment_methods": ["promptpay"], "e_receipt": None}, NOT_ASSESSED),
        ({"payment_methods": ["cash"], "e_receipt": None}, 0),  # no receipt to read
        ({"fee": 0, "digital_fee": 0, "payment_methods": []}, None),  # free: not applicable
        ({"fee": None, "digital_fee": None}, NOT_ASSESSED),  # free or not is not known
    ],
)
def test_e_payment(make_service, values, expected):
    assert level_of(make_service(**values), "e_payment") == expected


# 7. Lower fees for digital use


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"fee": 200, "digital_fee": 100, "channels": [web()]}, 3),  # 50% less
        ({"fee": 200, "digital_fee": 0, "channels": [web()]}, 3),  # free online
        ({"fee": 200, "digital_fee": 160, "channels": [web()]}, 2),  # 20% less
        ({"fee": 200, "digital_fee": 190, "channels": [web()]}, 1),  # 5% less
        ({"fee": 200, "digital_fee": 200, "channels": [web()]}, 0),  # same fee
        ({"fee": 200, "digital_fee": None, "channels": [web()]}, NOT_ASSESSED),
        ({"fee": 200, "digital_fee": 250, "channels": [web()]}, 0),  # dearer online
        # A lower digital fee no one can pay: no channel takes the whole request online.
        ({"fee": 200, "digital_fee": 100, "channels": [web(end_to_end=False)]}, 0),
        ({"fee": 0, "digital_fee": 0}, None),  # free: not applicable
        ({"fee": None, "digital_fee": None}, NOT_ASSESSED),
    ],
)
def test_lower_fees(make_service, values, expected):
    assert level_of(make_service(**values), "lower_fees") == expected


# The service's score, overrides, thresholds


def test_score_is_the_share_of_reachable_levels_without_the_inapplicable():
    assert score([3, 3, 3, 3, 3, None, None]) == Decimal("100.0")
    assert score([0, 1, 2, 3, 0, None, None]) == Decimal("40.0")  # 6 of 15
    assert score([1, 0, 0, 0, 0, 0, 0]) == Decimal("4.8")  # 1 of 21
    assert score([None] * 7) is None
    # An outcome not assessed reaches nothing: 6 of 18, not 6 of 15.
    assert score([0, 1, 2, 3, 0, None, None], not_assessed=1) == Decimal("33.3")
    assert score([None] * 7, not_assessed=7) is None


def test_a_bare_service_scores_low_and_its_assessment_is_stored(make_service):
    profile = make_service()
    assessment = assessed(profile)
    assert assessment.levels() == {
        "better_service": None,  # the processing times are not known
        "one_stop": 1,  # one visit, but only at the central counter
        "no_copies": 3,  # no documents asked
        "open_data": 0,
        "digital_id": 0,
        "e_payment": 0,
        "lower_fees": 0,
    }
    assert assessment.not_assessed() == ["better_service"]
    assert assessment.score == Decimal("19.0")  # 4 of 21: the outcome not assessed reaches 0
    assert assessment.annual_volume == 1000
    assert assessment.details["no_copies"]["evidence"]["th"]


def test_thresholds_move_the_levels(make_service):
    profile = make_service(legal_days=10, actual_days=6, satisfaction=95)
    assert level_of(profile, "better_service") == 2  # 60% of the legal time: not fast enough
    assert assessment_values(profile, {"fast_share": 60})["better_service"] == 3


def test_threshold_errors_say_what_is_wrong():
    assert threshold_errors({"fast_share": 60}) == {}
    errors = threshold_errors(
        {"fast_share": 0, "satisfaction_good": "high", "nonsense": 1, "discount_good": 70}
    )
    assert set(errors) == {"fast_share", "satisfaction_good", "nonsense", "discount_full"}


def test_definitions_state_the_thresholds_in_force():
    text = definitions({"satisfaction_high": 95})["better_service"][3]
    assert "95%" in text and "50%" in text


def test_numbers_are_written_as_people_write_them():
    assert [number(Decimal("42000")), number(Decimal("2.50")), number(3)] == ["42,000", "2.5", "3"]
