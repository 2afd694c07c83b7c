"""AppTest: pages run as Streamlit runs them, on a store named by $KOMBEL_DB.

Every test here gets the environment a page runs in (tests/conftest.py::streamlit_env), a users file — the
module's own `USERS` when it has one, else `USERS` below — and no sample load on an empty store. The store:
`loaded_store` (the files in fixtures/, loaded once per session), `empty_db`, or `use_store(path)`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import streamlit_env
from tests.support import ROOT, copy_store, load_store

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TIMEOUT = 30
USERS = """
[pengguna."admin@bbgp-jabar.id"]
peran = "admin"

[pengguna."wali.bandung@bbgp-jabar.id"]
peran = "wali_wilayah"
kabkota = ["32.04"]

[pengguna."wali.bogor@bbgp-jabar.id"]
peran = "wali_wilayah"
kabkota = ["32.01"]
"""
# Login configured (st.login); AppTest then takes the user from `at.user`.
AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "rahasia",
        "google": {"client_id": "x", "client_secret": "y",
                   "server_metadata_url": "https://accounts.google.com/.well-known/openid-configuration"}}


def logged_in(at: AppTest, email: str) -> AppTest:
    at.secrets["auth"] = AUTH
    at.user["is_logged_in"] = True
    at.user["email"] = email
    return at


def open_page(page: str | None = None, email: str | None = None) -> AppTest:
    """The app as a person opens it: dashboard.py with its menu, signed in as `email` when given (login
    configured), then `page` (e.g. "pages/aturan_mingguan.py"); a page that raised fails the test here."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    if email:
        logged_in(at, email)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(autouse=True)
def app_env(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fresh caches, the users file, no sample load, and a loopback address (as .streamlit/config.toml ships)."""
    users = tmp_path / "pengguna.toml"
    users.write_text(getattr(request.module, "USERS", USERS), encoding="utf-8")
    monkeypatch.setenv("KOMBEL_PENGGUNA", str(users))
    monkeypatch.setenv("KOMBEL_SAMPLE", "0")
    with streamlit_env(monkeypatch):
        yield


@pytest.fixture
def use_store(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], Path]:
    """`use_store(path)`: the pages of this test read the store at `path`."""
    def use(path: Path) -> Path:
        monkeypatch.setenv("KOMBEL_DB", str(path))
        return path

    return use


@pytest.fixture(scope="session")
def fixture_store(store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small store loaded through the real loader from the CSVs in fixtures/ (built once)."""
    path = copy_store(store_template, tmp_path_factory.mktemp("toko"))
    return load_store(path, sorted(FIXTURES.glob("*.csv")))


@pytest.fixture
def loaded_store(fixture_store: Path, tmp_path: Path, use_store: Callable[[Path], Path]) -> Path:
    """A private copy per test: the upload test writes to it."""
    return use_store(copy_store(fixture_store, tmp_path))


@pytest.fixture
def empty_db(empty_store: Path, use_store: Callable[[Path], Path]) -> Path:
    """A store with the schema and nothing loaded (the sample data is switched off)."""
    return use_store(empty_store)
