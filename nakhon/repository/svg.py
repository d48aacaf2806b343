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
ARROW_MARKER = mark_safe(
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
    'markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>'
)


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
        ARROW_MARKER,
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
    return format_html(
        '<g class="node node-{}"><rect x="{}" y="{}" width="{}" height="{}" fill="{}" '
        'stroke="#5c5c5c" rx="4"/><text x="{}" y="{}" font-size="12">{}</text>'
        '<text x="{}" y="{}" font-size="9" fill="#555">{}</text></g>',
        node.kind,
        x,
        y,
        node.w,
        node.h,
        fill,
        x + 6,
        y + 16,
        text,
        x + 6,
        y + 28,
        subtitle,
    )


def _connection_svg(conn, absolute: dict, nodes) -> str:
    by_pk = {n.pk: n for n in nodes}
    source, target = by_pk.get(conn.source_node_id), by_pk.get(conn.target_node_id)
    if source is None or target is None:
        return ""
    points = [_centre(source, absolute), *[(p["x"], p["y"]) for p in conn.bendpoints or []]]
    points.append(_centre(target, absolute))
    path = " ".join(f"{x},{y}" for x, y in points)
    kind = conn.relationship.type if conn.relationship_id else "line"
    return format_html(
        '<polyline class="connection connection-{}" points="{}" fill="none" stroke="#333" '
        'stroke-width="1" marker-end="url(#arrow)"/>',
        kind,
        path,
    )


def _centre(node, absolute: dict) -> tuple[int, int]:
    x, y = absolute[node.pk]
    return x + node.w // 2, y + node.h // 2


def _style_colour(style: dict, key: str) -> str | None:
    colour = (style or {}).get(key)
    if not isinstance(colour, dict):
        return None
    try:
        return "#{:02x}{:02x}{:02x}".format(int(colour["r"]), int(colour["g"]), int(colour["b"]))
    except (KeyError, TypeError, ValueError):
        return None
