"""Search, one rule for the API's `search:` arguments and every admin list's search box,
answered from a full-text index: FTS5 on SQLite, a `tsvector` with a GIN index on PostgreSQL.

The rule, the same on both databases:
- The searched text is cut into tokens: runs of letters and digits; everything else
  (spaces, hyphens, apostrophes, slashes, tags' brackets) separates them.
- Tokens are compared case-insensitively with the accents of Latin letters folded:
  "Comité", "COMITE" and "comite" are one token. Ligatures stay as written ("œuvre" is
  not "oeuvre") because FTS5's `remove_diacritics 2` keeps them, and PostgreSQL folds
  with NFD + dropping the combining marks after a Latin letter, which keeps them too.
- Each word of the query matches a token that begins with it ("pilot" finds "pilotage",
  "comit" finds "Comité"), in any one of the searched fields; every word must match.
- A word holding punctuation is a phrase of its tokens, the last one a prefix, within
  one field: "MCPP-SC-2024-001" finds that reference, and so do "SC-2024", "2024-001"
  and "001"; "sc-2024-00" finds every decision of the year whose number starts 00.
- A word with no letter or digit ("-", "…") is ignored; a search of nothing else finds
  nothing.
Where the two can still differ (no test corpus holds them): characters PostgreSQL's parser
does not take for letters or digits although Unicode does (superscripts, fractions: FTS5
indexes "²", PostgreSQL drops it); a phrase (a word with punctuation) past the 16,383rd
word of one text, where tsvector positions stop counting. (A tsvector's 1 MB is out of
reach of the 100,000 characters the services accept, validation.LONG_TEXT.)
Before the index, a word matched anywhere inside a field (`LIKE '%w%'`): "ilot" found
"pilotage". A word now matches from the start of a token only.

Visibility and search are one statement: `matching` is a filter on the list's own
queryset, `id IN (SELECT rowid FROM <table>_search WHERE … MATCH ?)` on SQLite and
`<table>.search_vector @@ …` on PostgreSQL.

SQLite plans that statement without knowing how many rows match: it always starts from
the matches, fetches each, and sorts them all for the page. For a rare word that is
right; for a word in one text of eight (12,500 of 100,000 decisions) it fetched and sorted
12,500 rows for a page of 20 (25 ms). So on SQLite `matching` first asks the index, in
one bounded statement, whether the words are common (`COMMON` matches or more); if they
are, the list walks its own order's index instead and stops at the page (4 ms), the
matches checked against the index as it goes. PostgreSQL's planner weighs this itself,
from its statistics.

Adding a searched table (documents, issue 13) is a line in SEARCHED plus a migration
calling `create_sql(dialect, table, fields)`; tests/test_search.py checks every table
declared here has its index.
"""

from __future__ import annotations

from typing import Any

from pypika_tortoise import SqlContext
from pypika_tortoise.terms import Criterion, Field, ValueWrapper
from tortoise.expressions import Q, ResolveContext
from tortoise.models import Model
from tortoise.query_utils import QueryModifier

from governance.errors import BadInput

MAX_WORDS = 10
MAX_WORD = 100

# What each searched list looks in: table -> fields (at most four: PostgreSQL's weights
# A-D keep a phrase inside one field).
SEARCHED: dict[str, tuple[str, ...]] = {
    "decision": ("reference", "title", "text"),
    "agreement": ("title",),
    "meeting": ("title",),
    "person": ("name",),
    "document": ("title", "filename", "text"),
}


def words(search: str) -> list[str]:
    found = search.split()
    if not found:
        raise BadInput("search needs at least one word.")
    if len(found) > MAX_WORDS or any(len(word) > MAX_WORD for word in found):
        raise BadInput(
            "search takes at most %(words)s words of at most %(characters)s characters.",
            words=MAX_WORDS,
            characters=MAX_WORD,
        )
    return found


# On SQLite, as many matches as this and the list walks its own order (see above).
COMMON = 1000


