"""The public portal's pages on the demo: how long each takes to answer.

    python -m bench.portal_pages [--requests 20] [--language en]

Loads the demo into a fresh SQLite file, serves it with uvicorn in its own process (as
`make run` does), finds every portal page by following the links from `/` (pages only:
no feed, calendar, download or open-data file), then asks each page `requests` times, one
request at a time on one keep-alive connection, as an anonymous visitor. A time is taken at
the client, from the request sent to the whole answer read: the server's time plus the
loopback's (under a millisecond), so an upper bound of the server time. The report gives,
for each kind of page (its first path segment), how many there are, and the median and the
slowest page's median and 95th percentile. Issue 15 asks every page to answer under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from html import unescape
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import httpx

from bench.server import HOST, environment, serving

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r'href="(/[^"]*)"')
SKIPPED = ("/admin", "/graphql", "/static", "/feeds", "/open-data/", "/language", "/healthz")
BUDGET_MS = 50.0


def _load_demo(database_url: str) -> None:
    env = {**environment(database_url), "INDABA_ENV": "development"}
    for command in ("migrate", "demo"):
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "server", command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def _is_page(path: str) -> bool:
    return not path.startswith(SKIPPED) and not re.search(r"\.(ics|atom|csv|json|pdf|xml)$", path)


def crawl(client: httpx.Client, limit: int) -> list[str]:
    """Every portal page reachable from `/`, in the order found (at most `limit`)."""
    seen, queue = {"/"}, ["/"]
    pages: list[str] = []
    while queue and len(pages) < limit:
        path = queue.pop(0)
        answer = client.get(path)
        if answer.status_code != 200 or "text/html" not in answer.headers.get("content-type", ""):
            continue
        pages.append(path)
        for found in LINK.findall(answer.text):
            link = urldefrag(unescape(found))[0]
            if link not in seen and _is_page(urlsplit(link).path):
                seen.add(link)
                queue.append(link)
    return pages


def kind(path: str) -> str:
    first = urlsplit(path).path.strip("/").split("/")[0]
    return "/" + first + ("/…" if urlsplit(path).path.strip("/").count("/") else "")


def measure(client: httpx.Client, path: str, requests: int) -> list[float]:
    client.get(path)  # warm: templates compiled, caches filled
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        answer = client.get(path)
        answer.read()
        times.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200:
            raise SystemExit(f"{path} answered {answer.status_code}")
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.portal_pages", description=__doc__)
    parser.add_argument("--requests", type=int, default=20, help="per page")
    parser.add_argument("--language", default="en", help="the visitor's Accept-Language")
    parser.add_argument("--limit", type=int, default=400, help="pages at most")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{folder}/indaba.sqlite3"
        started = time.monotonic()
        _load_demo(database_url)
        print(f"demo loaded in {time.monotonic() - started:.1f} s")
        with serving(database_url) as port:
            headers = {"accept-language": args.language}
            with httpx.Client(base_url=f"http://{HOST}:{port}", headers=headers) as client:
                pages = crawl(client, args.limit)
                by_kind: dict[str, list[tuple[str, list[float]]]] = defaultdict(list)
                for path in pages:
                    by_kind[kind(path)].append((path, measure(client, path, args.requests)))
    print(
        f"{len(pages)} pages, {args.requests} requests each, Accept-Language {args.language}, "
        f"SQLite, one uvicorn worker, {os.cpu_count()} cores"
    )
    print(f"  {'page':<18}{'pages':>6}{'p50 ms':>9}{'slowest p50':>13}{'slowest p95':>13}  slowest")
    worst = 0.0
    for name, measured in sorted(by_kind.items()):
        medians = [(statistics.median(times), path, times) for path, times in measured]
        slow_median, slow_path, slow_times = max(medians)
        p95 = statistics.quantiles(slow_times, n=20)[-1] if len(slow_times) > 1 else slow_median
        overall = statistics.median(t for _, times in measured for t in times)
        worst = max(worst, slow_median)
        print(
            f"  {name:<18}{len(measured):>6}{overall:>9.1f}{slow_median:>13.1f}{p95:>13.1f}"
            f"  {slow_path}"
        )
    verdict = "within" if worst < BUDGET_MS else "OVER"
    print(f"slowest page's median: {worst:.1f} ms, {verdict} the {BUDGET_MS:.0f} ms budget")
    return 0 if worst < BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
