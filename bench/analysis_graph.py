"""The graph index against networkx and a PostgreSQL recursive CTE, at city and nation scale.

    .venv/bin/python -m bench.analysis_graph [--scale city|nation|both] [--database-url URL]

One run per scale (see bench/README.md):
  1. generate a synthetic model with `nakhon.demo.generator.generate` and turn it into the
     index builder's arrays (random UUIDs for elements and relationships);
  2. build the index from those arrays: time, the arrays' bytes, tracemalloc's count and the
     RSS growth, per relationship;
  3. city scale only: store the same model in PostgreSQL (COPY into the real tables, with org
     units owning the elements and application profiles with yearly costs), build the index
     through the real path (`arrays_from_database`), check it equals the array-built one, and
     time the redundancy report over the whole model;
  4. the impact query: upstream of 100 random elements, unlimited depth, the usual relationship
     types, each reached node with the row it was reached from (so every path can be read);
     every path of the last query checked to be a chain of edges of those types;
  5. the same query with networkx (`bfs_predecessors` on a DiGraph of the same edges: every
     reached node with its predecessor) and with a recursive CTE over a bare edge table with an
     index on the column it walks (the set of reached nodes only, no paths: less work than the
     other two), on the first `--compare` of the same elements; the index's paths are not
     always shortest (see nakhon/analysis/components.py), so their mean length is printed
     beside networkx's breadth-first one.
Then the figures and the ratios with their targets.
"""

import argparse
import datetime
import gc
import os
import sys
import time
import tracemalloc
import uuid

import numpy as np

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/nakhon_analysis_bench"
QUERIES = 100
COMPARE = {"city": 20, "nation": 5}
TARGET_P50_MS = {"city": 5.0, "nation": 50.0}
TARGET_NETWORKX_RATIO = 20.0
TARGET_CTE_RATIO = 50.0
TARGET_BYTES_PER_RELATIONSHIP = 100.0
TARGET_REDUNDANCY_SECONDS = 1.0
UNITS = 30  # org units owning the city model's elements
PROFILED_SHARE = 0.8  # applications with a yearly cost

CTE = """
WITH RECURSIVE upstream(node) AS (
    SELECT %s::integer
    UNION
    SELECT e.dependent FROM bench_edge e JOIN upstream u ON e.provider = u.node
)
SELECT count(*) FROM upstream
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.analysis_graph", description=__doc__)
    parser.add_argument("--scale", choices=("city", "nation", "both"), default="city")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--compare",
        type=int,
        default=None,
        help="elements queried with networkx and the CTE (default 20 city, 5 nation)",
    )
    args = parser.parse_args(argv)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nakhon.settings")
    import django

    django.setup()
    from bench.import_exchange import recreate_database

    print(f"Database {args.database_url} (dropped and created again)", flush=True)
    recreate_database(args.database_url)
    scales = ("city", "nation") if args.scale == "both" else (args.scale,)
    for scale in scales:
        run(scale, args)
    return 0


def step(text: str) -> None:
    print(f"- {text} ...", flush=True)


class Timer:
    def __init__(self, figures: dict, label: str):
        self.figures, self.label = figures, label

    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.figures[self.label] = time.perf_counter() - self.started
        print(f"  {self.label}: {self.figures[self.label]:.2f} s", flush=True)


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


# --- The model as arrays -----------------------------------------------------------------------


def model_arrays(scale: str, seed: int, figures: dict):
    """The generated model as the builder's arrays, and each relationship's ends as positions."""
    from nakhon.analysis import semantics
    from nakhon.analysis.graph import RelationshipArrays
    from nakhon.demo.generator import SCALES, generate

    elements, relationships, _views = SCALES[scale]
    step(f"generating {elements:,} elements and {relationships:,} relationships")
    with Timer(figures, "generate (demo generator)"):
        doc = generate(elements, relationships, 0, seed=seed)
    with Timer(figures, "document -> arrays"):
        position = {e.identifier: i for i, e in enumerate(doc.elements)}
        codes, rel_codes = semantics.NODE_TYPE_CODE, semantics.RELATIONSHIP_CODE
        access_codes = semantics.ACCESS_CODE
        element_type = np.fromiter((codes[e.type] for e in doc.elements), np.uint8, elements)
        rels = doc.relationships
        source = np.fromiter((position[r.source] for r in rels), np.int64, len(rels))
        target = np.fromiter((position[r.target] for r in rels), np.int64, len(rels))
        rel_type = np.fromiter((rel_codes[r.type] for r in rels), np.uint8, len(rels))
        access = np.fromiter((access_codes[r.access_type] for r in rels), np.uint8, len(rels))
        names = [(e.name.get("th", ""), e.name.get("en", "")) for e in doc.elements]
        del doc, position, rels
        gc.collect()
        rng = np.random.default_rng(seed)
        element_ids = random_uuids(rng, elements)
        rel_ids = random_uuids(rng, len(source))
        no = np.zeros(len(source), dtype=bool)
        arrays = RelationshipArrays(
            element_hi=element_ids[0],
            element_lo=element_ids[1],
            element_type=element_type,
            rel_hi=rel_ids[0],
            rel_lo=rel_ids[1],
            rel_type=rel_type,
            rel_access=access,
            rel_directed=no,
            source_hi=element_ids[0][source],
            source_lo=element_ids[1][source],
            source_is_relationship=no,
            target_hi=element_ids[0][target],
            target_lo=element_ids[1][target],
            target_is_relationship=no,
        )
    return arrays, source, target, names


def random_uuids(rng, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Version-4 UUIDs as (upper, lower) uint64 halves."""
    hi = rng.integers(0, 2**64, count, dtype=np.uint64, endpoint=False)
    lo = rng.integers(0, 2**64, count, dtype=np.uint64, endpoint=False)
    hi = (hi & np.uint64(0xFFFFFFFFFFFF0FFF)) | np.uint64(0x4000)
    lo = (lo & np.uint64(0x3FFFFFFFFFFFFFFF)) | np.uint64(0x8000000000000000)
    return hi, lo


