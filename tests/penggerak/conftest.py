from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from data_loaders.load import Source, load_files
from store.database import open_readonly
from tests.conftest import copy_store

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
# Four complete ISO weeks (Mon 1 Aug - Sun 28 Aug 2022): the period the hand-checked numbers use.
DARI, SAMPAI = date(2022, 8, 1), date(2022, 8, 28)
BOBOT_SAMA = {"bobot_kegiatan": 1.0, "bobot_berbagi": 1.0, "bobot_aturan": 1.0, "bobot_upt": 1.0,
              "bobot_pengimbasan": 1.0}


def fixture_sources() -> list[Source]:
    return [Source.from_path(p) for p in sorted(FIXTURES.glob("*.csv"))]


@pytest.fixture(scope="session")
def template_store(store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture files loaded once through the real loader."""
    path = copy_store(store_template, tmp_path_factory.mktemp("penggerak"))
    load_files(path, fixture_sources())
    return path


@pytest.fixture
def store(template_store: Path, tmp_path: Path) -> Path:
    """A private copy per test (some tests write)."""
    return copy_store(template_store, tmp_path)


@pytest.fixture
def read(store: Path):
    """Open the store read-only for the duration of one check (the caller closes it)."""
    return lambda: open_readonly(store)
