"""A view's diagram as one JSON document: what the API, the change log and imports exchange.

    {"nodes": [{"identifier", "kind", "element", "view_ref", "x", "y", "w", "h", "label",
                "label_en", "documentation", "style", "properties", "children": [...]}],
     "connections": [{"identifier", "kind", "relationship", "source", "target", "bendpoints",
                      "source_attachment", "target_attachment", "label", "label_en",
                      "documentation", "style", "properties"}]}

Connections name their ends by node or connection identifier; element, view and relationship
references are ids.
"""

import uuid

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from nakhon.core.bulk import filter_in
from nakhon.repository.models import (
    ConnectionKind,
    Element,
    NodeKind,
    Relationship,
    View,
    ViewConnection,
    ViewNode,
    validate_properties,
)

# Far beyond any drawing, and inside every database's integer column.
COORDINATE_LIMIT = 1_000_000_000
SHARED_KEYS = (
    "identifier",
    "kind",
    "label",
    "label_en",
    "documentation",
    "style",
    "properties",
    "extra",
)


def diagram_document(view: View) -> dict:
    nodes = list(view.nodes.all())
    children: dict = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    by_id = {n.pk: n.identifier for n in nodes}
    connections = list(view.connections.all())
    conn_ids = {c.pk: c.identifier for c in connections}

    def node_doc(node: ViewNode) -> dict:
        doc = {k: getattr(node, k) for k in SHARED_KEYS}
        doc.update(
            element=_str_or_none(node.element_id),
            view_ref=_str_or_none(node.view_ref_id),
            x=node.x,
            y=node.y,
            w=node.w,
            h=node.h,
            children=[node_doc(c) for c in children.get(node.pk, [])],
        )
        return doc

    def end(node_id, conn_id):
        return by_id.get(node_id) or conn_ids.get(conn_id)

    return {
        "nodes": [node_doc(n) for n in children.get(None, [])],
        "connections": [
            {
                **{k: getattr(c, k) for k in SHARED_KEYS},
                "relationship": _str_or_none(c.relationship_id),
                "source": end(c.source_node_id, c.source_connection_id),
                "target": end(c.target_node_id, c.target_connection_id),
                "bendpoints": c.bendpoints,
                "source_attachment": c.source_attachment,
                "target_attachment": c.target_attachment,
            }
            for c in connections
        ],
    }


def canonical_document(document):
    """`document` in the exact shape `diagram_document` gives, defaults filled in, so that two
    documents saying the same thing compare equal. Anything malformed is returned as it is,
    for `write_diagram` to report."""
    try:
        return {
            "nodes": [_canonical_node(n) for n in document.get("nodes") or []],
            "connections": [_canonical_connection(c) for c in document.get("connections") or []],
        }
    except (AttributeError, KeyError, TypeError):
        return document


def _canonical_shared(doc: dict) -> dict:
    values = _shared_values(doc)
    values["kind"] = str(values["kind"])
    return values


def _canonical_node(doc: dict) -> dict:
    return {
        **_canonical_shared(doc),
        "element": _str_or_none(doc.get("element")),
        "view_ref": _str_or_none(doc.get("view_ref")),
        "x": doc.get("x", 0),
        "y": doc.get("y", 0),
        "w": doc.get("w", ViewNode._meta.get_field("w").default),
        "h": doc.get("h", ViewNode._meta.get_field("h").default),
        "children": [_canonical_node(c) for c in doc.get("children") or []],
    }


def _canonical_connection(doc: dict) -> dict:
    return {
        **_canonical_shared(doc),
        "relationship": _str_or_none(doc.get("relationship")),
        "source": doc.get("source"),
        "target": doc.get("target"),
        "bendpoints": doc.get("bendpoints") or [],
        "source_attachment": doc.get("source_attachment"),
        "target_attachment": doc.get("target_attachment"),
    }


def _str_or_none(value):
    return str(value) if value is not None else None


def write_diagram(view: View, document: dict) -> None:
    """Replace the view's nodes and connections with `document`, after checking all of it."""
    write_diagrams([(view.pk, document)])


