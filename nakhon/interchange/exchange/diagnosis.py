"""What is wrong with an exchange file, and where: its prolog and root, its parts.

The reader streams a file against the schema; when that pass fails, `diagnosis` reads the file
again to say exactly what and where (see `reader`).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from lxml import etree

from nakhon.archimate.metamodel import ELEMENT_TYPES, RELATIONSHIP_TYPES
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.exchange.names import (
    ARCHI_NAMESPACE,
    ARCHIMATE2_NAMESPACE,
    ELEMENT,
    EXPECTED_LABELS,
    ITEM,
    KIND_LABELS,
    NAMESPACE,
    PROPERTY_DEFINITION,
    RELATIONSHIP,
    TYPE_NOUNS,
    VIEW,
    XML_NAMESPACE,
    XSI_NAMESPACE,
    Kind,
    identifier_from_xml,
)
from nakhon.interchange.exchange.schema import exchange_schema, part_schema
from nakhon.interchange.guards import HARDENED, DoctypeFound, doctype_line, looks_binary, root_tag


def checked_prolog(chunks: Iterator[bytes]) -> list[bytes]:
    """Read up to the root tag, refuse what is not a 3.x exchange file; the bytes read."""
    head: list[bytes] = []
    try:
        tag = root_tag(chunks, head)
    except DoctypeFound:
        raise InterchangeError(
            _(
                "The file has a document type declaration (DOCTYPE). Exchange files never "
                "need one and it can hide entity attacks, so it is refused: remove it and "
                "import again."
            ),
            line=doctype_line(b"".join(head)),
        ) from None
    except etree.XMLSyntaxError as error:
        raise _not_xml(b"".join(head), error) from None
    if tag is None:
        raise InterchangeError(_("The file is empty."))
    _check_root(tag)
    return head


def _not_xml(head: bytes, error: etree.XMLSyntaxError) -> InterchangeError:
    if not head.strip():
        return InterchangeError(_("The file is empty."))
    if looks_binary(head):
        return InterchangeError(
            _(
                "The file holds binary data, not XML. Export the model from your tool as an "
                "ArchiMate exchange file (.xml)."
            )
        )
    return InterchangeError(
        _("The file is not XML: %(detail)s") % {"detail": _parser_message(error)},
        line=error.lineno,
    )


def _check_root(tag: str) -> None:
    namespace, _sep, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    if namespace == NAMESPACE and local == "model":
        return
    if namespace.rstrip("/") == ARCHIMATE2_NAMESPACE:
        raise InterchangeError(
            _(
                "This is an ArchiMate 2.x exchange file (namespace %(namespace)s). Open it in "
                "your modelling tool and save or export it as an ArchiMate 3.x exchange file."
            )
            % {"namespace": namespace}
        )
    if namespace == ARCHI_NAMESPACE:
        raise InterchangeError(
            _(
                "This is an Archi model file (.archimate), not an exchange file. In Archi use "
                "File > Export > Model to Open Exchange File."
            )
        )
    if namespace != NAMESPACE:
        raise InterchangeError(
            _(
                "Unknown namespace “%(namespace)s” on the root element <%(element)s>: an "
                "ArchiMate 3.x exchange file has a <model> in the namespace %(expected)s."
            )
            % {"namespace": namespace, "element": local, "expected": NAMESPACE}
        )
    raise InterchangeError(
        _("The root element is <%(element)s>; an exchange file starts with <model>.")
        % {"element": local}
    )


def _parser_message(error: etree.XMLSyntaxError) -> str:
    entry = error.error_log.last_error if error.error_log else None
    return (entry.message if entry is not None else error.msg).strip()


def _schema_detail(message: str) -> str:
    """libxml2's wording with the namespaces written as the file writes them."""
    return (
        message.replace(f"{{{NAMESPACE}}}", "")
        .replace(f"{{{XSI_NAMESPACE}}}", "xsi:")
        .replace(f"{{{XML_NAMESPACE}}}", "xml:")
        .strip()
    )


def _schema_problem(detail: str, line: int | None, identifier: str = "") -> InterchangeError:
    return InterchangeError(
        _("The file does not follow the ArchiMate exchange format schema: %(detail)s")
        % {"detail": detail},
        line=line,
        identifier=identifier,
    )


