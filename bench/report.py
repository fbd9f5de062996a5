"""The readable table, the targets of issue 10, and `python -m bench compare a.json b.json`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCALING_NAMES = {
    "first_query": "README first query",
    "nested": "committees>meetings>motions>votes",
    "total_count": "totalCount",
    "total_count_after_write": "totalCount, first after a write",
    "search": "search",
    "deep_page": "deep page (9/10 down)",
}
# Shown beside the targets, not one of them: what a count costs when the record has just
# changed (governance.counts keeps a count until the next write).
NOT_TARGETS = {"total_count_after_write"}
CASE_TARGETS = {"one_object": 0.5, "hundred_with_committee": 0.45, "thousand": 0.35}


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of the issue this run measured: its value and whether it is met."""
    out: list[dict[str, Any]] = []

    def add(name: str, value: float, target: str, met: bool) -> None:
        out.append({"target": name, "value": value, "wanted": target, "met": met})

    for engine, cases in results.get("comparison", {}).items():
        for case, row in cases.items():
            wanted = CASE_TARGETS[case]
            add(
                f"{engine} GraphQL/hand-written {case}",
                row["ratio"],
                f">= {wanted}",
                row["ratio"] >= wanted,
            )
    for engine, table in results.get("scaling", {}).items():
        for query, row in table.items():
            ratio = row.get("ratio")
            if ratio is not None and query not in NOT_TARGETS:
                add(f"{engine} {query} p50 {row['ratio_of']}", ratio, "<= 1.5", ratio <= 1.5)
    concurrency = results.get("concurrency", {})
    if "sqlite" in concurrency:
        c = concurrency["sqlite"]
        add("sqlite 50 clients p99/p50", c["p99_over_p50"], "<= 3", c["p99_over_p50"] <= 3)
        add("sqlite 50 clients errors", c["errors"], "0", c["errors"] == 0)
    if "postgres" in concurrency and "vs_sqlite" in concurrency["postgres"]:
        v = concurrency["postgres"]["vs_sqlite"]
        add("postgres 2 workers throughput / sqlite", v, ">= 2", v >= 2)
    wire = results.get("bytes", {})
    if "admin" in wire:
        first, later = wire["admin"]["first_load_bytes"], wire["admin"]["later_max_bytes"]
        add("admin first load bytes", first, "<= 61440", first <= 60 * 1024)
        add("admin later page bytes (max)", later, "<= 15360", later <= 15 * 1024)
    if "graphql_100" in wire:
        r = wire["graphql_100"]["ratio"]
        add("100-object GraphQL answer gzip ratio", r, ">= 4", r >= 4)
    return out


