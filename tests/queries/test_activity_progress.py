"""activity_frequency (METRICS §4), progress_kabkota and headline (§5), and the page queries
built on the same rows, against hand-checked values. 2024-01-01 is a Monday."""
from __future__ import annotations

from datetime import date

from tests.support import (
    TinyStore,
    add_kegiatan,
    add_komunitas,
    add_refleksi,
    add_sekolah,
    module_store,
)

OLD = date(2023, 1, 2)


def fill_frequency(con) -> None:
    add_komunitas(con, "A", kode_kabkota="32.04", tanggal_terdaftar=OLD)
    add_kegiatan(con, "A", date(2024, 1, 8), 45)     # before dari: not counted
    add_kegiatan(con, "A", date(2024, 1, 10), 60, bentuk="webinar", moda="daring")
    add_kegiatan(con, "A", date(2024, 1, 20), None)
    add_kegiatan(con, "A", date(2024, 2, 6), 30)     # in the last, incomplete week: counted
    add_komunitas(con, "B", kode_kabkota="32.04", tanggal_terdaftar=OLD)
    add_kegiatan(con, "B", date(2024, 1, 15), None, bentuk=None, moda=None)
    for cid in ("C", "D", "E"):
        add_komunitas(con, cid, kode_kabkota="32.73", tanggal_terdaftar=OLD)
    for d in (date(2024, 2, 1), date(2024, 2, 2), date(2024, 2, 3)):
        add_kegiatan(con, "C", d, None)
    add_kegiatan(con, "D", date(2024, 2, 1), None)
    add_kegiatan(con, "E", date(2024, 2, 7), None)   # sampai itself
    add_kegiatan(con, "E", date(2024, 2, 8), 90)     # after sampai
    add_komunitas(con, "F", kode_kabkota="32.73", tanggal_terdaftar=date(2024, 3, 1))  # after sampai
    add_kegiatan(con, "F", date(2024, 2, 1), 90)


FREQ = dict(dari=date(2024, 1, 10), sampai=date(2024, 2, 7))


def test_activity_frequency(frequency: TinyStore) -> None:
    df = frequency.run("activity_frequency", **FREQ)
    assert list(df.columns) == [
        "kode_kabkota", "kabkota", "bulan", "jumlah_kegiatan", "komunitas_aktif",
        "rata_kegiatan_per_komunitas_aktif", "total_durasi_menit",
    ]
    assert [tuple(r) for r in df.itertuples(index=False)] == [
        ("32.04", "Kabupaten Bandung", "2024-01", 3, 2, 1.5, 60),
        ("32.04", "Kabupaten Bandung", "2024-02", 1, 1, 1.0, 30),
        ("32.73", "Kota Bandung", "2024-02", 5, 3, 1.67, 0),  # 5/3; no known duration -> 0
    ]


def test_activity_breakdown_and_per_community(frequency: TinyStore) -> None:
    bd = frequency.run("activity_breakdown", **FREQ)
    assert list(bd.columns) == ["bulan", "dimensi", "nilai", "jumlah_kegiatan", "total_durasi_menit"]
    jan = {(r.dimensi, r.nilai): (r.jumlah_kegiatan, r.total_durasi_menit)
           for r in bd[bd.bulan == "2024-01"].itertuples()}
    assert jan == {
        ("bentuk", "webinar"): (1, 60), ("bentuk", "belajar bersama"): (1, 0),
        ("bentuk", "tidak_diketahui"): (1, 0),
        ("moda", "daring"): (1, 60), ("moda", "luring"): (1, 0), ("moda", "tidak_diketahui"): (1, 0),
    }
    pc = frequency.run("activity_per_community", **FREQ)
    assert list(pc.columns) == [
        "id_komunitas", "nama_komunitas", "jenis", "kode_kabkota", "kabkota", "jumlah_kegiatan",
        "minggu_aktif", "total_durasi_menit", "kegiatan_pertama", "kegiatan_terakhir",
    ]
    rows = {r.id_komunitas: r for r in pc.itertuples()}
    assert set(rows) == {"A", "B", "C", "D", "E"}
    a = rows["A"]
    assert (a.jumlah_kegiatan, a.minggu_aktif, a.total_durasi_menit) == (3, 3, 90)
    assert (a.kegiatan_pertama.date(), a.kegiatan_terakhir.date()) == (date(2024, 1, 10), date(2024, 2, 6))
    assert (rows["C"].jumlah_kegiatan, rows["C"].minggu_aktif) == (3, 1)  # Feb 1–3: one ISO week


def test_activity_per_community_zero_for_no_activity(tiny: TinyStore) -> None:
    tiny.build(lambda con: add_komunitas(con, "Z", tanggal_terdaftar=OLD))
    r = tiny.rows("activity_per_community", **FREQ)["Z"]
    assert (r["jumlah_kegiatan"], r["minggu_aktif"], r["total_durasi_menit"]) == (0, 0, 0)
    assert r["kegiatan_pertama"] is None and r["kegiatan_terakhir"] is None