def write_diagrams(diagrams: list[tuple]) -> None:
    """Replace the diagrams of many stored views, given as (view id, document): all of them are
    checked (with one query per kind of reference) before any row is written."""
    references = _References([document for _view_id, document in diagrams])
    checked = []
    for view_id, document in diagrams:
        try:
            checked.append((view_id, *_validated(document, references)))
        except ValidationError as error:
            error.view_id = view_id  # so that a caller writing many can say whose diagram
            raise
    _require_model_wide_identifiers(checked)
    view_ids = [view_id for view_id, _nodes, _connections in checked]
    ViewConnection.objects.filter(view_id__in=view_ids).delete()
    ViewNode.objects.filter(view_id__in=view_ids).delete()
    saved_nodes = _write_nodes(checked)
    _write_connections(checked, saved_nodes)


def _require_model_wide_identifiers(checked: list) -> None:
    """Exchange files need every identifier unique in the whole model, not just in a view."""
    wanted, twice = set(), set()
    for _view_id, nodes, connections in checked:
        mine = [d["identifier"] for d, _parent in nodes] + [c["identifier"] for c in connections]
        twice |= wanted & set(mine)
        wanted |= set(mine)
    view_ids = [view_id for view_id, _nodes, _connections in checked]
    elsewhere = [
        ViewNode.objects.exclude(view_id__in=view_ids),
        ViewConnection.objects.exclude(view_id__in=view_ids),
        Element.objects.all(),
        Relationship.objects.all(),
        View.objects.all(),
    ]
    first, *others = [
        filter_in(rows, "identifier", wanted).order_by().values_list("identifier")
        for rows in elsewhere
    ]
    taken = twice | {identifier for (identifier,) in first.union(*others)}
    if taken:
        raise ValidationError(
            {
                "diagram": _(
                    "These identifiers are already used elsewhere in the model: %(ids)s. "
                    "Identifiers must be unique in the whole model, as exchange files need."
                )
                % {"ids": ", ".join(sorted(taken))}
            }
        )


def _write_nodes(checked: list) -> dict:
    """Insert nodes a nesting level at a time: a child needs its parent's key.
    Returns {(view id, node identifier): node}."""
    saved: dict = {}
    level = [
        (view_id, order, doc, parent)
        for view_id, nodes, _connections in checked
        for order, (doc, parent) in enumerate(nodes)
        if parent is None
    ]
    while level:
        rows = [
            ViewNode(
                view_id=view_id,
                parent=saved.get((view_id, parent)),
                order=order,
                element_id=doc.get("element"),
                view_ref_id=doc.get("view_ref"),
                **{k: doc[k] for k in ("x", "y", "w", "h") if doc.get(k) is not None},
                **_shared_values(doc),
            )
            for view_id, order, doc, parent in level
        ]
        ViewNode.objects.bulk_create(rows)
        saved.update(((row.view_id, row.identifier), row) for row in rows)
        level = [
            (view_id, order, doc, parent)
            for view_id, nodes, _connections in checked
            for order, (doc, parent) in enumerate(nodes)
            if (view_id, parent) in saved and (view_id, doc["identifier"]) not in saved
        ]
    return saved


def _write_connections(checked: list, saved_nodes: dict) -> None:
    pairs = [
        (
            doc,
            ViewConnection(
                view_id=view_id,
                order=order,
                relationship_id=doc.get("relationship"),
                source_node=saved_nodes.get((view_id, doc["source"])),
                target_node=saved_nodes.get((view_id, doc["target"])),
                bendpoints=doc.get("bendpoints") or [],
                source_attachment=doc.get("source_attachment"),
                target_attachment=doc.get("target_attachment"),
                **_shared_values(doc),
            ),
        )
        for view_id, _nodes, connections in checked
        for order, doc in enumerate(connections)
    ]
    ViewConnection.objects.bulk_create([row for _doc, row in pairs])
    # Connections may end on other connections: linked once all have keys.
    by_identifier = {(row.view_id, row.identifier): row for _doc, row in pairs}
    linked = []
    for doc, row in pairs:
        source = by_identifier.get((row.view_id, doc["source"]))
        target = by_identifier.get((row.view_id, doc["target"]))
        if source or target:
            row.source_connection, row.target_connection = source, target
            linked.append(row)
    ViewConnection.objects.bulk_update(linked, ["source_connection", "target_connection"])