def table(results: dict[str, Any]) -> str:
    lines = []
    meta = results["meta"]
    lines.append(f"Indaba benchmark  {meta['started']}  commit {meta['commit']}")
    lines.append(
        f"machine: {meta['cpus']} cores; load average at start {meta['load_start']}, at end {meta.get('load_end', '?')}"
    )
    if meta.get("load_during"):
        during = ", ".join(f"{k} {v}" for k, v in meta["load_during"].items())
        lines.append(f"load average when each data set was measured: {during}")
    lines.append(f"client: {meta['client']}")
    if meta.get("server_stack"):
        lines.append(f"server: uvicorn on {meta['server_stack']}")
    for note in meta.get("notes", []):
        lines.append(f"note: {note}")
    if results.get("generation"):
        lines.append("")
        lines.append("Data sets (generation seconds; 'cached' = reused)")
        for key, seconds in results["generation"].items():
            lines.append(f"  {key:<16} {'cached' if seconds is None else f'{seconds:.1f} s'}")
    for engine, table_ in results.get("scaling", {}).items():
        sizes = results["meta"]["sizes"]
        lines.append("")
        lines.append(f"Scaling on {engine}: p50 / p95 ms (statements per request), one client")
        header = f"  {'query':<34}" + "".join(f"{s:>22}" for s in sizes) + f"{'p50 ratio':>18}"
        lines.append(header)
        for query, row in table_.items():
            cells = ""
            for size in sizes:
                cell = row.get(size)
                cells += (
                    f"{cell['p50_ms']:>8.1f} /{cell['p95_ms']:>7.1f} ({cell['statements']:>2})"
                    if cell
                    else f"{'-':>22}"
                )
            ratio = row.get("ratio")
            tail = f"{ratio:>8.2f}x {row['ratio_of']}" if ratio is not None else ""
            lines.append(f"  {SCALING_NAMES.get(query, query):<34}{cells}  {tail}")
    for engine, cases in results.get("comparison", {}).items():
        lines.append("")
        meta_c = results["meta"]["comparison"]
        lines.append(
            f"GraphQL vs hand-written on {engine} {meta_c['size']} ({meta_c['clients']} connections, "
            f"{meta_c['rounds']} interleaved rounds of {meta_c['seconds']} s; answers byte-identical)"
        )
        lines.append(
            f"  {'case':<26}{'decisions':>10}{'GraphQL req/s':>15}{'hand req/s':>12}{'ratio':>8}{'p50 ms G/H':>16}"
        )
        for case, row in cases.items():
            lines.append(
                f"  {case:<26}{row['objects']:>10}{row['graphql_rps']:>15.1f}{row['hand_rps']:>12.1f}"
                f"{row['ratio']:>8.3f}{row['graphql_p50_ms']:>8.1f}/{row['hand_p50_ms']:.1f}"
                f"  ({row.get('statements', '?')} statements)"
            )
    if results.get("concurrency"):
        lines.append("")
        lines.append("Concurrency: a committee member's token, clients reading back to back")
        for engine, row in results["concurrency"].items():
            extra = f"  {row['vs_sqlite']:.2f}x SQLite's throughput" if "vs_sqlite" in row else ""
            lines.append(
                f"  {engine:<10} workers {row['workers']}  {row['clients']} clients  {row['throughput_rps']:>7.1f} req/s  "
                f"p50 {row['p50_ms']:.0f} ms  p99 {row['p99_ms']:.0f} ms ({row['p99_over_p50']:.2f}x)  "
                f"errors {row['errors']}, {row.get('statements', '?')} statements{extra}"
            )
    wire = results.get("bytes", {})
    if wire:
        lines.append("")
        lines.append("Bytes on the wire (response bodies, gzip)")
        if "admin" in wire:
            admin = wire["admin"]
            parts = ", ".join(f"{p} {n:,}" for p, n in admin["first_load"].items())
            lines.append(
                f"  admin first load (secretary): {admin['first_load_bytes']:,} B = {parts}"
            )
            later = ", ".join(f"{p} {n:,}" for p, n in admin["later_pages"].items())
            lines.append(f"  admin later pages: {later}")
        if "graphql_100" in wire:
            g = wire["graphql_100"]
            lines.append(
                f"  100 decisions with committee: {g['plain_bytes']:,} B plain, {g['gzip_bytes']:,} B gzip ({g['ratio']}x)"
            )
    for note in results.get("skipped", []):
        lines.append(f"skipped: {note}")
    found = targets(results)
    if found:
        lines.append("")
        lines.append("Targets of issue 10")
        for t in found:
            mark = "met" if t["met"] else "NOT met"
            lines.append(f"  {t['target']:<52}{t['value']!s:>12}  wanted {t['wanted']:<9} {mark}")
    return "\n".join(lines)


def _leaves(data: Any, prefix: str = "") -> dict[str, float]:
    out: dict[str, float] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(_leaves(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(data, int | float) and not isinstance(data, bool):
        out[prefix] = float(data)
    return out


def compare(before_path: Path, after_path: Path) -> str:
    """Every number both runs measured, side by side, with after / before."""
    before, after = (json.loads(p.read_text()) for p in (before_path, after_path))
    a, b = (
        _leaves({k: v for k, v in before.items() if k != "meta"}),
        _leaves({k: v for k, v in after.items() if k != "meta"}),
    )
    lines = [f"{'measure':<70}{'before':>12}{'after':>12}{'after/before':>14}"]
    for key in a:
        if key in b:
            ratio = f"{b[key] / a[key]:.2f}" if a[key] else "-"
            lines.append(f"{key:<70}{a[key]:>12.6g}{b[key]:>12.6g}{ratio:>14}")
    return "\n".join(lines)
