"""A small real store in three kab/kota (Kab. Bandung 32.04, Kab. Bandung Barat 32.17, Kota Bandung
32.73) loaded from fixtures/ through the real loader, with reflections classified into themes, and
the users file that the guard, the CLI and the browser tests read.

Communities named `<script>alert(1)</script> **tebal** [x](http://evil)` and
`<a href="http://evil/masuk">Kombel Tautan</a>` (32.17) and `=HYPERLINK("http://evil","klik")` (32.73):
data must never become HTML, Markdown, a link or a formula.
"""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from data_loaders.load import Source, load_files
from store.database import ensure_store, write_transaction
from data_loaders.themes import classify_pending
from queries.runner import Filters
from queries.scope import Scope

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PERIOD = Filters(dari=date(2022, 8, 1), sampai=date(2022, 10, 30))
XSS_NAME = "<script>alert(1)</script> **tebal** [x](http://evil)"
LINK_NAME = '<a href="http://evil/masuk">Kombel Tautan</a>'
FORMULA_NAME = '=HYPERLINK("http://evil","klik")'
ALL_KABKOTA = ("32.04", "32.17", "32.73")

WALI_EMAIL = "wali.bandung@bbgp-jabar.id"
WALI = Scope(email=WALI_EMAIL, peran="wali_wilayah", kabkota=("32.04", "32.17"))
WALI_KOTA = Scope(email="wali.kota@bbgp-jabar.id", peran="wali_wilayah", kabkota=("32.73",))
USERS = """
[pengguna."kepala@bbgp-jabar.id"]
peran = "pimpinan"

[pengguna."admin@bbgp-jabar.id"]
peran = "admin"

[pengguna."Wali.Bandung@bbgp-jabar.id"]
peran = "wali_wilayah"
kabkota = ["32.04", "32.17"]

[pengguna."wali.kota@bbgp-jabar.id"]
peran = "wali_wilayah"
kabkota = ["32.73"]
"""


def build_store(path: Path) -> Path:
    """Load every fixture file, then theme the reflections (whatever the loader's own setting)."""
    ensure_store(path)
    load_files(path, [Source.from_path(p) for p in sorted(FIXTURES.glob("*.csv"))])
    with write_transaction(path) as con:
        classify_pending(con)
    return path


@pytest.fixture(scope="session")
def security_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once per session; tests that need a file of their own copy it."""
    return build_store(tmp_path_factory.mktemp("keamanan") / "kombel.duckdb")


@pytest.fixture
def users_file(tmp_path: Path) -> Path:
    path = tmp_path / "pengguna.toml"
    path.write_text(USERS, encoding="utf-8")
    return path


@pytest.fixture
def app_store(security_store: Path, users_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The environment a dashboard run reads: its own copy of the store, the users file, no sample load."""
    path = tmp_path / "kombel.duckdb"
    shutil.copyfile(security_store, path)
    monkeypatch.setenv("KOMBEL_DB", str(path))
    monkeypatch.setenv("KOMBEL_PENGGUNA", str(users_file))
    monkeypatch.setenv("KOMBEL_SAMPLE", "0")
    return path