def as_uuids(hi: np.ndarray, lo: np.ndarray) -> list[uuid.UUID]:
    raw = np.empty((len(hi), 2), dtype=">u8")
    raw[:, 0], raw[:, 1] = hi, lo
    data = raw.tobytes()
    return [uuid.UUID(bytes=data[i : i + 16]) for i in range(0, len(data), 16)]


# --- The index ---------------------------------------------------------------------------------


def build_and_measure(arrays, figures: dict):
    from nakhon.analysis.graph import build_index

    step("building the index from the arrays")
    gc.collect()
    before = rss_bytes()
    with Timer(figures, "index build (from arrays)"):
        index = build_index(arrays)
    figures["RSS growth of the build (bytes)"] = rss_bytes() - before
    tracemalloc.start()
    rebuilt = build_index(arrays)
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del rebuilt
    figures["tracemalloc: retained by the index (bytes)"] = retained
    figures["tracemalloc: peak while building (bytes)"] = peak
    return index


# --- PostgreSQL --------------------------------------------------------------------------------


def store_city_model(url: str, arrays, source, target, names, seed: int, figures: dict) -> None:
    """The model in the real tables of a migrated database, owned by org units, with costs."""
    import psycopg
    from django.core.management import call_command

    from nakhon.analysis import semantics
    from nakhon.core.services import Actor
    from nakhon.organization.models import UnitKind, User
    from nakhon.organization.services import org_units

    step("migrating the database and storing the city model (COPY into the real tables)")
    call_command("migrate", verbosity=0, interactive=False)
    admin = User.objects.create_superuser("bench-admin", "bench@example.org", uuid.uuid4().hex)
    actor = Actor.shell(admin)
    city = org_units.create(actor, name="กรุงเทพมหานคร", kind=UnitKind.CITY, code="BMA")
    units = [
        org_units.create(actor, name=f"หน่วยงาน {n}", kind=UnitKind.DEPARTMENT, parent=city).pk
        for n in range(UNITS)
    ]
    rng = np.random.default_rng(seed + 1)
    element_ids = as_uuids(arrays.element_hi, arrays.element_lo)
    rel_ids = as_uuids(arrays.rel_hi, arrays.rel_lo)
    owner = rng.integers(0, UNITS, len(element_ids))
    now = datetime.datetime.now(datetime.UTC)
    type_names = semantics.NODE_TYPES
    rel_names, access_names = semantics.RELATIONSHIP_TYPES, semantics.ACCESS_TYPES
    with (
        Timer(figures, "COPY city model into PostgreSQL (not compared)"),
        psycopg.connect(url) as connection,
        connection.cursor() as cursor,
    ):
        with cursor.copy(
            "COPY repository_element (id, version, created_at, updated_at, identifier, "
            "type, name, name_en, documentation, properties, translations, status, "
            "owner_unit_id) FROM STDIN"
        ) as copy:
            for i, pk in enumerate(element_ids):
                copy.write_row(
                    (pk, 1, now, now, f"id-{pk}", type_names[arrays.element_type[i]])
                    + (names[i][0] or names[i][1], names[i][1], "", "[]", "{}", "active")
                    + (units[owner[i]],)
                )
        with cursor.copy(
            "COPY repository_relationship (id, version, created_at, updated_at, "
            "identifier, type, source_id, target_id, name, name_en, documentation, "
            "properties, translations, access_type, is_directed, modifier) FROM STDIN"
        ) as copy:
            for i, pk in enumerate(rel_ids):
                copy.write_row(
                    (pk, 1, now, now, f"id-{pk}", rel_names[arrays.rel_type[i]])
                    + (element_ids[source[i]], element_ids[target[i]], "", "", "")
                    + ("[]", "{}", access_names[arrays.rel_access[i]], False, "")
                )
        app_code = semantics.NODE_TYPE_CODE[semantics.APPLICATION]
        apps = np.flatnonzero(arrays.element_type == app_code)
        profiled = apps[rng.random(len(apps)) < PROFILED_SHARE]
        costs = rng.integers(1, 200, len(profiled)) * 50_000
        with cursor.copy(
            "COPY portfolio_applicationprofile (element_id, version, created_at, "
            "updated_at, vendor, hosting, yearly_cost) FROM STDIN"
        ) as copy:
            for app, cost in zip(profiled, costs, strict=True):
                copy.write_row((element_ids[app], 1, now, now, "", "", int(cost)))
        connection.commit()
        cursor.execute("ANALYZE")


