"""The GraphQL documents the benchmark sends (anonymous unless said)."""

from __future__ import annotations

from pathlib import Path

from bench.generate import SEARCH_WORD

FIRST_QUERY = (
    Path(__file__).resolve().parent.parent / "server" / "first_query.graphql"
).read_text()

# The hand-written comparison: each has a plain Starlette twin in bench.handwritten.
ONE = """query One($reference: String!) {
  decision(reference: $reference) { reference title text decidedOn classification status release }
}"""
HUNDRED = """query Hundred {
  decisions(first: 100) {
    edges { node { reference title decidedOn status release committee { name slug } } }
  }
}"""
# A top-level page holds at most 100 (the contract's MAX_PAGE): 1,000 objects in one answer
# are ten committees with a hundred decisions each, as the contract lets a client ask.
THOUSAND = """query Thousand {
  committees(first: 10) {
    edges { node { name decisions(first: 100) {
      edges { node { reference title decidedOn status release } }
    } } }
  }
}"""

# The scaling table.
NESTED = """query Nested {
  committees(first: 5) {
    edges { node { name meetings(first: 5) {
      edges { node { title startsAt motions { title status votes { choice voter { name } } } } }
    } } }
  }
}"""
TOTAL = """query Total { decisions { totalCount } }"""
SEARCH = f"""query Search {{ decisions(search: "{SEARCH_WORD}", first: 20) {{
  totalCount edges {{ node {{ reference title decidedOn }} }}
}} }}"""
DEEP = """query Deep($after: String!) {
  decisions(first: 20, after: $after) {
    edges { node { reference title decidedOn } } pageInfo { hasNextPage endCursor }
  }
}"""

# 50 concurrent clients, signed in as a committee member (an API token).
MEMBER = """query Member {
  viewer { person { name } }
  decisions(first: 20) {
    edges { node { reference title decidedOn classification committee { name } } }
  }
}"""
