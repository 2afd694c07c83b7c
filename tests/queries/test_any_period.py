"""Every runnable query on random small stores, for any period, filter and scope (issue 15): no error, and
exactly the columns the query returns on a normal store.

A period may be anything the CLI, the snapshot or the sidebar can pass: no complete week, one day, decades,
leap days, every week a holiday, thresholds 0 and 100 — and one that ends before it starts, which the CLI
refuses but the sidebar can pass (its period is bound to the URL, and a hand-edited URL is not put in order):
then every query gives what an empty period gives, never an error. Stores are written with SQL through the
app's own write transaction and rollups; the column lists come from a fixed reference store.
"""
from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from queries.runner import Filters, query_names, run_query
from queries.scope import ADMIN, Scope
from store import rollup
from store.database import open_readonly, write_transaction
from tests.support import copy_store, insert
from vocab import JENIS, JENIS_KEGIATAN_UPT, JENJANG, KOMPONEN

BASE = date(2024, 1, 1)  # a Monday; the random data lies around it, across the leap day 2024-02-29
KABKOTA = ("32.04", "32.73", "32.17")  # in wilayah
LOADED = datetime(2024, 6, 1, 8, 0)
BENTUK = ("belajar bersama", "berbagi praktik baik", "webinar", "refleksi", "lainnya", None)
TEMA = ("pertemuan rutin terjadwal", "dokumentasi kegiatan", "umum/tidak spesifik", "lainnya",
        "menyusun jadwal pertemuan rutin")
EMAIL = ("a@guru.belajar.id", "b@guru.belajar.id", "c@guru.belajar.id")

WALI_NONE = Scope(email="wali@upt.id", peran="wali_wilayah", kabkota=())
WALI_ELSEWHERE = Scope(email="wali@upt.id", peran="wali_wilayah", kabkota=("11.01",))  # no data there
WALI_BANDUNG = Scope(email="wali@upt.id", peran="wali_wilayah", kabkota=("32.04",))
SCOPES = (ADMIN, WALI_NONE, WALI_ELSEWHERE, WALI_BANDUNG)

# The contract outputs of METRICS §3–§6, columns in order.
CONTRACT = {
    "weekly_rule": ["id_komunitas", "nama_komunitas", "jenis", "kode_kabkota", "kabkota", "minggu_dievaluasi",
                    "minggu_terpenuhi", "minggu_tanpa_durasi", "persen_terpenuhi", "memenuhi_aturan",
                    "minggu_beruntun", "berisiko"],
    "activity_frequency": ["kode_kabkota", "kabkota", "bulan", "jumlah_kegiatan", "komunitas_aktif",
                           "rata_kegiatan_per_komunitas_aktif", "total_durasi_menit"],
    "progress_kabkota": ["kode_kabkota", "kabkota", "kode_provinsi", "provinsi", "jumlah_komunitas",
                         "komunitas_dalam_sekolah", "komunitas_antar_sekolah", "komunitas_daring_pmm",
                         "terdaftar_pmm", "komunitas_aktif_4_minggu", "persen_aktif_4_minggu",
                         "rata_persen_terpenuhi", "komunitas_memenuhi_aturan", "sekolah_ikm",
                         "sekolah_ikm_dengan_kombel", "persen_cakupan_ikm", "jumlah_refleksi"],
    "reflection_themes": ["periode", "komponen", "tema", "jumlah_komunitas", "jumlah_butir", "contoh"],
    "reflection_items": ["id_komunitas", "nama_komunitas", "kode_kabkota", "periode", "komponen", "jawaban",
                         "butir", "tema", "skor"],
}
# Outputs whose rows all come from the period: none when it ends before it starts.
PERIOD_ROWS = ("activity_frequency", "activity_breakdown", "weekly_trend", "reflection_themes", "reflection_items",
               "bimonthly_draft", "bimonthly_report", "reflection_followup", "reflection_theme_ranking")


# --- random stores ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Kom:
    jenis: str | None
    kode_kabkota: str
    terdaftar: int | None  # days from BASE
    jenjang: str | None
    penggerak: int | None  # index into EMAIL, None = no penggerak
    npsn: int | None       # index of a school