def database_index_and_redundancy(array_index, figures: dict):
    from nakhon.analysis.graph import arrays_from_database, build_index
    from nakhon.analysis.redundancy import redundancy_report

    step("building the index from the database (the real path)")
    with Timer(figures, "index build (from the database)"):
        index = build_index(arrays_from_database())
    extra_nodes = index.size - array_index.size  # the org units' BusinessActor elements
    same = extra_nodes == UNITS + 1 and index.edge_count == array_index.edge_count
    print(f"  same edges as the array-built index: {same}", flush=True)
    step("redundancy report over the whole model")
    redundancy_report(index)  # warm: Django's first queries, translations
    with Timer(figures, "redundancy report (whole city model)"):
        report = redundancy_report(index)
    print(
        f"  {report.consolidation_total:,} consolidation candidates, "
        f"{report.masters_total:,} data objects with several masters",
        flush=True,
    )
    return same


def cte_times(url: str, providers, dependents, origins) -> list[float]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP TABLE IF EXISTS bench_edge")
        connection.execute("CREATE UNLOGGED TABLE bench_edge (provider integer, dependent integer)")
        with (
            connection.cursor() as cursor,
            cursor.copy("COPY bench_edge FROM STDIN (FORMAT BINARY)") as copy,
        ):
            copy.write(binary_copy(providers, dependents))
        connection.execute("CREATE INDEX bench_edge_provider ON bench_edge (provider)")
        connection.execute("ANALYZE bench_edge")
        times = []
        for origin in origins:
            started = time.perf_counter()
            connection.execute(CTE, [int(origin)]).fetchone()
            times.append(time.perf_counter() - started)
        connection.execute("DROP TABLE bench_edge")
    return times


