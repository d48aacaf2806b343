"""The standards radar: a Vega-Lite specification built here, rendered to SVG on the server.

Rings are the statuses (adopt at the centre, retire outside), quadrants the categories. A
standard's place inside its cell is fixed by its order in the cell (by name), so the same
catalogue always draws the same picture. The page shows the SVG, so it works without
JavaScript; the SVG is cached under a hash of the specification, which holds the data and the
labels of the language asked for: a new version of the data, or another language, is a new key.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from nakhon.core.charts import SCHEMA, render_svg
from nakhon.governance.models import StandardCategory, StandardStatus
from nakhon.governance.templatetags.standards import STATUS_COLOURS

RINGS = list(StandardStatus)
QUADRANTS = list(StandardCategory)
# The rings' edges, in pixels from the centre: the inner rings hold most standards on the
# shortest arcs, so they are the widest.
EDGES = (0, 120, 190, 250, 300)
MARGIN = 60  # room around the rings for the quadrants' labels
RADIUS = EDGES[-1]
# Where in its ring's width a standard sits: neighbours in a cell take turns.
BANDS = (0.3, 0.55, 0.8)
CENTRE = RADIUS + MARGIN
SIZE = 2 * CENTRE


@dataclass(frozen=True)
class Blip:
    """A standard's place on the radar."""

    standard: object
    x: float
    y: float


def quadrant_angles(category) -> tuple[float, float]:
    """The quadrant's start and end angle, in radians clockwise from twelve o'clock."""
    index = QUADRANTS.index(StandardCategory(category))
    return index * math.pi / 2, (index + 1) * math.pi / 2


def point(angle: float, radius: float) -> tuple[float, float]:
    return CENTRE + radius * math.sin(angle), CENTRE - radius * math.cos(angle)


def place(standards) -> list[Blip]:
    """Every standard in its quadrant and ring, spread evenly across the cell."""
    cells: dict[tuple, list] = {}
    for standard in standards:
        cells.setdefault((standard.category, standard.status), []).append(standard)
    blips = []
    for (category, status), members in sorted(cells.items()):
        members.sort(key=lambda s: (s.name, str(s.pk)))
        start, end = quadrant_angles(category)
        ring = RINGS.index(StandardStatus(status))
        inner, outer = max(EDGES[ring], 30), EDGES[ring + 1]
        for k, standard in enumerate(members):
            angle = start + (end - start) * (k + 1) / (len(members) + 1)
            radius = inner + (outer - inner) * BANDS[k % len(BANDS)]
            blips.append(Blip(standard, *point(angle, radius)))
    return blips


def colour_scale() -> dict:
    return {
        "domain": [s.value for s in RINGS],
        "range": [STATUS_COLOURS[s] for s in RINGS],
    }


def radar_spec(standards, link=lambda standard: standard.get_absolute_url()) -> dict:
    """The radar of `standards` as a Vega-Lite specification, labelled in the active language."""
    rings = [
        {
            "t0": quadrant_angles(q)[0],
            "t1": quadrant_angles(q)[1],
            "r0": EDGES[i],
            "r1": EDGES[i + 1],
            "status": status.value,
        }
        for q in QUADRANTS
        for i, status in enumerate(RINGS)
    ]
    ring_labels = [
        {"x": CENTRE + 4, "y": CENTRE - EDGES[i + 1] + 12, "label": str(status.label)}
        for i, status in enumerate(RINGS)
    ]
    corners = {0: (1, -1), 1: (1, 1), 2: (-1, 1), 3: (-1, -1)}
    quadrant_labels = []
    for index, category in enumerate(QUADRANTS):
        sx, sy = corners[index]
        quadrant_labels.append(
            {
                "x": CENTRE + sx * (RADIUS + MARGIN / 2 - 10),
                "y": CENTRE + sy * (RADIUS + MARGIN / 2),
                "label": str(category.label),
                "align": "right" if sx > 0 else "left",
            }
        )
    blips = [
        {
            "x": round(b.x, 1),
            "y": round(b.y, 1),
            "name": str(b.standard),
            # The short code where the catalogue gives one: long Thai names would overlap.
            "label": getattr(b.standard, "code", "") or str(b.standard),
            "status": b.standard.status,
            "status_label": str(StandardStatus(b.standard.status).label),
            "href": link(b.standard),
        }
        for b in place(standards)
    ]
    pixel = {"type": "quantitative", "scale": None, "axis": None}
    colour = {"field": "status", "type": "nominal", "scale": colour_scale(), "legend": None}
    return {
        "$schema": SCHEMA,
        "width": SIZE,
        "height": SIZE,
        "autosize": "none",
        "padding": 0,
        "background": "white",
        "config": {"view": {"stroke": None}, "font": "sans-serif"},
        "layer": [
            {
                "data": {"values": rings},
                "mark": {"type": "arc", "x": CENTRE, "y": CENTRE, "stroke": "white"},
                "encoding": {
                    "theta": {"field": "t0", "type": "quantitative", "scale": None},
                    "theta2": {"field": "t1"},
                    "radius": {"field": "r0", "type": "quantitative", "scale": None},
                    "radius2": {"field": "r1"},
                    "color": colour,
                    "opacity": {"value": 0.12},
                },
            },
            {
                "data": {"values": ring_labels},
                "mark": {"type": "text", "align": "left", "fontSize": 11, "color": "#555"},
                "encoding": {
                    "x": {"field": "x", **pixel},
                    "y": {"field": "y", **pixel},
                    "text": {"field": "label"},
                },
            },
            *[
                {
                    "data": {"values": [q for q in quadrant_labels if q["align"] == align]},
                    "mark": {"type": "text", "fontSize": 14, "fontWeight": "bold", "align": align},
                    "encoding": {
                        "x": {"field": "x", **pixel},
                        "y": {"field": "y", **pixel},
                        "text": {"field": "label"},
                    },
                }
                for align in ("left", "right")
            ],
            {
                "data": {"values": blips},
                "mark": {"type": "circle", "size": 110, "opacity": 1, "cursor": "pointer"},
                "encoding": {
                    "x": {"field": "x", **pixel},
                    "y": {"field": "y", **pixel},
                    "color": colour,
                    "href": {"field": "href"},
                    "tooltip": [{"field": "name"}, {"field": "status_label"}],
                },
            },
            {
                "data": {"values": blips},
                "mark": {"type": "text", "dy": -10, "fontSize": 9},
                "encoding": {
                    "x": {"field": "x", **pixel},
                    "y": {"field": "y", **pixel},
                    "text": {"field": "label"},
                    "href": {"field": "href"},
                },
            },
        ],
    }


def radar_svg(standards) -> str:
    return render_svg(radar_spec(list(standards)))


def by_quadrant(standards) -> list[tuple]:
    """(category, its standards by ring then name): the key the radar's labels point to."""
    rings = {status: i for i, status in enumerate(RINGS)}
    grouped = {category: [] for category in QUADRANTS}
    for standard in standards:
        grouped[StandardCategory(standard.category)].append(standard)
    return [
        (category, sorted(members, key=lambda s: (rings[s.status], s.name)))
        for category, members in grouped.items()
    ]
