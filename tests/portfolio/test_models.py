"""The TIME rule, the support rule and the helpers derived from them, on hand-built data."""

from datetime import date

import pytest

from nakhon.portfolio.models import (
    ApplicationProfile,
    SupportState,
    TechnologyProfile,
    TimeClass,
    elements_reaching_end_of_support,
    fit_pairs,
    months_later,
    support_state,
    time_class,
    time_class_condition,
    time_class_expression,
)

INV, T, M, E = TimeClass.INVEST, TimeClass.TOLERATE, TimeClass.MIGRATE, TimeClass.ELIMINATE

# Rows: business fit 4 (top) to 1; columns: technical fit 1 to 4. Written out by hand, as
# Gartner's quadrants read: high business fit keeps an application (invest or migrate).
TIME_GRID = {
    4: (M, M, INV, INV),
    3: (M, M, INV, INV),
    2: (E, E, T, T),
    1: (E, E, T, T),
}
ALL_16 = [
    (business, technical, expected)
    for business, row in TIME_GRID.items()
    for technical, expected in zip((1, 2, 3, 4), row, strict=True)
]


@pytest.mark.parametrize(("business", "technical", "expected"), ALL_16)
def test_time_class_of_every_fit_pair(business, technical, expected):
    assert time_class(business, technical) == expected


@pytest.mark.parametrize(("business", "technical"), [(None, 3), (4, None), (None, None)])
def test_time_class_needs_both_fits(business, technical):
    assert time_class(business, technical) is None


@pytest.mark.parametrize(("business", "technical"), [(0, 3), (5, 1), (3, 7), (2.5, 3)])
def test_a_fit_outside_one_to_four_is_refused(business, technical):
    with pytest.raises(ValueError, match="1 to 4"):
        time_class(business, technical)


def test_fit_pairs_split_the_grid_into_four_quadrants():
    assert fit_pairs(INV) == [(3, 3), (3, 4), (4, 3), (4, 4)]
    assert fit_pairs(M) == [(3, 1), (3, 2), (4, 1), (4, 2)]
    assert fit_pairs(T) == [(1, 3), (1, 4), (2, 3), (2, 4)]
    assert fit_pairs(E) == [(1, 1), (1, 2), (2, 1), (2, 2)]


@pytest.mark.django_db
def test_database_filter_and_expression_agree_with_the_rule(make_application):
    for business, technical, _expected in ALL_16:
        make_application(business_fit=business, technical_fit=technical)
    make_application(business_fit=4)  # not assessed technically
    annotated = ApplicationProfile.objects.annotate(code=time_class_expression())
    for profile in annotated:
        assert profile.code == (profile.time_class and profile.time_class.value)
    for time in TimeClass:
        matching = ApplicationProfile.objects.filter(time_class_condition(time))
        assert {p.time_class for p in matching} == {time}
        assert matching.count() == 4


def test_months_later_keeps_the_day_or_takes_the_months_last():
    assert months_later(date(2025, 3, 15), 12) == date(2026, 3, 15)
    assert months_later(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert months_later(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert months_later(date(2025, 11, 30), 3) == date(2026, 2, 28)


ON = date(2025, 6, 15)


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        (None, SupportState.UNKNOWN),
        (date(2020, 1, 14), SupportState.PAST),  # Windows Server 2008 R2
        (date(2025, 6, 14), SupportState.PAST),  # yesterday
        (date(2025, 6, 15), SupportState.NEAR),  # its last supported day
        (date(2026, 6, 15), SupportState.NEAR),  # exactly twelve months ahead
        (date(2026, 6, 16), SupportState.SUPPORTED),
        (date(2029, 1, 1), SupportState.SUPPORTED),
    ],
)
def test_support_state(end, expected):
    assert support_state(end, ON) == expected


@pytest.mark.django_db
def test_support_querysets_agree_with_support_state(make_technology, make_application):
    ends = {
        "old": date(2020, 1, 14),
        "yesterday": date(2025, 6, 14),
        "today": date(2025, 6, 15),
        "horizon": date(2026, 6, 15),
        "later": date(2026, 6, 16),
        "unknown": None,
    }
    made = {key: make_technology(name=key, end_of_support=end) for key, end in ends.items()}
    app = make_application(name="app", end_of_support=date(2024, 1, 1))

    def names(qs):
        return sorted(p.element.name for p in qs)

    assert names(TechnologyProfile.objects.past_support(ON)) == ["old", "yesterday"]
    assert names(TechnologyProfile.objects.support_ending_by(ON)) == [
        "horizon",
        "old",
        "today",
        "yesterday",
    ]
    assert names(TechnologyProfile.objects.support_ending_by(ON, months=0)) == [
        "old",
        "today",
        "yesterday",
    ]
    for state in SupportState:
        in_state = TechnologyProfile.objects.in_support_state([state], ON)
        assert {p.support_state(ON) for p in in_state} == {state}
    assert (
        sum(TechnologyProfile.objects.in_support_state([s], ON).count() for s in SupportState) == 6
    )

    reaching = elements_reaching_end_of_support(ON)
    assert sorted(reaching.values_list("name", flat=True)) == [
        "horizon",
        "old",
        "today",
        "yesterday",
    ]
    assert made["old"].element in reaching
    assert list(elements_reaching_end_of_support(ON, profile=ApplicationProfile)) == [app.element]


@pytest.mark.django_db
def test_profiles_are_reached_from_their_element(
    make_application, make_technology, make_data_object
):
    app = make_application()
    tech = make_technology(type_="Node")
    data = make_data_object()
    assert app.element.application_profile == app
    assert tech.element.technology_profile == tech
    assert data.element.data_object_profile == data
    assert (app.element.type, tech.element.type, data.element.type) == (
        "ApplicationComponent",
        "Node",
        "DataObject",
    )
