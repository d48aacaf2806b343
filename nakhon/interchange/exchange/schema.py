"""The Open Group XSDs packaged in ``interchange/xsd/``, loaded offline.

xml.xsd and every http(s) location resolve to the packaged copies, never to the network. The
reader streams against the schema without its identity constraints (see `reader`), and
validates the parts of a broken file one by one against `part_schema`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

from nakhon.interchange.exchange.names import DUBLIN_CORE_NAMESPACE, NAMESPACE
from nakhon.interchange.guards import HARDENED

XSD_DIR = Path(__file__).resolve().parent.parent / "xsd"
XSD_FILES = (
    "archimate3_Diagram.xsd",
    "archimate3_View.xsd",
    "archimate3_Model.xsd",
    "dc.xsd",
    "xml.xsd",
)


class _PackagedSchemas(etree.Resolver):
    """Serves the packaged XSDs for every location a schema names, so none is fetched."""

    def __init__(self, identity_constraints: bool):
        super().__init__()
        self.identity_constraints = identity_constraints

    def resolve(self, system_url, public_id, context):
        name = (system_url or "").rsplit("/", 1)[-1]
        if name not in XSD_FILES:
            return None  # the parser has no_network: an unknown location fails, offline
        path = XSD_DIR / name
        if self.identity_constraints or not name.startswith("archimate"):
            return self.resolve_filename(str(path), context)
        return self.resolve_string(_without_identity_constraints(path), context, base_url=str(path))


def _without_identity_constraints(path: Path) -> bytes:
    tree = etree.parse(str(path), etree.XMLParser(**HARDENED))
    xs = "{http://www.w3.org/2001/XMLSchema}"
    for constraint in list(tree.iter(f"{xs}key", f"{xs}keyref", f"{xs}unique")):
        constraint.getparent().remove(constraint)
    return etree.tostring(tree)


def _load_schema(wrapper: str, identity_constraints: bool) -> etree.XMLSchema:
    parser = etree.XMLParser(**HARDENED)
    parser.resolvers.add(_PackagedSchemas(identity_constraints))
    root = etree.fromstring(wrapper.encode(), parser, base_url=str(XSD_DIR / "wrapper.xsd"))
    return etree.XMLSchema(root.getroottree())


@cache
def exchange_schema(identity_constraints: bool = True) -> etree.XMLSchema:
    """The exchange format's schema (diagrams, views, model, Dublin Core metadata), offline.

    With `identity_constraints` (the default) it is the XSDs exactly, for validating a whole
    tree; without, it is what the reader validates a stream against (see `reader`).
    """
    wrapper = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
        <xs:import namespace="{NAMESPACE}" schemaLocation="archimate3_Diagram.xsd"/>
        <xs:import namespace="{DUBLIN_CORE_NAMESPACE}" schemaLocation="dc.xsd"/>
    </xs:schema>"""
    return _load_schema(wrapper, identity_constraints)


@cache
def part_schema() -> etree.XMLSchema:
    """The parts the reader streams, declared on their own so each can be validated alone."""
    wrapper = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="{NAMESPACE}"
            targetNamespace="{NAMESPACE}" elementFormDefault="qualified">
        <xs:include schemaLocation="archimate3_Diagram.xsd"/>
        <xs:import namespace="{DUBLIN_CORE_NAMESPACE}" schemaLocation="dc.xsd"/>
        <xs:element name="element" type="ElementType"/>
        <xs:element name="relationship" type="RelationshipType"/>
        <xs:element name="item" type="OrganizationType"/>
        <xs:element name="propertyDefinition" type="PropertyDefinitionType"/>
        <xs:element name="view" type="Diagram"/>
    </xs:schema>"""
    return _load_schema(wrapper, identity_constraints=False)
