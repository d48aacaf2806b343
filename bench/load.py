"""Production serving under load, against a trivial page served the same way in the same run.

    .venv/bin/python -m bench.load [--scale city|N] [--clients 50] [--seconds 60] [--think 0]
                                   [--database-url URL] [--redis-url URL] [--skip-generate]

One run (see bench/README.md):
  (a) the database named in the URL is dropped, created, migrated and given the synthetic city
      model (`nakhon demo generate --database`) and a staff account (not timed);
  (b) `nakhon serve` (gunicorn and a task worker) on 127.0.0.1 with PostgreSQL and Redis, in
      production settings (no debug, HTTPS off on loopback);
  (c) the reference: CLIENTS threads for SECONDS on the sign-in page (a template and a session
      look-up, no query of the model): the most a request costs this server at least;
  (d) the mix: CLIENTS threads for SECONDS, each request drawn from staff pages (element list,
      element page, services dashboard), Thai searches, API reads, API writes (each client
      renames an element of its own with the version it read) and impact analyses;
  (e) the lost-write check: every write answered 200 must show in its element's version.
Each client sends its next request as soon as the last one is answered (`--think 0`, a closed
loop: a saturation test, whose latencies are the clients' count over the throughput), or waits
first, like a person reading the page, between a half and one and a half times `--think` seconds.
It prints requests/s, p50 and p99 per kind of request, the errors, the lost writes, the ratios
to the reference and the targets (0 5xx, 0 lost writes, p99 < 300 ms for pages and < 500 ms for
impact analyses).
"""

import argparse
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field

from bench.import_exchange import DEFAULT_DATABASE_URL, nakhon, recreate_database

HOST, PORT = "127.0.0.1", 8765
USER, PASSWORD = "bench-load", "bench-load-Passw0rd!"
TARGET_PAGE_P99 = 0.300
TARGET_IMPACT_P99 = 0.500
# The mix, as weights: what staff do most is read pages and search.
MIX = {"page": 35, "search": 20, "api read": 20, "api write": 10, "impact": 15}
SEARCHES = ("ระบบ", "บริการ", "ข้อมูล", "กระบวนการ", "สำนักงานเขต")


@dataclass
class Tally:
    durations: dict = field(default_factory=lambda: defaultdict(list))
    statuses: dict = field(default_factory=lambda: defaultdict(int))
    writes: dict = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, status: int) -> None:
        with self.lock:
            self.durations[kind].append(seconds)
            self.statuses[status] += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--scale", default="city")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument(
        "--think", type=float, default=0.0, help="mean seconds a client waits between requests"
    )
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL.replace("bench", "load"))
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--skip-generate", action="store_true", help="reuse the database")
    args = parser.parse_args(argv)
    env = production_environment(args)
    os.environ.update(env)
    if not args.skip_generate:
        prepare_database(args)
    server = start_server(env)
    try:
        wait_until_ready()
        token = api_token()
        session = staff_session()
        targets = pick_targets(token, args.clients)
        print(
            f"- reference: {args.clients} clients on the sign-in page, {args.seconds:.0f} s, "
            f"{args.think:g} s think time"
        )
        reference = run_clients(args, lambda rng, i: ("reference", "GET", "/login/", {}, None))
        print(
            f"- the mix: {args.clients} clients, {args.seconds:.0f} s, {args.think:g} s think time"
        )
        mix = run_clients(args, mixed_request(token, session, targets))
        lost = lost_writes(token, targets, mix)
    finally:
        stop_server(server)
    return report(args, reference, mix, lost)


def production_environment(args) -> dict:
    return {
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "NAKHON_SECRET_KEY": "bench-load-" + "x" * 50,
        "NAKHON_ALLOWED_HOSTS": HOST,
        "NAKHON_BIND": f"{HOST}:{PORT}",
        "NAKHON_LOG_LEVEL": "ERROR",
        "NAKHON_REQUEST_LOG_LEVEL": "ERROR",
        # The load generator is one address: the per-address throttle must not stop it.
        "NAKHON_LOGIN_FAILURE_LIMIT": "1000000",
    }