def _shared_values(doc: dict) -> dict:
    return {
        "identifier": doc["identifier"],
        "kind": doc["kind"],
        "label": doc.get("label") or "",
        "label_en": doc.get("label_en") or "",
        "documentation": doc.get("documentation") or "",
        "style": doc.get("style") or {},
        "properties": doc.get("properties") or [],
        "extra": doc.get("extra") or {},
    }


class _References:
    """The elements, views and relationships some diagrams refer to that exist, each kind read
    in one query."""

    def __init__(self, documents: list):
        nodes = [d for document in documents for d, _parent in _all_nodes_loosely(document)]
        connections = [c for document in documents for c in _connections_loosely(document)]
        self.element_ids = _existing(Element, [d.get("element") for d in nodes])
        self.view_ids = _existing(View, [d.get("view_ref") for d in nodes])
        relationship_ids = [c.get("relationship") for c in connections]
        self.relationships = {
            str(r.pk): r
            for r in filter_in(
                Relationship.objects.only("source", "target"),
                "pk",
                [i for i in relationship_ids if _is_uuid(i)],
            )
        }


def _all_nodes_loosely(document) -> list:
    """The nodes of a document that may be malformed (it is checked later, with messages)."""
    try:
        return list(_flatten(document.get("nodes") or [], None))
    except (AttributeError, ValidationError):
        return []


def _connections_loosely(document) -> list:
    connections = document.get("connections") if isinstance(document, dict) else None
    if not isinstance(connections, list):
        return []
    return [c for c in connections if isinstance(c, dict)]


def _validated(document, references: _References) -> tuple[list, list]:
    if not isinstance(document, dict):
        raise ValidationError({"diagram": _("The diagram must be an object with nodes.")})
    nodes = list(_flatten(document.get("nodes") or [], None))
    connections = document.get("connections") or []
    if not isinstance(connections, list) or not all(isinstance(c, dict) for c in connections):
        raise ValidationError({"diagram": _("“connections” must be a list of objects.")})
    errors = _node_errors(nodes, references) + _connection_errors(connections, nodes, references)
    if errors:
        raise ValidationError({"diagram": errors})
    return nodes, connections


def _flatten(items, parent_identifier):
    if not isinstance(items, list):
        raise ValidationError({"diagram": _("“nodes” and “children” must be lists.")})
    for item in items:
        if not isinstance(item, dict):
            raise ValidationError({"diagram": _("Each node must be an object.")})
        yield item, parent_identifier
        yield from _flatten(item.get("children") or [], item.get("identifier"))


def _node_errors(nodes, references: _References) -> list[str]:
    errors, seen = [], set()
    element_ids, view_ids = references.element_ids, references.view_ids
    for doc, _parent in nodes:
        ident = doc.get("identifier")
        errors += _identifier_errors(ident, seen)
        if doc.get("kind") not in NodeKind.values:
            errors.append(_("Node %(id)s: unknown kind “%(kind)s”.") % _ctx(doc))
        if doc.get("kind") == NodeKind.ELEMENT and str(doc.get("element")) not in element_ids:
            errors.append(_("Node %(id)s: element %(ref)s does not exist.") % _ctx(doc, "element"))
        if doc.get("view_ref") and str(doc.get("view_ref")) not in view_ids:
            errors.append(_("Node %(id)s: view %(ref)s does not exist.") % _ctx(doc, "view_ref"))
        for key in ("x", "y", "w", "h"):
            low = 0 if key in ("w", "h") else -COORDINATE_LIMIT
            if doc.get(key) is not None and not _whole_number_between(doc[key], low):
                errors.append(
                    _("Node %(id)s: %(key)s must be a whole number from %(low)s to %(high)s.")
                    % {**_ctx(doc, key), "low": low, "high": COORDINATE_LIMIT}
                )
        errors += _shared_shape_errors(doc)
    return errors


