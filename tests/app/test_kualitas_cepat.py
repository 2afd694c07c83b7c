"""Kualitas Data at national scale (issue 19 item 1): the probable duplicates are shown one page of 20 groups
at a time (the page's rows and the list's totals from one query), with a merge button per group on screen,
a page number to move on, and the first page again when a merge leaves the page past the end. The quarantine
rows of one reason are a paged list filtered in SQL. On 65 generated groups (tests/fixtures/duplikat_banyak)."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import logged_in
from tests.fixtures.duplikat_banyak import GROUPS, loaded
from tests.support import ROOT

USERS = """
[pengguna."wali.kota@upt.id"]
peran = "wali_wilayah"
kabkota = ["32.73"]
"""


@pytest.fixture
def store(store_template: Path, tmp_path: Path, use_store) -> Path:
    return use_store(loaded(store_template, tmp_path / "ganda"))


def run(email: str | None = None, kabkota: list[str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages/kualitas_data.py"), default_timeout=60)
    at.query_params["periode"] = ["2022-08-01", "2022-08-28"]
    if kabkota:
        at.query_params["kabkota"] = kabkota
    if email:
        logged_in(at, email)
    return at.run()


def grid(at: AppTest):
    (df,) = [d.value for d in at.dataframe if {"no_kelompok", "dipertahankan"} <= set(d.value.columns)]
    return df


def merge_buttons(at: AppTest) -> dict[str, object]:
    return {b.label: b for b in at.button if (b.key or "").startswith("kualitas_gabung_")}


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_admin_sees_one_page_of_groups_and_moves_to_the_last(store: Path) -> None:
    at = run()
    assert not at.exception, at.exception
    df = grid(at)
    assert sorted(set(df["no_kelompok"])) == list(range(1, 21))
    assert {"id_dipertahankan", "kode_kabkota", "jumlah_kelompok", "jumlah_baris"}.isdisjoint(df.columns)
    assert sorted(merge_buttons(at)) == sorted(f"Gabungkan kelompok {n}" for n in range(1, 21))
    assert f"{GROUPS} kelompok komunitas" in captions(at)
    assert f"Kelompok 1–20 dari {GROUPS}" in captions(at)
    halaman = at.number_input(key="kualitas_ganda_hal")
    assert halaman.max == -(-GROUPS // 20)
    halaman.set_value(4).run()
    assert not at.exception, at.exception
    assert sorted(set(grid(at)["no_kelompok"])) == list(range(61, GROUPS + 1))
    assert sorted(merge_buttons(at)) == sorted(f"Gabungkan kelompok {n}" for n in range(61, GROUPS + 1))
    assert f"Kelompok 61–{GROUPS} dari {GROUPS}" in captions(at)


def test_a_merge_that_empties_the_last_page_shows_the_page_before(store: Path) -> None:
    at = run(kabkota=["Kota Bandung"])  # 21 groups: page 2 holds one
    assert not at.exception, at.exception
    at.number_input(key="kualitas_ganda_hal").set_value(2).run()
    (tombol,) = merge_buttons(at).values()
    tombol.click().run()
    assert not at.exception, at.exception
    assert "digabungkan ke" in " ".join(s.value for s in at.success)
    assert sorted(set(grid(at)["no_kelompok"])) == list(range(1, 21))  # 20 groups left: one page, no page number
    assert not [n for n in at.number_input if n.key == "kualitas_ganda_hal"]


def test_wali_pages_their_region_without_buttons(store: Path) -> None:
    at = run("wali.kota@upt.id")
    assert not at.exception, at.exception
    assert set(grid(at)["kabkota"]) == {"Kota Bandung"}
    at.number_input(key="kualitas_ganda_hal").set_value(2).run()
    assert not at.exception, at.exception
    assert set(grid(at)["no_kelompok"]) == {21}
    assert merge_buttons(at) == {}
