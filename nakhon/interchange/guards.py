"""The hardened ways in for every model file from outside, shared by all the readers.

Sizes are bounded before and while a file is read (a stream may lie about its size, a zip
entry about what it unpacks to), and XML is parsed without DTDs, entities or the network.
Whole files (Archi's model, its CSV set) are read into memory with `read_limited`,
`read_zip_entry` and `parse_untrusted_xml`; a streamed file (the exchange format) is sized with
`declared_size`, read again through `seekable`, counted with `chunks` and its prolog read on its
own with `root_tag`.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from lxml import etree

from nakhon.interchange.errors import InterchangeError

Source = str | os.PathLike | BinaryIO

READ_CHUNK = 1024 * 1024  # what `read_limited` reads at a time
CHUNK_BYTES = 1 << 16  # what `chunks` streams at a time
SPOOL_BYTES = 1 << 25  # a stream that cannot seek is copied: in memory up to this, then on disk

# The parser settings for every file from outside; no entity, DTD or network ever.
HARDENED = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "attribute_defaults": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
    "collect_ids": False,
}

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


def source_name(source: Source) -> str:
    """The path, or the file object's name; "" for an unnamed stream."""
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    name = getattr(source, "name", "")
    return name if isinstance(name, str) else ""


# ---------------------------------------------------------------------------------------------
# Whole files


def read_limited(source: Source, max_bytes: int, *, text_ok: bool = False) -> bytes | str:
    """All of a path or file object, refusing more than `max_bytes`.

    Reads in chunks so that an endless or huge stream costs at most `max_bytes` of memory.
    A text-mode file object is refused unless `text_ok` (then its text is returned).
    """
    if isinstance(source, str | os.PathLike):
        try:
            with open(source, "rb") as stream:
                return _read_stream(stream, max_bytes, text_ok)
        except OSError as error:
            raise InterchangeError(
                _("The file cannot be read: %(error)s") % {"error": error.strerror or error}
            ) from error
    return _read_stream(source, max_bytes, text_ok)


def _read_stream(stream, max_bytes: int, text_ok: bool = False) -> bytes | str:
    chunks, total = [], 0
    while chunk := stream.read(min(READ_CHUNK, max_bytes + 1 - total)):
        if isinstance(chunk, str) and not text_ok:
            raise InterchangeError(_("The file must be opened in binary mode."))
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise _too_large(max_bytes)
    return chunks[0][:0].join(chunks) if chunks else b""


def _too_large(max_bytes: int) -> InterchangeError:
    return InterchangeError(
        _("The file is larger than the limit of %(limit)d MB.")
        % {"limit": max(1, max_bytes // (1024 * 1024))}
    )


# What a damaged or truncated zip, or one packed with a method Python cannot unpack, raises.
DAMAGED_ZIP = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, EOFError)


def read_zip_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int) -> bytes:
    """One entry's bytes, refusing more than `max_bytes` before and while unpacking.

    The declared size is checked first and the real one while reading, in chunks: a zip bomb
    may lie in its header.
    """
    if info.file_size > max_bytes:
        raise _too_large(max_bytes)
    with archive.open(info) as stream:
        return _read_stream(stream, max_bytes)


def parse_untrusted_xml(data: bytes) -> etree._Element:
    """The root of an XML document from outside, parsed without DTDs, entities or network.

    A document type declaration is refused outright: no model file needs one, and it is how
    entity-expansion ("billion laughs") and external-entity attacks begin.
    """
    if match := _DOCTYPE.search(data):
        raise InterchangeError(
            _("The file declares a document type (DOCTYPE), which is not allowed."),
            line=data.count(b"\n", 0, match.start()) + 1,
        )
    try:
        tree = etree.parse(io.BytesIO(data), etree.XMLParser(**HARDENED))
    except etree.XMLSyntaxError as error:
        raise InterchangeError(
            _("The file is not well-formed XML: %(error)s") % {"error": error.msg},
            line=error.lineno,
        ) from error
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        # Reached only by encodings the byte search above cannot see (UTF-16, UTF-32).
        raise InterchangeError(
            _("The file declares a document type (DOCTYPE), which is not allowed."), line=1
        )
    return tree.getroot()


