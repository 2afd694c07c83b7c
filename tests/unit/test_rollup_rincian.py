"""kegiatan_bulanan's per-bentuk and per-moda columns (schema v8, store/rollup.py, issue 19 item 2) must equal kegiatan
counted from scratch after every kind of change: a first load, an incremental load into months already summed, a
reload of the same file, a corrected re-download that resolves a quarantined row, a kab/kota mapping that
re-applies the quarantine, a merge of two communities, a full rebuild, the migration of a version-7 store, and
values outside the loader's lists written by a bulk writer."""
from __future__ import annotations

from pathlib import Path

import duckdb

from data_loaders.load import Source, load_files
from edits.mappings import map_kabkota, merge_komunitas
from store import meta, rollup, schema
from store.database import open_readonly, write_transaction
from tests.fixtures.duplikat import loaded
from tests.support import copy_store
from tests.unit.test_karantina_identity import CORRECTED_1, KOMUNITAS, MONTH_1, MONTH_2, form
from tests.unit.test_load import load_base, src

# Written independently of rollup.py: the definition, spelled out value by value.
EXPECTED = """
    select id_komunitas, date_trunc('month', tanggal)::date, count(*), coalesce(sum(durasi_menit), 0),
        count(*) filter (where bentuk = 'belajar bersama'), count(*) filter (where bentuk = 'berbagi praktik baik'),
        count(*) filter (where bentuk = 'webinar'), count(*) filter (where bentuk = 'refleksi'),
        count(*) filter (where bentuk = 'lainnya'),
        count(*) filter (where bentuk is not null and bentuk not in ('belajar bersama', 'berbagi praktik baik',
                                                                     'webinar', 'refleksi', 'lainnya')),
        coalesce(sum(durasi_menit) filter (where bentuk = 'belajar bersama'), 0),
        coalesce(sum(durasi_menit) filter (where bentuk = 'berbagi praktik baik'), 0),
        coalesce(sum(durasi_menit) filter (where bentuk = 'webinar'), 0),
        coalesce(sum(durasi_menit) filter (where bentuk = 'refleksi'), 0),
        coalesce(sum(durasi_menit) filter (where bentuk = 'lainnya'), 0),
        count(*) filter (where moda = 'luring'), count(*) filter (where moda = 'daring'),
        count(*) filter (where moda is not null and moda not in ('luring', 'daring')),
        coalesce(sum(durasi_menit) filter (where moda = 'luring'), 0),
        coalesce(sum(durasi_menit) filter (where moda = 'daring'), 0)
    from kegiatan group by 1, 2 order by 1, 2
"""
STORED = """
    select id_komunitas, bulan, jumlah_kegiatan, total_durasi_menit,
        jumlah_belajar_bersama, jumlah_berbagi, jumlah_webinar, jumlah_refleksi, jumlah_lainnya, jumlah_bentuk_lain,
        durasi_belajar_bersama, durasi_berbagi, durasi_webinar, durasi_refleksi, durasi_lainnya,
        jumlah_luring, jumlah_daring, jumlah_moda_lain, durasi_luring, durasi_daring
    from kegiatan_bulanan order by 1, 2
"""

# Month ends, every bentuk and moda as a form writes them, blanks, a meeting without a duration.
RAGAM = (b"ID Komunitas;Tanggal;Durasi (menit);Topik;Bentuk Kegiatan;Moda\n"
         b"KOM-005;31/08/2022;45;Refleksi akhir bulan;Refleksi;Tatap muka\n"
         b"KOM-005;01/09/2022;;Awal bulan tanpa durasi;Webinar;Zoom\n"
         b"KOM-005;02/09/2022;30;Sharing praktik;Berbagi Praktik Baik;\n"
         b"KOM-005;03/09/2022;20;Rapat;Rapat kerja;Hybrid\n"
         b"KOM-005;05/09/2022;50;Lokakarya modul;;Luring\n"
         b"KOM-001;30/09/2022;60;Diskusi;Diskusi kelompok;daring\n")


