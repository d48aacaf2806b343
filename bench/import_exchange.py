"""Import and export of an exchange file against what the machine can do at best.

    .venv/bin/python -m bench.import_exchange [--scale bench|small] [--database-url URL]

One run, on PostgreSQL (see bench/README.md):
  (a) generate a synthetic model (`nakhon.demo.generator`) and write it as an exchange file
      (not timed against anything);
  (b) the floor: lxml `iterparse` of the file alone, elements, relationships and view nodes
      extracted into tuples, plus a PostgreSQL COPY of the same rows into bare unlogged tables
      with the columns of repository_element / repository_relationship / repository_viewnode
      and no constraint, index or foreign key; floor = parse + copy;
  (c) `nakhon import FILE` in a subprocess, into a freshly created and migrated database:
      its wall time and its peak RSS;
  (d) `nakhon export -o out.xml` in a subprocess against lxml serialising the same file's
      tree from memory (`etree.parse`, then only `tree.write` is timed).
Then a table of the figures and the ratios with their targets.
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SCALES = {"small": (10_000, 30_000, 50), "bench": (100_000, 300_000, 500)}
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/nakhon_bench"
ADMIN = "bench-admin"
TARGET_IMPORT_RATIO = 3.0
TARGET_RSS_BYTES = 10**9  # < 1 GB, decimal: the stricter reading
TARGET_EXPORT_RATIO = 2.0

NS = "{http://www.opengroup.org/xsd/archimate/3.0/}"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ELEMENT, RELATIONSHIP, NODE, VIEW = (NS + t for t in ("element", "relationship", "node", "view"))
NAME, DOCUMENTATION, PROPERTY, VALUE = (
    NS + t for t in ("name", "documentation", "property", "value")
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.import_exchange", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="bench")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args(argv)
    sizes = SCALES[args.scale]
    print(
        f"Scale {args.scale}: {sizes[0]:,} elements, {sizes[1]:,} relationships, "
        f"{sizes[2]:,} views; database {args.database_url}",
        flush=True,
    )
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nakhon.settings")
    import django

    django.setup()

    work = Path(tempfile.mkdtemp(prefix="nakhon-bench-"))
    try:
        return run(args, sizes, work)
    finally:
        if args.keep:
            print(f"Work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(args, sizes: tuple[int, int, int], work: Path) -> int:
    figures: dict[str, float] = {}
    model = work / "model.xml"

    # (a) the file
    step("generating the model")
    started = time.perf_counter()
    write_model(sizes, args.seed, model)
    figures["generate + write (not compared)"] = time.perf_counter() - started
    print(f"  {model.stat().st_size / 1e6:.1f} MB", flush=True)

    # a fresh database
    step("creating and migrating the database")
    recreate_database(args.database_url)
    nakhon(["migrate", "--no-input", "-v0"])
    nakhon(
        ["createsuperuser", "--no-input", "--username", ADMIN, "--email", "bench@example.org"],
        extra_env={"DJANGO_SUPERUSER_PASSWORD": uuid.uuid4().hex},
    )

    # (b) the floor
    step("floor: lxml iterparse")
    started = time.perf_counter()
    elements, relationships, nodes = parse_rows(model)
    figures["floor: iterparse"] = time.perf_counter() - started
    step("floor: COPY into bare tables")
    figures["floor: COPY"] = copy_rows(args.database_url, elements, relationships, nodes)
    counts = (len(elements), len(relationships), len(nodes))
    del elements, relationships, nodes
    floor = figures["floor: iterparse"] + figures["floor: COPY"]
    figures["floor (iterparse + COPY)"] = floor
    step("stored floor: the same rows into the real tables, with a log entry each (rolled back)")
    figures["stored floor (not compared)"] = stored_floor(args.database_url)

    # what every subprocess pays before it starts working
    figures["nakhon startup (nakhon version)"], _rss = nakhon_measured(["version"])

    # (c) the import
    step("nakhon import")
    seconds, peak_rss = nakhon_measured(["import", str(model), "--user", ADMIN])
    figures["nakhon import"] = seconds
    stored = stored_counts(args.database_url)
    if stored[:2] != counts[:2]:
        print(f"  !! stored {stored}, the file has {counts}", flush=True)

    # (d) the export
    step("nakhon export")
    exported = work / "export.xml"
    seconds, _rss = nakhon_measured(["export", "-o", str(exported)])
    figures["nakhon export"] = seconds
    step("lxml serialise (tree.write of the parsed file)")
    figures["lxml serialise"] = lxml_serialise(model, work / "lxml.xml")

    report(args.scale, counts, stored, figures, peak_rss)
    return 0


def step(text: str) -> None:
    print(f"- {text} ...", flush=True)


def write_model(sizes: tuple[int, int, int], seed: int, path: Path) -> None:
    import gc

    from nakhon.demo.generator import generate
    from nakhon.interchange.exchange.writer import write_exchange

    doc = generate(*sizes, seed=seed)
    write_exchange(doc, path)
    del doc
    gc.collect()


# ---------------------------------------------------------------------------------------------
# The database


def _maintenance_url(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        raise SystemExit("The database URL names no database.")
    return urlunsplit(parts._replace(path="/postgres")), name


def recreate_database(url: str) -> None:
    """Drop the benchmark database if it exists and create it empty: the import is fresh."""
    import psycopg
    from psycopg import sql

    maintenance, name = _maintenance_url(url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def stored_counts(url: str) -> tuple[int, int, int]:
    import psycopg

    with psycopg.connect(url) as connection:
        return tuple(
            connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("repository_element", "repository_relationship", "repository_viewnode")
        )


# ---------------------------------------------------------------------------------------------
# Subprocesses


def _command() -> list[str]:
    script = Path(sys.executable).parent / "nakhon"
    return [str(script)] if script.exists() else [sys.executable, "-m", "nakhon.manage"]


def nakhon(arguments: list[str], extra_env: dict | None = None) -> None:
    env = {**os.environ, **(extra_env or {})}
    subprocess.run([*_command(), *arguments], env=env, check=True)


def nakhon_measured(arguments: list[str]) -> tuple[float, int]:
    """Run `nakhon ARGUMENTS`: (wall seconds, peak RSS in bytes of that process alone).

    The peak is the child's own ru_maxrss (wait4), not RUSAGE_CHILDREN's maximum over every
    child so far, so that migrate and the rest do not blur it.
    """
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen([*_command(), *arguments], stdout=output, stderr=output)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            output.seek(0)
            sys.stdout.write(output.read().decode(errors="replace")[-4000:])
            raise SystemExit(f"nakhon {arguments[0]} failed ({process.returncode}).")
    return seconds, usage.ru_maxrss * 1024  # Linux reports kilobytes


# ---------------------------------------------------------------------------------------------
# The floor


def _texts(el) -> tuple[str, str]:
    thai = english = ""
    for name in el.iterchildren(NAME):
        lang = name.get(XML_LANG, "")
        if lang == "en":
            english = english or (name.text or "")
        else:
            thai = thai or (name.text or "")
    return thai or english, english if thai else ""


def _documentation(el) -> str:
    found = el.find(DOCUMENTATION)
    return "" if found is None else (found.text or "")


def _properties(el) -> str:
    properties = el.find(NS + "properties")
    if properties is None:
        return "{}"
    values = {}
    for prop in properties.iterchildren(PROPERTY):
        value = prop.find(VALUE)
        values[prop.get("propertyDefinitionRef")] = "" if value is None else (value.text or "")
    return json.dumps(values, ensure_ascii=False)


def parse_rows(path: Path) -> tuple[list, list, list]:
    """Elements, relationships and view nodes of the file as tuples, with lxml alone."""
    from lxml import etree

    elements, relationships, nodes = [], [], []
    context = etree.iterparse(str(path), events=("end",), tag=(ELEMENT, RELATIONSHIP, NODE, VIEW))
    view_nodes: list = []
    for _event, el in context:
        tag = el.tag
        if tag == ELEMENT:
            name, name_en = _texts(el)
            elements.append(
                (
                    el.get("identifier"),
                    el.get(XSI_TYPE),
                    name,
                    name_en,
                    _documentation(el),
                    _properties(el),
                )
            )
        elif tag == RELATIONSHIP:
            name, name_en = _texts(el)
            relationships.append(
                (
                    el.get("identifier"),
                    el.get(XSI_TYPE),
                    el.get("source"),
                    el.get("target"),
                    name,
                    name_en,
                    _documentation(el),
                    _properties(el),
                    el.get("accessType", ""),
                )
            )
        elif tag == NODE:
            view_nodes.append(
                (
                    el.get("identifier"),
                    el.get("elementRef", ""),
                    el.get(XSI_TYPE),
                    int(el.get("x")),
                    int(el.get("y")),
                    int(el.get("w")),
                    int(el.get("h")),
                )
            )
            continue  # nodes are cleared with their view
        else:
            view = el.get("identifier")
            nodes.extend((view, *node) for node in view_nodes)
            view_nodes = []
        el.clear(keep_tail=True)
        parent = el.getparent()
        if parent is not None:
            while el.getprevious() is not None:
                del parent[0]
    return elements, relationships, nodes


def copy_rows(url: str, elements: list, relationships: list, nodes: list) -> float:
    """COPY the rows into bare unlogged tables shaped like the real ones; the seconds it took.

    Every column the importer fills is given a value (fresh UUIDs, timestamps, the admin as
    creator), and relationship ends are resolved to the elements' UUIDs, so the work is the
    same bytes the real tables get, without constraints, indexes or foreign keys.
    """
    import psycopg

    with psycopg.connect(url) as connection:
        admin = connection.execute(
            "SELECT id FROM organization_user WHERE username = %s", [ADMIN]
        ).fetchone()[0]
        for table in ("element", "relationship", "viewnode"):
            connection.execute(f"DROP TABLE IF EXISTS bench_{table}")
            connection.execute(
                f"CREATE UNLOGGED TABLE bench_{table} AS "
                f"SELECT * FROM repository_{table} WITH NO DATA"
            )
        connection.commit()

        started = time.perf_counter()
        now = datetime.datetime.now(datetime.UTC)
        element_ids: dict[str, uuid.UUID] = {}
        with connection.cursor() as cursor:
            with cursor.copy(
                "COPY bench_element (id, version, created_at, updated_at, created_by_id, "
                "updated_by_id, identifier, type, name, name_en, documentation, properties, "
                "translations, status) FROM STDIN"
            ) as copy:
                for identifier, type_, name, name_en, doc, props in elements:
                    pk = element_ids[identifier] = uuid.uuid4()
                    copy.write_row(
                        (
                            pk,
                            1,
                            now,
                            now,
                            admin,
                            admin,
                            identifier,
                            type_,
                            name,
                            name_en,
                            doc,
                            props,
                            "{}",
                            "active",
                        )
                    )
            with cursor.copy(
                "COPY bench_relationship (id, version, created_at, updated_at, created_by_id, "
                "updated_by_id, identifier, type, source_id, target_id, name, name_en, "
                "documentation, properties, translations, access_type, is_directed, modifier) "
                "FROM STDIN"
            ) as copy:
                for (
                    identifier,
                    type_,
                    source,
                    target,
                    name,
                    name_en,
                    doc,
                    props,
                    access,
                ) in relationships:
                    copy.write_row(
                        (
                            uuid.uuid4(),
                            1,
                            now,
                            now,
                            admin,
                            admin,
                            identifier,
                            type_,
                            element_ids.get(source),
                            element_ids.get(target),
                            name,
                            name_en,
                            doc,
                            props,
                            "{}",
                            access,
                            False,
                            "",
                        )
                    )
            view_ids: dict[str, uuid.UUID] = {}
            with cursor.copy(
                "COPY bench_viewnode (id, identifier, label, label_en, documentation, style, "
                'properties, "order", extra, view_id, kind, element_id, x, y, w, h) FROM STDIN'
            ) as copy:
                for order, (view, identifier, ref, _type, x, y, w, h) in enumerate(nodes):
                    view_pk = view_ids.get(view)
                    if view_pk is None:
                        view_pk = view_ids[view] = uuid.uuid4()
                    copy.write_row(
                        (
                            order + 1,
                            identifier,
                            "",
                            "",
                            "",
                            "{}",
                            "{}",
                            order,
                            "{}",
                            view_pk,
                            "element",
                            element_ids.get(ref),
                            x,
                            y,
                            w,
                            h,
                        )
                    )
        connection.commit()
        seconds = time.perf_counter() - started
    return seconds


# ---------------------------------------------------------------------------------------------
# Export


def lxml_serialise(path: Path, target: Path) -> float:
    from lxml import etree

    tree = etree.parse(str(path))
    started = time.perf_counter()
    tree.write(str(target), encoding="UTF-8", xml_declaration=True)
    return time.perf_counter() - started


# ---------------------------------------------------------------------------------------------
# The report


def stored_floor(url: str) -> float:
    """What the real tables alone cost: the floor's elements and relationships inserted into
    them (their indexes, constraints and foreign keys, checked), plus one change-log entry per
    row whose JSON snapshot PostgreSQL builds itself, with no Python in between; the seconds
    it took. Rolled back, so the import still starts from empty tables. It shows how much of
    the import's time no importer can save while it keeps the tables and the change log.
    Drops the floor's bare tables afterwards."""
    import psycopg

    with psycopg.connect(url) as connection:
        started = time.perf_counter()
        for table in ("element", "relationship"):
            content_type = connection.execute(
                "SELECT id FROM django_content_type WHERE app_label = 'repository' AND model = %s",
                [table],
            ).fetchone()[0]
            connection.execute(f"INSERT INTO repository_{table} SELECT * FROM bench_{table}")
            connection.execute(
                "INSERT INTO core_changelogentry (time, user_name, channel, action, object_id, "
                "object_repr, before, after, batch, content_type_id, user_id) "
                f"SELECT now(), %s, 'import', 'create', id::text, left(name, 500), NULL, "
                f"to_jsonb(row) - 'created_at' - 'updated_at', %s, %s, created_by_id "
                f"FROM bench_{table} AS row",
                [ADMIN, uuid.uuid4(), content_type],
            )
        connection.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred foreign keys
        seconds = time.perf_counter() - started
        connection.rollback()
        for table in ("element", "relationship", "viewnode"):
            connection.execute(f"DROP TABLE bench_{table}")
        connection.commit()
    return seconds


