from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data_loaders.store import ensure_store  # noqa: E402


@pytest.fixture
def empty_store(tmp_path: Path) -> Path:
    """A fresh store with the schema and the wilayah reference table, nothing loaded."""
    path = tmp_path / "kombel.duckdb"
    ensure_store(path)
    return path
