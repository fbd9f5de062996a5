"""The loaded Casbin policy, asked once per request and per kind of relation.

``enforce`` is synchronous and rescans every line, so answers are memoised
until the policy is reloaded; no caller ever enforces per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import casbin

from governance.models import CasbinRule
from permissions.adapter import FIELDS, TortoiseAdapter, _row

HERE = Path(__file__).parent
MODEL_PATH = HERE / "model.conf"
POLICY_PATH = HERE / "policy.csv"

# Every relation the facade knows how to turn into a SQL condition or a check.
RELATIONS = (
    "anyone",
    "signed_in",
    "admin",
    "communications",
    "member",
    "voting_member",
    "chair",
    "deputy_chair",
    "secretary",
    "observer",
    "named",
    "party",
    "owner",
    "committed_party",
    "self",
    "author",
)


class Policy:
    def __init__(self, enforcer: casbin.AsyncEnforcer) -> None:
        self._enforcer = enforcer
        self._memo: dict[tuple[str, str, str], bool] = {}

    def allows(self, subject: str, obj: str, action: str) -> bool:
        key = (subject, obj, action)
        answer = self._memo.get(key)
        if answer is None:
            answer = bool(self._enforcer.enforce(subject, obj, action))
            self._memo[key] = answer
        return answer

    def allows_any(self, subjects: Iterable[str], obj: str, action: str) -> bool:
        return any(self.allows(subject, obj, action) for subject in subjects)

    def relations_allowing(self, obj: str, action: str) -> tuple[str, ...]:
        return tuple(r for r in RELATIONS if self.allows(r, obj, action))


_current: Policy | None = None


def current_policy() -> Policy:
    if _current is None:
        raise RuntimeError("The access policy is not loaded: call permissions.policy.load().")
    return _current


async def load() -> Policy:
    """Read the policy from the database; later requests use it."""
    global _current
    enforcer = casbin.AsyncEnforcer(str(MODEL_PATH), TortoiseAdapter())
    await enforcer.load_policy()
    _current = Policy(enforcer)
    return _current


def file_lines() -> list[list[str]]:
    lines = []
    for raw in POLICY_PATH.read_text().splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            lines.append([part.strip() for part in line.split(",")])
    return lines


async def sync_from_file() -> bool:
    """Make the casbin_rule table hold exactly policy.csv; True when it changed."""
    wanted = [(ptype, *values) for ptype, *values in file_lines()]
    stored = await CasbinRule.all().order_by("id").values_list("ptype", *FIELDS)
    have = [tuple(v for v in row if v != "") for row in stored]
    if have == wanted:
        return False
    await TortoiseAdapter().replace_all(_row(ptype, values) for ptype, *values in wanted)
    return True


__all__ = ["Policy", "current_policy", "file_lines", "load", "sync_from_file"]
