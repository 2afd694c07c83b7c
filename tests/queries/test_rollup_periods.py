"""The activity and completeness queries read kegiatan_bulanan / kegiatan_mingguan for whole months / weeks and
kegiatan for the cut ones at either end (issue 7): on any period they must give what a plain count over
kegiatan gives. The expectations below are computed from kegiatan directly, independently of the rollups."""
from __future__ import annotations

import random
from datetime import date, timedelta

import duckdb
import pytest

from queries.scope import ADMIN, Scope
from tests.support import TinyStore, add_kegiatan, add_komunitas, module_store

MULAI = date(2023, 12, 18)
LINK = ["https://drive.google.com/x", None, "", "   ", "\u00a0", " https://s.id/y "]  # blank = none


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    rnd = random.Random(7)
    for i, (kab, jenis) in enumerate([("32.04", "dalam_sekolah"), ("32.04", "antar_sekolah"), ("32.73", "daring_pmm"),
                                      ("32.73", "dalam_sekolah"), ("33.74", "antar_sekolah")]):
        add_komunitas(con, f"KOM-{i}", kode_kabkota=kab, jenis=jenis, tanggal_terdaftar=date(2023, 11, 1 + i),
                      penggerak_email=[None, " ", "guru@sekolah.id", "a@b.id", ""][i])
    for hari in range(0, 120):
        for i in range(5):
            if rnd.random() < 0.45:
                add_kegiatan(con, f"KOM-{i}", MULAI + timedelta(days=hari), rnd.choice([None, 30, 45, 90]),
                             bentuk=rnd.choice([None, "webinar", "refleksi"]),
                             moda=rnd.choice([None, "luring", "daring"]), tautan_dokumentasi=rnd.choice(LINK))


store = module_store(_fill)

PERIODS = [(date(2023, 12, 18), date(2024, 4, 15)), (date(2024, 1, 1), date(2024, 2, 29)),
           (date(2024, 1, 10), date(2024, 1, 20)), (date(2024, 1, 31), date(2024, 2, 1)),
           (date(2024, 2, 7), date(2024, 3, 3)), (date(2024, 3, 13), date(2024, 3, 13)),
           (date(2023, 1, 1), date(2026, 1, 1)), (date(2024, 2, 26), date(2024, 3, 10))]


def _expected(con: duckdb.DuckDBPyConnection, sql: str, dari: date, sampai: date, kabkota: list[str] | None):
    scoped = """
        with g as (
            select g.*, k.kode_kabkota from kegiatan as g inner join komunitas as k using (id_komunitas)
            where g.tanggal between $dari and $sampai
                and ($kab::varchar[] is null or list_contains($kab::varchar[], k.kode_kabkota))
        ) """
    return con.execute(scoped + sql, {"dari": dari, "sampai": sampai, "kab": kabkota}).fetchall()


@pytest.mark.parametrize("dari,sampai", PERIODS)
@pytest.mark.parametrize("kabkota", [None, ["32.73"]])
def test_cut_months_and_weeks_count_like_kegiatan(store: TinyStore, dari: date, sampai: date, kabkota) -> None:
    scope = Scope("wali@upt.id", "wali_wilayah", tuple(kabkota)) if kabkota else ADMIN
    con = store.con

    freq = store.run("activity_frequency", scope, dari=dari, sampai=sampai)
    got = [(r.kode_kabkota, r.bulan, r.jumlah_kegiatan, r.komunitas_aktif, r.total_durasi_menit)
           for r in freq.itertuples()]
    assert got == _expected(con, """
        select kode_kabkota, strftime(tanggal, '%Y-%m'), count(*), count(distinct id_komunitas),
               coalesce(sum(durasi_menit), 0)
        from g group by 1, 2 order by 1, 2""", dari, sampai, kabkota)

    per = store.run("activity_per_community", scope, dari=dari, sampai=sampai)
    def day(t):
        return None if t is None or str(t) == "NaT" else t.date()

    got = sorted((r.id_komunitas, r.jumlah_kegiatan, r.minggu_aktif, r.total_durasi_menit,
                  day(r.kegiatan_pertama), day(r.kegiatan_terakhir))
                 for r in per.itertuples() if r.jumlah_kegiatan)
    assert got == _expected(con, """
        select id_komunitas, count(*), count(distinct date_trunc('week', tanggal)), coalesce(sum(durasi_menit), 0),
               min(tanggal), max(tanggal)
        from g group by 1 order by 1""", dari, sampai, kabkota)

    lengkap = store.run("kualitas_kelengkapan", scope, dari=dari, sampai=sampai).set_index("indikator")
    [(total, tanpa_durasi, tanpa_dokumentasi)] = _expected(con, """
        select count(*), count(*) filter (where durasi_menit is null),
               count(*) filter (where nullif(trim(tautan_dokumentasi), '') is null)
        from g""", dari, sampai, kabkota)
    assert lengkap.at["kegiatan_tanpa_durasi", "dari_total"] == total
    assert lengkap.at["kegiatan_tanpa_durasi", "jumlah"] == tanpa_durasi
    assert lengkap.at["kegiatan_tanpa_dokumentasi", "jumlah"] == tanpa_dokumentasi
    rincian = store.run("kualitas_kelengkapan_rincian", scope, dari=dari, sampai=sampai)
    assert (rincian.indikator == "kegiatan_tanpa_dokumentasi").sum() == tanpa_dokumentasi
    komunitas = 2 if kabkota else 5
    assert lengkap.at["komunitas_tanpa_email_penggerak", "dari_total"] == komunitas
    assert lengkap.at["komunitas_tanpa_email_penggerak", "jumlah"] == (rincian.indikator
                                                                      == "komunitas_tanpa_email_penggerak").sum()
