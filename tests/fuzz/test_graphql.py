"""Generated queries and mutations, each run as four roles against the real app and a
populated world: whatever is asked, the answer is data or contract errors, never INTERNAL,
never a 5xx, and the service still answers afterwards.

The run is seeded (derandomize) and keeps no example database, so CI runs the same cases
every time; INDABA_FUZZ_EXAMPLES=5000 runs a longer campaign locally. A failure prints the
role, the operation and the answer: paste the operation into GraphiQL as that role.
Each operation is sent by every role, in turn (drawing a rich operation from the schema
costs about as much as four requests, and the same operation is worth asking as each).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest_asyncio
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.fuzz.conftest import ROLES, Fuzz
from tests.fuzz.strategies import operations

EXAMPLES = int(os.environ.get("INDABA_FUZZ_EXAMPLES", "500"))

SEEDED = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    # No shrinking: the world changes as the run goes on, so a smaller case would not
    # meet the same state; the failure names the role, the operation and the answer.
    phases=[Phase.explicit, Phase.generate],
    # One world for the whole run, shared by its examples on purpose: later cases act on
    # what earlier ones created.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


@pytest_asyncio.fixture
async def campaign(fuzzers: dict[str, Fuzz]) -> AsyncIterator[tuple[dict[str, Fuzz], object]]:
    yield fuzzers, operations(fuzzers["anonymous"].pools)
    for role, fuzz in fuzzers.items():
        print(f"\n{role}: {fuzz.cases} cases, answers {dict(sorted(fuzz.codes.items()))}")
        assert fuzz.cases >= EXAMPLES, f"only {fuzz.cases} cases ran as {role}"


@SEEDED
@given(data=st.data())
async def test_generated_operations_get_contract_answers(campaign, data: st.DataObject):
    fuzzers, strategy = campaign
    operation = data.draw(strategy, label="operation")
    for role in ROLES:
        await fuzzers[role].send(operation)