async def matching(search: str, model: type[Model]) -> Q:
    """Rows of `model` in which every word of `search` begins a token of one of its
    searched fields (SEARCHED), as a filter for the list's visible queryset."""
    table = model._meta.db_table
    kept = [word for word in words(search) if any(c.isalnum() for c in word)]
    if not kept:
        return Q(id__in=[])
    common = False
    db = model._meta.db
    if db.capabilities.dialect == "sqlite":
        index = f'"{table}_search"'
        _, rows = await db.execute_query(
            f"SELECT count(*) FROM (SELECT 1 FROM {index} WHERE {index} MATCH ? "  # noqa: S608
            f"LIMIT {COMMON})",
            [_fts5_query(kept)],
        )
        common = rows[0][0] >= COMMON
    return _Matching(table, len(SEARCHED[table]), kept, common=common)


def _fts5_query(found: list[str]) -> str:
    # Each word a quoted phrase (FTS5 cuts it into tokens as it cut the text), its last
    # token a prefix; quotes inside doubled, so no word is FTS5 syntax.
    return " AND ".join('"' + word.replace('"', '""') + '"*' for word in found)


class _Matching(Q):
    """A Q whose condition is written per database when the query is built."""

    __slots__ = ("_common", "_fields", "_table", "_words")

    def __init__(self, table: str, fields: int, found: list[str], *, common: bool) -> None:
        super().__init__()
        self._table = table
        self._fields = fields
        self._words = found
        self._common = common

    def __bool__(self) -> bool:
        return True

    def __invert__(self) -> Q:
        # Q's own negation would copy no condition and so match every row.
        raise NotImplementedError("a search cannot be negated")

    def resolve(self, resolve_context: ResolveContext) -> QueryModifier:
        dialect = resolve_context.model._meta.db.capabilities.dialect
        criterion: Criterion
        if dialect == "postgres":
            criterion = _Tsquery(resolve_context.table, self._fields, self._words)
        else:
            criterion = _Fts5(resolve_context.table, self._table, self._words, self._common)
        return QueryModifier(where_criterion=criterion)


class _Fts5(Criterion):
    def __init__(self, table: Any, name: str, found: list[str], common: bool) -> None:
        super().__init__()
        self.table = table
        self.name = name
        self.query = _fts5_query(found)
        self.common = common

    def get_sql(self, ctx: SqlContext) -> str:
        key = Field("id", table=self.table).get_sql(ctx.copy(with_namespace=True))
        if self.common:
            # A unary + keeps the planner from starting at the matches (module docstring).
            key = f"+{key}"
        index = f'"{self.name}_search"'
        match = ValueWrapper(self.query).get_sql(ctx)
        # Names from SEARCHED, never from a request; the words travel as a parameter.
        return f"{key} IN (SELECT rowid FROM {index} WHERE {index} MATCH {match})"  # noqa: S608


class _Tsquery(Criterion):
    def __init__(self, table: Any, fields: int, found: list[str]) -> None:
        super().__init__()
        self.table = table
        self.fields = fields
        self.found = found

    def get_sql(self, ctx: SqlContext) -> str:
        vector = Field("search_vector", table=self.table).get_sql(ctx.copy(with_namespace=True))
        # search_word (migration 0004) folds and cuts each word as the index's text was.
        query = " && ".join(
            f"search_word({ValueWrapper(word).get_sql(ctx)}, {self.fields})" for word in self.found
        )
        return f"{vector} @@ ({query})"


# ------------------------------------------------------------------ the indexes (migrations)

SQLITE_TOKENIZER = "unicode61 remove_diacritics 2"

