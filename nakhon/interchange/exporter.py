"""Build a model document from the repository, for any writer to put in a file.

Objects come in identifier order, nodes and connections in their stored order, so that the same
repository always gives the same document (export, import, export again: the same file).
"""

from django.db.models import F
from django.db.models.functions import Coalesce

from nakhon.interchange.attributes import ELEMENT_FIELDS, Carrier
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
from nakhon.repository.models import (
    Element,
    ModelInfo,
    Relationship,
    View,
    ViewConnection,
    ViewNode,
)

CHUNK = 2000
DEFAULT_MODEL_NAME = "Nakhon EA"
TRANSLATION_KEYS = ("label_translations", "documentation_translations")


def export_document() -> ModelDocument:
    info = ModelInfo.objects.first() or ModelInfo(name=DEFAULT_MODEL_NAME)
    carrier = Carrier()
    doc = ModelDocument(
        identifier=info.identifier or "id-nakhon-ea-model",
        name=_names(info) or {"en": DEFAULT_MODEL_NAME},
        documentation=_documentation(info.documentation, info.translations.get("documentation")),
        properties=_properties(info.properties),
        elements=list(_elements(carrier)),
        relationships=list(_relationships(carrier)),
        folders=read_folders(),
        views=_views(carrier),
    )
    doc.property_types = {**info.property_types, **carrier.property_types()}
    return doc


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


def _columns(row: dict, *names: str) -> dict:
    """The row's values of the columns named like the document's fields."""
    return {name: row[name] for name in names}


def _concept_texts(row: dict, carried: list[Property]) -> dict:
    """Names, documentation and properties, the repository's own (`carried`) after the file's."""
    translations = row["translations"]
    return {
        "name": join_names(row["name"], row["name_en"], translations.get("name")),
        "documentation": _documentation(row["documentation"], translations.get("documentation")),
        "properties": _properties(row["properties"]) + carried,
    }


def _elements(carrier: Carrier):
    attnames = [Element._meta.get_field(name).attname for name in ELEMENT_FIELDS]
    rows = Element.objects.order_by("identifier").values(
        *CONCEPT_COLUMNS, "properties", "id", *attnames
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield ElementDoc(
            **_columns(row, "identifier", "type"),
            **_concept_texts(row, carrier.element_properties(row)),
        )


def _relationships(carrier: Carrier):
    ends = {
        f"{side}_end": Coalesce(f"{side}__identifier", f"{side}_relationship__identifier")
        for side in ("source", "target")
    }
    rows = Relationship.objects.order_by("identifier").values(
        *CONCEPT_COLUMNS, "properties", "id", "access_type", "is_directed", "modifier", **ends
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield RelationshipDoc(
            **_columns(row, "identifier", "type", "access_type", "is_directed", "modifier"),
            source=row["source_end"],
            target=row["target_end"],
            **_concept_texts(row, carrier.relationship_properties(row["id"])),
        )


NODE_COLUMNS = (
    "id", "view_id", "parent_id", "identifier", "kind", "x", "y", "w", "h",
    "label", "label_en", "documentation", "style", "extra",
)  # fmt: skip
CONNECTION_COLUMNS = (
    "id", "view_id", "identifier", "kind", "label", "label_en", "documentation", "style",
    "extra", "bendpoints", "source_attachment", "target_attachment",
    "source_node_id", "source_connection_id", "target_node_id", "target_connection_id",
)  # fmt: skip


def _views(carrier: Carrier) -> list[ViewDoc]:
    """Every view, its nodes and connections read in one query each."""
    nodes = ViewNode.objects.order_by("view_id", "order").values(
        *NODE_COLUMNS, ref=Coalesce("element__identifier", "view_ref__identifier")
    )
    connections = ViewConnection.objects.order_by("view_id", "order").values(
        *CONNECTION_COLUMNS, ref=F("relationship__identifier")
    )
    nodes_of, connections_of = _by_view(nodes), _by_view(connections)
    return [
        _view(view, nodes_of.get(view.pk, []), connections_of.get(view.pk, []), carrier)
        for view in View.objects.order_by("identifier")
    ]


def _by_view(rows) -> dict:
    grouped: dict = {}
    for row in rows.iterator(chunk_size=CHUNK):
        grouped.setdefault(row["view_id"], []).append(row)
    return grouped


def _view(view: View, nodes: list[dict], connections: list[dict], carrier: Carrier) -> ViewDoc:
    children: dict = {}
    for node in nodes:
        children.setdefault(node["parent_id"], []).append(node)
    node_ids = {n["id"]: n["identifier"] for n in nodes}
    connection_ids = {c["id"]: c["identifier"] for c in connections}

    def node_doc(node: dict) -> NodeDoc:
        return NodeDoc(
            **_columns(node, "identifier", "kind", "x", "y", "w", "h"),
            ref=node["ref"] or "",
            children=[node_doc(c) for c in children.get(node["id"], [])],
            **_item_texts(node),
        )

    def end(connection: dict, side: str) -> str:
        node_id, connection_id = connection[f"{side}_node_id"], connection[f"{side}_connection_id"]
        return node_ids.get(node_id) or connection_ids.get(connection_id, "")

    return ViewDoc(
        identifier=view.identifier,
        name=_names(view),
        documentation=_documentation(view.documentation, view.translations.get("documentation")),
        properties=_properties(view.properties)
        + carrier.view_properties({"owner_unit_id": view.owner_unit_id}),
        viewpoint=view.viewpoint,
        nodes=[node_doc(n) for n in children.get(None, [])],
        connections=[
            ConnectionDoc(
                **_columns(c, "identifier", "kind"),
                source=end(c, "source"),
                target=end(c, "target"),
                ref=c["ref"] or "",
                bendpoints=[(p["x"], p["y"]) for p in c["bendpoints"]],
                source_attachment=_point(c["source_attachment"]),
                target_attachment=_point(c["target_attachment"]),
                **_item_texts(c),
            )
            for c in connections
        ],
    )


def _item_texts(item: dict) -> dict:
    """A node's or connection's texts and look; other languages are kept in `extra`."""
    extra = item["extra"]
    return {
        "label": join_names(item["label"], item["label_en"], extra.get("label_translations")),
        "documentation": _documentation(
            item["documentation"], extra.get("documentation_translations")
        ),
        "style": item["style"],
        "extra": {k: v for k, v in extra.items() if k not in TRANSLATION_KEYS},
    }


def _point(point):
    return (point["x"], point["y"]) if point else None
