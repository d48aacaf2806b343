"""The TIME chart: applications placed by technical fit (across) and business fit (up).

Fits are whole numbers, so many applications share a cell of the 4 × 4 grid; a cell's
applications are laid out on a small grid of their own, largest first. A bubble's area grows
with the application's yearly cost or its users. The quadrants and their labels come from
`time_class`, so the picture cannot disagree with the rule.
"""

import math
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from nakhon.portfolio.models import Fit, TimeClass, fit_pairs

CELL = 110  # the side of one fit × fit cell, in pixels
LEFT, TOP, RIGHT, BOTTOM = 64, 24, 24, 52  # room for the axes' labels
R_MIN, R_MAX = 4.0, 20.0
FITS = len(Fit.values)
# Bootstrap's palette, shared by the chart, its legend and the tables' badges.
TIME_CLASS_COLOURS = {
    TimeClass.INVEST: "#198754",
    TimeClass.MIGRATE: "#fd7e14",
    TimeClass.TOLERATE: "#0d6efd",
    TimeClass.ELIMINATE: "#dc3545",
}


class SizeBy(models.TextChoices):
    COST = "cost", _("yearly cost")
    USERS = "users", _("users")


@dataclass(frozen=True)
class Bubble:
    profile: object  # an ApplicationProfile
    x: float
    y: float
    r: float
    colour: str

    @property
    def time_class(self) -> TimeClass:
        return self.profile.time_class


@dataclass(frozen=True)
class Quadrant:
    time_class: TimeClass
    x: int
    y: int
    width: int
    height: int
    colour: str


@dataclass(frozen=True)
class Tick:
    fit: int
    position: float


@dataclass
class TimeChart:
    bubbles: list[Bubble]
    quadrants: list[Quadrant]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    size_by: SizeBy
    unassessed: list  # profiles without both fits, which the chart cannot place
    width: int = LEFT + FITS * CELL + RIGHT
    height: int = TOP + FITS * CELL + BOTTOM

    @property
    def plot_left(self) -> int:
        return LEFT

    @property
    def plot_bottom(self) -> int:
        return TOP + FITS * CELL

    @property
    def plot_centre(self) -> float:
        return LEFT + FITS * CELL / 2

    @property
    def plot_middle(self) -> float:
        return TOP + FITS * CELL / 2


def cell_origin(business_fit: int, technical_fit: int) -> tuple[int, int]:
    """The top-left corner of a fit pair's cell: technical fit grows rightwards, business fit
    upwards."""
    return LEFT + (technical_fit - 1) * CELL, TOP + (FITS - business_fit) * CELL


def cell_offsets(count: int) -> list[tuple[float, float]]:
    """Where `count` bubbles sit inside a cell: a centred square grid, row by row."""
    side = math.ceil(math.sqrt(count)) if count else 0
    step = CELL / side if side else 0
    return [((i % side + 0.5) * step, (i // side + 0.5) * step) for i in range(count)]


def bubble_radius(value, largest) -> float:
    """Area in proportion to the value; R_MIN for an unknown or zero value."""
    if not value or not largest:
        return R_MIN
    return R_MIN + (R_MAX - R_MIN) * math.sqrt(float(value) / float(largest))


def size_of(profile, size_by: SizeBy):
    return profile.yearly_cost if size_by == SizeBy.COST else profile.users


def quadrant(time: TimeClass) -> Quadrant:
    """The rectangle covering every cell `time_class` gives this class."""
    corners = [cell_origin(b, t) for b, t in fit_pairs(time)]
    xs, ys = [x for x, _y in corners], [y for _x, y in corners]
    return Quadrant(
        time,
        min(xs),
        min(ys),
        max(xs) + CELL - min(xs),
        max(ys) + CELL - min(ys),
        TIME_CLASS_COLOURS[time],
    )


def time_chart(profiles, size_by: SizeBy | str = SizeBy.COST) -> TimeChart:
    """Lay out `profiles` (application profiles) on the TIME chart."""
    size_by = SizeBy(size_by)
    placed, unassessed = {}, []
    for profile in profiles:
        if profile.time_class is None:
            unassessed.append(profile)
        else:
            placed.setdefault((profile.business_fit, profile.technical_fit), []).append(profile)
    largest = max((size_of(p, size_by) or 0 for cell in placed.values() for p in cell), default=0)
    bubbles = []
    for (business, technical), cell in sorted(placed.items()):
        # Largest first, so that small bubbles are drawn over large ones, not hidden.
        cell.sort(key=lambda p: (-(size_of(p, size_by) or 0), p.element.name))
        x0, y0 = cell_origin(business, technical)
        for profile, (dx, dy) in zip(cell, cell_offsets(len(cell)), strict=True):
            bubbles.append(
                Bubble(
                    profile,
                    x0 + dx,
                    y0 + dy,
                    bubble_radius(size_of(profile, size_by), largest),
                    TIME_CLASS_COLOURS[profile.time_class],
                )
            )
    return TimeChart(
        bubbles=bubbles,
        quadrants=[quadrant(time) for time in TimeClass],
        x_ticks=[Tick(fit, cell_origin(1, fit)[0] + CELL / 2) for fit in Fit.values],
        y_ticks=[Tick(fit, cell_origin(fit, 1)[1] + CELL / 2) for fit in Fit.values],
        size_by=size_by,
        unassessed=unassessed,
    )
