"""Scope by construction (issue 14, item 3): a wali wilayah reads only their kab/kota whatever the query's SQL
says. Planted queries that forget the filter, keep it only in a comment, UNION an unfiltered half or reach past
the scoped views run on a store of 30 kab/kota; the runner either refuses them or returns only the wali's rows.
"""
from __future__ import annotations

from datetime import date

import duckdb
import pytest

from queries import runner
from queries.runner import Filters, bind_params, run_query, runnable_sql, sql_text
from queries.scope import ADMIN, Scope
from store.database import cursor
from tests.support import (
    TinyStore,
    add_kegiatan,
    add_komunitas,
    add_penggerak,
    add_refleksi,
    add_sekolah,
    insert,
    module_store,
)

PERIOD = Filters(dari=date(2024, 1, 1), sampai=date(2024, 3, 31))
WALI = Scope(email="wali@bbgp.id", peran="wali_wilayah", kabkota=("32.04", "32.73"))
MINE = set(WALI.kabkota)
OTHER = 0  # index of a kab/kota that is not the wali's (codes are sorted: 11.xx come first)


def codes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The wali's two and 28 others, across provinces."""
    others = con.execute("select kode_kabkota from wilayah where kode_kabkota not in ('32.04', '32.73') "
                         "order by hash(kode_kabkota) limit 28").fetchall()
    return sorted(MINE | {r[0] for r in others})


def fill(con: duckdb.DuckDBPyConnection) -> None:
    kab = codes(con)
    assert MINE <= set(kab)
    for i, kode in enumerate(kab):
        kid = f"K{i:02d}"
        add_sekolah(con, f"2020{i:04d}", kode_kabkota=kode)
        add_komunitas(con, kid, kode_kabkota=kode, penggerak_email=f"p{i}@guru.id", penggerak_nama=f"P {i}")
        add_kegiatan(con, kid, date(2024, 1, 8), 60)
        add_refleksi(con, kid, date(2024, 2, 5), "hal_baik")
        # a penggerak placed by their own kab/kota, one placed only by the community they lead
        add_penggerak(con, f"p{i}@guru.id", kode_kabkota=kode if i % 2 else None)
        insert(con, "kegiatan_upt", id_kegiatan_upt=f"u{i}", jenis_kegiatan="webinar", nama_kegiatan=f"W {i}",
               tanggal=date(2024, 1, 10), kode_kabkota=kode, jumlah_peserta=5)
        insert(con, "kehadiran_upt", id_kegiatan_upt=f"u{i}", penggerak_email=f"p{i}@guru.id")
        insert(con, "survei_kebutuhan", id_respons=f"s{i}", waktu_pengisian=date(2024, 1, 3), penggerak_nama="X",
               penggerak_email=f"p{i}@guru.id", kode_kabkota=kode, topik="Asesmen")
    # the wali's penggerak attended another kab/kota's event: their ranking counts it (placement rules)
    insert(con, "kehadiran_upt", id_kegiatan_upt=f"u{OTHER}", penggerak_email=f"p{kab.index('32.04')}@guru.id")
    for i, spelling in enumerate([*kab, "Kab. Antah Berantah"]):  # placed by their kab/kota code, one unplaced
        insert(con, "karantina", jenis_data="kegiatan", kolom="Tanggal", nilai="x", kode_alasan="tanggal_tidak_terbaca",
               alasan="Tanggal 'x' tidak terbaca.", baris_json=f'{{"kabkota": "{spelling}"}}', sumber_baris=i + 2)
    insert(con, "kegiatan_upt", id_kegiatan_upt="u-upt", jenis_kegiatan="webinar", nama_kegiatan="Se-UPT",
           tanggal=date(2024, 1, 11), kode_kabkota=None, jumlah_peserta=50)
    con.execute("insert into butir_refleksi select id_refleksi, 1, jawaban, 'pertemuan rutin', 0.8, 1, true "
                "from refleksi")


store = module_store(fill)

# Each regional table, and how a row's kab/kota is found from the base tables (a wali may see NULL only where
# the placement rules give one to everybody: an event of the whole UPT).
REGION = {
    "komunitas": "select kode_kabkota from komunitas",
    "sekolah": "select kode_kabkota from sekolah",
    "kegiatan": "select k.kode_kabkota from kegiatan join komunitas k using (id_komunitas)",
    "refleksi": "select k.kode_kabkota from refleksi join komunitas k using (id_komunitas)",
    "kegiatan_mingguan": "select k.kode_kabkota from kegiatan_mingguan join komunitas k using (id_komunitas)",
    "kegiatan_bulanan": "select k.kode_kabkota from kegiatan_bulanan join komunitas k using (id_komunitas)",
    "komunitas_kegiatan": "select k.kode_kabkota from komunitas_kegiatan join komunitas k using (id_komunitas)",
    "butir_refleksi": "select k.kode_kabkota from butir_refleksi join refleksi using (id_refleksi) "
                      "join komunitas k using (id_komunitas)",
    "penggerak": "select coalesce(p.kode_kabkota, k.kode_kabkota) from penggerak p "
                 "left join komunitas k on k.penggerak_email = p.penggerak_email",
    # an event of another kab/kota that the wali's penggerak attended counts as theirs
    "kegiatan_upt": "select case when exists (select 1 from kehadiran_upt h join komunitas k on k.penggerak_email "
                    "= h.penggerak_email where h.id_kegiatan_upt = u.id_kegiatan_upt and k.kode_kabkota = '32.04') "
                    "then '32.04' else u.kode_kabkota end from kegiatan_upt u",
    "kehadiran_upt": "select k.kode_kabkota from kehadiran_upt h join komunitas k using (penggerak_email)",
    "survei_kebutuhan": "select kode_kabkota from survei_kebutuhan",
    "karantina": "select baris_json ->> 'kabkota' from karantina",
}