def binary_copy(first: np.ndarray, second: np.ndarray) -> bytes:
    """Two int4 columns in PostgreSQL's binary COPY format, built by NumPy."""
    rows = np.empty(
        len(first),
        dtype=[("n", ">i2"), ("l1", ">i4"), ("a", ">i4"), ("l2", ">i4"), ("b", ">i4")],
    )
    rows["n"], rows["l1"], rows["l2"] = 2, 4, 4
    rows["a"], rows["b"] = first, second
    header = b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")
    return header + rows.tobytes() + (-1).to_bytes(2, "big", signed=True)


# --- One scale ---------------------------------------------------------------------------------


def run(scale: str, args) -> None:
    from nakhon.analysis import semantics
    from nakhon.analysis.walk import walk

    figures: dict = {}
    print(f"\n=== {scale} scale ===", flush=True)
    arrays, source, target, names = model_arrays(scale, args.seed, figures)
    relationships = len(arrays.rel_hi)
    index = build_and_measure(arrays, figures)
    same = None
    if scale == "city":
        store_city_model(args.database_url, arrays, source, target, names, args.seed, figures)
        same = database_index_and_redundancy(index, figures)
    del arrays, source, target, names
    gc.collect()

    mask = semantics.relationship_mask()
    rng = np.random.default_rng(args.seed + 2)
    origins = rng.integers(0, index.size, QUERIES)
    components = index.components
    print(
        f"  strongly connected components: {components.count:,}, the largest "
        f"{int(np.diff(components.ptr).max()):,} nodes, {components.up.matrix.nnz:,} edges "
        "between components",
        flush=True,
    )
    step(f"impact: upstream of {QUERIES} random elements, unlimited depth")
    ours, reached, lengths = [], [], []
    for origin in origins:
        started = time.perf_counter()
        result = walk(index, [origin], upstream=True, relationship_types=mask)
        ours.append(time.perf_counter() - started)
        reached.append(len(result) - 1)
        lengths.append(path_lengths(result.parent).mean())
    check_paths(result)

    compare = args.compare or COMPARE[scale]
    subset = origins[:compare]
    up = index.up
    keep = mask[up.types]
    providers = np.repeat(np.arange(index.size, dtype=np.int32), np.diff(up.ptr))[keep]
    dependents = up.nodes[keep]
    nx_times, nx_lengths = networkx_times(
        index.size, providers, dependents, subset, reached, figures
    )
    step(f"recursive CTE on {compare} of the same elements")
    cte = cte_times(args.database_url, providers, dependents, subset)
    print(
        f"  mean path length on the {compare} compared (edges): index "
        f"{np.mean(lengths[:compare]):.2f}, networkx (fewest edges) {np.mean(nx_lengths):.2f}"
    )
    report(scale, index, relationships, figures, ours, reached, nx_times, cte, compare, same)


def path_lengths(parent: np.ndarray) -> np.ndarray:
    """The edges from the origin to each row (pointer jumping over the parents)."""
    length = (parent >= 0).astype(np.int64)
    ancestor = parent.copy()
    while (linked := ancestor >= 0).any():
        length[linked] += length[ancestor[linked]]
        ancestor[linked] = ancestor[ancestor[linked]]
    return length


def check_paths(result) -> None:
    """Each row after the origin is reached from its parent's node by an edge of the walk's
    relationship types."""
    rows = np.arange(1, len(result))
    edges = result.edges(rows)
    adjacency = result.adjacency
    from_node = np.searchsorted(adjacency.ptr, edges, side="right") - 1
    valid = (
        (from_node == result.node[result.parent[rows]])
        & (adjacency.nodes[edges] == result.node[rows])
        & result.relationship_types[adjacency.types[edges]]
    )
    print(f"  every path of the last query a chain of edges: {bool(valid.all())}", flush=True)


