"""Every page on the sample data, in Chromium at laptop width, for an admin and for a wali wilayah of one
kab/kota (logged in through the offline OpenID Connect mock): a full-page PNG of each into
$KOMBEL_SCREENSHOTS (default: this test's tmp dir) for a person to look at, and per page no error element
and none of the texts a user must not read — "None"/"nan"/"NaT" or a raw code from vocab.py.

The grid's cells are drawn on a canvas; its accessible table (the cells in view) holds the same display
text, so it is part of the page text checked here."""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import ERRORS, NO_CHROMIUM, Servers, log_in, login_servers, new_page, settle
from ui.format import STATUS_LABEL
from vocab import JENIS, KINDS, KOMPONEN, KOMPONEN_LAPORAN, ROLES

pytestmark = NO_CHROMIUM

LAPTOP = {"width": 1366, "height": 768}
ADMIN_EMAIL = "admin@bbgp-jabar.id"
WALI_EMAIL = "wali.kota.bandung@bbgp-jabar.id"
WALI_KABKOTA = "32.73"  # Kota Bandung: one kab/kota
USERS = f"""
[pengguna."{ADMIN_EMAIL}"]
peran = "admin"

[pengguna."{WALI_EMAIL}"]
peran = "wali_wilayah"
kabkota = ["{WALI_KABKOTA}"]
"""
OIDC_USERS = [
    {"sub": "admin", "email": ADMIN_EMAIL, "email_verified": True, "name": "Admin UPT"},
    {"sub": "wali", "email": WALI_EMAIL, "email_verified": True, "name": "Wali Kota Bandung"},
]
PAGES = ["", "aturan_mingguan", "aktivitas", "wilayah", "refleksi", "laporan_dua_bulanan", "rencana_tindak_lanjut",
         "penggerak", "program_upt", "unggah_data", "kualitas_data", "pengguna"]
# Codes of the domain a user should only ever read as their label (those with an underscore: `sekolah` or
# `risiko` are ordinary words).
RAW_CODES = sorted({c for c in (*KOMPONEN, *KOMPONEN_LAPORAN, *JENIS, *KINDS, *STATUS_LABEL, *ROLES) if "_" in c})
FORBIDDEN = re.compile(r"\b(None|nan|NaN|NaT|null|undefined)\b|\b(" + "|".join(map(re.escape, RAW_CODES)) + r")\b")
# Material icon names are text in the DOM (ligatures drawn as icons), not words anyone reads.
ICON = '[data-testid="stIconMaterial"], [data-testid="stExpanderIconCheck"], .material-symbols-rounded'


@pytest.fixture(scope="module")
def sample_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """Behind the OIDC mock, on a store that does not exist yet: the first page run loads the sample data
    (KOMBEL_SAMPLE on), as on a fresh install."""
    with login_servers(tmp_path_factory.mktemp("layar"), USERS, OIDC_USERS) as servers:
        yield servers


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("KOMBEL_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("tangkapan")
    path.mkdir(parents=True, exist_ok=True)
    return path


def sign_in(page: Page, servers: Servers, sub: str) -> None:
    page.goto(servers.app)
    settle(page, timeout=180_000)  # the first run loads the sample data (~15 s, longer on a busy machine)
    log_in(page, servers, sub, timeout=120_000)  # the first signed-in run: every query of the page cold


def shoot(page: Page, path: Path) -> None:
    """A full-page PNG: Streamlit scrolls inside its main section, so the window is made as tall as it."""
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll("
                           "'[data-testid=stMain], [data-testid=stAppViewContainer], [data-testid=stSidebarContent]')]"
                           ".map(e => e.scrollHeight))")
    page.set_viewport_size({"width": LAPTOP["width"], "height": min(int(height) + 40, 20_000)})
    page.wait_for_timeout(500)  # the charts re-lay out to the new size
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(LAPTOP)


def page_text(page: Page) -> str:
    """What the person reads in the main area and the sidebar, without icon ligature names."""
    return page.evaluate("""(icon) => {
        const parts = [];
        for (const root of document.querySelectorAll('[data-testid=stMain], [data-testid=stSidebar]')) {
            const copy = root.cloneNode(true);
            copy.querySelectorAll(icon).forEach(e => e.remove());
            parts.push(copy.innerText);
        }
        return parts.join('\\n');
    }""", ICON)


def visit_every_page(page: Page, app: str, role: str, folder: Path) -> dict[str, str]:
    problems = {}
    for name in PAGES:
        page.goto(f"{app}/{name}")
        settle(page)
        page.wait_for_timeout(1000)  # the grid's accessible table and the charts draw after the run ends
        shoot(page, folder / f"{role}_{name or 'ringkasan'}.png")
        errors = page.locator(ERRORS)
        found = [m.group(0) for m in FORBIDDEN.finditer(page_text(page))]
        if errors.count() or found:
            problems[name or "ringkasan"] = f"errors={errors.all_inner_texts()} forbidden={sorted(set(found))}"
    return problems


def test_every_page_as_admin(browser, sample_app: Servers, shots: Path) -> None:
    app = sample_app.app
    page = new_page(browser)
    page.set_viewport_size(LAPTOP)
    try:
        sign_in(page, sample_app, "admin")
        assert visit_every_page(page, app, "admin", shots) == {}
    finally:
        page.context.close()
    assert len(list(shots.glob("admin_*.png"))) == len(PAGES)


def test_every_page_as_wali_of_one_kabkota(browser, sample_app: Servers, shots: Path) -> None:
    app = sample_app.app
    page = new_page(browser)
    page.set_viewport_size(LAPTOP)
    try:
        sign_in(page, sample_app, "wali")
        assert visit_every_page(page, app, "wali", shots) == {}
        # the admin pages are listed for admins only
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Unggah Data" not in nav and "Pengguna" not in nav
    finally:
        page.context.close()
    assert len(list(shots.glob("wali_*.png"))) == len(PAGES)
