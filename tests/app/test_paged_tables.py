"""AppTest: the paged follow-up list on Aturan Mingguan (issue 19 item 1). 50 rows a page with "Menampilkan 51–63
dari 63", page number, search and sort done in SQL; picks for the messages survive paging ("Pilih semua yang
tampil", "n dipilih", "Hapus pilihan"); the download is every row of the filtered list, exactly, whether made in
one go or streamed to a file in batches.

Store: 63 communities, 2024-01-01 (Monday) .. 2024-02-11 (Sunday): 40 in Kab. Bandung (32.04) and 23 in Kab. Bogor
(32.01). All meet weekly until 17 Jan; every third keeps meeting to the end, the others stopped (at risk).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import open_page
from tests.support import add_kegiatan, add_komunitas, new_store

N = 63
KEY = "aturan_tindak_lanjut"


def fill(con) -> None:
    for i in range(N):
        kid = f"K{i:02d}"
        add_komunitas(con, kid, kode_kabkota="32.04" if i < 40 else "32.01", nama_komunitas=f"Kombel {i:02d}",
                      tanggal_terdaftar=date(2023, 6, 1), penggerak_nama=f"Guru {i}",
                      penggerak_email=f"guru{i}@contoh.id")
        for w in range(6 if i % 3 == 0 else 3):
            add_kegiatan(con, kid, date(2024, 1, 3) + timedelta(weeks=w), 60)
    add_kegiatan(con, "K00", date(2024, 2, 11), 60)


@pytest.fixture
def store(store_template: Path, tmp_path: Path, use_store: Callable[[Path], Path]) -> Path:
    s = new_store(store_template, tmp_path).build(fill)
    s.close()
    return use_store(s.path)


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def shown(at: AppTest) -> pd.DataFrame:
    """The follow-up list's grid (its key carries the page's own suffix)."""
    return next(d.value for d in at.dataframe if "minggu_beruntun" in d.value.columns)


def test_fifty_a_page_with_page_number_search_and_sort(store: Path) -> None:
    at = open_page("pages/aturan_mingguan.py")
    assert f"Menampilkan 1–50 dari {N}" in captions(at)
    assert len(shown(at)) == 50
    at.number_input(key=f"{KEY}_hal").set_value(2).run()
    assert f"Menampilkan 51–{N} dari {N}" in captions(at)
    assert len(shown(at)) == N - 50
    at.text_input(key=f"{KEY}_cari").input("KOMBEL 4").run()  # Kombel 40..49 (not Kombel 04)
    assert "Menampilkan 1–10 dari 10" in captions(at)  # a new search starts at page 1
    assert sorted(shown(at)["nama_komunitas"]) == [f"Kombel {i}" for i in range(40, 50)]
    at.text_input(key=f"{KEY}_cari").input("").run()
    at.selectbox(key=f"{KEY}_urut").set_value("nama_komunitas").run()
    at.toggle(key=f"{KEY}_turun").set_value(True).run()
    names = list(shown(at)["nama_komunitas"])
    assert names == [f"Kombel {i:02d}" for i in range(N - 1, N - 51, -1)]
    assert not at.exception


def test_picks_survive_paging_and_reach_the_messages(store: Path) -> None:
    at = open_page("pages/aturan_mingguan.py")
    at.button(key=f"{KEY}_pilih_semua").click().run()
    assert len(at.session_state["pesan_dipilih"]) == 50
    assert "50 dipilih" in captions(at)
    at.number_input(key=f"{KEY}_hal").set_value(2).run()
    assert "50 dipilih" in captions(at)  # page 2 has its own rows; the picks of page 1 stay
    at.button(key=f"{KEY}_pilih_semua").click().run()
    assert f"{N} dipilih" in captions(at)
    assert sorted(at.session_state["pesan_dipilih"]) == [f"K{i:02d}" for i in range(N)]
    assert sorted(at.multiselect(key="pesan_pilih").value) == [f"K{i:02d}" for i in range(N)]
    assert any(f"Ditampilkan 50 pesan pertama dari {N}" in c for c in captions(at))
    at.number_input(key=f"{KEY}_hal").set_value(1).run()
    assert f"{N} dipilih" in captions(at)
    at.button(key=f"{KEY}_hapus_pilihan").click().run()
    assert at.session_state["pesan_dipilih"] == [] and at.multiselect(key="pesan_pilih").value == []
    assert "0 dipilih" in captions(at)
    assert not at.exception


def test_the_download_is_exactly_the_filtered_list_in_one_go_or_in_batches(
        store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from queries.runner import Filters, PageRequest, run_query
    from queries.scope import ADMIN
    from store import database
    from store.database import open_readonly
    from ui import data
    from ui import table as ui_table
    from ui.guard import PageContext

    path, version = data.open_store()
    filters = Filters(dari=date(2024, 1, 1), sampai=date(2024, 2, 11))
    con = open_readonly(path)
    try:
        full = run_query(database.cursor(con), "weekly_rule_followup", filters, ADMIN)
    finally:
        con.close()
    page = PageContext("Aturan Mingguan", ADMIN, filters, {}, path, version, {})
    kolom = ["nama_komunitas", "kabkota", "berisiko", "id_komunitas"]
    request = PageRequest(where=(("berisiko", True),), sort=(("nama_komunitas", True),), limit=50, offset=50)
    expected = full[full["berisiko"].fillna(False).astype(bool)].sort_values(
        "nama_komunitas", ascending=False, kind="stable")[kolom]
    assert 40 < len(expected) < N
    semua = dataclasses.replace(request, limit=None, offset=0)
    whole = ui_table._full(page, "weekly_rule_followup", (), semua, kolom, None)
    pd.testing.assert_frame_equal(whole.reset_index(drop=True), expected.reset_index(drop=True))
    one_go = ui_table.to_csv_bytes(whole)
    assert one_go == ui_table.to_csv_bytes(expected)
    monkeypatch.setattr(ui_table, "BARIS_PER_BATCH", 7)  # the streamed file: seven rows a batch
    berkas = ui_table._csv_file(page, "weekly_rule_followup", (), semua, len(expected), kolom, None)
    try:
        assert berkas.read_bytes() == one_go
    finally:
        berkas.unlink()


def test_a_long_list_is_prepared_with_progress_then_offered(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import table as ui_table

    monkeypatch.setattr(ui_table, "LANGSUNG", 10)  # "long": more rows than a download makes at the click
    monkeypatch.setattr(ui_table, "BARIS_PER_BATCH", 9)
    at = open_page("pages/aturan_mingguan.py")
    assert f"{KEY}_csv" not in [b.key for b in at.get("download_button")]
    at.button(key=f"{KEY}_siapkan").click().run()
    assert not at.exception
    assert f"{KEY}_csv" in [b.key for b in at.get("download_button")]
    tanda, berkas = at.session_state[f"{KEY}_berkas"]
    rows = pd.read_csv(berkas, encoding="utf-8-sig", dtype=str)
    assert len(rows) == N and list(rows["id_komunitas"]) == list(rows["id_komunitas"].drop_duplicates())
    assert rows.columns[:2].tolist() == ["nama_komunitas", "kabkota"] and "dihubungi_pada" in rows.columns
    at.toggle(key="aturan_hanya_berisiko").set_value(True).run()  # another list: the file is made again
    assert f"{KEY}_csv" not in [b.key for b in at.get("download_button")]
    at.button(key=f"{KEY}_siapkan").click().run()
    berisiko = pd.read_csv(at.session_state[f"{KEY}_berkas"][1], encoding="utf-8-sig", dtype=str)
    assert set(berisiko["berisiko"]) == {"True"} and len(berisiko) == N - 21
    assert not Path(berkas).exists()  # the first file was removed
