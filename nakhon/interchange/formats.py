"""Which formats exist, how a file is recognised, and reading or writing any of them.

Commands, pages and the API all come through here, so a format is added in one place.
"""

import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nakhon.interchange.archi import read_archimate
from nakhon.interchange.archi_csv import find_csv_set, read_archi_csv, render_archi_csv
from nakhon.interchange.document import ModelDocument
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.excel import read_workbook, write_workbook
from nakhon.interchange.exchange.reader import read_exchange
from nakhon.interchange.exchange.writer import write_exchange
from nakhon.interchange.guards import DAMAGED_ZIP, read_zip_entry

# A zip of CSV files is unpacked to disk; more than this is not a CSV export.


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    extensions: tuple[str, ...]
    content_type: str
    read: Callable | None
    write: Callable | None


def _read_csv_paths(paths: list[Path]) -> ModelDocument:
    # One file finds its siblings by its own prefix, as Archi's import does.
    return read_archi_csv(find_csv_set(paths[0] if len(paths) == 1 else paths))


def _write_csv_zip(doc: ModelDocument, target) -> None:
    """Archi's three CSV files, in one zip so that they download as one."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind, content in render_archi_csv(doc).items():
            archive.writestr(f"{kind}.csv", content)


FORMATS = {
    f.key: f
    for f in (
        Format(
            "exchange",
            gettext_lazy("ArchiMate Open Exchange Format (.xml)"),
            (".xml",),
            "application/xml",
            read_exchange,
            write_exchange,
        ),
        Format(
            "archimate",
            gettext_lazy("Archi model (.archimate)"),
            (".archimate",),
            "application/octet-stream",
            read_archimate,
            None,
        ),
        Format(
            "csv",
            gettext_lazy("Archi CSV (elements, relations, properties; or a .zip of them)"),
            (".csv", ".zip"),
            "application/zip",
            None,
            _write_csv_zip,
        ),
        Format(
            "xlsx",
            gettext_lazy("Excel workbook (.xlsx)"),
            (".xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            read_workbook,
            write_workbook,
        ),
    )
}
EXPORT_EXTENSIONS = {"exchange": ".xml", "csv": ".zip", "xlsx": ".xlsx"}


def format_of(name: str) -> Format:
    suffix = Path(name).suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.extensions:
            return fmt
    raise InterchangeError(
        _("“%(name)s” is not a format Nakhon EA reads. It reads %(known)s.")
        % {
            "name": name,
            "known": ", ".join(e for f in FORMATS.values() for e in f.extensions),
        }
    )


def read_paths(paths: list[Path]) -> ModelDocument:
    """Read one file, or Archi's CSV set given as its files or as a zip of them."""
    paths = [Path(p) for p in paths]
    if not paths:
        raise InterchangeError(_("No file was given."))
    fmt = format_of(paths[0].name)
    if fmt.key == "csv":
        if paths[0].suffix.lower() == ".zip":
            return _read_csv_zip(paths[0])
        return _read_csv_paths(paths)
    if len(paths) > 1:
        raise InterchangeError(_("Give one file at a time, except for Archi's CSV files."))
    doc = fmt.read(paths[0])
    doc.source = doc.source or paths[0].name
    return doc


def _read_csv_zip(path: Path) -> ModelDocument:
    with tempfile.TemporaryDirectory() as folder:
        try:
            extracted = _extract_csv_files(path, Path(folder))
        except DAMAGED_ZIP:
            raise InterchangeError(
                _(
                    "“%(name)s” is not a readable zip file: zip Archi's CSV files again and "
                    "import the new zip."
                )
                % {"name": path.name}
            ) from None
        if not extracted:
            raise InterchangeError(_("This zip holds no CSV files."))
        return _read_csv_paths(extracted)


def _extract_csv_files(path: Path, folder: Path) -> list[Path]:
    extracted = []
    with zipfile.ZipFile(path) as archive:
        for member in archive.infolist():
            if member.filename.lower().endswith(".csv"):
                target = folder / Path(member.filename).name  # no paths from the zip
                target.write_bytes(
                    read_zip_entry(archive, member, settings.NAKHON_MAX_CSV_ZIP_BYTES)
                )
                extracted.append(target)
    return extracted


def write_document(doc: ModelDocument, key: str, target) -> None:
    fmt = FORMATS.get(key)
    if fmt is None or fmt.write is None:
        raise InterchangeError(
            _("Nakhon EA cannot write “%(format)s”; it writes %(known)s.")
            % {"format": key, "known": ", ".join(EXPORT_EXTENSIONS)}
        )
    fmt.write(doc, target)
