"""Imports point one way: the packages inside articles/ use the models and rendering, never back.

The imports are read from the source with ``ast``, those inside functions included, so that a
wrong one fails here before it makes a cycle or ties two rooms together. The rules:

- ``articles.models`` and ``articles.rendering`` import no views, admin, urls or forms, and what
  they use from a package (the glossary matcher, readability) never imports the models.
- A package's views and admin are gathered only by ``articles.urls`` and ``articles.admin``;
  no other package imports them. Packages may use the article views (``articles.views``: the
  article page, ``language_links``, the error pages), which import no package's views or admin.
- No package imports ``articles.urls`` or ``articles.admin``.
"""

import ast
from functools import cache
from pathlib import Path

from django.conf import settings

APP = "articles"
APP_DIR = Path(settings.BASE_DIR) / APP
# Module names that answer requests or build the admin: what the core must never import.
PAGE_MODULES = {"views", "admin", "urls", "forms"}
# Folders inside articles/ that are not a concern of their own.
NOT_PACKAGES = {"models", "management", "migrations", "templatetags"}


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(APP_DIR.rglob("*.py")):
        parts = path.relative_to(APP_DIR.parent).with_suffix("").parts
        if "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


MODULES = _modules()
PACKAGES = {
    path.parent.name
    for path in APP_DIR.glob("*/__init__.py")
    if path.parent.name not in NOT_PACKAGES
}
CORE = {name for name in MODULES if name in (f"{APP}.models", f"{APP}.rendering")} | {
    name for name in MODULES if name.startswith(f"{APP}.models.")
}
MODELS = {name for name in CORE if name != f"{APP}.rendering"}


def package_of(name: str) -> str | None:
    """``glossary`` for ``articles.glossary.views``; None outside the packages."""
    parts = name.split(".")
    return parts[1] if len(parts) >= 2 and parts[1] in PACKAGES else None


def _with_parents(name: str) -> set[str]:
    # Importing a.b.c runs a/__init__.py and a/b/__init__.py too.
    parts = name.split(".")
    return {".".join(parts[:end]) for end in range(1, len(parts) + 1)}


@cache
def imported(name: str) -> frozenset[str]:
    """The app's modules that module ``name`` imports, anywhere in its source."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                origin = f"{base}.{node.module}" if node.module else base
            else:
                origin = node.module or ""
            targets = [origin, *(f"{origin}.{alias.name}" for alias in node.names)]
        else:
            continue
        for target in targets:
            if target in MODULES:
                found |= _with_parents(target) & MODULES.keys()
    found.discard(name)
    return frozenset(found)


def reachable(name: str) -> set[str]:
    """Every module of the app that importing ``name`` imports, directly or not."""
    seen, todo = set(), [name]
    while todo:
        for target in imported(todo.pop()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_the_import_reader_finds_relative_imports_and_those_inside_functions():
    assert {"articles.views", "articles.search.query", "articles.search.text"} <= imported(
        "articles.search.views"
    )
    assert {"articles.feedback.views", "articles.trust.views"} <= imported("articles.urls")
    assert "articles.models.glossary" in imported("articles.models.article")
    assert "articles.page_cache.signals" in imported("articles.apps")
    assert {"glossary", "feedback", "search", "editorial", "content"} <= PACKAGES


def test_the_models_and_rendering_import_no_views_admin_urls_or_forms():
    wrong = [
        f"{name} imports {target}"
        for name in sorted(CORE)
        for target in sorted(imported(name))
        if target.rpartition(".")[2] in PAGE_MODULES
    ]

    assert wrong == []


def test_what_the_models_and_rendering_use_from_a_package_never_imports_the_models():
    wrong = [
        f"{name} imports {target}, which imports the models"
        for name in sorted(CORE)
        for target in sorted(imported(name) - CORE)
        if reachable(target) & MODELS
    ]

    assert wrong == []


def test_only_the_apps_urls_and_admin_import_a_packages_views_and_admin():
    gatherer = {"views": f"{APP}.urls", "urls": f"{APP}.urls", "admin": f"{APP}.admin"}
    wrong = [
        f"{name} imports {target}"
        for name in sorted(MODULES)
        for target in sorted(imported(name))
        if package_of(target)
        and package_of(target) != package_of(name)
        and target.rpartition(".")[2] in gatherer
        and name != gatherer[target.rpartition(".")[2]]
    ]

    assert wrong == []


def test_no_package_imports_the_apps_urls_or_admin():
    wrong = [
        f"{name} imports {target}"
        for name in sorted(MODULES)
        if package_of(name)
        for target in sorted(imported(name) & {f"{APP}.urls", f"{APP}.admin"})
    ]

    assert wrong == []


def test_every_package_says_what_lives_there_and_what_it_may_import():
    undocumented = [
        package
        for package in sorted(PACKAGES | {"models"})
        if not ast.get_docstring(ast.parse((APP_DIR / package / "__init__.py").read_text()))
    ]

    assert undocumented == []
