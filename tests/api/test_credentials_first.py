"""Authentication before validation: every mutation of the schema, sent without credentials,
is UNAUTHENTICATED whatever its arguments — well-formed, malformed, of the wrong type or
missing — and nothing about the arguments is said first."""

from __future__ import annotations

import pytest
from graphql import GraphQLNonNull, GraphQLObjectType, get_named_type

from schema import build_schema
from tests.graphql import gql

MUTATIONS = build_schema()._schema.mutation_type
assert MUTATIONS is not None


def selection(field_name: str) -> str:
    returned = get_named_type(MUTATIONS.fields[field_name].type)
    return " { __typename }" if isinstance(returned, GraphQLObjectType) else ""


def documents(name: str) -> dict[str, str]:
    """The same mutation, asked four ways a careless or hostile client might."""
    field = MUTATIONS.fields[name]
    garbage = ", ".join(f'{arg}: "²²²-not-an-id-{"x" * 20}"' for arg in field.args)
    wrong_type = ", ".join(f"{arg}: [1, 2, {{a: 3}}]" for arg in field.args)
    required = [a for a, spec in field.args.items() if isinstance(spec.type, GraphQLNonNull)]
    return {
        "garbage": f"mutation {{ {name}({garbage}){selection(name)} }}" if field.args else "",
        "wrong type": f"mutation {{ {name}({wrong_type}){selection(name)} }}" if field.args else "",
        "missing": f"mutation {{ {name}{selection(name)} }}" if required else "",
        "unknown": f"mutation {{ {name}(noSuchArgument: 1){selection(name)} }}",
    }


@pytest.mark.parametrize("name", sorted(MUTATIONS.fields))
async def test_a_mutation_without_credentials_is_unauthenticated_whatever_its_arguments(
    client, name
):
    for how, document in documents(name).items():
        if not document:
            continue
        result = await gql(client, document)
        assert result.data is None, (how, result.body)
        assert result.only_code() == "UNAUTHENTICATED", (how, result.body)
        assert "Sign in" in result.errors[0]["message"], (how, result.body)


async def test_a_valid_mutation_with_credentials_is_still_validated(client):
    """The refusal is for who asks; a signed-in caller still hears about bad arguments."""
    from tests.world import build_world

    world = await build_world()
    result = await gql(client, "mutation { castVote(noSuchArgument: 1) { id } }",
                       token=world.tokens["member"])  # fmt: skip
    assert set(result.codes) == {"BAD_USER_INPUT"}
