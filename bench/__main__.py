"""`python -m bench` (what `make bench` runs) and `python -m bench compare a.json b.json`."""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import datasets, measure, queries
from bench.client import LoadResult, graphql
from bench.datasets import CACHE, ROOT, SECRET_KEY, DataSet, connected
from bench.generate import MEMBER_EMAIL, SIZES
from bench.report import compare, table
from bench.server import QUERY_BUDGET, BenchError, load_demo, serving
from governance import counts

RESULTS = ROOT / "bench" / "results" / "latest.json"
CLIENT = (
    "raw asyncio streams, HTTP/1.1 keep-alive, no decompression (bench/client.py), in one "
    "process on the same 2 cores as the server: the load generator competes with it"
)


def _load() -> str:
    return (
        " ".join(Path("/proc/loadavg").read_text().split()[:3])
        if Path("/proc/loadavg").exists()
        else "?"
    )


def _commit() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603, S607
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + ("-dirty" if git("status", "--porcelain", "--untracked-files=no") else "")


def options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="1k,10k,100k", help="of 1k, 10k, 100k")
    parser.add_argument("--databases", default="sqlite,postgres", help="of sqlite, postgres")
    parser.add_argument(
        "--rounds", type=int, default=3, help="interleaved rounds of the comparison"
    )
    parser.add_argument("--slice", type=float, default=1.5, help="seconds per comparison run")
    parser.add_argument("--min-requests", type=int, default=12, help="per scaling query and size")
    parser.add_argument("--min-seconds", type=float, default=1.5, help="per scaling query and size")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--concurrency-seconds", type=float, default=8.0)
    parser.add_argument(
        "--no-bytes", action="store_true", help="skip the admin's bytes (demo data)"
    )
    parser.add_argument(
        "--keep-postgres", action="store_true", help="leave a cluster started here running"
    )
    # uvicorn's own options; "auto" takes uvloop and httptools when they are installed.
    parser.add_argument("--loop", default="auto", choices=("auto", "asyncio", "uvloop"))
    parser.add_argument("--http", default="auto", choices=("auto", "h11", "httptools"))
    parser.add_argument("--out", type=Path, default=RESULTS, help="the JSON results")
    # One part in a child process of its own (see `part`).
    parser.add_argument("--part", choices=("sqlite", "postgres", "bytes"), help=argparse.SUPPRESS)
    parser.add_argument("--part-out", type=Path, help=argparse.SUPPRESS)
    chosen = parser.parse_args(argv)
    chosen.sizes = [s.strip() for s in chosen.sizes.split(",") if s.strip()]
    chosen.databases = [d.strip() for d in chosen.databases.split(",") if d.strip()]
    for size in chosen.sizes:
        if size not in SIZES:
            parser.error(f"unknown size {size!r}: choose among {', '.join(SIZES)}")
    for engine in chosen.databases:
        if engine not in ("sqlite", "postgres"):
            parser.error(f"unknown database {engine!r}: sqlite or postgres")
    chosen.sizes.sort(key=SIZES.__getitem__)
    return chosen


async def _data_sets(
    engine: str, chosen: argparse.Namespace, results: dict[str, Any], server_url: str | None
) -> list[DataSet]:
    found = []
    for label in chosen.sizes:
        print(f"data set {engine} {label} ...", flush=True)
        if engine == "sqlite":
            data_set, seconds = await datasets.sqlite_set(label, SIZES[label])
        else:
            assert server_url is not None
            data_set, seconds = await datasets.postgres_set(server_url, label, SIZES[label])
        results["generation"][f"{engine}/{label}"] = None if seconds is None else round(seconds, 1)
        found.append(data_set)
    return found


