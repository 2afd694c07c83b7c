"""A deep link opened first on a fresh server (issue 15): Streamlit would run the page file alone under a menu
of file names; the guard sends that run through dashboard.py, which opens the same page with the link's query
(the sidebar filters), under the app's own menu."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import NO_CHROMIUM, TOKEN, no_error, settle

pytestmark = NO_CHROMIUM


def test_a_deep_link_before_anyone_opened_the_root(browser, app: str) -> None:
    from tests.browser.conftest import new_page

    page: Page = new_page(browser)
    try:
        # The token address sets the cookie and redirects to "/"; leave before that page runs its script.
        page.goto(f"{app}/?token={TOKEN}", wait_until="commit")
        page.goto(f"{app}/aktivitas?jenis=Antar+sekolah")
        settle(page)
        expect(page.get_by_role("heading", name="Aktivitas", exact=True)).to_be_visible()
        nav = page.locator('[data-testid="stSidebarNav"]')
        expect(nav).to_contain_text("Pemantauan")          # the app's own sections …
        expect(nav.get_by_role("link", name="Aturan Mingguan", exact=True)).to_be_visible()
        for file_name in ("dashboard", "aktivitas", "aturan mingguan"):  # not the menu of file names
            expect(nav.get_by_role("link", name=file_name, exact=True)).to_have_count(0)
        expect(page).to_have_url(re.compile(r"/aktivitas\?(.*&)?jenis=Antar(\+|%20)sekolah"))  # the link's filter
        expect(page.get_by_role("combobox", name="Jenis komunitas", exact=False)).to_have_value("Antar sekolah")
        no_error(page, "aktivitas")
    finally:
        page.context.close()