@dataclass(frozen=True)
class Keg:
    komunitas: int
    hari: int              # days from BASE
    durasi: int | None
    bentuk: str | None


@dataclass(frozen=True)
class Ref:
    komunitas: int
    hari: int
    komponen: str
    tema: tuple[str, ...]


@dataclass(frozen=True)
class Upt:
    jenis: str
    hari: int
    kode_kabkota: str | None
    hadir: tuple[int, ...]  # indexes into EMAIL


@dataclass(frozen=True)
class Spec:
    komunitas: tuple[Kom, ...]
    kegiatan: tuple[Keg, ...] = ()
    refleksi: tuple[Ref, ...] = ()
    upt: tuple[Upt, ...] = ()
    penggerak: tuple[int, ...] = ()  # indexes into EMAIL in the penggerak list
    sekolah: tuple[str, ...] = ()    # kode_kabkota of each school


DAYS = st.integers(-150, 150)
komunitas_st = st.builds(
    Kom,
    jenis=st.sampled_from((*JENIS, None)),
    kode_kabkota=st.sampled_from(KABKOTA),
    terdaftar=st.one_of(st.none(), DAYS),
    jenjang=st.sampled_from((*JENJANG, None)),
    penggerak=st.one_of(st.none(), st.integers(0, len(EMAIL) - 1)),
    npsn=st.one_of(st.none(), st.integers(0, 3)),
)


@st.composite
def stores(draw) -> Spec:
    koms = draw(st.lists(komunitas_st, min_size=1, max_size=6))
    n = len(koms)
    kegs = draw(st.lists(st.builds(Keg, komunitas=st.integers(0, n - 1), hari=DAYS,
                                   durasi=st.one_of(st.none(), st.integers(0, 120)),
                                   bentuk=st.sampled_from(BENTUK)), max_size=25))
    refs = draw(st.lists(st.builds(Ref, komunitas=st.integers(0, n - 1), hari=DAYS,
                                   komponen=st.sampled_from(KOMPONEN),
                                   tema=st.lists(st.sampled_from(TEMA), min_size=1, max_size=3).map(tuple)),
                         max_size=8))
    upts = draw(st.lists(st.builds(Upt, jenis=st.sampled_from(JENIS_KEGIATAN_UPT), hari=DAYS,
                                   kode_kabkota=st.sampled_from((*KABKOTA, None)),
                                   hadir=st.sets(st.integers(0, len(EMAIL) - 1)).map(tuple)), max_size=4))
    penggerak = tuple(draw(st.sets(st.integers(0, len(EMAIL) - 1))))
    sekolah = tuple(draw(st.lists(st.sampled_from(KABKOTA), max_size=4)))
    return Spec(tuple(koms), tuple(kegs), tuple(refs), tuple(upts), penggerak, sekolah)


def day(offset: int) -> date:
    return BASE + timedelta(days=offset)