# ---------------------------------------------------------------------------------------------
# Streamed files


def declared_size(source: Source) -> int | None:
    """How many bytes are left to read, when the source can tell before it is read."""
    if isinstance(source, str | os.PathLike):
        try:
            return os.stat(source).st_size
        except OSError as error:
            raise unreadable(error) from error
    try:
        return os.fstat(source.fileno()).st_size - source.tell()
    except (AttributeError, OSError, ValueError):
        pass
    try:
        if source.seekable():
            here = source.tell()
            end = source.seek(0, io.SEEK_END)
            source.seek(here)
            return end - here
    except (AttributeError, OSError, ValueError):
        pass
    return None  # a pipe or socket: the bytes are counted as they come


@contextmanager
def seekable(source: Source, max_bytes: int) -> Iterator[tuple[BinaryIO, int]]:
    """The source as a stream that can be read again (a bad file is read twice to say where
    it goes wrong), with the position it starts at."""
    if isinstance(source, str | os.PathLike):
        try:
            stream = open(source, "rb")  # noqa: SIM115 - closed by the with below
        except OSError as error:
            raise unreadable(error) from error
        with stream:
            yield stream, 0
    elif _can_seek(source):
        yield source, source.tell()
    else:
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as copy:
            for chunk in chunks(source, max_bytes):
                copy.write(chunk)
            copy.seek(0)
            yield copy, 0


def _can_seek(stream) -> bool:
    try:
        return stream.seekable()
    except (AttributeError, OSError, ValueError):
        return False


def chunks(stream: BinaryIO, max_bytes: int) -> Iterator[bytes]:
    """The stream's bytes a chunk at a time, refused as soon as they pass `max_bytes`."""
    total = 0
    while chunk := stream.read(CHUNK_BYTES):
        total += len(chunk)
        if total > max_bytes:
            raise too_big(None, max_bytes)
        yield chunk


def too_big(size: int | None, max_bytes: int) -> InterchangeError:
    if size is None:
        message = _("The file is larger than the limit of %(limit)s.")
    else:
        message = _("The file is %(size)s, larger than the limit of %(limit)s.")
    message += " " + _("Split the model into smaller files or ask an administrator to raise it.")
    return InterchangeError(
        message % {"size": filesizeformat(size or 0), "limit": filesizeformat(max_bytes)}
    )


def unreadable(error: OSError) -> InterchangeError:
    return InterchangeError(_("The file cannot be opened: %(reason)s") % {"reason": error.strerror})


# ---------------------------------------------------------------------------------------------
# A streamed file's prolog


class DoctypeFound(Exception):
    """The prolog declares a document type; it was stopped before its internal subset."""


class _RootFound(Exception):
    def __init__(self, tag: str):
        super().__init__(tag)
        self.tag = tag


class _PrologTarget:
    """Parser target that stops at a DOCTYPE (before its internal subset) or at the root."""

    def doctype(self, *_args):
        raise DoctypeFound()

    def start(self, tag, _attrib, _nsmap=None):
        raise _RootFound(tag)

    def close(self):
        return None


def root_tag(chunks: Iterator[bytes], head: list[bytes]) -> str | None:
    """The root element's tag, reading only up to it; None when the input ends first.

    The chunks read are appended to `head`, so the caller can parse them again and say where
    a refused prolog goes wrong. Raises `DoctypeFound` at a document type declaration and
    `etree.XMLSyntaxError` for what is not XML.
    """
    parser = etree.XMLParser(target=_PrologTarget(), **HARDENED)
    try:
        for chunk in chunks:
            head.append(chunk)
            parser.feed(chunk)
        parser.close()
    except _RootFound as root:
        return root.tag
    return None


def doctype_line(head: bytes) -> int | None:
    """The line of the DOCTYPE in a prolog, in UTF-8 or UTF-16."""
    for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
        position = head.find("<!DOCTYPE".encode(encoding))
        if position >= 0:
            return head.count("\n".encode(encoding), 0, position) + 1
    return None


def looks_binary(head: bytes) -> bool:
    """NUL bytes where no UTF-16 byte order mark explains them."""
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    return b"\x00" in head[:CHUNK_BYTES] and not utf16
