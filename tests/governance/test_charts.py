"""The standards radar's layout and its cache (no database needed)."""

import math
import uuid
from dataclasses import dataclass, field

import vl_convert
from django.core.cache import cache

from nakhon.governance import charts


@dataclass
class Standard:
    name: str
    status: str
    category: str
    code: str = ""
    pk: uuid.UUID = field(default_factory=uuid.uuid4)

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/governance/standards/{self.pk}/"


def test_each_standard_sits_in_its_ring_and_quadrant():
    standards = [
        Standard(f"s{i}", status, category)
        for i, (status, category) in enumerate(
            [("adopt", "data"), ("retire", "platform"), ("trial", "practice"), ("contain", "data")]
            * 3
        )
    ]
    for blip in charts.place(standards):
        dx, dy = blip.x - charts.CENTRE, charts.CENTRE - blip.y
        radius = math.hypot(dx, dy)
        ring = charts.RINGS.index(blip.standard.status)
        assert charts.EDGES[ring] <= radius <= charts.EDGES[ring + 1]
        angle = math.atan2(dx, dy) % (2 * math.pi)  # clockwise from twelve o'clock
        start, end = charts.quadrant_angles(blip.standard.category)
        assert start <= angle <= end


def test_the_svg_is_rendered_once_per_version_of_the_data(monkeypatch):
    cache.clear()
    calls = []
    real = vl_convert.vegalite_to_svg
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", lambda spec: calls.append(1) or real(spec))
    standards = [Standard("PostgreSQL", "adopt", "data", "STD-DAT-01")]
    first = charts.radar_svg(standards)
    assert charts.radar_svg(standards) == first and len(calls) == 1
    standards[0].status = "contain"
    assert charts.radar_svg(standards) != first and len(calls) == 2
    assert "STD-DAT-01" in first