# --- §5 -------------------------------------------------------------------------------------
# Period Jan 1 – Wed Feb 7: last complete week Jan 29–Feb 4, so the 4-week window is Jan 8–Feb 4.
DARI, SAMPAI = date(2024, 1, 1), date(2024, 2, 7)


def fill_progress(con) -> None:
    add_sekolah(con, "111", kode_kabkota="32.04")
    add_sekolah(con, "112", kode_kabkota="32.04")
    add_sekolah(con, "113", kode_kabkota="32.04", jenjang="SMP")
    add_sekolah(con, "211", kode_kabkota="32.73")
    add_sekolah(con, "212", kode_kabkota="32.73")
    add_sekolah(con, "311", kode_kabkota="32.01")  # a kab/kota with only a school
    # 32.04
    add_komunitas(con, "P1", jenis="dalam_sekolah", npsn="111", tanggal_terdaftar=OLD, terdaftar_pmm=True)
    add_kegiatan(con, "P1", date(2024, 1, 9), None)   # W2: inside the 4-week window
    add_komunitas(con, "P2", jenis="antar_sekolah", tanggal_terdaftar=OLD, terdaftar_pmm=False)
    add_kegiatan(con, "P2", date(2024, 1, 7), 60)     # W1: before the window
    add_komunitas(con, "P3", jenis="daring_pmm", tanggal_terdaftar=None, terdaftar_pmm=None)
    add_kegiatan(con, "P3", date(2024, 2, 6), 60)     # incomplete last week: not in the window
    add_komunitas(con, "P4", jenis="dalam_sekolah", npsn="999", tanggal_terdaftar=OLD)  # npsn not in sekolah
    for d in (date(2024, 1, 1), date(2024, 1, 8), date(2024, 1, 15)):
        add_kegiatan(con, "P4", d, None)
    # in 32.04, but its school is in 32.73: the school is covered where the school is
    add_komunitas(con, "P5", jenis="dalam_sekolah", npsn="212", tanggal_terdaftar=OLD)
    # registered after sampai: counts nowhere, covers nothing
    add_komunitas(con, "P6", jenis="dalam_sekolah", npsn="112", tanggal_terdaftar=date(2024, 3, 1))
    add_kegiatan(con, "P6", date(2024, 1, 9), 60)
    add_refleksi(con, "P1", date(2024, 1, 10), "hal_baik", periode="2024-01/02")
    add_refleksi(con, "P1", date(2024, 1, 10), "tantangan", periode="2024-01/02")  # same community×periode
    add_refleksi(con, "P1", date(2023, 12, 20), periode="2023-11/12")              # before the period
    add_refleksi(con, "P2", date(2024, 2, 1), periode="2024-01/02")
    add_refleksi(con, "P6", date(2024, 2, 1), periode="2024-01/02")                # out of scope


PROGRESS_COLS = [
    "kode_kabkota", "kabkota", "kode_provinsi", "provinsi", "jumlah_komunitas",
    "komunitas_dalam_sekolah", "komunitas_antar_sekolah", "komunitas_daring_pmm", "terdaftar_pmm",
    "komunitas_aktif_4_minggu", "persen_aktif_4_minggu", "rata_persen_terpenuhi",
    "komunitas_memenuhi_aturan", "sekolah_ikm", "sekolah_ikm_dengan_kombel", "persen_cakupan_ikm",
    "jumlah_refleksi",
]


progress = module_store(fill_progress)
frequency = module_store(fill_frequency)


def test_progress_kabkota(progress: TinyStore) -> None:
    df = progress.run("progress_kabkota", dari=DARI, sampai=SAMPAI)
    assert list(df.columns) == PROGRESS_COLS
    rows = progress.rows("progress_kabkota", key="kode_kabkota", dari=DARI, sampai=SAMPAI)
    assert list(rows) == ["32.01", "32.04", "32.73"]
    # Weekly rule over W1..W5: P1 1/5, P2 1/5, P4 3/5, P5 0/5; P3 has no evaluated week
    # (starts with its first activity in W6) -> mean of 20, 20, 60, 0 = 25.0.
    assert rows["32.04"] == dict(zip(PROGRESS_COLS, [
        "32.04", "Kabupaten Bandung", "32", "Jawa Barat", 5, 3, 1, 1, 3, 2, 40.0, 25.0, 0,
        3, 1, 33.3, 2,
    ]))
    assert rows["32.73"] == dict(zip(PROGRESS_COLS, [
        "32.73", "Kota Bandung", "32", "Jawa Barat", 0, 0, 0, 0, 0, 0, None, None, 0, 2, 1, 50.0, 0,
    ]))
    assert rows["32.01"]["sekolah_ikm"] == 1 and rows["32.01"]["persen_cakupan_ikm"] == 0.0


def test_progress_four_week_window_ignores_dari(progress: TinyStore) -> None:
    rows = progress.rows("progress_kabkota", key="kode_kabkota", dari=date(2024, 2, 1), sampai=SAMPAI)
    assert rows["32.04"]["komunitas_aktif_4_minggu"] == 2
    # the window moves with sampai: ending Sunday Jan 7 it is Dec 11 – Jan 7 -> P2 and P4 active
    rows = progress.rows("progress_kabkota", key="kode_kabkota", dari=DARI, sampai=date(2024, 1, 7))
    assert rows["32.04"]["komunitas_aktif_4_minggu"] == 2
    assert rows["32.04"]["persen_aktif_4_minggu"] == 40.0


