"""The faster queries of issue 19 (brief H4) give, exactly, the frames of the SQL they replace
(tests/queries/referensi/): activity_breakdown against the query that read kegiatan whole, for every way a period
can cut a month (a kept month less its outside days, or its inside days read), on a store loaded through the real
loader with values outside the summary's lists; headline and progress_kabkota against their SQL before they read the
list progress_kabkota_rinci. Admin and a wali's scope. And a page asking both headline and progress_kabkota (Ringkasan)
computes the list once."""
from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from data_loaders.load import Source, load_files
from queries import runner
from queries.runner import Filters, Hasil, run_query
from queries.scope import ADMIN, Scope
from store import rollup
from store.database import cursor, open_readonly, write_transaction
from tests.fixtures.security import WALI as WALI_KEAMANAN
from tests.support import copy_store

REFERENSI = Path(__file__).resolve().parent / "referensi"
WALI = Scope(email="wali@upt.id", peran="wali_wilayah", kabkota=("32.04",))

# Activities on the first and last days of months and around them, so a cut month's outside days hold rows.
TAMBAHAN = (b"ID Komunitas;Tanggal;Durasi (menit);Topik;Bentuk Kegiatan;Moda\n"
            b"K1;01/08/2022;45;Awal Agustus;Berbagi praktik baik;Luring\n"
            b"K2;02/08/2022;30;Hari kedua;Webinar;Zoom\n"
            b"K2;30/08/2022;;Akhir;Rapat kerja;\n"
            b"K3;31/07/2022;60;Akhir Juli;Refleksi;Hybrid\n"
            b"K3;31/08/2022;20;Akhir Agustus;;Tatap muka\n"
            b"K1;01/09/2022;50;Awal September;Diskusi;daring\n"
            b"K4;02/09/2022;25;September;Webinar;Daring\n"
            b"K2;29/09/2022;40;Akhir September;Berbagi praktik baik;Luring\n"
            b"K1;30/09/2022;;Akhir September;Webinar;\n"
            b"K1;03/10/2022;60;Oktober;Webinar;Daring\n")


def _periods() -> list[tuple[date, date]]:
    """Every pair of days around month edges and mid-months of Jul-Oct 2022: same month, adjacent months, a
    month between, either edge on the 1st / 2nd / last / mid, one day, and an empty period."""
    days = sorted({d for m in (7, 8, 9, 10) for d in (
        date(2022, m, 1), date(2022, m, 2), date(2022, m, 14), date(2022, m, 17),
        date(2022, m + 1, 1) - timedelta(days=2) if m < 12 else date(2022, 12, 30),
        date(2022, m + 1, 1) - timedelta(days=1) if m < 12 else date(2022, 12, 31))})
    pairs = [(a, b) for a in days for b in days if a <= b]
    return pairs + [(date(2022, 9, 14), date(2022, 8, 17)), (date(2022, 6, 1), date(2022, 12, 31))]


PERIODS = _periods()


