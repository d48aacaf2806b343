"""Build a model document from the repository, for any writer to put in a file.

Objects come in identifier order, nodes and connections in their stored order, so that the same
repository always gives the same document (export, import, export again: the same file).
"""

from django.db.models.functions import Coalesce

from nakhon.interchange.document import (
    ConnectionDoc,
    ElementDoc,
    LangText,
    ModelDocument,
    NodeDoc,
    Property,
    RelationshipDoc,
    ViewDoc,
    join_names,
)
from nakhon.interchange.folders import read_folders
from nakhon.repository.models import Element, ModelInfo, Relationship, View

CHUNK = 2000
DEFAULT_MODEL_NAME = "Nakhon EA"
TRANSLATION_KEYS = ("label_translations", "documentation_translations")


def export_document() -> ModelDocument:
    info = ModelInfo.objects.first() or ModelInfo(name=DEFAULT_MODEL_NAME)
    return ModelDocument(
        identifier=info.identifier or "id-nakhon-ea-model",
        name=_names(info) or {"en": DEFAULT_MODEL_NAME},
        documentation=_documentation(info.documentation, info.translations.get("documentation")),
        properties=_properties(info.properties),
        property_types=dict(info.property_types),
        elements=list(_elements()),
        relationships=list(_relationships()),
        folders=read_folders(),
        views=[_view(v) for v in View.objects.order_by("identifier")],
    )


def _names(obj) -> LangText:
    return join_names(obj.name, obj.name_en, obj.translations.get("name"))


def _documentation(text: str, other_languages: dict | None) -> LangText:
    """Documentation is kept as Thai text plus its other languages (English among them)."""
    others = dict(other_languages or {})
    return join_names(text, others.pop("en", ""), others)


def _properties(pairs: list[dict]) -> list[Property]:
    return [Property(p["key"], p["value"]) for p in pairs]


# Rows are read as plain values: building model instances costs more than writing the file.
CONCEPT_COLUMNS = ("identifier", "type", "name", "name_en", "documentation", "translations")


def _concept_texts(row: dict) -> dict:
    translations = row["translations"]
    return {
        "name": join_names(row["name"], row["name_en"], translations.get("name")),
        "documentation": _documentation(row["documentation"], translations.get("documentation")),
        "properties": _properties(row["properties"]),
    }


def _elements():
    rows = Element.objects.order_by("identifier").values(*CONCEPT_COLUMNS, "properties")
    for row in rows.iterator(chunk_size=CHUNK):
        yield ElementDoc(identifier=row["identifier"], type=row["type"], **_concept_texts(row))


def _relationships():
    ends = {
        f"{side}_end": Coalesce(f"{side}__identifier", f"{side}_relationship__identifier")
        for side in ("source", "target")
    }
    rows = Relationship.objects.order_by("identifier").values(
        *CONCEPT_COLUMNS, "properties", "access_type", "is_directed", "modifier", **ends
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield RelationshipDoc(
            identifier=row["identifier"],
            type=row["type"],
            source=row["source_end"],
            target=row["target_end"],
            access_type=row["access_type"],
            is_directed=row["is_directed"],
            modifier=row["modifier"],
            **_concept_texts(row),
        )


def _view(view: View) -> ViewDoc:
    nodes = list(view.nodes.select_related("element", "view_ref").order_by("order"))
    children: dict = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    node_ids = {n.pk: n.identifier for n in nodes}
    connections = list(view.connections.select_related("relationship").order_by("order"))
    connection_ids = {c.pk: c.identifier for c in connections}

    def node_doc(node) -> NodeDoc:
        ref = node.element or node.view_ref
        return NodeDoc(
            identifier=node.identifier,
            kind=node.kind,
            x=node.x,
            y=node.y,
            w=node.w,
            h=node.h,
            ref=ref.identifier if ref else "",
            label=join_names(node.label, node.label_en, node.extra.get("label_translations")),
            documentation=_documentation(
                node.documentation, node.extra.get("documentation_translations")
            ),
            style=node.style,
            extra=_extra(node),
            children=[node_doc(c) for c in children.get(node.pk, [])],
        )

    def end(node_id, connection_id) -> str:
        return node_ids.get(node_id) or connection_ids.get(connection_id, "")

    return ViewDoc(
        identifier=view.identifier,
        name=_names(view),
        documentation=_documentation(view.documentation, view.translations.get("documentation")),
        properties=_properties(view.properties),
        viewpoint=view.viewpoint,
        nodes=[node_doc(n) for n in children.get(None, [])],
        connections=[
            ConnectionDoc(
                identifier=c.identifier,
                kind=c.kind,
                source=end(c.source_node_id, c.source_connection_id),
                target=end(c.target_node_id, c.target_connection_id),
                ref=c.relationship.identifier if c.relationship else "",
                label=join_names(c.label, c.label_en, c.extra.get("label_translations")),
                documentation=_documentation(
                    c.documentation, c.extra.get("documentation_translations")
                ),
                style=c.style,
                bendpoints=[(p["x"], p["y"]) for p in c.bendpoints],
                source_attachment=_point(c.source_attachment),
                target_attachment=_point(c.target_attachment),
                extra=_extra(c),
            )
            for c in connections
        ],
    )


def _extra(item) -> dict:
    return {k: v for k, v in item.extra.items() if k not in TRANSLATION_KEYS}


def _point(point):
    return (point["x"], point["y"]) if point else None