def prepare_database(args) -> None:
    print(f"- database {args.database_url}: the {args.scale} model and a staff account")
    recreate_database(args.database_url)
    nakhon(["migrate", "--no-input", "-v0"])
    nakhon(["demo", "generate", "--scale", args.scale, "--database"])
    nakhon(
        ["createsuperuser", "--no-input", "--username", USER, "--email", "bench@localhost"],
        {"DJANGO_SUPERUSER_PASSWORD": PASSWORD},
    )


def start_server(env: dict) -> subprocess.Popen:
    command = [sys.executable, "-m", "nakhon.manage", "serve"]
    return subprocess.Popen(command, env={**os.environ, **env}, start_new_session=True)


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def wait_until_ready(timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if request("GET", "/readyz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not become ready")


def request(method: str, path: str, headers=None, body=None, connection=None):
    """(status, parsed JSON or None) of one request on a kept-alive connection."""
    own = connection is None
    connection = connection or http.client.HTTPConnection(HOST, PORT, timeout=60)
    payload = json.dumps(body).encode() if body is not None else None
    headers = {**(headers or {}), **({"Content-Type": "application/json"} if payload else {})}
    connection.request(method, path, body=payload, headers=headers)
    response = connection.getresponse()
    data = response.read()
    if own:
        connection.close()
    kind = response.getheader("Content-Type", "")
    return response.status, json.loads(data) if kind.startswith("application/json") else None


def api_token() -> str:
    credentials = {"username": USER, "password": PASSWORD}
    status, data = request("POST", "/api/auth/token/", body=credentials)
    if status != 200:
        raise SystemExit(f"no API token: {status} {data}")
    return data["token"]


def staff_session() -> str:
    """A session cookie for the staff pages, made by Django itself (no form to scrape)."""
    code = (
        "from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, "
        "HASH_SESSION_KEY; from django.contrib.sessions.backends.db import SessionStore; "
        f"u = get_user_model().objects.get(username='{USER}'); s = SessionStore(); "
        "s[SESSION_KEY] = str(u.pk); "
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'; "
        "s[HASH_SESSION_KEY] = u.get_session_auth_hash(); s.create(); print(s.session_key)"
    )
    output = subprocess.run(
        [sys.executable, "-m", "nakhon.manage", "shell", "-c", code],
        check=True,
        capture_output=True,
        text=True,
    )
    return output.stdout.strip().splitlines()[-1]


def pick_targets(token: str, clients: int) -> list[dict]:
    """One application element per client to rename (no two clients write the same row), and
    its version as read."""
    auth = {"Authorization": f"Token {token}"}
    path = f"/api/repository/elements/?type=ApplicationComponent&limit={clients}"
    status, data = request("GET", path, auth)
    if status != 200 or len(data["results"]) < clients:
        raise SystemExit(f"not enough applications to write: {status}")
    return [{"id": row["id"], "version": row["version"]} for row in data["results"]]


def mixed_request(token: str, session: str, targets: list[dict]):
    api = {"Authorization": f"Token {token}"}
    page = {"Cookie": f"sessionid={session}"}
    element_ids = [t["id"] for t in targets]

    def draw(rng: random.Random, client: int):
        kind = rng.choices(list(MIX), weights=list(MIX.values()))[0]
        element = rng.choice(element_ids)
        if kind == "page":
            path = rng.choice(
                ["/repository/elements/", f"/repository/elements/{element}/", "/services/"]
            )
            return kind, "GET", path, page, None
        if kind == "search":
            query = urllib.parse.urlencode({"q": rng.choice(SEARCHES)})
            return kind, "GET", f"/repository/elements/?{query}", page, None
        if kind == "api read":
            path = rng.choice(
                ["/api/repository/elements/?limit=50", f"/api/repository/elements/{element}/"]
            )
            return kind, "GET", path, api, None
        if kind == "impact":
            query = urllib.parse.urlencode({"element": element, "direction": "up", "depth": 4})
            return kind, "GET", f"/api/analysis/impact/?{query}", api, None
        target = targets[client]
        body = {"name": f"ระบบทดสอบภาระ {rng.randrange(10**6)}", "version": target["version"]}
        return kind, "PATCH", f"/api/repository/elements/{target['id']}/", api, body

    draw.targets = targets
    return draw


def run_clients(args, draw) -> Tally:
    tally = Tally()
    stop_at = time.monotonic() + args.seconds

    def client(index: int) -> None:
        rng = random.Random(index)
        connection = http.client.HTTPConnection(HOST, PORT, timeout=60)
        time.sleep(rng.uniform(0, args.think))  # people do not all arrive at once
        while time.monotonic() < stop_at:
            kind, method, path, headers, body = draw(rng, index)
            started = time.perf_counter()
            try:
                status, data = request(method, path, headers, body, connection)
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(HOST, PORT, timeout=60)
                status, data = 599, None  # no answer at all counts as a server error
            tally.add(kind, time.perf_counter() - started, status)
            if kind == "api write" and status == 200:
                draw.targets[index]["version"] = data["version"]
                with tally.lock:
                    tally.writes[draw.targets[index]["id"]] += 1
            elif kind == "api write" and status == 409:
                draw.targets[index]["version"] = data["current_version"]
            if args.think:
                time.sleep(
                    min(rng.uniform(0.5, 1.5) * args.think, max(0, stop_at - time.monotonic()))
                )
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def lost_writes(token: str, targets: list[dict], mix: Tally) -> int:
    """Writes answered 200 that the stored version does not count."""
    lost = 0
    for target in targets:
        status, data = request(
            "GET", f"/api/repository/elements/{target['id']}/", {"Authorization": f"Token {token}"}
        )
        started = target["version"] - mix.writes.get(target["id"], 0)
        lost += max(0, mix.writes.get(target["id"], 0) - (data["version"] - started))
    return lost


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def report(args, reference: Tally, mix: Tally, lost: int) -> int:
    def line(label: str, durations: list[float]) -> tuple[float, float, float]:
        rate = len(durations) / args.seconds
        p50, p99 = percentile(durations, 0.50), percentile(durations, 0.99)
        print(
            f"  {label:<12} {len(durations):>7} {rate:>8.1f}/s  p50 {p50 * 1000:>7.1f} ms"
            f"  p99 {p99 * 1000:>8.1f} ms"
        )
        return rate, p50, p99

    print("\nkind           requests     rate       p50            p99")
    ref_rate, ref_p50, ref_p99 = line("reference", reference.durations["reference"])
    every = [d for durations in mix.durations.values() for d in durations]
    rate, p50, p99 = line("mix (all)", every)
    per_kind = {kind: line(kind, mix.durations[kind]) for kind in MIX}
    errors = sum(n for status, n in mix.statuses.items() if status >= 500)
    ref_errors = sum(n for status, n in reference.statuses.items() if status >= 500)
    print(f"\nstatuses of the mix: {dict(sorted(mix.statuses.items()))}")
    print(f"server errors: mix {errors}, reference {ref_errors}; lost writes: {lost}")
    print(
        f"mix / reference: rate {rate / ref_rate:.2f}, p50 {p50 / ref_p50:.1f}x, "
        f"p99 {p99 / ref_p99:.1f}x"
    )
    page_p99 = percentile(mix.durations["page"] + mix.durations["search"], 0.99)
    impact_p99 = per_kind["impact"][2]
    checks = [
        ("0 server errors", errors == 0),
        ("0 lost writes", lost == 0),
        (f"pages p99 {page_p99 * 1000:.0f} ms < 300 ms", page_p99 < TARGET_PAGE_P99),
        (f"impact p99 {impact_p99 * 1000:.0f} ms < 500 ms", impact_p99 < TARGET_IMPACT_P99),
    ]
    for label, ok in checks:
        print(f"  {'met ' if ok else 'MISSED'} {label}")
    return 0 if all(ok for _label, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