def _rows(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    """Rows of one table; tables that carry provenance get successive line numbers, as a file would."""
    numbered = table not in ("butir_refleksi", "karantina", "koreksi", "berkas")
    for i, row in enumerate(rows):
        insert(con, table, **({"sumber_baris": i + 2} if numbered else {}), **row)


def fill(con: duckdb.DuckDBPyConnection, spec: Spec) -> None:
    """Write `spec` with SQL, as the loaders would have left it, then the rollups."""
    _rows(con, "sekolah", [{"npsn": f"2020{i:04d}", "nama_sekolah": f"SD {i}", "jenjang": "SD", "kode_kabkota": k,
                            "jalur_ikm": "mandiri berubah"} for i, k in enumerate(spec.sekolah)])
    _rows(con, "penggerak", [{"penggerak_email": EMAIL[i], "penggerak_nama": f"Penggerak {i}",
                              "kode_kabkota": KABKOTA[i % len(KABKOTA)] if i else None, "akun_belajar_id": True,
                              "aksi_nyata_kurikulum_merdeka": i != 1, "aksi_nyata_perencanaan_pembelajaran": True,
                              "aksi_nyata_asesmen_awal": None, "aksi_nyata_pembelajaran_berdiferensiasi": False}
                             for i in spec.penggerak])
    _rows(con, "komunitas", [{
        "id_komunitas": f"K{i}", "nama_komunitas": f"Kombel {i}", "nama_normal": f"kombel {i}", "jenis": k.jenis,
        "npsn": None if k.npsn is None else f"2020{k.npsn:04d}", "kode_kabkota": k.kode_kabkota,
        "jenjang": k.jenjang, "penggerak_nama": None if k.penggerak is None else f"P{k.penggerak}",
        "penggerak_email": None if k.penggerak is None else EMAIL[k.penggerak], "jumlah_anggota": 5,
        "tanggal_terdaftar": None if k.terdaftar is None else day(k.terdaftar), "terdaftar_pmm": i % 2 == 0,
    } for i, k in enumerate(spec.komunitas)])
    _rows(con, "kegiatan", [{
        "id_kegiatan": f"g{i}", "id_komunitas": f"K{g.komunitas}", "tanggal": day(g.hari), "durasi_menit": g.durasi,
        "topik": f"Topik {i % 3}", "bentuk": g.bentuk, "moda": ("luring", "daring", None)[i % 3],
        "jumlah_peserta": 7, "tautan_dokumentasi": "https://x.id" if i % 2 else None,
    } for i, g in enumerate(spec.kegiatan)])
    refleksi, butir = [], []
    for i, r in enumerate(spec.refleksi):
        d = day(r.hari)
        awal = d.month if d.month % 2 else d.month - 1
        refleksi.append({"id_refleksi": f"r{i}", "id_komunitas": f"K{r.komunitas}", "tanggal": d,
                         "periode": f"{d.year}-{awal:02d}/{awal + 1:02d}", "komponen": r.komponen,
                         "jawaban": "; ".join(f"butir {t}" for t in r.tema)})
        butir += [{"id_refleksi": f"r{i}", "nomor_butir": j + 1, "butir": f"butir {t}", "tema": t, "skor": 0.5,
                   "versi_leksikon": 1} for j, t in enumerate(r.tema)]
    _rows(con, "refleksi", refleksi)
    _rows(con, "butir_refleksi", butir)
    con.execute("insert or replace into meta values ('versi_leksikon', '1')")
    _rows(con, "kegiatan_upt", [{"id_kegiatan_upt": f"u{i}", "jenis_kegiatan": u.jenis, "nama_kegiatan": f"Acara {i}",
                                 "tanggal": day(u.hari), "kode_kabkota": u.kode_kabkota, "jumlah_peserta": 20}
                                for i, u in enumerate(spec.upt)])
    _rows(con, "kehadiran_upt", [{"id_kegiatan_upt": f"u{i}", "penggerak_email": EMAIL[e]}
                                 for i, u in enumerate(spec.upt) for e in u.hadir])
    _rows(con, "survei_kebutuhan", [{"id_respons": f"s{i}", "waktu_pengisian": datetime(2023, 12, 1 + i),
                                     "penggerak_email": EMAIL[i], "kode_kabkota": (*KABKOTA, None)[i],
                                     "topik": ("Asesmen", "P5")[i % 2]} for i in range(len(spec.penggerak))])
    _rows(con, "karantina", [{"jenis_data": "kegiatan", "sumber_file": "kegiatan.csv", "sumber_baris": 5 + i,
                              "kolom": "Kab/Kota", "nilai": v, "kode_alasan": "kabkota_tidak_dikenal",
                              "alasan": "Ejaan kab/kota tidak dikenal", "dimuat_pada": LOADED,
                              "baris_json": f'{{"kabkota": "{v}", "nama_komunitas": "Kombel 0"}}'}
                             for i, v in enumerate(("Kab. Bandung", "Bandung", "Kota Bandunk")[:len(spec.sekolah)])])
    _rows(con, "koreksi", [{"sumber_file": "kegiatan.csv", "kolom": "Kab/Kota", "nilai_asli": "Kab Bandunk",
                            "nilai_baru": "Kabupaten Bandung", "metode": "ejaan_mirip", "jumlah_baris": 2,
                            "dimuat_pada": LOADED}] if spec.kegiatan else [])
    _rows(con, "berkas", [{"sumber_file": "kegiatan.csv", "sha256": "ab" * 32, "jenis_data": "kegiatan",
                           "baris_total": len(spec.kegiatan), "ditambah": len(spec.kegiatan), "sudah_ada": 0,
                           "dikarantina": 0, "dimuat_pada": LOADED}] if spec.kegiatan else [])
    rollup.rebuild(con)


@contextlib.contextmanager
def built(template: Path, spec: Spec) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection on a new store holding `spec`, removed afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        path = copy_store(template, Path(tmp))
        with write_transaction(path) as con:
            fill(con, spec)
        con = open_readonly(path)
        try:
            yield con
        finally:
            con.close()


# --- periods and filters ------------------------------------------------------------------------------------

def mondays(dari: date, sampai: date) -> tuple[date, ...]:
    first = dari - timedelta(days=dari.weekday())
    return tuple(first + timedelta(weeks=i) for i in range(max((sampai - first).days // 7 + 1, 0)))


def edge_cases() -> dict[str, tuple[Filters, Scope]]:
    """The periods, filters and scopes that broke, or could break, a query."""
    f = Filters
    wide = (day(-70), day(97))  # 2023-10-23 .. 2024-04-07, a Sunday
    cases = {
        "no_complete_week": f(day(-7), day(-2)),  # Monday..Saturday
        "one_day_sunday": f(day(6), day(6)),
        "one_day_monday": f(day(7), day(7)),
        "ends_before_start": f(day(40), day(-40)),
        "ends_day_before_start": f(day(14), day(13)),
        "decades": f(date(1990, 1, 1), date(2030, 12, 31)),
        "leap_day": f(date(2024, 2, 29), date(2024, 2, 29)),
        "leap_to_leap": f(date(2020, 2, 29), date(2024, 2, 29)),
        "all_holidays": f(*wide, libur=mondays(*wide)),
        "holiday_last_weeks": f(*wide, libur=mondays(day(84), day(97))),
        "threshold_0": f(*wide, ambang=0.0),
        "threshold_100": f(*wide, ambang=100.0),
        "kabkota_not_in_data": f(*wide, kabkota=("11.01",)),
        "jenis_and_jenjang": f(*wide, jenis="dalam_sekolah", jenjang="SMP"),
    }
    out = {name: (filters, ADMIN) for name, filters in cases.items()}
    out |= {"wali_empty_list": (f(*wide), WALI_NONE), "wali_kabkota_not_in_data": (f(*wide), WALI_ELSEWHERE),
            "wali_other_kabkota_filter": (f(*wide, kabkota=("32.73",)), WALI_BANDUNG)}
    return out


EDGES = edge_cases()


@st.composite
def filters(draw) -> tuple[Filters, Scope]:
    if draw(st.booleans()):
        return draw(st.sampled_from(list(EDGES.values())))
    dari = day(draw(st.integers(-200, 200)))
    sampai = dari + timedelta(days=draw(st.integers(-20, 250)))
    libur = draw(st.one_of(
        st.just(()), st.just(mondays(dari, sampai)),
        st.lists(st.integers(-30, 250).map(lambda d: dari + timedelta(days=d)), max_size=4).map(tuple)))
    return (Filters(dari=dari, sampai=sampai, kabkota=tuple(draw(st.sets(st.sampled_from((*KABKOTA, "11.01"))))),
                    jenis=draw(st.sampled_from((*JENIS, None))), jenjang=draw(st.sampled_from(("SD", None))),
                    ambang=draw(st.sampled_from((0.0, 50.0, 80.0, 100.0))), libur=libur),
            draw(st.sampled_from(SCOPES)))


# --- the reference store -----------------------------------------------------------------------------------

REFERENCE = Spec(
    komunitas=(Kom("dalam_sekolah", "32.04", -200, "SD", 0, 0), Kom("antar_sekolah", "32.73", None, "SMP", 1, None),
               Kom("daring_pmm", "32.17", 30, "SMA", None, None), Kom("antar_sekolah", "32.04", -50, "SD", 2, None)),
    kegiatan=tuple(Keg(i % 3, d, (None, 45, 90)[i % 3], BENTUK[i % 3]) for i, d in enumerate(range(-60, 90, 5))),
    refleksi=(Ref(0, -40, "hal_baik", ("pertemuan rutin terjadwal", "umum/tidak spesifik")),
              Ref(1, -35, "rencana_tindak_lanjut", ("menyusun jadwal pertemuan rutin",)),
              Ref(2, 40, "dampak_guru_kepsek", ("lainnya",))),
    upt=(Upt("peningkatan kapasitas luring", -30, "32.04", (0, 1)), Upt("webinar", 10, None, (2,))),
    penggerak=(0, 1),
    sekolah=("32.04", "32.73"),
)
NORMAL = Filters(dari=day(-70), sampai=day(97))


@pytest.fixture(scope="module")
def reference(store_template: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with built(store_template, REFERENCE) as con:
        yield con


@pytest.fixture(scope="module")
def reference_columns(reference: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    return {name: list(run_query(reference, name, NORMAL).columns) for name in query_names()}


def test_contract_outputs_have_the_metrics_columns_in_order(reference_columns: dict[str, list[str]]) -> None:
    for name, columns in CONTRACT.items():
        assert reference_columns[name] == columns, name


def check_every_query(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope,
                      reference: dict[str, list[str]]) -> None:
    for name in query_names():
        try:
            df = run_query(con, name, filters, scope)
        except duckdb.Error as e:
            pytest.fail(f"{name} with {filters} as {scope.peran} {scope.kabkota}: {e}")
        assert list(df.columns) == reference[name], name
        if filters.dari > filters.sampai and name in PERIOD_ROWS:
            assert df.empty, name
        if filters.dari > filters.sampai and name == "weekly_rule":
            assert (df["minggu_dievaluasi"] == 0).all() and df["persen_terpenuhi"].isna().all()


@pytest.mark.parametrize("case", list(EDGES))
def test_edge_periods_on_the_reference_store(case: str, reference: duckdb.DuckDBPyConnection,
                                             reference_columns: dict[str, list[str]]) -> None:
    check_every_query(reference, *EDGES[case], reference_columns)


def test_a_community_with_no_evaluated_week_ranks_its_penggerak(store_template: Path) -> None:
    """The issue's case: a new community, no registration date, first activity in the current week."""
    spec = Spec(komunitas=(Kom("antar_sekolah", "32.04", None, "SD", 0, None),
                           Kom("antar_sekolah", "32.04", -100, "SD", 1, None)),
                kegiatan=(Keg(0, 10, 60, "belajar bersama"), Keg(1, 3, 60, "berbagi praktik baik")),
                penggerak=(0, 1))
    with built(store_template, spec) as con:
        df = run_query(con, "penggerak_ranking", Filters(dari=day(-28), sampai=day(12)))  # week of day 10 incomplete
    rows = df.set_index("penggerak_email")
    assert pd.isna(rows.loc[EMAIL[0], "rata_persen_terpenuhi"]) and rows.loc[EMAIL[0], "n_aturan"] == 0
    assert rows.loc[EMAIL[1], "rata_persen_terpenuhi"] == 20.0  # 1 of the 5 weeks 2023-12-04 .. 2024-01-07


# No shrinking: every example runs all the queries, and shrinking a failure took minutes; the failure names the
# query, the filters and the scope, and hypothesis prints the store.
@settings(max_examples=25, deadline=None, database=None, phases=(Phase.explicit, Phase.generate),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(spec=stores(), case=filters(), reverse=st.booleans())
def test_every_query_on_random_stores_and_periods(spec: Spec, case: tuple[Filters, Scope], reverse: bool,
                                                  store_template: Path,
                                                  reference_columns: dict[str, list[str]]) -> None:
    f, scope = case
    with built(store_template, spec) as con:
        check_every_query(con, f, scope, reference_columns)
        if reverse and f.dari <= f.sampai:  # the same period, ending the day before it starts
            check_every_query(con, replace(f, dari=f.sampai + timedelta(days=1), sampai=f.dari), scope,
                              reference_columns)
