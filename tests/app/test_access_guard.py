"""The page guard's half of the token model (ui/guard.py + ui/akses.py): without login, a session is admin only
when its own websocket handshake carried the token cookie — whatever address the server is bound to. AppTest
cannot send cookies, so these tests stand in for the session's cookies; AppTest itself (no browser, in this
process) is trusted, as the other AppTest tests rely on. With login configured nothing changed."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from tests.app.conftest import AUTH
from tests.support import ROOT
from ui import akses

PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))
TIMEOUT = 30


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, loaded_store: Path):
    """A session of a real server (not AppTest's in-process stand-in) whose cookies the test sets."""
    monkeypatch.setenv(akses.TOKEN_ENV, "uji-token-penjaga-0123456789")
    monkeypatch.setattr(akses, "_in_process_test", lambda: False)
    jar: dict[str, str] = {}
    monkeypatch.setattr(akses, "_session_cookies", lambda: jar)
    return jar


def shows_data(at: AppTest) -> bool:
    return bool(at.dataframe or at.data_editor or at.get("plotly_chart") or at.metric or at.get("download_button")
                or at.get("file_uploader"))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("address", ["127.0.0.1", "0.0.0.0"])
def test_without_the_cookie_no_page_shows_data(served: dict, page: str, address: str) -> None:
    st_config.set_option("server.address", address)  # bound to loopback or not: the same refusal
    served["kombel_akses_8501"] = "salah"
    at = AppTest.from_file(str(ROOT / page), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert any("alamat bertoken" in e.value for e in at.error)
    assert not shows_data(at)
    assert not at.multiselect and not at.selectbox  # not even the kab/kota choices


@pytest.mark.parametrize("address", ["127.0.0.1", "0.0.0.0"])
def test_with_the_cookie_the_session_is_local_admin(served: dict, address: str) -> None:
    st_config.set_option("server.address", address)
    served[akses.cookie_name()] = akses._cookie_value()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert "Mode lokal (tanpa login)" in [c.value for c in at.sidebar.caption]
    assert at.get("plotly_chart") or at.metric
    at.switch_page("pages/unggah_data.py").run()
    assert at.get("file_uploader")


def test_without_the_cookie_the_upload_page_is_neither_listed_nor_usable(served: dict) -> None:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert any("alamat bertoken" in e.value for e in at.error)
    # Registered but hidden (a bookmark reaches the page's own guard, not "Page not found"): the guard refuses.
    at.switch_page("pages/unggah_data.py").run()
    assert not at.exception, at.exception
    assert any("alamat bertoken" in e.value for e in at.error)
    assert not at.get("file_uploader") and not at.metric


def test_with_login_configured_no_token_is_needed(served: dict) -> None:
    """Exactly as before: the login decides (here: not logged in -> the login button, no data)."""
    at = AppTest.from_file(str(ROOT / "pages/ringkasan.py"), default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH
    at.run()
    assert not at.exception, at.exception
    assert [b.label for b in at.button] == ["Masuk dengan akun belajar.id"]
    assert not at.error and not shows_data(at)
