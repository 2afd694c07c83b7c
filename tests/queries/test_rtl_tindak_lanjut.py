"""RTL follow-through (issue 17 item 3; docs/ATURAN.md "Tindak lanjut RTL"): hand-built stores with RTL items of
one period and the next period's activities and reflections, through the real classifier, against statuses
worked out by hand from the rule."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from data_loaders import topik
from data_loaders.themes import classify_pending
from queries.scope import Scope
from store import rollup
from tests.support import add_kegiatan, add_komunitas, add_refleksi, new_store

N = {"dari": date(2022, 9, 1), "sampai": date(2022, 10, 31)}  # period N; N+1 = Nov–Dec 2022
MODUL, LESSON = "menyusun dan merevisi modul ajar", "praktik di kelas dan observasi/lesson study"
JADWAL, NARSUM = "menyusun jadwal pertemuan rutin", "menghadirkan narasumber/pelatihan"


def _rtl(con, ident: str, jawaban: str, tanggal: date = date(2022, 10, 20)) -> None:
    add_refleksi(con, ident, tanggal, "rencana_tindak_lanjut", jawaban=jawaban)


def fill(con) -> None:
    for ident in "ABCDEG":
        add_komunitas(con, ident, kode_kabkota="32.04")
    add_komunitas(con, "F", kode_kabkota="32.17")
    # A: two themed plans, one of them (modul ajar) done in N+1 through an activity topic
    _rtl(con, "A", "1. menyusun modul ajar bersama\n2. melaksanakan lesson study")
    add_kegiatan(con, "A", date(2022, 11, 8), 60, topik="Penyusunan Modul Ajar fase A")
    add_kegiatan(con, "A", date(2022, 12, 31), 60, topik="Penyusunan Modul Ajar fase A")  # data reach N+1's end
    # B: plans a speaker; N+1 has only a lesson study; the speaker came in N (before the plan counts nothing)
    _rtl(con, "B", "mengundang narasumber yang kompeten")
    add_kegiatan(con, "B", date(2022, 10, 25), 60, topik="Mengundang narasumber pelatihan IHT")
    add_kegiatan(con, "B", date(2022, 11, 15), 60, topik="Lesson Study IPAS")
    # C: plans a schedule; no activity in N+1 but its hal_baik reflection of N+1 says it was done
    _rtl(con, "C", "membuat kalender kegiatan komunitas")
    add_refleksi(con, "C", date(2022, 12, 20), "hal_baik", jawaban="menyusun jadwal pertemuan kombel setiap minggu")
    # D: plans training; nothing at all in N+1
    _rtl(con, "D", "mengadakan pelatihan bagi anggota")
    # E: a plan without theme ('lainnya'), and activity in N+1
    _rtl(con, "E", "tidak ada")
    add_kegiatan(con, "E", date(2022, 11, 9), 60, topik="Penyusunan Modul Ajar fase A")
    # G: themed plan; N+1 has only a perlu_ditingkatkan reflection naming the theme (not evidence of doing)
    _rtl(con, "G", "menyusun modul ajar bersama")
    add_refleksi(con, "G", date(2022, 11, 20), "perlu_ditingkatkan", jawaban="menyusun modul ajar bersama")
    # F (another kab/kota): the plan done
    _rtl(con, "F", "melaksanakan lesson study")
    add_kegiatan(con, "F", date(2022, 11, 10), 60, topik="Lesson Study IPAS")
    classify_pending(con)


@pytest.fixture(scope="module")
def store(store_template: Path, tmp_path_factory: pytest.TempPathFactory):
    built = new_store(store_template, tmp_path_factory.mktemp("rtl"))
    def fill_and_roll(con) -> None:
        fill(con)
        rollup.rebuild(con)
        topik.perbarui(con)  # add_kegiatan writes kegiatan directly; a load classifies in kinds/kegiatan.py

    built.build(fill_and_roll)
    yield built
    built.close()


def test_statuses_per_community(store) -> None:
    rows = store.rows("rtl_tindak_lanjut", **N)
    assert {k: r["status"] for k, r in rows.items()} == {
        "A": "dijalankan", "B": "belum terlihat", "C": "dijalankan", "D": "tidak ada data",
        "E": "tidak ada data", "F": "dijalankan", "G": "belum terlihat"}
    assert rows["A"]["tema_rtl"] == "; ".join(sorted([MODUL, LESSON]))
    assert rows["A"]["tema_dijalankan"] == MODUL
    assert (rows["A"]["butir_rtl"], rows["A"]["butir_bertema"], rows["A"]["kegiatan_berikut"]) == (2, 2, 2)
    assert rows["B"]["tema_rtl"] == NARSUM and rows["B"]["tema_dijalankan"] == ""
    assert rows["B"]["kegiatan_berikut"] == 1  # the October activity is period N, not N+1
    assert rows["C"]["tema_dijalankan"] == JADWAL and rows["C"]["kegiatan_berikut"] == 0
    assert rows["C"]["refleksi_berikut"] == 1
    assert (rows["D"]["kegiatan_berikut"], rows["D"]["refleksi_berikut"]) == (0, 0)
    assert rows["E"]["butir_bertema"] == 0 and rows["E"]["tema_rtl"] == ""
    assert "tanpa tema" in rows["E"]["keterangan"]
    assert rows["G"]["refleksi_berikut"] == 1  # counted as data, but a perlu_ditingkatkan item is no evidence
    assert all(r["berikut_selesai"] for r in rows.values())
    assert rows["A"]["dari_berikut"].date() == date(2022, 11, 1)
    assert rows["A"]["sampai_berikut"].date() == date(2022, 12, 31)


def test_summary_per_kabkota(store) -> None:
    rows = store.rows("rtl_tindak_lanjut_kabkota", key="kode_kabkota", **N)
    bandung = rows["32.04"]
    assert (bandung["komunitas_dengan_rtl"], bandung["dijalankan"], bandung["belum_terlihat"],
            bandung["tidak_ada_data"]) == (6, 2, 2, 2)
    assert bandung["persen_dijalankan"] == 50.0
    assert (rows["32.17"]["dijalankan"], rows["32.17"]["persen_dijalankan"]) == (1, 100.0)
    assert set(rows) == {"32.04", "32.17"}


def test_a_wali_sees_only_their_region(store) -> None:
    wali = Scope("wali@x.id", "wali_wilayah", ("32.17",))
    per = store.run("rtl_tindak_lanjut", wali, **N)
    assert per["id_komunitas"].tolist() == ["F"] and per["status"].tolist() == ["dijalankan"]
    ringkas = store.run("rtl_tindak_lanjut_kabkota", wali, **N)
    assert ringkas["kode_kabkota"].tolist() == ["32.17"]


def test_filters_and_other_periods(store) -> None:
    assert store.run("rtl_tindak_lanjut", kabkota=("32.17",), **N)["id_komunitas"].tolist() == ["F"]
    # no RTL in Nov–Dec: no row
    assert store.run("rtl_tindak_lanjut", dari=date(2022, 11, 1), sampai=date(2022, 12, 31)).empty


def test_next_period_not_over(store_template: Path, tmp_path: Path) -> None:
    """Data ending on 2 Nov: a match already seen counts, the absence of one says nothing yet."""
    def partial(con) -> None:
        add_komunitas(con, "A")
        add_komunitas(con, "B")
        _rtl(con, "A", "menyusun modul ajar bersama")
        _rtl(con, "B", "menyusun modul ajar bersama")
        add_kegiatan(con, "A", date(2022, 11, 1), 60, topik="Penyusunan Modul Ajar fase A")
        add_kegiatan(con, "B", date(2022, 11, 2), 60, topik="Lesson Study IPAS")
        classify_pending(con)
        rollup.rebuild(con)
        topik.perbarui(con)

    store = new_store(store_template, tmp_path).build(partial)
    try:
        rows = store.rows("rtl_tindak_lanjut", **N)
        assert {k: r["status"] for k, r in rows.items()} == {"A": "dijalankan", "B": "tidak ada data"}
        assert not rows["B"]["berikut_selesai"] and "belum selesai" in rows["B"]["keterangan"]
        ringkas = store.rows("rtl_tindak_lanjut_kabkota", key="kode_kabkota", **N)["32.04"]
        assert (ringkas["dijalankan"], ringkas["tidak_ada_data"], ringkas["persen_dijalankan"]) == (1, 1, 100.0)
    finally:
        store.close()


def test_empty_store(store_template: Path, tmp_path: Path) -> None:
    store = new_store(store_template, tmp_path)
    try:
        for name in ("rtl_tindak_lanjut", "rtl_tindak_lanjut_kabkota"):
            df = store.run(name, **N)
            assert df.empty and "kabkota" in df.columns
    finally:
        store.close()