def _whole_number_between(value, low: int) -> bool:
    return (
        isinstance(value, int) and not isinstance(value, bool) and low <= value <= COORDINATE_LIMIT
    )


def _shared_shape_errors(doc: dict) -> list[str]:
    """Text, style and properties of a node or connection, checked before any row is written."""
    errors = []
    for key in ("label", "label_en", "documentation"):
        if doc.get(key) is not None and not isinstance(doc[key], str):
            errors.append(_("%(id)s: %(key)s must be text.") % _ctx(doc, key))
    for key in ("style", "extra"):
        if doc.get(key) is not None and not isinstance(doc[key], dict):
            errors.append(_("%(id)s: %(key)s must be an object.") % _ctx(doc, key))
    try:
        validate_properties(doc.get("properties") or [])
    except ValidationError as error:
        errors += [f"{doc.get('identifier')}: {m}" for m in error.messages]
    return errors


def _point_errors(doc: dict) -> list[str]:
    points = doc.get("bendpoints") or []
    attachments = [doc[k] for k in ("source_attachment", "target_attachment") if doc.get(k)]
    if not isinstance(points, list) or not all(
        isinstance(p, dict)
        and set(p) == {"x", "y"}
        and all(_whole_number_between(p[k], -COORDINATE_LIMIT) for k in "xy")
        for p in [*points, *attachments]
    ):
        return [_("Connection %(id)s: bendpoints and attachments are {x, y} points.") % _ctx(doc)]
    return []


def _connection_errors(connections, nodes, references: _References) -> list[str]:
    errors, seen = [], {d.get("identifier") for d, _p in nodes}
    node_elements = {d.get("identifier"): d.get("element") for d, _p in nodes}
    ends = set(node_elements) | {c.get("identifier") for c in connections}
    relationships = references.relationships
    for doc in connections:
        errors += _identifier_errors(doc.get("identifier"), seen)
        errors += _shared_shape_errors(doc) + _point_errors(doc)
        if doc.get("kind") not in ConnectionKind.values:
            errors.append(_("Connection %(id)s: unknown kind “%(kind)s”.") % _ctx(doc))
        for key in ("source", "target"):
            if doc.get(key) not in ends:
                errors.append(
                    _("Connection %(id)s: its %(key)s %(ref)s is not in this view.")
                    % _ctx(doc, key)
                )
        if doc.get("kind") == ConnectionKind.RELATIONSHIP:
            rel = relationships.get(str(doc.get("relationship")))
            if rel is None:
                errors.append(
                    _("Connection %(id)s: relationship %(ref)s does not exist.")
                    % _ctx(doc, "relationship")
                )
            elif _element_mismatch(rel, doc, node_elements):
                errors.append(
                    _("Connection %(id)s: its ends do not show the relationship's ends.")
                    % _ctx(doc)
                )
    return errors


def _element_mismatch(rel: Relationship, doc: dict, node_elements: dict) -> bool:
    """True when a connection between element nodes shows other elements than its relationship."""
    src, tgt = node_elements.get(doc.get("source")), node_elements.get(doc.get("target"))
    pairs = ((src, rel.source_id), (tgt, rel.target_id))
    return any(shown and str(shown) != str(real) for shown, real in pairs)


def _identifier_errors(ident, seen: set) -> list[str]:
    if not isinstance(ident, str) or not ident.strip():
        return [_("Every node and connection needs an identifier.")]
    if ident in seen:
        return [_("The identifier %(id)s is used twice in this view.") % {"id": ident}]
    seen.add(ident)
    return []


def _existing(model, ids) -> set[str]:
    wanted = {str(i) for i in ids if _is_uuid(i)}
    return {str(pk) for pk in filter_in(model.objects, "pk", wanted).values_list("pk", flat=True)}


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return value is not None


def _ctx(doc: dict, key: str | None = None) -> dict:
    return {"id": doc.get("identifier"), "kind": doc.get("kind"), "key": key, "ref": doc.get(key)}
