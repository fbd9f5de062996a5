"""Every refusal reaches the catalogs (issue 15): its template is a literal the extractor
finds (`make extract`; Babel skips an f-string), and the French catalog translates it."""

from __future__ import annotations

import ast
import re

from babel.messages.pofile import read_po

from governance import errors
from server.app import ROOT

PACKAGES = ("governance", "permissions", "schema", "server")


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def _import_everything() -> None:
    # A subclass declared in a module (governance.files.TooLarge) counts once it is imported.
    import importlib
    import pkgutil

    for name in PACKAGES:
        package = importlib.import_module(name)
        for module in pkgutil.walk_packages(package.__path__, f"{name}."):
            if not module.name.endswith("__main__"):
                importlib.import_module(module.name)


def keywords() -> set[str]:
    _import_everything()
    return {cls.__name__ for cls in _subclasses(errors.DomainError)} | {"DomainError"}


def sources() -> list[tuple[str, ast.AST]]:
    found = []
    for name in PACKAGES:
        for path in sorted((ROOT / name).rglob("*.py")):
            found.append((str(path.relative_to(ROOT)), ast.parse(path.read_text())))
    return found


def called(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def makefile_keywords() -> set[str]:
    text = (ROOT / "Makefile").read_text()
    match = re.search(r"^KEYWORDS\s*:=\s*(.+)$", text, re.M)
    assert match, "the Makefile names the extraction keywords"
    return set(match.group(1).split())


def test_no_refusal_is_an_f_string():
    error_classes = keywords()
    marked = error_classes | {"N_", "Phrase"}
    built = []
    for path, tree in sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or called(node) not in marked or not node.args:
                continue
            first = node.args[0]
            if not isinstance(first, ast.Constant | ast.Name | ast.Attribute | ast.Subscript):
                # An f-string, a concatenation, a conditional: nothing Babel can extract.
                built.append(f"{path}:{node.lineno} {ast.unparse(node)[:80]}")
    assert built == []
    # The brief's plain scan, for a raise written on one line.
    pattern = re.compile(rf"raise ({'|'.join(sorted(error_classes))})\(f[\"']")
    for name in PACKAGES:
        for path in (ROOT / name).rglob("*.py"):
            assert not pattern.search(path.read_text()), path


def test_every_error_class_is_an_extraction_keyword():
    assert keywords() - {"DomainError", "TooLarge"} <= makefile_keywords()
    assert {"N_", "Phrase"} <= makefile_keywords()


def test_every_refusal_is_in_the_french_catalog():
    with (ROOT / "locales" / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as source:
        french = {m.id: m.string for m in read_po(source, locale="fr") if m.id}
    marked = keywords() | {"N_", "Phrase"}
    missing = []
    for path, tree in sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and called(node) in marked and node.args:
                first = node.args[0]
                literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
                if literal and not french.get(first.value):
                    missing.append(f"{path}:{node.lineno} {first.value[:60]}")
    assert missing == [], "run `make extract` and translate them"