async def _engine(
    engine: str, sets: list[DataSet], chosen: argparse.Namespace, results: dict[str, Any]
) -> None:
    largest = sets[-1]
    scaling: dict[str, dict[str, Any]] = results["scaling"].setdefault(engine, {})
    for data_set in sets:
        async with connected(data_set.url):
            prepared = await measure.prepare(data_set.url, MEMBER_EMAIL)
        load = _load()
        results["meta"].setdefault("load_during", {})[f"{engine}/{data_set.label}"] = load
        print(f"measuring {engine} {data_set.label} (load {load}) ...", flush=True)
        with serving(data_set.url, loop=chosen.loop, http=chosen.http) as port:
            for name, request in measure.scaling_requests(prepared).items():
                async with connected(data_set.url):
                    # "After a write": the record's version moved before each request, as
                    # any write does, so the count is taken afresh (governance.counts).
                    timing = await measure.latency(
                        port,
                        request,
                        min_requests=chosen.min_requests,
                        min_seconds=chosen.min_seconds,
                        before_each=counts.move if name.endswith("_after_write") else None,
                    )
                scaling.setdefault(name, {})[data_set.label] = {
                    "p50_ms": round(timing.p50_ms, 2),
                    "p95_ms": round(timing.p95_ms, 2),
                    "requests": timing.requests,
                    "statements": prepared.statements[name],
                }
            if data_set is not largest:
                continue
            print(
                f"comparing GraphQL with hand-written endpoints on {engine} {data_set.label} ...",
                flush=True,
            )
            results["comparison"][engine] = await measure.compare_throughput(
                port, prepared, rounds=chosen.rounds, seconds=chosen.slice
            )
            for case, row in results["comparison"][engine].items():
                row["statements"] = prepared.statements[case]
            results["meta"]["comparison"] = {
                "size": data_set.label, "clients": 10, "rounds": chosen.rounds, "seconds": chosen.slice,
            }  # fmt: skip
            if engine == "sqlite":
                results["bytes"]["graphql_100"] = await measure.compression(
                    port, graphql(queries.HUNDRED)
                )
        if data_set is largest:
            # Measured later, SQLite and PostgreSQL interleaved (see `_concurrency`).
            results["_concurrency"][engine] = {
                "url": data_set.url,
                "token": prepared.token,
                "size": data_set.label,
                "statements": prepared.statements["member"],
            }
    smallest = sets[0]
    if largest is not smallest:
        for timings in scaling.values():
            timings["ratio"] = round(
                timings[largest.label]["p50_ms"] / timings[smallest.label]["p50_ms"], 2
            )
            timings["ratio_of"] = f"@{largest.label}/@{smallest.label}"


def _demo_database(path: Path) -> None:
    """`python -m server migrate` and `demo` into a new file, renamed once complete."""
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for leftover in CACHE.glob(partial.name + "*"):
        leftover.unlink()
    load_demo(f"sqlite://{partial}")
    partial.rename(path)


async def _admin_bytes(results: dict[str, Any], chosen: argparse.Namespace) -> None:
    """The demo programme (its own cached SQLite file), the secretary signed in."""
    from governance.models import Person
    from server import sessions

    path = CACHE / f"{datasets.cache_key()}-demo.sqlite3"
    url = f"sqlite://{path}"
    if not path.is_file():
        await asyncio.to_thread(_demo_database, path)
    async with connected(url):
        secretary = await Person.get(email="secretary@example.org")
        value, _ = sessions.issue(secretary.id, secretary.session_version, SECRET_KEY)
    print("measuring the admin's bytes (demo, secretary) ...", flush=True)
    with serving(url, loop=chosen.loop, http=chosen.http) as port:
        results["bytes"]["admin"] = await measure.admin_bytes(port, f"{sessions.COOKIE}={value}")


def _empty() -> dict[str, Any]:
    return {
        "generation": {},
        "scaling": {},
        "comparison": {},
        "concurrency": {},
        "bytes": {},
        "skipped": [],
        "meta": {},
        "_concurrency": {},  # the parts' hand-over to `_concurrency`; never written out
    }


async def part(name: str, chosen: argparse.Namespace) -> dict[str, Any]:
    """One part of the run, alone in its process: Tortoise keeps per-process state bound to
    the first database engine it met, so SQLite and PostgreSQL never share a process."""
    results = _empty()
    if name == "bytes":
        await _admin_bytes(results, chosen)
    elif name == "sqlite":
        await _engine(name, await _data_sets(name, chosen, results, None), chosen, results)
    else:
        cluster = await datasets.start_cluster()
        print(cluster.message, flush=True)
        if cluster.url is None:
            results["skipped"].append(cluster.message)
            return results
        # Stopped by the parent once the concurrency run is over (it serves this cluster).
        results["meta"]["postgres_started_here"] = cluster.started_here
        data_sets = await _data_sets(name, chosen, results, cluster.url)
        await _engine(name, data_sets, chosen, results)
    return results


