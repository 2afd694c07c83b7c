from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from data_loaders.store import ensure_store


@pytest.fixture(scope="session")
def _template_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "kombel.duckdb"
    ensure_store(path)
    return path


@pytest.fixture
def empty_store(tmp_path: Path, _template_store: Path) -> Path:
    """Same as the project-wide fixture (schema + wilayah, nothing loaded), copied from one template for speed."""
    path = tmp_path / "kombel.duckdb"
    shutil.copyfile(_template_store, path)
    return path


@pytest.fixture(autouse=True)
def _no_fsync(monkeypatch):
    """Durability (fsync) is the store's concern and slow on CI disks; these tests check content, not crashes."""
    monkeypatch.setattr("data_loaders.store._fsync", lambda _path: None)
