"""Every word the portal's templates write is marked for translation ({% trans %} or _()),
so the catalogs (issue 15, languages) are extracted from them without touching them again:
what is left of a template once its marked strings, expressions, tags and markup are taken
out holds no word but the few names that are not translated."""

from __future__ import annotations

import re

from server.app import ROOT

PUBLIC = ROOT / "templates" / "public"
# The portal's own templates (server.portal, server.open_data), and the unsubscribe pages
# that borrow its layout.
PORTAL = ("base", "_words", "home", "not_found", "bad_request", "updates", "update",
          "decisions", "decision", "body", "meeting", "agreement", "indicators", "open_data",
          "unsubscribe", "unsubscribe_invalid")  # fmt: skip
TEMPLATES = [PUBLIC / f"{name}.html" for name in PORTAL]
# Names, not words: the product's, a file's, an API explorer's, and the feed's format.
NOT_TRANSLATED = {"Indaba", "popolo.json", "GraphiQL"}
MARKED = [
    re.compile(r"\{#.*?#\}", re.S),  # comments
    re.compile(r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}", re.S),
    re.compile(r"\{\{.*?\}\}", re.S),  # expressions: _("…") and data
    re.compile(r"\{%.*?%\}", re.S),  # tags
    re.compile(r"<(script|style)\b.*?</\1>", re.S),
    re.compile(r"<[^>]+>", re.S),  # markup (attributes with words are expressions)
    re.compile(r"&\w+;"),
]


def unmarked(source: str) -> list[str]:
    for pattern in MARKED:
        source = pattern.sub(" ", source)
    return [word for word in source.split() if re.search(r"[A-Za-z]", word)]


def test_a_word_outside_the_marks_is_found():
    assert unmarked('<p>{{ _("Marked") }} Forgotten</p>') == ["Forgotten"]
    assert unmarked('<a title="Untranslated">{% trans %}Marked{% endtrans %}</a>') == []


def test_every_portal_template_marks_its_words_for_translation():
    found = {}
    for template in TEMPLATES:
        words = [w for w in unmarked(template.read_text()) if w not in NOT_TRANSLATED]
        if words:
            found[template.name] = words
    assert found == {}
    # Attributes hold words too: only through expressions.
    for template in TEMPLATES:
        for value in re.findall(
            r'(?:title|aria-label|alt|placeholder)="([^"{]*)"', template.read_text()
        ):
            assert not re.search(r"[A-Za-z]{3}", value), (template.name, value)


def test_the_marked_strings_can_be_extracted():
    """Babel's extractor reads them the way jinja2.ext.babel_extract does."""
    from jinja2.ext import babel_extract

    messages = []
    for template in TEMPLATES:
        with template.open("rb") as source:
            messages += [m[2] for m in babel_extract(source, ("_", "gettext"), [], {})]
    assert "Upcoming public meetings" in messages
    assert "Decisions of %(name)s" in messages
    assert len(messages) > 150
