"""Numbers a user would misread (issue 15), on hand-built stores whose expected values are counted by hand:
communities that reflected in a period (registration-date scope), how many files are loaded, what the
bimonthly report's top 5 may hold, and at-risk communities that met again after the last judged week."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from data_loaders.load import Source, load_files
from queries.runner import Filters, run_query
from store import rollup
from store.database import open_readonly, write_transaction
from tests.support import copy_store, insert


def komunitas(con: duckdb.DuckDBPyConnection, id_komunitas: str, terdaftar: date | None,
              jenis: str = "antar_sekolah") -> None:
    insert(con, "komunitas", id_komunitas=id_komunitas, nama_komunitas=f"Kombel {id_komunitas}",
           nama_normal=f"kombel {id_komunitas.lower()}", jenis=jenis, kode_kabkota="32.04", jenjang="SD",
           tanggal_terdaftar=terdaftar, terdaftar_pmm=True)


def kegiatan(con: duckdb.DuckDBPyConnection, id_komunitas: str, tanggal: date) -> None:
    insert(con, "kegiatan", id_kegiatan=f"{id_komunitas}-{tanggal}", id_komunitas=id_komunitas, tanggal=tanggal,
           durasi_menit=60, topik="Topik", bentuk="belajar bersama", moda="luring")


def refleksi(con: duckdb.DuckDBPyConnection, id_komunitas: str, tanggal: date, komponen: str = "hal_baik",
             tema: tuple[str, ...] = ("pertemuan rutin terjadwal",)) -> None:
    """One answer; its items get the given themes (lexicon version 1)."""
    awal = tanggal.month if tanggal.month % 2 else tanggal.month - 1
    id_refleksi = f"{id_komunitas}-{tanggal}-{komponen}"
    insert(con, "refleksi", id_refleksi=id_refleksi, id_komunitas=id_komunitas, tanggal=tanggal,
           periode=f"{tanggal.year}-{awal:02d}/{awal + 1:02d}", komponen=komponen,
           jawaban="; ".join(f"butir {t}" for t in tema))
    for i, t in enumerate(tema, start=1):
        insert(con, "butir_refleksi", id_refleksi=id_refleksi, nomor_butir=i, butir=f"butir {t}", tema=t, skor=0.8,
               versi_leksikon=1)
    con.execute("insert or replace into meta values ('versi_leksikon', '1')")


@pytest.fixture
def store(store_template: Path, tmp_path: Path) -> Iterator[Callable]:
    """`store(fill)`: a new store written by `fill` (rollups refreshed, as a load does), read-only."""
    opened = []

    def build(fill: Callable[[duckdb.DuckDBPyConnection], None]) -> duckdb.DuckDBPyConnection:
        path = copy_store(store_template, tmp_path, f"kombel{len(opened)}.duckdb")
        with write_transaction(path) as con:
            fill(con)
            rollup.rebuild(con)
        opened.append(open_readonly(path))
        return opened[-1]

    yield build
    for con in opened:
        con.close()


# --- reflection_periods: the registration-date scope (METRICS §3.9) ----------------------------------------

def test_reflection_periods_count_only_communities_in_scope_of_the_block(store) -> None:
    def fill(con) -> None:
        komunitas(con, "A", date(2022, 10, 1))
        refleksi(con, "A", date(2022, 11, 10))
        komunitas(con, "B", date(2023, 1, 15))            # registered after the Nov–Dec block
        refleksi(con, "B", date(2022, 12, 5))             # so this answer is out of scope
        refleksi(con, "B", date(2023, 1, 20))             # but this one counts for Jan–Feb
        komunitas(con, "C", None)                         # unknown date: always in scope
        refleksi(con, "C", date(2022, 11, 20))
        refleksi(con, "C", date(2022, 11, 20), "risiko", ("jadwal bentrok/waktu terbatas",))
        komunitas(con, "D", date(2022, 12, 31))           # registered on the block's last day
        refleksi(con, "D", date(2022, 12, 20))
        komunitas(con, "E", date(2022, 11, 5))            # in scope, never reflected
        komunitas(con, "F", date(2022, 9, 1))
        refleksi(con, "F", date(2022, 9, 15))             # reflected in Sep–Oct only

    con = store(fill)
    periods = run_query(con, "reflection_periods", Filters(date(2024, 1, 1), date(2024, 1, 1)))
    got = {r.periode: (r.jumlah_komunitas, r.jumlah_jawaban) for r in periods.itertuples()}
    assert got == {"2022-09/10": (1, 1), "2022-11/12": (3, 4), "2023-01/02": (1, 1)}  # Nov–Dec: A, C (2), D

    nov_des = Filters(date(2022, 11, 1), date(2022, 12, 31))  # what the reflection pages pass for the block
    missing = run_query(con, "reflection_missing", nov_des)
    assert sorted(missing.id_komunitas) == ["E", "F"]
    in_scope = run_query(con, "weekly_rule", nov_des)
    assert got["2022-11/12"][0] + len(missing) == len(in_scope) == 5  # done + missing = communities in scope
    items = run_query(con, "reflection_items", nov_des)
    assert items.id_komunitas.nunique() == got["2022-11/12"][0]


def test_reflection_periods_lists_no_block_whose_reflections_are_all_out_of_scope(store) -> None:
    def fill(con) -> None:
        komunitas(con, "B", date(2023, 1, 15))
        refleksi(con, "B", date(2022, 12, 5))

    periods = run_query(store(fill), "reflection_periods", Filters(date(2024, 1, 1), date(2024, 1, 1)))
    assert periods.empty


# --- data_info: distinct files ------------------------------------------------------------------------------

SEKOLAH = (b"NPSN;Nama Sekolah;Bentuk Pendidikan;Kabupaten/Kota;Kategori IKM\n"
           b"20206789;SD Negeri 1 Cileunyi;SD;Kab. Bandung;Mandiri Berubah\n")


def test_jumlah_berkas_counts_each_file_content_once(empty_store: Path) -> None:
    def jumlah_berkas() -> int:
        con = open_readonly(empty_store)
        try:
            info = run_query(con, "data_info", Filters(date(2024, 1, 1), date(2024, 1, 1)))
            return int(info.jumlah_berkas.iloc[0])
        finally:
            con.close()

    assert jumlah_berkas() == 0
    load_files(empty_store, [Source("sekolah.csv", SEKOLAH)])
    load_files(empty_store, [Source("sekolah.csv", SEKOLAH)])  # a no-op reload
    assert jumlah_berkas() == 1
    load_files(empty_store, [Source("sekolah (1).csv", SEKOLAH)])  # the same file downloaded twice
    assert jumlah_berkas() == 1
    more = SEKOLAH + b"20206790;SMP Negeri 2 Soreang;SMP;Kab. Bandung;Mandiri Belajar\n"
    load_files(empty_store, [Source("sekolah.csv", more)])  # a newer export under the same name
    assert jumlah_berkas() == 2


# --- the bimonthly report's top 5 ---------------------------------------------------------------------------

THEMES = ["pertemuan rutin terjadwal", "partisipasi dan antusiasme anggota", "berbagi praktik baik antar guru",
          "pemahaman Kurikulum Merdeka dan P5", "penyusunan modul ajar/perangkat ajar",
          "pemanfaatan PMM dan teknologi"]


def test_bimonthly_top5_never_holds_lainnya_or_umum_tidak_spesifik(store) -> None:
    # Eight communities all say something general and something unmatched (the two most mentioned themes);
    # theme i is named by 7 - i of them.
    def fill(con) -> None:
        for c in range(8):
            komunitas(con, f"K{c}", date(2023, 6, 1))
            tema = ("umum/tidak spesifik", "lainnya", *(t for i, t in enumerate(THEMES) if c < 7 - i))
            refleksi(con, f"K{c}", date(2024, 1, 10), "hal_baik", tema)
            refleksi(con, f"K{c}", date(2024, 1, 10), "dampak_guru_kepsek",
                     ("umum/tidak spesifik", "lainnya", "budaya kolaborasi antar guru"))

    con = store(fill)
    f = Filters(date(2024, 1, 1), date(2024, 2, 29))
    report = run_query(con, "bimonthly_report", f)
    hal_baik = report[report.komponen_laporan == "hal_baik"]
    assert hal_baik.tema.tolist() == THEMES[:5]
    assert hal_baik.jumlah_komunitas.tolist() == [7, 6, 5, 4, 3]
    dampak = report[report.komponen_laporan == "dampak"]
    assert dampak.tema.tolist() == ["budaya kolaborasi antar guru"]
    draft = run_query(con, "bimonthly_draft", f)
    excluded = ["lainnya", "umum/tidak spesifik"]
    assert not draft.tema.isin(excluded).any()  # not even a candidate to swap in
    assert not report.tema.isin(excluded).any()
    themes = run_query(con, "reflection_themes", f)  # still counted where every theme is shown
    counted = themes[themes.komponen == "hal_baik"].set_index("tema").jumlah_komunitas
    assert counted["umum/tidak spesifik"] == counted["lainnya"] == 8


# --- the follow-up list: met again after the last judged week -----------------------------------------------

DARI, SAMPAI = date(2024, 1, 1), date(2024, 2, 1)  # Mon .. Thu: the last complete week is 22–28 Jan


def fill_followup(con) -> None:
    old = date(2023, 12, 1)
    komunitas(con, "S", old)                  # at risk, silent ever since
    kegiatan(con, "S", date(2024, 1, 2))
    komunitas(con, "N", old)                  # at risk, never active
    komunitas(con, "P", old)                  # at risk, met again inside the period's incomplete last week
    kegiatan(con, "P", date(2024, 1, 3))
    kegiatan(con, "P", date(2024, 1, 30))
    kegiatan(con, "P", date(2024, 2, 10))
    komunitas(con, "Q", old)                  # at risk, met again after the period's end
    kegiatan(con, "Q", date(2024, 1, 4))
    kegiatan(con, "Q", date(2024, 2, 12))
    komunitas(con, "R", old)                  # met in the last week, and again after the period
    kegiatan(con, "R", date(2024, 1, 23))
    kegiatan(con, "R", date(2024, 2, 5))
    komunitas(con, "H", old)                  # met in the last week only (a holiday week in the second test)
    kegiatan(con, "H", date(2024, 1, 2))
    kegiatan(con, "H", date(2024, 1, 24))
    komunitas(con, "Z", date(2024, 1, 29))    # registered after the last complete week: nothing judged
    kegiatan(con, "Z", date(2024, 1, 30))


def test_followup_dates_the_first_meeting_after_the_last_judged_week_and_ranks_it_below_the_silent(store) -> None:
    con = store(fill_followup)
    df = run_query(con, "weekly_rule_followup", Filters(DARI, SAMPAI))
    assert list(df.columns) == [*run_query(con, "weekly_rule", Filters(DARI, SAMPAI)).columns,
                                "penggerak_nama", "penggerak_email", "kegiatan_terakhir", "bertemu_lagi_pada"]
    assert str(df.bertemu_lagi_pada.dtype).startswith("datetime64")
    got = {r.id_komunitas: (r.berisiko, None if pd.isna(r.bertemu_lagi_pada) else r.bertemu_lagi_pada.date())
           for r in df.itertuples()}
    assert got == {
        "S": (True, None), "N": (True, None),
        "P": (True, date(2024, 1, 30)), "Q": (True, date(2024, 2, 12)),
        "R": (False, date(2024, 2, 5)), "H": (False, None), "Z": (False, None),
    }
    # At risk and silent first (most recent activity first, never active last), then at risk but met again;
    # then the rest by streak (Z: 0 weeks) and most recent activity.
    assert df.id_komunitas.tolist() == ["S", "N", "Q", "P", "Z", "R", "H"]


def test_followup_after_holiday_weeks_reads_from_the_last_evaluated_week(store) -> None:
    con = store(fill_followup)
    df = run_query(con, "weekly_rule_followup", Filters(DARI, SAMPAI, libur=(date(2024, 1, 22),)))
    rows = df.set_index("id_komunitas")
    # The last judged week is now 15–21 Jan: H missed it and the week before, and met in the holiday week.
    assert rows.loc["H", "berisiko"] and rows.loc["H", "bertemu_lagi_pada"].date() == date(2024, 1, 24)
    assert rows.loc["R", "berisiko"] and rows.loc["R", "bertemu_lagi_pada"].date() == date(2024, 1, 23)
    assert df.id_komunitas.tolist()[:2] == ["S", "N"]


def test_followup_without_a_judged_week_has_no_date(store) -> None:
    con = store(fill_followup)
    df = run_query(con, "weekly_rule_followup", Filters(date(2024, 1, 29), SAMPAI))  # no complete week
    assert df.bertemu_lagi_pada.isna().all() and not df.berisiko.any()