def wrong_type(type_name: str, kind: Kind, known, line: int, identifier: str) -> InterchangeError:
    """Why `type_name` is none of the `known` types of this kind of part."""
    values = {"type": type_name, "kind": TYPE_NOUNS[kind]}
    if kind in (Kind.NODE, Kind.CONNECTION):
        message = _("“%(type)s” is not a type of %(kind)s; use one of %(known)s.")
        values["known"] = ", ".join(known)
    elif not type_name:
        message = _("It has no xsi:type; give it an ArchiMate %(kind)s type.")
    elif kind == Kind.ELEMENT and type_name in RELATIONSHIP_TYPES:
        message = _(
            "“%(type)s” is a relationship type, but this is an element. Move it to "
            "<relationships> or correct its xsi:type."
        )
    elif kind == Kind.RELATIONSHIP and type_name in ELEMENT_TYPES:
        message = _(
            "“%(type)s” is an element type, but this is a relationship. Move it to "
            "<elements> or correct its xsi:type."
        )
    else:
        message = _("“%(type)s” is not an ArchiMate 3.x %(kind)s type.")
    return InterchangeError(message % values, line=line, identifier=identifier)


def wrong_reference(
    identifier: str,
    accepted: frozenset,
    kind: Kind | None,
    line: int,
    referrer: str,
    attribute: str,
) -> InterchangeError:
    values = {
        "attribute": attribute,
        "ref": identifier,
        "expected": EXPECTED_LABELS[accepted],
        "actual": KIND_LABELS.get(kind, ""),
    }
    if kind is None:
        message = _(
            "%(attribute)s “%(ref)s” refers to nothing in the file; it must be %(expected)s."
        )
    else:
        message = _("%(attribute)s “%(ref)s” is %(actual)s; it must be %(expected)s.")
    return InterchangeError(message % values, line=line, identifier=referrer)


def missing_definition(definition: str, line: int) -> InterchangeError:
    return InterchangeError(
        _("propertyDefinitionRef “%(ref)s” refers to no property definition in the file.")
        % {"ref": definition},
        line=line,
    )


def diagnosis(chunks: Iterator[bytes]) -> InterchangeError:
    """What is wrong with a file the streaming pass found broken, and where.

    The file is parsed again without a schema, which gives libxml2's exact report of a file
    that is not well-formed. Each element, relationship, property definition, top-level
    folder and view is validated alone in tree mode, which gives lines; last, the model's
    frame around the last of each.
    """
    parts = part_schema()
    parser = etree.XMLPullParser(
        events=("end",),
        tag=(ELEMENT, RELATIONSHIP, ITEM, PROPERTY_DEFINITION, VIEW),
        **HARDENED,
    )
    lines = 1
    fed_all = False
    try:
        for chunk in chunks:
            lines += chunk.count(b"\n")
            parser.feed(chunk)
            for _event, el in parser.read_events():
                if el.tag == ITEM and el.getparent().tag == ITEM:
                    continue  # validated with its top-level folder
                if not parts.validate(el):
                    return _first_logged(parts, identifier_from_xml(el.get("identifier") or ""))
                _drop_earlier_siblings(el)
        fed_all = True
        root = parser.close()
    except etree.XMLSyntaxError as error:
        return _not_well_formed(error, at_end=fed_all, last_line=lines)
    whole = exchange_schema(identity_constraints=False)
    if not whole.validate(root):
        return _first_logged(whole, "")
    return InterchangeError(_("The file cannot be read as an ArchiMate exchange file."))


def _drop_earlier_siblings(el: etree._Element) -> None:
    parent = el.getparent()
    while (previous := el.getprevious()) is not None and previous.tag == el.tag:
        parent.remove(previous)


def _not_well_formed(
    error: etree.XMLSyntaxError, *, at_end: bool, last_line: int
) -> InterchangeError:
    entry = error.error_log.last_error if error.error_log else None
    line = (entry.line if entry is not None else error.lineno) or None
    detail = {"detail": _parser_message(error)}
    # Stopping at the very end of the input is what a cut-off file looks like.
    if at_end and line is not None and line >= last_line - 1:
        message = _(
            "The file ends before its XML is complete; it is probably truncated (%(detail)s). "
            "Export or copy it again."
        )
    else:
        message = _("The file is not well-formed XML: %(detail)s")
    return InterchangeError(message % detail, line=line)


def _first_logged(schema: etree.XMLSchema, identifier: str) -> InterchangeError:
    entry = schema.error_log[0]
    return _schema_problem(_schema_detail(entry.message), entry.line or None, identifier)
