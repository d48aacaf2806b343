"""Charts drawn as SVG on the server: no JavaScript, readable by screen readers (a title and a
description name every figure), and each page shows the same numbers in a table as well."""

import zlib
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from nakhon.citizen_services.rubric import number

BAR_HEIGHT = 22
LABEL_WIDTH = 260
PLOT_WIDTH = 360
VALUE_WIDTH = 60
COLOURS = ("#dc3545", "#fd7e14", "#ffc107", "#198754")  # level 0 to 3: red to green


def colour_for(share: Decimal | None) -> str:
    """The colour of a value that reaches `share` (0 to 1) of its scale."""
    if share is None:
        return "#adb5bd"
    return COLOURS[min(len(COLOURS) - 1, int(Decimal(share) * len(COLOURS)))]


def _frame(title: str, description: str, width: int, height: int, body: list[str]) -> SafeString:
    ident = f"chart-{zlib.crc32((title + description).encode()):08x}"
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" aria-labelledby="{ident}-t {ident}-d">'
        f'<title id="{ident}-t">{escape(title)}</title>'
        f'<desc id="{ident}-d">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def bar_chart(title: str, bars: list[tuple[str, Decimal | None]], maximum: Decimal) -> SafeString:
    """Horizontal bars, one per (label, value); None is drawn as an empty row marked "–"."""
    height = BAR_HEIGHT * len(bars) + 8
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    body = []
    for index, (label, value) in enumerate(bars):
        y = 4 + index * BAR_HEIGHT
        share = None if value is None else min(Decimal(1), Decimal(value) / maximum)
        length = 0 if share is None else round(PLOT_WIDTH * share)
        body.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{escape(_shorten(label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{PLOT_WIDTH}" height="{BAR_HEIGHT - 6}" '
            f'fill="#f1f3f5"/>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{length}" height="{BAR_HEIGHT - 6}" '
            f'fill="{colour_for(share)}"/>'
            f'<text x="{LABEL_WIDTH + PLOT_WIDTH + 6}" y="{y + 15}" font-size="12">'
            f"{'–' if value is None else number(value)}</text>"
        )
    description = "; ".join(f"{label}: {'–' if v is None else number(v)}" for label, v in bars)
    return _frame(title, description, width, height, body)


def line_chart(
    title: str, points: list[tuple[str, Decimal | None]], maximum: Decimal
) -> SafeString:
    """A line through (label, value) points, left to right, on a 0 to `maximum` scale."""
    width, height, left, bottom, top = 640, 220, 40, 30, 10
    plot_w, plot_h = width - left - 10, height - bottom - top
    step = plot_w / max(1, len(points) - 1)
    body = [
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#adb5bd"/>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="#adb5bd"/>',
    ]
    for tick in (0, Decimal(maximum) / 2, maximum):
        y = top + plot_h - float(Decimal(tick) / Decimal(maximum)) * plot_h
        body.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
            f"{number(tick)}</text>"
        )
    coordinates = []
    for index, (label, value) in enumerate(points):
        x = left + index * step
        if value is not None:
            y = top + plot_h - float(Decimal(value) / Decimal(maximum)) * plot_h
            coordinates.append(f"{x:.1f},{y:.1f}")
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#0d6efd"/>')
        if index in (0, len(points) - 1) or len(points) <= 8:
            body.append(
                f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" font-size="11">'
                f"{escape(label)}</text>"
            )
    if len(coordinates) > 1:
        body.insert(
            2,
            f'<polyline fill="none" stroke="#0d6efd" stroke-width="2" '
            f'points="{" ".join(coordinates)}"/>',
        )
    description = "; ".join(f"{label}: {'–' if v is None else number(v)}" for label, v in points)
    return _frame(title, description, width, height, body)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
