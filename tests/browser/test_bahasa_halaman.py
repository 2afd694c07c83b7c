"""The served pages declare Indonesian (ui/bahasa.py): no "translate from English" offer on a phone."""
from __future__ import annotations

from tests.browser.conftest import settle


def test_every_page_address_is_served_as_indonesian(admin, app: str) -> None:
    settle(admin)
    assert admin.evaluate("document.documentElement.lang") == "id"
    admin.goto(f"{app}/refleksi")
    settle(admin)
    assert admin.evaluate("document.documentElement.lang") == "id"