# Lower-case, fold the accents of Latin letters (decompose, drop the combining marks after
# a-z, recompose the rest), and keep letters and digits only: what FTS5's unicode61
# tokenizer does with remove_diacritics 2.
POSTGRES_FUNCTIONS = r"""
CREATE FUNCTION search_text(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT regexp_replace(
        normalize(regexp_replace(normalize(lower(value), NFD),
                                 '([a-z])[\u0300-\u036f]+', '\1', 'g'), NFC),
        '[^[:alnum:]]+', ' ', 'g')
$$;

CREATE FUNCTION search_word(word text, fields integer) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    tokens text[] := string_to_array(btrim(search_text(word)), ' ');
    phrases text[] := '{}';
    phrase text;
    weight text;
BEGIN
    IF tokens IS NULL OR cardinality(tokens) = 0 THEN
        RETURN NULL;  -- no token: matches nothing, as FTS5's empty phrase
    END IF;
    IF cardinality(tokens) = 1 THEN
        RETURN (quote_literal(tokens[1]) || ':*')::tsquery;  -- a prefix, in any field
    END IF;
    -- A phrase within one field: every token weighted with that field's letter.
    FOR field IN 1..fields LOOP
        weight := substr('ABCD', field, 1);
        phrase := '';
        FOR i IN 1..cardinality(tokens) LOOP
            phrase := phrase || CASE WHEN i > 1 THEN ' <-> ' ELSE '' END
                || quote_literal(tokens[i])
                || CASE WHEN i = cardinality(tokens) THEN ':*' ELSE ':' END || weight;
        END LOOP;
        phrases := phrases || ('(' || phrase || ')');
    END LOOP;
    RETURN array_to_string(phrases, ' | ')::tsquery;
END
$$;
"""

POSTGRES_DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS search_word(text, integer);
DROP FUNCTION IF EXISTS search_text(text);
"""


def create_sql(dialect: str, table: str, fields: tuple[str, ...]) -> list[str]:
    """The statements that index `table`'s `fields` for `matching`, and fill the index."""
    if not 1 <= len(fields) <= 4:
        raise ValueError("a searched table has one to four fields")
    if dialect == "postgres":
        parts = " || ".join(
            f"setweight(to_tsvector('simple', search_text(coalesce(\"{field}\", ''))), '{w}')"
            for field, w in zip(fields, "ABCD", strict=False)
        )
        return [
            f'ALTER TABLE "{table}" ADD COLUMN search_vector tsvector '
            f"GENERATED ALWAYS AS ({parts}) STORED",
            # fastupdate off: each write goes into the index itself, not a pending list that
            # every search scans and the planner prices as a scan until a VACUUM (decisions
            # are written a few a day and read all day).
            f'CREATE INDEX "{table}_search" ON "{table}" USING gin (search_vector) '
            "WITH (fastupdate = off)",
        ]
    index = f'"{table}_search"'
    columns = ", ".join(f'"{field}"' for field in fields)
    new = ", ".join(f'new."{field}"' for field in fields)
    old = ", ".join(f'old."{field}"' for field in fields)
    # Names from the migration's declaration, never from a request.
    add = f"INSERT INTO {index}(rowid, {columns}) VALUES (new.id, {new});"  # noqa: S608
    remove = f"INSERT INTO {index}({index}, rowid, {columns}) VALUES ('delete', old.id, {old});"  # noqa: S608
    return [
        f"CREATE VIRTUAL TABLE {index} USING fts5({columns}, content='{table}', "
        f"content_rowid='id', tokenize='{SQLITE_TOKENIZER}')",
        f'CREATE TRIGGER "{table}_search_insert" AFTER INSERT ON "{table}" BEGIN {add} END',
        f'CREATE TRIGGER "{table}_search_delete" AFTER DELETE ON "{table}" BEGIN {remove} END',
        f'CREATE TRIGGER "{table}_search_update" AFTER UPDATE OF {columns} ON "{table}" '
        f"BEGIN {remove} {add} END",
        f"INSERT INTO {index}({index}) VALUES ('rebuild')",  # noqa: S608 (the rows already there)
    ]


def drop_sql(dialect: str, table: str) -> list[str]:
    if dialect == "postgres":
        return [
            f'DROP INDEX IF EXISTS "{table}_search"',
            f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS search_vector',
        ]
    return [
        *(
            f'DROP TRIGGER IF EXISTS "{table}_search_{event}"'
            for event in ("insert", "delete", "update")
        ),
        f'DROP TABLE IF EXISTS "{table}_search"',
    ]
