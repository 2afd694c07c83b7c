from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data_loaders.store import ensure_store  # noqa: E402


def copy_store(template: Path, directory: Path, name: str = "kombel.duckdb") -> Path:
    """A private copy of a store: building the schema costs far more than copying the file."""
    path = directory / name
    shutil.copyfile(template, path)
    return path


@pytest.fixture(scope="session")
def store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One empty store (schema + wilayah) per session; tests work on copies."""
    path = tmp_path_factory.mktemp("template") / "kombel.duckdb"
    ensure_store(path)
    return path


@pytest.fixture
def empty_store(store_template: Path, tmp_path: Path) -> Path:
    """A fresh store with the schema and the wilayah reference table, nothing loaded."""
    return copy_store(store_template, tmp_path)
