"""A view drawn as SVG on the server: boxes at their bounds, nested, with connection lines."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from nakhon.archimate import metamodel
from nakhon.repository.models import View

# Fill colours by layer, after the ArchiMate specification's customary palette.
LAYER_FILL = {
    metamodel.Layer.STRATEGY: "#f5deaa",
    metamodel.Layer.BUSINESS: "#ffffb5",
    metamodel.Layer.APPLICATION: "#b5ffff",
    metamodel.Layer.TECHNOLOGY: "#c9e7b7",
    metamodel.Layer.PHYSICAL: "#c9e7b7",
    metamodel.Layer.MOTIVATION: "#ccccff",
    metamodel.Layer.IMPLEMENTATION_MIGRATION: "#ffe0e0",
    metamodel.Layer.OTHER: "#ffffff",
}
MARGIN = 10
MARKERS = mark_safe(
    "<defs>"
    '<marker id="m-arrow-filled" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
    'markerHeight="8" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z"/></marker>'
    '<marker id="m-arrow-open" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
    'markerHeight="8" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10" fill="none" '
    'stroke="#333"/></marker>'
    '<marker id="m-triangle-hollow" viewBox="0 0 12 12" refX="12" refY="6" markerWidth="10" '
    'markerHeight="10" orient="auto-start-reverse"><path d="M0 0 L12 6 L0 12 z" fill="#fff" '
    'stroke="#333"/></marker>'
    '<marker id="m-diamond-filled" viewBox="0 0 14 8" refX="0" refY="4" markerWidth="12" '
    'markerHeight="8" orient="auto"><path d="M0 4 L7 0 L14 4 L7 8 z"/></marker>'
    '<marker id="m-diamond-hollow" viewBox="0 0 14 8" refX="0" refY="4" markerWidth="12" '
    'markerHeight="8" orient="auto"><path d="M0 4 L7 0 L14 4 L7 8 z" fill="#fff" '
    'stroke="#333"/></marker>'
    '<marker id="m-dot" viewBox="0 0 8 8" refX="4" refY="4" markerWidth="6" markerHeight="6">'
    '<circle cx="4" cy="4" r="3.5"/></marker>'
    "</defs>"
)
DASHED, DOTTED = "6 3", "1 3"
# ArchiMate 3.2 notation: (line dash, marker at the source, marker at the target).
NOTATION = {
    "Composition": ("", "diamond-filled", ""),
    "Aggregation": ("", "diamond-hollow", ""),
    "Assignment": ("", "dot", "arrow-filled"),
    "Realization": (DASHED, "", "triangle-hollow"),
    "Serving": ("", "", "arrow-open"),
    "Access": (DOTTED, "", "arrow-open"),
    "Influence": (DASHED, "", "arrow-open"),
    "Triggering": ("", "", "arrow-filled"),
    "Flow": (DASHED, "", "arrow-filled"),
    "Specialization": ("", "", "triangle-hollow"),
    "Association": ("", "", ""),
}
# An access arrow points the way data goes: towards the reader, away from the writer.
ACCESS_MARKERS = {
    "Read": ("arrow-open", ""),
    "Write": ("", "arrow-open"),
    "ReadWrite": ("arrow-open", "arrow-open"),
    "Access": ("", ""),
}


def render_view_svg(view: View) -> str:
    nodes = list(view.nodes.select_related("element"))
    if not nodes:
        return ""
    # Bounds are stored as the exchange format gives them: absolute, also for nested nodes.
    absolute = {n.pk: (n.x, n.y) for n in nodes}
    width = max(x + n.w for n, (x, _y) in zip(nodes, absolute.values(), strict=True)) + MARGIN
    height = max(y + n.h for n, (_x, y) in zip(nodes, absolute.values(), strict=True)) + MARGIN
    boxes = format_html_join("", "{}", ((_node_svg(n, *absolute[n.pk]),) for n in nodes))
    lines = format_html_join(
        "", "{}", ((_connection_svg(c, absolute, nodes),) for c in view.connections.all())
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="view-diagram" viewBox="0 0 {} {}" '
        'width="{}" height="{}" role="img" aria-label="{}">{}{}{}</svg>',
        width,
        height,
        width,
        height,
        view.name,
        MARKERS,
        boxes,
        lines,
    )


def _node_svg(node, x: int, y: int) -> str:
    text = node.label or (node.element.name if node.element else "")
    fill = _style_colour(node.style, "fillColor")
    if fill is None:
        layer = metamodel.layer_of(node.element.type) if node.element else metamodel.Layer.OTHER
        fill = LAYER_FILL[layer] if node.kind == "element" else "#fafafa"
    subtitle = metamodel.ELEMENT_TYPES[node.element.type].label if node.element else ""
    clip = f"clip-{node.pk}"
    return format_html(
        '<g class="node node-{}"><clipPath id="{}"><rect x="{}" y="{}" width="{}" height="{}"/>'
        '</clipPath><rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#5c5c5c" '
        'rx="4"/><g clip-path="url(#{})"><text x="{}" y="{}" font-size="12">{}</text>'
        '<text x="{}" y="{}" font-size="9" fill="#555">{}</text></g><title>{}</title></g>',
        node.kind,
        clip,
        x + 2,
        y,
        max(node.w - 4, 0),
        node.h,
        x,
        y,
        node.w,
        node.h,
        fill,
        clip,
        x + 6,
        y + 16,
        text,
        x + 6,
        y + 28,
        subtitle,
        f"{text} ({subtitle})" if subtitle else text,
    )


def _connection_svg(conn, absolute: dict, nodes) -> str:
    by_pk = {n.pk: n for n in nodes}
    source, target = by_pk.get(conn.source_node_id), by_pk.get(conn.target_node_id)
    if source is None or target is None:
        return ""
    bends = [(p["x"], p["y"]) for p in conn.bendpoints or []]
    start, end = _centre(source, absolute), _centre(target, absolute)
    first = _border_point(source, absolute, bends[0] if bends else end)
    last = _border_point(target, absolute, bends[-1] if bends else start)
    path = " ".join(f"{x},{y}" for x, y in [first, *bends, last])
    rel = conn.relationship if conn.relationship_id else None
    dash, at_source, at_target = NOTATION.get(rel.type, ("", "", "")) if rel else ("", "", "")
    if rel is not None and rel.type == "Access":
        at_source, at_target = ACCESS_MARKERS.get(rel.access_type or "Write", ("", ""))
    if rel is not None and rel.type == "Association" and rel.is_directed:
        at_target = "arrow-open"
    return format_html(
        '<polyline class="connection connection-{}" points="{}" fill="none" stroke="#333" '
        'stroke-width="1" stroke-dasharray="{}"{}{}/>',
        rel.type if rel else "line",
        path,
        dash or "none",
        _marker("marker-start", at_source),
        _marker("marker-end", at_target),
    )


def _marker(attribute: str, name: str) -> str:
    return format_html(' {}="url(#m-{})"', attribute, name) if name else ""


def _centre(node, absolute: dict) -> tuple[float, float]:
    x, y = absolute[node.pk]
    return x + node.w / 2, y + node.h / 2


def _border_point(node, absolute: dict, toward) -> tuple[int, int]:
    """Where a line from the node's centre towards `toward` leaves the node's box."""
    cx, cy = _centre(node, absolute)
    dx, dy = toward[0] - cx, toward[1] - cy
    scales = [
        node.w / 2 / abs(dx) if dx else float("inf"),
        node.h / 2 / abs(dy) if dy else float("inf"),
    ]
    scale = min(1.0, *scales)
    return round(cx + dx * scale), round(cy + dy * scale)


def _style_colour(style: dict, key: str) -> str | None:
    colour = (style or {}).get(key)
    if not isinstance(colour, dict):
        return None
    try:
        return "#{:02x}{:02x}{:02x}".format(int(colour["r"]), int(colour["g"]), int(colour["b"]))
    except (KeyError, TypeError, ValueError):
        return None
