"""The layout's rules, checked on the source (issue 12): which package may import which, no import circle, no
`_private` name taken from another module, and streamlit only in the UI.

    pages/, dashboard.py -> ui/ -> sample/ -> edits/ -> data_loaders/ -> store/ -> vocab.py
                            ui/ -> queries/ -> store/

A package may import itself and anything below it, never above. `vocab.py` imports nothing of the project.
"""
from __future__ import annotations

import ast
from pathlib import Path

from tests.support import ROOT

PACKAGES = ("vocab", "store", "data_loaders", "edits", "queries", "sample", "ui", "pages", "dashboard")
# What each part may import (besides itself). Tests and bench may import anything.
ALLOWED = {
    "vocab": set(),
    "store": {"vocab"},
    "data_loaders": {"store", "vocab"},
    "edits": {"data_loaders", "store", "vocab"},
    "queries": {"store", "vocab"},
    "sample": {"edits", "data_loaders", "store", "vocab"},
    "ui": {"sample", "edits", "data_loaders", "queries", "store", "vocab"},
    "pages": {"ui", "edits", "data_loaders", "queries", "store", "vocab"},
    "dashboard": {"ui", "queries", "store", "vocab"},
}
WITHOUT_STREAMLIT = ("vocab", "store", "data_loaders", "edits", "queries", "sample")


def _sources() -> dict[str, Path]:
    """module name -> file, for the application's own code."""
    out = {"vocab": ROOT / "vocab.py", "dashboard": ROOT / "dashboard.py"}
    for package in ("store", "data_loaders", "edits", "queries", "sample", "ui", "pages"):
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            out[name] = path
    return out


def _imports(path: Path, module: str, top_level_only: bool = False) -> list[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every import in the file (functions included unless
    `top_level_only`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against the module's package
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            found.append((base, [a.name for a in node.names], node.lineno))
    return found


def _top(module: str) -> str:
    return module.split(".")[0]


def test_layers_import_only_downwards() -> None:
    wrong = []
    for module, path in _sources().items():
        for imported, _names, line in _imports(path, module):
            top = _top(imported)
            if top in PACKAGES and top != _top(module) and top not in ALLOWED[_top(module)]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    assert not wrong, "\n".join(wrong)


def test_core_never_imports_streamlit() -> None:
    wrong = [f"{path.relative_to(ROOT)}:{line}" for module, path in _sources().items()
             if _top(module) in WITHOUT_STREAMLIT
             for imported, _names, line in _imports(path, module) if _top(imported) == "streamlit"]
    assert not wrong, "\n".join(wrong)


def test_no_private_name_taken_from_another_module() -> None:
    sources = _sources()
    wrong = []
    for module, path in sources.items():
        for imported, names, line in _imports(path, module):
            if imported in sources and imported != module:
                wrong += [f"{path.relative_to(ROOT)}:{line} {imported}.{n}" for n in names
                          if n.startswith("_") and not n.startswith("__")]
    assert not wrong, "\n".join(wrong)


def test_no_import_circle() -> None:
    """Module-level imports only: an import inside a function runs late and cannot deadlock the start."""
    sources = _sources()
    graph: dict[str, set[str]] = {}
    for module, path in sources.items():
        targets = set()
        for imported, names, _line in _imports(path, module, top_level_only=True):
            # `from pkg import mod` imports pkg.mod; `from mod import name` imports mod
            targets |= {f"{imported}.{n}" if f"{imported}.{n}" in sources else imported for n in names or [""]}
        # a module's own packages are initialised before it: an edge to them is no circle
        ancestors = {".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 1)}
        graph[module] = {t for t in targets if t in sources and t != module and t not in ancestors}
    seen: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        seen[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if seen.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in seen and (circle := visit(nxt)):
                return circle
        stack.pop()
        seen[node] = 2
        return None

    for module in sorted(graph):
        if module not in seen and (circle := visit(module)):
            raise AssertionError(" -> ".join(circle))

