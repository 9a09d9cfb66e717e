"""The layers (README, Architecture): Python imports by the import-linter contract, templates by their tags."""

import re
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
# Bottom first; the project's own templates/ (pages, errors, base.html) sit at the top with support_site.
LAYERS = [
    "core",
    "accounts",
    "comments",
    "nudges",
    "moderation",
    "notifications",
    "readers",
    "imports",
    "demo",
    "ops",
    "support_site",
]
TEMPLATE_REFERENCE = re.compile(r"""\{%\s*(?:extends|include)\s+["']([^"']+)["']""")
LOAD = re.compile(r"\{%\s*load\s+([^%]+?)\s*%\}")


def _template_libraries() -> dict[str, str]:
    """{template tag library name: the app that defines it}."""
    return {
        path.stem: app
        for app in LAYERS
        for path in (ROOT / app / "templatetags").glob("*.py")
        if path.stem != "__init__"
    }


def _templates() -> list[tuple[str, Path]]:
    found = [(app, path) for app in LAYERS for path in (ROOT / app / "templates").rglob("*") if path.is_file()]
    found += [("support_site", path) for path in (ROOT / "templates").rglob("*") if path.is_file()]
    return found


def template_layer_violations() -> list[str]:
    libraries = _template_libraries()
    rank = {app: n for n, app in enumerate(LAYERS)}
    violations = []
    for app, path in _templates():
        text = path.read_text()
        for name in TEMPLATE_REFERENCE.findall(text):
            owner = name.split("/")[0]
            if owner in rank and rank[owner] > rank[app]:
                violations.append(f"{path.relative_to(ROOT)} uses the template {name} of {owner}")
        for names in LOAD.findall(text):
            for library in names.split():
                owner = libraries.get(library)
                if owner and rank[owner] > rank[app]:
                    violations.append(f"{path.relative_to(ROOT)} loads {library} of {owner}")
    return violations


def test_python_imports_keep_the_layers(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_the_contract_lists_the_same_layers_and_ignores_nothing():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    [contract] = config["contracts"]
    assert contract["type"] == "layers"
    assert contract["layers"] == list(reversed(LAYERS))
    assert "ignore_imports" not in contract
    assert sorted(config["root_packages"]) == sorted(LAYERS)


def test_templates_and_template_tags_keep_the_layers():
    assert template_layer_violations() == []


def test_the_template_check_sees_a_violation(tmp_path, monkeypatch):
    """The check itself works: a comments template that loads a notifications library is caught."""
    fake = tmp_path / "comments" / "templates" / "comments"
    fake.mkdir(parents=True)
    (fake / "page.html").write_text('{% load notify_controls %}{% include "moderation/_x.html" %}')
    (tmp_path / "notifications" / "templatetags").mkdir(parents=True)
    (tmp_path / "notifications" / "templatetags" / "notify_controls.py").write_text("")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    assert sorted(template_layer_violations()) == [
        "comments/templates/comments/page.html loads notify_controls of notifications",
        "comments/templates/comments/page.html uses the template moderation/_x.html of moderation",
    ]