def report(scale: str, counts, stored, figures: dict[str, float], peak_rss: int) -> None:
    elements, relationships, nodes = counts
    print()
    print(
        f"Scale {scale}: {elements:,} elements, {relationships:,} relationships, "
        f"{nodes:,} view nodes"
    )
    print(
        f"Stored by the import: {stored[0]:,} elements, {stored[1]:,} relationships, "
        f"{stored[2]:,} view nodes"
    )
    print()
    width = max(len(label) for label in figures)
    for label, seconds in figures.items():
        print(f"  {label:<{width}}  {seconds:8.2f} s")
    print(f"  {'peak RSS of nakhon import':<{width}}  {peak_rss / 1e6:8.0f} MB")
    print()
    rows = (
        (
            "import / floor",
            figures["nakhon import"] / figures["floor (iterparse + COPY)"],
            TARGET_IMPORT_RATIO,
            "x",
        ),
        ("peak import RSS (GB)", peak_rss / 1e9, TARGET_RSS_BYTES / 1e9, "GB"),
        (
            "export / lxml serialise",
            figures["nakhon export"] / figures["lxml serialise"],
            TARGET_EXPORT_RATIO,
            "x",
        ),
    )
    print(
        f"  {'stored floor / floor':<24} "
        f"{figures['stored floor (not compared)'] / figures['floor (iterparse + COPY)']:8.2f}"
        "   (no target: what the tables and the change log cost with no Python at all)"
    )
    for label, value, target, unit in rows:
        verdict = "ok" if value <= target else "OVER TARGET"
        if unit == "GB":
            verdict = "ok" if value < target else "OVER TARGET"
        relation = "<" if unit == "GB" else "<="
        print(f"  {label:<24} {value:8.2f}   target {relation} {target:g} {unit}   {verdict}")
    startup = figures["nakhon startup (nakhon version)"]
    print(
        f"  (without the {startup:.2f} s start-up of a nakhon process: import / floor "
        f"{(figures['nakhon import'] - startup) / figures['floor (iterparse + COPY)']:.2f}, "
        f"export / lxml {(figures['nakhon export'] - startup) / figures['lxml serialise']:.2f})"
    )


if __name__ == "__main__":
    sys.exit(main())
