from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from data_loaders.load import Source, load_files
from data_loaders.store import ensure_store, open_readonly

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
# Four complete ISO weeks (Mon 1 Aug - Sun 28 Aug 2022): the period the hand-checked numbers use.
DARI, SAMPAI = date(2022, 8, 1), date(2022, 8, 28)
BOBOT_SAMA = {"bobot_kegiatan": 1.0, "bobot_berbagi": 1.0, "bobot_aturan": 1.0, "bobot_upt": 1.0,
              "bobot_pengimbasan": 1.0}


def fixture_sources() -> list[Source]:
    return [Source.from_path(p) for p in sorted(FIXTURES.glob("*.csv"))]


@pytest.fixture(scope="session")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture files loaded once through the real loader."""
    path = tmp_path_factory.mktemp("penggerak") / "kombel.duckdb"
    ensure_store(path)
    load_files(path, fixture_sources())
    return path


@pytest.fixture
def store(template_store: Path, tmp_path: Path) -> Path:
    """A private copy per test (some tests write)."""
    path = tmp_path / "kombel.duckdb"
    shutil.copyfile(template_store, path)
    return path


@pytest.fixture
def read(store: Path):
    """Open the store read-only for the duration of one check (the caller closes it)."""
    return lambda: open_readonly(store)