def networkx_times(size, providers, dependents, origins, reached, figures) -> list[float]:
    import networkx as nx

    step("networkx DiGraph of the same edges")
    with Timer(figures, "networkx graph build (not compared)"):
        graph = nx.DiGraph()
        graph.add_nodes_from(range(size))
        graph.add_edges_from(zip(providers.tolist(), dependents.tolist(), strict=True))
    times, lengths = [], []
    for number, origin in enumerate(origins):
        started = time.perf_counter()
        predecessors = dict(nx.bfs_predecessors(graph, int(origin)))
        times.append(time.perf_counter() - started)
        if len(predecessors) != reached[number]:
            print(f"  !! networkx reached {len(predecessors)}, the index {reached[number]}")
        distances = nx.single_source_shortest_path_length(graph, int(origin))
        lengths.append(np.mean(list(distances.values())))
    del graph
    gc.collect()
    return times, lengths


def milliseconds(times, q) -> float:
    return float(np.percentile(np.array(times) * 1000, q))


def report(scale, index, relationships, figures, ours, reached, nx_times, cte, compare, same):
    print(
        f"\n--- {scale}: {index.size:,} nodes, {relationships:,} relationships, "
        f"{index.edge_count:,} dependency edges ---"
    )
    width = 48
    for label, value in figures.items():
        if label.endswith("(bytes)"):
            print(f"  {label:<{width}} {value / 1e6:10.1f} MB  {value / relationships:6.1f} B/rel")
        else:
            print(f"  {label:<{width}} {value:10.2f} s")
    arrays = index.nbytes
    matrices = index.matrix_nbytes
    print(
        f"  {'index arrays (nbytes)':<{width}} {arrays / 1e6:10.1f} MB  "
        f"{arrays / relationships:6.1f} B/rel"
    )
    components = index.components.nbytes
    print(
        f"  {'  of which components and their trees':<{width}} {components / 1e6:10.1f} MB  "
        f"{components / relationships:6.1f} B/rel"
    )
    print(
        f"  {'+ cached query matrices (nbytes)':<{width}} {matrices / 1e6:10.1f} MB  "
        f"{matrices / relationships:6.1f} B/rel"
    )
    print(f"  nodes reached per query: median {int(np.median(reached)):,}, max {max(reached):,}")
    p50, p99 = milliseconds(ours, 50), milliseconds(ours, 99)
    ours_subset = ours[:compare]
    rows = [
        ("index p50 (ms)", p50, f"< {TARGET_P50_MS[scale]:g} ms", p50 < TARGET_P50_MS[scale]),
        ("index p99 (ms)", p99, "", None),
        (f"index p50 on the {compare} compared (ms)", milliseconds(ours_subset, 50), "", None),
        ("networkx p50 (ms)", milliseconds(nx_times, 50), "", None),
        ("recursive CTE p50 (ms)", milliseconds(cte, 50), "", None),
    ]
    nx_ratio = np.median(nx_times) / np.median(ours_subset)
    cte_ratio = np.median(cte) / np.median(ours_subset)
    bytes_per = (arrays + matrices) / relationships
    rows += [
        (
            "networkx / index (p50)",
            nx_ratio,
            f">= {TARGET_NETWORKX_RATIO:g}x",
            nx_ratio >= TARGET_NETWORKX_RATIO,
        ),
        (
            "recursive CTE / index (p50)",
            cte_ratio,
            f">= {TARGET_CTE_RATIO:g}x",
            cte_ratio >= TARGET_CTE_RATIO,
        ),
        (
            "index bytes per relationship (with matrices)",
            bytes_per,
            f"< {TARGET_BYTES_PER_RELATIONSHIP:g}",
            bytes_per < TARGET_BYTES_PER_RELATIONSHIP,
        ),
    ]
    if "redundancy report (whole city model)" in figures:
        seconds = figures["redundancy report (whole city model)"]
        rows.append(
            (
                "redundancy report (s)",
                seconds,
                f"< {TARGET_REDUNDANCY_SECONDS:g} s",
                seconds < TARGET_REDUNDANCY_SECONDS,
            )
        )
    if same is not None:
        rows.append(("database-built index has the same edges", float(same), "", same))
    print()
    for label, value, target, ok in rows:
        verdict = "" if ok is None else ("ok" if ok else "OVER TARGET")
        print(f"  {label:<{width}} {value:10.2f}   {target:<10} {verdict}")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
