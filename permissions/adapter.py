"""Our async Casbin adapter on the casbin_rule table.

Written for tortoise 1.x (casbin-tortoise-adapter 2.0 is broken there): every
removal filters on ``ptype``, batches run in one transaction, and
``is_filtered`` is a plain ``def`` because pycasbin calls it without awaiting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from casbin.persist.adapter import load_policy_line
from casbin.persist.adapters.asyncio import AsyncAdapter
from tortoise.transactions import in_transaction

from governance.models import CasbinRule

FIELDS = ("v0", "v1", "v2", "v3", "v4", "v5")


class PolicyValueError(ValueError):
    """A value that would corrupt a policy line (a comma or a line break)."""


def _check(values: Sequence[str]) -> list[str]:
    if len(values) > len(FIELDS):
        raise PolicyValueError(f"A policy line has at most {len(FIELDS)} values.")
    for value in values:
        if any(ch in value for ch in ",\n\r") or value != value.strip():
            raise PolicyValueError(f"Policy value {value!r} may not hold commas or line breaks.")
    return list(values)


def _row(ptype: str, rule: Sequence[str]) -> CasbinRule:
    values = _check(rule)
    return CasbinRule(ptype=ptype, **dict(zip(FIELDS, values, strict=False)))


def _filter(ptype: str, rule: Sequence[str], start: int = 0) -> dict[str, str]:
    values = _check(rule)
    criteria = {"ptype": ptype}
    for offset, value in enumerate(values):
        if value:
            criteria[FIELDS[start + offset]] = value
    return criteria


class TortoiseAdapter(AsyncAdapter):
    async def load_policy(self, model: Any) -> None:
        rows = await CasbinRule.all().order_by("id").values_list("ptype", *FIELDS)
        for ptype, *values in rows:
            while values and values[-1] == "":
                values.pop()
            load_policy_line(", ".join([ptype, *values]), model)

    async def save_policy(self, model: Any) -> bool:
        rows = [
            _row(ptype, rule)
            for sec in ("p", "g")
            for ptype, assertion in model.model.get(sec, {}).items()
            for rule in assertion.policy
        ]
        await self.replace_all(rows)
        return True

    async def replace_all(self, rows: Iterable[CasbinRule]) -> None:
        async with in_transaction():
            await CasbinRule.all().delete()
            await CasbinRule.bulk_create(list(rows))

    async def add_policy(self, sec: str, ptype: str, rule: Sequence[str]) -> bool:
        await _row(ptype, rule).save()
        return True

    async def add_policies(self, sec: str, ptype: str, rules: Iterable[Sequence[str]]) -> bool:
        async with in_transaction():
            await CasbinRule.bulk_create([_row(ptype, rule) for rule in rules])
        return True

    async def remove_policy(self, sec: str, ptype: str, rule: Sequence[str]) -> bool:
        deleted = await CasbinRule.filter(**_filter(ptype, rule)).delete()
        return deleted > 0

    async def remove_policies(self, sec: str, ptype: str, rules: Iterable[Sequence[str]]) -> bool:
        deleted = 0
        async with in_transaction():
            for rule in rules:
                deleted += await CasbinRule.filter(**_filter(ptype, rule)).delete()
        return deleted > 0

    async def remove_filtered_policy(
        self, sec: str, ptype: str, field_index: int, *field_values: str
    ) -> bool:
        if not 0 <= field_index < len(FIELDS):
            return False
        deleted = await CasbinRule.filter(**_filter(ptype, field_values, field_index)).delete()
        return deleted > 0

    def is_filtered(self) -> bool:
        return False
