"""The synthetic city model generated straight into PostgreSQL, against the 60 s target.

    .venv/bin/python -m bench.generate_database [--scale city|bench|N] [--database-url URL]

One run: the database named in the URL is dropped, created and migrated (see bench/README.md),
then `nakhon demo generate --scale SCALE --database` runs in a subprocess; its wall time (start-up
included) and peak RSS are printed with the counts it stored and the target.
"""

import argparse
import os

from bench.import_exchange import (
    DEFAULT_DATABASE_URL,
    nakhon,
    nakhon_measured,
    recreate_database,
    stored_counts,
)

TARGET_SECONDS = 60.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate_database", description=__doc__)
    parser.add_argument("--scale", default="city")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    os.environ["DATABASE_URL"] = args.database_url
    print(f"Scale {args.scale}; database {args.database_url}", flush=True)

    print("- creating and migrating the database ...", flush=True)
    recreate_database(args.database_url)
    nakhon(["migrate", "--no-input", "-v0"])
    print("- nakhon demo generate --database ...", flush=True)
    command = ["demo", "generate", "--scale", args.scale, "--seed", str(args.seed), "--database"]
    seconds, peak_rss = nakhon_measured(command)

    elements, relationships, nodes = stored_counts(args.database_url)
    print()
    print(f"Stored: {elements:,} elements, {relationships:,} relationships, {nodes:,} view nodes")
    print(f"  nakhon demo generate --database   {seconds:8.2f} s")
    print(f"  peak RSS                           {peak_rss / 1e6:8.0f} MB")
    verdict = "ok" if seconds < TARGET_SECONDS else "OVER TARGET"
    print(f"  time / target                      {seconds / TARGET_SECONDS:8.2f}   {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