def assert_exact(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    months = con.execute(STORED).fetchall()
    assert months == con.execute(EXPECTED).fetchall()
    return months


def check(db: Path) -> list[tuple]:
    con = open_readonly(db)
    try:
        return assert_exact(con)
    finally:
        con.close()


def test_rincian_follows_every_load(empty_store: Path) -> None:
    load_base(empty_store)
    assert check(empty_store) == []
    # first load, incremental loads, then the first file again (nothing added, the months recomputed)
    for name in ("kegiatan_forms_excel.csv", "kegiatan_pmm.tsv", "kegiatan_cp1252.csv", "kegiatan_forms_excel.csv"):
        load_files(empty_store, [src(name)])
        check(empty_store)
    before = {(m[0], str(m[1])): m for m in check(empty_store)}
    load_files(empty_store, [Source("kegiatan_ragam.csv", RAGAM)])
    after = {(m[0], str(m[1])): m for m in check(empty_store)}
    september = after[("KOM-005", "2022-09-01")]
    lama = before.get(("KOM-005", "2022-09-01"), (None, None) + (0,) * 18)
    added = [s - o for s, o in zip(september[2:], lama[2:], strict=True)]
    # four meetings: webinar (Zoom: daring), berbagi (moda blank), 'Rapat kerja' = lainnya (Hybrid: daring),
    # bentuk blank (luring); durations 30 + 20 + 50 known
    assert added == [4, 100, 0, 1, 1, 0, 1, 0, 0, 30, 0, 0, 20, 1, 2, 0, 50, 20], added
    assert sum(m[2] for m in after.values()) == sum(m[2] for m in before.values()) + 6
    # the rows exercise the per-value columns, not only zeros
    assert all(sum(m[i] for m in after.values()) > 0 for i in (4, 5, 6, 7, 8, 15, 16))
    load_files(empty_store, [Source("kegiatan_ragam.csv", RAGAM)])  # the same bytes again
    assert check(empty_store) == list(after.values())


def test_rincian_follows_a_correction_and_a_mapping(empty_store: Path) -> None:
    load_files(empty_store, [Source("komunitas.csv", KOMUNITAS.encode())])
    load_files(empty_store, [Source("form_responses_1.csv", form(MONTH_1))])
    first = check(empty_store)
    load_files(empty_store, [Source("form_responses_1.csv", form(MONTH_2))])
    check(empty_store)
    load_files(empty_store, [Source("form_responses_1.csv", form(CORRECTED_1))])  # the bad date fixed
    corrected = check(empty_store)
    assert sum(m[2] for m in corrected) > sum(m[2] for m in first)
    report = map_kabkota(empty_store, "Kab. Bandoeng", "32.04")  # re-applies the misspelt rows
    assert report.diselesaikan
    assert sum(m[2] for m in check(empty_store)) == sum(m[2] for m in corrected) + report.diselesaikan


def test_rincian_follows_a_merge(store_template: Path, tmp_path: Path) -> None:
    store = loaded(store_template, tmp_path / "gabung")
    check(store)
    merge_komunitas(store, "D1", ["D2"])
    months = check(store)
    assert "D2" not in {m[0] for m in months}
    merge_komunitas(store, "D4", ["D3"])
    check(store)


def test_values_outside_the_lists_are_counted_apart_and_rebuild_equals_incremental(empty_store: Path) -> None:
    load_base(empty_store)
    load_files(empty_store, [src("kegiatan_forms_excel.csv"), Source("kegiatan_ragam.csv", RAGAM)])
    with write_transaction(empty_store) as con:
        # a bulk writer (bench/generate.py, an old import) may write any text; the loader never does
        con.execute("""
            create temp table _lain as
            select 'x-' || i as id_kegiatan, 'KOM-005' as id_komunitas, date '2022-09-07' + i::integer as tanggal,
                   15 * i as durasi_menit, 'Lain ' || i as topik,
                   ['Diskusi panel', 'berbagi praktik baik', null][i % 3 + 1] as bentuk,
                   ['hybrid', null, 'luring'][i % 3 + 1] as moda
            from range(4) as t(i)
        """)
        con.execute("""insert into kegiatan (id_kegiatan, id_komunitas, tanggal, durasi_menit, topik, bentuk, moda,
                                             sumber_file, sumber_baris, dimuat_pada)
                       select *, 'massal.csv', 2, now() from _lain""")
        rollup.refresh(con, "_lain")
    incremental = check(empty_store)
    september = {(m[0], str(m[1])): m for m in incremental}[("KOM-005", "2022-09-01")]
    assert september[9] >= 2 and september[17] >= 2  # 'Diskusi panel' twice, 'hybrid' twice
    with write_transaction(empty_store) as con:
        rollup.rebuild(con)
    assert check(empty_store) == incremental


def test_migration_from_version_7_fills_the_columns(empty_store: Path, tmp_path: Path) -> None:
    load_base(empty_store)
    load_files(empty_store, [src("kegiatan_forms_excel.csv"), Source("kegiatan_ragam.csv", RAGAM)])
    expected = check(empty_store)
    (tmp_path / "v7").mkdir()
    old = copy_store(empty_store, tmp_path / "v7")
    con = duckdb.connect(str(old))
    # the store as version 7 left it: kegiatan_bulanan without the columns
    for column in [c for (c,) in con.execute("""select column_name from duckdb_columns()
                                                where table_name = 'kegiatan_bulanan'""").fetchall()][6:]:
        con.execute(f"alter table kegiatan_bulanan drop column {column}")
    meta.set_meta(con, "schema_version", "7")
    weeks = con.execute("select * from kegiatan_mingguan order by all").fetchall()
    schema.ensure_schema(con)
    assert meta.schema_version(con) == schema.SCHEMA_VERSION
    assert assert_exact(con) == expected
    assert con.execute("select * from kegiatan_mingguan order by all").fetchall() == weeks
    con.close()