def test_progress_threshold_and_jenjang(progress: TinyStore) -> None:
    rows = progress.rows("progress_kabkota", key="kode_kabkota", dari=DARI, sampai=SAMPAI, ambang=50.0)
    assert rows["32.04"]["komunitas_memenuhi_aturan"] == 1  # P4, 60 %
    # jenjang SMP: no SD community left; schools counted by their own jenjang (113 only)
    rows = progress.rows("progress_kabkota", key="kode_kabkota", dari=DARI, sampai=SAMPAI, jenjang="SMP")
    assert list(rows) == ["32.04"]
    assert (rows["32.04"]["jumlah_komunitas"], rows["32.04"]["sekolah_ikm"]) == (0, 1)


def test_headline_equals_sums_of_progress(progress: TinyStore) -> None:
    for filters in (dict(), dict(ambang=50.0), dict(kabkota=("32.73",)), dict(jenis="dalam_sekolah")):
        head = progress.run("headline", dari=DARI, sampai=SAMPAI, **filters)
        prog = progress.run("progress_kabkota", dari=DARI, sampai=SAMPAI, **filters)
        assert len(head) == 1
        h = head.iloc[0]
        for col in ("jumlah_komunitas", "terdaftar_pmm", "komunitas_aktif_4_minggu",
                    "komunitas_memenuhi_aturan", "jumlah_refleksi", "sekolah_ikm", "sekolah_ikm_dengan_kombel"):
            assert h[col] == prog[col].sum(), (filters, col)
    h = progress.rows("headline", key="jumlah_komunitas", dari=DARI, sampai=SAMPAI, ambang=50.0)[5]
    assert h == {
        "jumlah_komunitas": 5, "terdaftar_pmm": 3, "komunitas_aktif_4_minggu": 2, "persen_aktif_4_minggu": 40.0,
        "komunitas_dievaluasi": 4, "komunitas_memenuhi_aturan": 1, "persen_memenuhi_aturan": 25.0,
        "jumlah_refleksi": 2, "sekolah_ikm": 6, "sekolah_ikm_dengan_kombel": 2, "persen_cakupan_ikm": 33.3,
    }


def test_headline_on_nothing_has_null_percentages(tiny: TinyStore) -> None:
    tiny.build(lambda con: None)
    h = tiny.run("headline", dari=DARI, sampai=SAMPAI).iloc[0]
    assert h.jumlah_komunitas == 0 and h.komunitas_dievaluasi == 0
    assert h[["persen_aktif_4_minggu", "persen_memenuhi_aturan", "persen_cakupan_ikm"]].isna().all()


def test_registrations_and_community_breakdown(tiny: TinyStore) -> None:
    def fill_reg(con) -> None:
        add_komunitas(con, "R1", jenis="dalam_sekolah", tanggal_terdaftar=date(2023, 11, 5))
        add_komunitas(con, "R2", jenis="dalam_sekolah", tanggal_terdaftar=date(2023, 11, 20), jenjang="SMP")
        add_komunitas(con, "R3", jenis="antar_sekolah", tanggal_terdaftar=date(2024, 1, 3), terdaftar_pmm=False)
        add_komunitas(con, "R4", jenis="dalam_sekolah", tanggal_terdaftar=date(2024, 1, 30), terdaftar_pmm=None)
        add_komunitas(con, "R5", jenis="dalam_sekolah", tanggal_terdaftar=None)       # unknown: not in trend
        add_komunitas(con, "R6", jenis="dalam_sekolah", tanggal_terdaftar=date(2024, 3, 1))  # after sampai

    tiny.build(fill_reg)
    df = tiny.run("registrations_trend", dari=date(2024, 1, 1), sampai=SAMPAI)
    assert list(df.columns) == ["bulan", "jenis", "komunitas_baru", "kumulatif"]
    assert [tuple(r) for r in df.itertuples(index=False)] == [
        ("2023-11", "dalam_sekolah", 2, 2),
        ("2024-01", "antar_sekolah", 1, 1),
        ("2024-01", "dalam_sekolah", 1, 3),
    ]
    bd = tiny.run("community_breakdown", dari=DARI, sampai=SAMPAI)
    assert list(bd.columns) == ["dimensi", "nilai", "jumlah_komunitas"]
    got = {(r.dimensi, r.nilai): r.jumlah_komunitas for r in bd.itertuples()}
    assert got == {
        ("jenis", "dalam_sekolah"): 4, ("jenis", "antar_sekolah"): 1,
        ("jenjang", "SD"): 4, ("jenjang", "SMP"): 1,
        ("terdaftar_pmm", "ya"): 3, ("terdaftar_pmm", "tidak"): 1, ("terdaftar_pmm", "tidak_diketahui"): 1,
    }