@pytest.mark.parametrize("table", sorted(REGION))
def test_a_query_without_any_filter_gets_only_the_walis_rows(planted, store: TinyStore, table: str) -> None:
    # `$kabkota` is used, so the text check passes, but it filters nothing: the view alone restricts.
    planted({"q": f"select * from {table} where $kabkota::varchar[] is null or true"})
    everything = store.con.execute(REGION[table]).fetchall()
    seen = run_query(store.con, "q", PERIOD, WALI)
    allowed = [kode for (kode,) in everything if kode in MINE or (kode is None and table.startswith("keg"))]
    assert 0 < len(seen) == len(allowed) < len(everything), (table, len(seen), len(allowed), len(everything))
    assert len(run_query(store.con, "q", PERIOD, ADMIN)) == len(everything)


def test_filter_only_in_a_comment_returns_only_the_region(planted, store: TinyStore) -> None:
    planted({"q": "select kode_kabkota, count(*) as n from komunitas\n"
                  "-- where list_contains($kabkota, kode_kabkota)\n"
                  "where $kabkota::varchar[] is not null or true\ngroup by all order by 1"})
    assert run_query(store.con, "q", PERIOD, WALI).kode_kabkota.tolist() == sorted(MINE)
    assert len(run_query(store.con, "q", PERIOD, ADMIN)) == 30


def test_union_of_an_unfiltered_half_with_a_renamed_column(planted, store: TinyStore) -> None:
    planted({"q": "select kode_kabkota as kode from komunitas where list_contains($kabkota, kode_kabkota)\n"
                  "union all\n"
                  "select k.kode_kabkota as kode_lain from kegiatan g join komunitas k using (id_komunitas)\n"
                  "union all\n"
                  "select (select max(kode_kabkota) from sekolah) as kode"})
    seen = set(run_query(store.con, "q", PERIOD, WALI).kode)
    assert seen == MINE


@pytest.mark.parametrize("sql", [
    "select * from main.komunitas",                      # past the view, by schema
    "select * from db.main.komunitas",                   # by catalog
    'select * from "main"."kegiatan"',
    "select * from memory.main.komunitas",
    "select g.* from kegiatan g join main.komunitas k using (id_komunitas)",  # a join back to the base table
    "select * from komunitas where kode_kabkota in (select kode_kabkota from db.komunitas)",
    "with x as (select * from app.pemetaan) select * from x",
    "select * from koreksi",                              # a table without a view
    "select * from read_csv('data/pengguna.toml')",
    "select * from query_table('komunitas')",
    "select * from query('select * from main.komunitas')",
    "select * from duckdb_tables()",
])
def test_sql_reaching_past_the_views_is_refused(planted, sql: str) -> None:
    planted({"q": f"select * from ({sql}) where $kabkota::varchar[] is null or true"})
    with pytest.raises(ValueError, match="kueri hanya boleh menyebut"):
        sql_text("q", WALI)
    with pytest.raises(ValueError, match="kueri hanya boleh menyebut"):
        sql_text("q", ADMIN)  # refused for everyone: the file is wrong, not the user


def test_the_printed_query_carries_the_views_and_gives_the_same_rows(planted, store: TinyStore) -> None:
    planted({"q": "select id_komunitas from kegiatan where $kabkota is null or true order by 1"})
    text = runnable_sql("q", bind_params("q", PERIOD, WALI), WALI)
    assert "kegiatan as (" in text and "main.kegiatan" in text and "'32.73'" in text
    assert "main.kegiatan" not in runnable_sql("q", bind_params("q", PERIOD, ADMIN), ADMIN)  # no view to an admin
    printed = cursor(store.con).sql(text.split("\n\n", 1)[1].rstrip().rstrip(";")).fetchall()
    assert [r[0] for r in printed] == run_query(store.con, "q", PERIOD, WALI).id_komunitas.tolist()


def test_lingkup_is_never_a_callers_choice(store: TinyStore) -> None:
    params = bind_params("weekly_rule", PERIOD, WALI, {"lingkup": None})
    assert params["lingkup"] == list(WALI.kabkota)
    assert bind_params("weekly_rule", PERIOD, ADMIN).get("lingkup") is None


def test_every_shipped_query_compiles_for_both_scopes() -> None:
    for name in runner.query_names():
        assert sql_text(name, ADMIN) and sql_text(name, WALI)


def test_the_walis_penggerak_keep_their_attendance_elsewhere(store: TinyStore) -> None:
    mine = store.con.execute("select penggerak_email from komunitas where kode_kabkota = '32.04'").fetchall()[0][0]
    rows = {r.penggerak_email: r.kegiatan_upt_dihadiri for r in run_query(
        store.con, "penggerak_ranking", PERIOD, WALI).itertuples()}
    everyone = {r.penggerak_email: r.kegiatan_upt_dihadiri for r in run_query(
        store.con, "penggerak_ranking", PERIOD, ADMIN).itertuples()}
    assert rows[mine] == everyone[mine] == 2
