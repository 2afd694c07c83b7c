"""AppTest of 'Kemungkinan komunitas ganda' on Kualitas Data (issue 13.6), on real exports loaded through the
loader (tests/fixtures/duplikat): the groups are listed in a data grid, an admin merges one with its button and
the store follows, a wali wilayah sees only the groups of their region and no button."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store.database import open_readonly
from tests.app.conftest import logged_in
from tests.fixtures.duplikat import loaded
from tests.support import ROOT

USERS = """
[pengguna."wali.kota@upt.id"]
peran = "wali_wilayah"
kabkota = ["32.73"]

[pengguna."pimpinan@upt.id"]
peran = "pimpinan"
"""


@pytest.fixture
def store(store_template: Path, tmp_path: Path, use_store) -> Path:
    return use_store(loaded(store_template, tmp_path / "ganda"))


def run(email: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages/kualitas_data.py"), default_timeout=30)
    at.query_params["periode"] = ["2022-08-01", "2022-08-28"]
    if email:
        logged_in(at, email)
    return at.run()


def grid(at: AppTest):
    (df,) = [d.value for d in at.dataframe if "id_dipertahankan" not in d.value.columns
             and {"no_kelompok", "dipertahankan"} <= set(d.value.columns)]
    return df


def merge_buttons(at: AppTest) -> dict[str, object]:
    return {b.label: b for b in at.button if (b.key or "").startswith("kualitas_gabung_")}


def registry(path: Path) -> list[str]:
    con = open_readonly(path)
    try:
        return [r[0] for r in con.execute("select id_komunitas from komunitas order by 1").fetchall()]
    finally:
        con.close()


def test_admin_merges_a_group_with_one_click(store: Path) -> None:
    at = run()
    assert not at.exception, at.exception
    assert "Kemungkinan komunitas ganda" in [s.value for s in at.subheader]
    df = grid(at)
    # The surest group first (same name and same school), then same name, then same school.
    assert list(df["id_komunitas"]) == ["D4", "D3", "D1", "D2", "D10", "D9"]
    assert df["nama_komunitas"].tolist()[3] == "kkg  gugus 3 SOREANG."  # uploaded text stays in the grid
    tombol = merge_buttons(at)
    assert sorted(tombol) == ["Gabungkan kelompok 1", "Gabungkan kelompok 2", "Gabungkan kelompok 3"]
    tombol["Gabungkan kelompok 2"].click().run()
    assert not at.exception, at.exception
    pesan = " ".join(s.value for s in at.success)
    assert "D2 digabungkan ke D1" in pesan.replace("\\", "")
    assert "D2" not in registry(store)
    assert list(grid(at)["id_komunitas"]) == ["D4", "D3", "D10", "D9"]  # the merged group is gone
    assert sorted(merge_buttons(at)) == ["Gabungkan kelompok 1", "Gabungkan kelompok 2"]


def test_wali_sees_only_their_region_and_no_button(store: Path) -> None:
    at = run("wali.kota@upt.id")
    assert not at.exception, at.exception
    assert list(grid(at)["id_komunitas"]) == ["D10", "D9"]
    assert merge_buttons(at) == {}


def test_pimpinan_sees_every_group_but_does_not_merge(store: Path) -> None:
    at = run("pimpinan@upt.id")
    assert not at.exception, at.exception
    assert len(grid(at)) == 6
    assert merge_buttons(at) == {}
    assert len(registry(store)) == 12
