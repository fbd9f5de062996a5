"""Search, one rule for the API's `search:` arguments and every admin list's search box:
each word of the query must appear (case-insensitively) in one of the fields searched."""

from __future__ import annotations

from functools import reduce
from operator import and_, or_

from tortoise.expressions import Q

from governance.errors import BadInput

MAX_WORDS = 10
MAX_WORD = 100


def words(search: str) -> list[str]:
    found = search.split()
    if not found:
        raise BadInput("search needs at least one word.")
    if len(found) > MAX_WORDS or any(len(word) > MAX_WORD for word in found):
        raise BadInput(f"search takes at most {MAX_WORDS} words of at most {MAX_WORD} characters.")
    return found


def matching(search: str, *fields: str) -> Q:
    """Rows in which every word of `search` appears in at least one of `fields`."""
    return reduce(
        and_,
        (
            reduce(or_, [Q(**{f"{field}__icontains": word}) for field in fields])
            for word in words(search)
        ),
    )


# What each searched list looks in.
DECISIONS = ("reference", "title", "text")
AGREEMENTS = ("title",)
MEETINGS = ("title",)
PEOPLE = ("name",)