@pytest.fixture(scope="module")
def store(penggerak_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = copy_store(penggerak_template, tmp_path_factory.mktemp("cepat"))
    load_files(path, [Source("kegiatan_tepi_bulan.csv", TAMBAHAN)])
    with write_transaction(path) as con:
        # values outside the loader's lists, as a bulk writer might leave them, in cut and whole months
        con.execute("""
            create temp table _lain as
            select * from (values
                ('lain-1', 'K1', date '2022-08-17', 25, 'Panel', 'Diskusi panel', 'hybrid'),
                ('lain-2', 'K3', date '2022-09-01', null, 'Campuran', 'berbagi praktik baik', 'campuran'),
                ('lain-3', 'K2', date '2022-08-31', 15, 'Tanpa', null, 'campuran'))
                as t(id_kegiatan, id_komunitas, tanggal, durasi_menit, topik, bentuk, moda)
        """)
        con.execute("""insert into kegiatan (id_kegiatan, id_komunitas, tanggal, durasi_menit, topik, bentuk, moda,
                                             sumber_file, sumber_baris, dimuat_pada)
                       select *, 'massal.csv', 2, now() from _lain""")
        rollup.refresh(con, "_lain")
    return path


@pytest.fixture(scope="module")
def reference_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """queries/ with the replaced queries' reference text (the partials stay the current ones)."""
    directory = tmp_path_factory.mktemp("kueri_referensi_h4")
    for path in runner.QUERY_DIR.glob("*.sql"):
        shutil.copy(path, directory / path.name)
    for path in REFERENSI.glob("*.sql"):
        shutil.copy(path, directory / path.name)
    return directory


def _both(db: Path, reference_dir: Path, name: str, filters: list[Filters], scope: Scope,
          monkeypatch: pytest.MonkeyPatch) -> tuple[list[pd.DataFrame], list[pd.DataFrame]]:
    con = open_readonly(db)
    try:
        current = [run_query(cursor(con), name, f, scope) for f in filters]
        with monkeypatch.context() as m:
            m.setattr(runner, "QUERY_DIR", reference_dir)
            reference = [run_query(cursor(con), name, f, scope) for f in filters]
    finally:
        con.close()
    return current, reference


@pytest.mark.parametrize("scope", [ADMIN, WALI], ids=["admin", "wali"])
def test_activity_breakdown_equals_reading_kegiatan_whole_for_every_cut(
        store: Path, reference_dir: Path, scope: Scope, monkeypatch: pytest.MonkeyPatch) -> None:
    filters = [Filters(dari=d, sampai=s) for d, s in PERIODS] + [
        Filters(dari=date(2022, 8, 2), sampai=date(2022, 9, 30), jenis="antar_sekolah"),
        Filters(dari=date(2022, 7, 31), sampai=date(2022, 9, 29), kabkota=("32.73",)),
        Filters(dari=date(2022, 8, 9), sampai=date(2022, 10, 2), jenjang="SMP")]
    current, reference = _both(store, reference_dir, "activity_breakdown", filters, scope, monkeypatch)
    for f, got, expected in zip(filters, current, reference, strict=True):
        pd.testing.assert_frame_equal(got, expected, check_exact=True, obj=f"activity_breakdown {f}")
    # the cases that matter occur: a month kept less its outside days that hold activities, and values outside
    # the summary's lists in such a month
    assert sum(len(r) for r in reference) > 0
    values = set().union(*(set(r["nilai"]) for r in reference))
    assert {"tidak_diketahui", "Diskusi panel", "campuran", "webinar"} <= values


@pytest.mark.parametrize("scope", [ADMIN, WALI_KEAMANAN], ids=["admin", "wali"])
@pytest.mark.parametrize("name", ["headline", "progress_kabkota"])
def test_headline_and_progress_equal_their_sql_before_the_shared_list(
        security_store: Path, reference_dir: Path, name: str, scope: Scope,
        monkeypatch: pytest.MonkeyPatch) -> None:
    filters = [Filters(dari=date(2022, 8, 1), sampai=date(2022, 10, 30)),
               Filters(dari=date(2022, 8, 3), sampai=date(2022, 9, 20), ambang=75.0),
               Filters(dari=date(2022, 8, 1), sampai=date(2022, 10, 30), kabkota=("32.73", "32.04"),
                       libur=(date(2022, 8, 15),)),
               Filters(dari=date(2022, 7, 1), sampai=date(2022, 12, 31), jenis="dalam_sekolah"),
               Filters(dari=date(2022, 8, 1), sampai=date(2022, 10, 30), jenjang="SD"),
               Filters(dari=date(2022, 10, 1), sampai=date(2022, 8, 1))]
    current, reference = _both(security_store, reference_dir, name, filters, scope, monkeypatch)
    for f, got, expected in zip(filters, current, reference, strict=True):
        pd.testing.assert_frame_equal(got, expected, check_exact=True, obj=f"{name} {f}")
    assert any(len(r) and (r["jumlah_komunitas"] > 0).any() for r in reference)


@pytest.mark.parametrize("scope", [ADMIN, WALI_KEAMANAN], ids=["admin", "wali"])
@pytest.mark.parametrize("order", [("headline", "progress_kabkota"), ("progress_kabkota", "headline")])
def test_a_page_with_headline_and_progress_computes_the_list_once(
        security_store: Path, scope: Scope, order: tuple[str, str]) -> None:
    f = Filters(dari=date(2022, 8, 1), sampai=date(2022, 10, 30))
    con = open_readonly(security_store)
    try:
        hasil = Hasil(con)
        got = {name: run_query(cursor(con), name, f, scope, hasil=hasil) for name in order}
        assert hasil.computed == 1  # progress_kabkota_rinci, for both
        for name in order:
            pd.testing.assert_frame_equal(got[name], run_query(cursor(con), name, f, scope), check_exact=True)
        assert got["headline"].iloc[0]["jumlah_komunitas"] == got["progress_kabkota"]["jumlah_komunitas"].sum() > 0
    finally:
        con.close()

