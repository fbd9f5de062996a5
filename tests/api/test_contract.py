"""The public contract: we may add to it, never remove, rename or narrow."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from graphql import build_schema, find_breaking_changes

from schema import build_schema as build_indaba_schema

ROOT = Path(__file__).resolve().parents[2]
# The partners' contract, as published beside the repository; a copy is kept in
# schema/contract.graphql so the check runs on any clone.
PUBLISHED = ROOT.parent / "shared" / "contract" / "schema.graphql"
COPY = ROOT / "schema" / "contract.graphql"
CONTRACT = PUBLISHED if PUBLISHED.exists() else COPY
COMMITTED = ROOT / "schema" / "schema.graphql"


def actual_sdl() -> str:
    return build_indaba_schema().as_str()


def test_the_contract_has_no_breaking_changes():
    contract = build_schema(CONTRACT.read_text())
    actual = build_schema(actual_sdl())
    assert [
        f"{c.type.name}: {c.description}" for c in find_breaking_changes(contract, actual)
    ] == []


def test_the_committed_schema_is_what_export_schema_prints():
    printed = subprocess.run(
        [sys.executable, "-m", "server", "export-schema"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert printed == COMMITTED.read_text(), "run `make schema` and commit schema/schema.graphql"


def test_the_committed_schema_keeps_the_contract():
    contract = build_schema(CONTRACT.read_text())
    committed = build_schema(COMMITTED.read_text())
    assert find_breaking_changes(contract, committed) == []


def test_the_kept_copy_of_the_contract_is_the_published_one():
    if PUBLISHED.exists():
        assert COPY.read_text() == PUBLISHED.read_text()
    assert find_breaking_changes(build_schema(COPY.read_text()), build_schema(actual_sdl())) == []