async def _concurrency(
    targets: dict[str, dict[str, Any]], chosen: argparse.Namespace, results: dict[str, Any]
) -> None:
    """50 clients as a member, SQLite (one worker) and PostgreSQL (two) taking turns, the
    order swapped every round, so that both meet the same neighbours on a shared machine."""
    workers = {"sqlite": 1, "postgres": 2}
    engines = [e for e in ("sqlite", "postgres") if e in targets]
    found: dict[str, LoadResult] = {e: LoadResult() for e in engines}
    rounds = 2
    for round_ in range(rounds):
        for engine in engines if round_ % 2 == 0 else engines[::-1]:
            target = targets[engine]
            print(
                f"{chosen.clients} concurrent clients on {engine}, {workers[engine]} "
                f"worker(s), round {round_ + 1} of {rounds} ...",
                flush=True,
            )
            with serving(
                target["url"], workers=workers[engine], loop=chosen.loop, http=chosen.http
            ) as port:
                request = graphql(queries.MEMBER, token=target["token"])
                result = await measure.concurrent(
                    port, request, clients=chosen.clients, seconds=chosen.concurrency_seconds / 2
                )
            total = found[engine]
            total.latencies += result.latencies
            total.seconds += result.seconds
            total.errors += result.errors
            total.first_error = total.first_error or result.first_error
    for engine in engines:
        target = targets[engine]
        results["concurrency"][engine] = {
            "workers": workers[engine],
            "size": target["size"],
            "statements": target["statements"],
            **measure.summary(found[engine], chosen.clients),
        }


def run(chosen: argparse.Namespace, argv: list[str]) -> dict[str, Any]:
    results = _empty()
    results["meta"] = {
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_start": _load(),
        "client": CLIENT,
        # "auto": uvicorn picks uvloop and httptools when installed (uvicorn[standard]).
        "server_stack": " + ".join(
            chosen_ if chosen_ != "auto" else fast if importlib.util.find_spec(fast) else slow
            for chosen_, fast, slow in (
                (chosen.loop, "uvloop", "asyncio"),
                (chosen.http, "httptools", "h11"),
            )
        ),
        "sizes": chosen.sizes,
        "databases": chosen.databases,
        "data_set_key": datasets.cache_key(),
        "notes": [
            "server: uvicorn (bench.app:create) in its own process, INDABA_ENV=production, "
            f"rate limit off, query budget {QUERY_BUDGET:,} (the nested query is priced above "
            "25,000); latencies over HTTP, statements counted in-process (tortoise.db_client)",
        ],
    }
    started = time.perf_counter()
    parts = [*chosen.databases, *([] if chosen.no_bytes else ["bytes"])]
    with tempfile.TemporaryDirectory(prefix="indaba-bench-") as folder:
        for name in parts:
            out = Path(folder) / f"{name}.json"
            command = [sys.executable, "-m", "bench", *argv, "--part", name, "--part-out", str(out)]
            if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:  # noqa: S603
                raise BenchError(f"the {name} part failed (see above)")
            found = json.loads(out.read_text())
            during = found["meta"].pop("load_during", {})
            results["meta"].setdefault("load_during", {}).update(during)
            for section, value in found.items():
                if isinstance(value, list):
                    results[section] += value
                else:
                    results[section].update(value)
    targets = results.pop("_concurrency")
    try:
        if targets:
            asyncio.run(_concurrency(targets, chosen, results))
    finally:
        if results["meta"].pop("postgres_started_here", False) and not chosen.keep_postgres:
            datasets.stop_cluster()
    sqlite, postgres = results["concurrency"].get("sqlite"), results["concurrency"].get("postgres")
    if sqlite and postgres and sqlite["throughput_rps"]:
        postgres["vs_sqlite"] = round(postgres["throughput_rps"] / sqlite["throughput_rps"], 2)
    results["meta"]["load_end"] = _load()
    results["meta"]["seconds"] = round(time.perf_counter() - started, 1)
    return results


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["compare"]:
        if len(argv) != 3:
            print("usage: python -m bench compare before.json after.json", file=sys.stderr)
            return 2
        print(compare(Path(argv[1]), Path(argv[2])))
        return 0
    chosen = options(argv)
    try:
        if chosen.part:
            found = asyncio.run(part(chosen.part, chosen))
            chosen.part_out.write_text(json.dumps(found))
            return 0
        results = run(chosen, argv)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    chosen.out.parent.mkdir(parents=True, exist_ok=True)
    chosen.out.write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(table(results))
    print(f"\n{results['meta']['seconds']:.0f} s in all; results in {chosen.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
