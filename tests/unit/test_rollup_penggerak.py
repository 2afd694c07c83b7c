"""penggerak_ringkas (store/rollup.py, schema v9) must equal a from-scratch aggregation of komunitas at all times:
after the first registry load, a reload that moves a community to another penggerak, blanks one and changes a
name, kab/kota and registration date, loads of other kinds, a merge of two communities, a quarantined registry row
loaded after a mapping, and the migration of a version-8 store."""
from __future__ import annotations

from pathlib import Path

import duckdb

from data_loaders.load import Source, load_files
from edits.mappings import map_kabkota, merge_komunitas
from store import meta, schema
from store.database import open_readonly, write_transaction
from tests.fixtures.duplikat import loaded
from tests.fixtures.penggerak import FIXTURES
from tests.support import copy_store, load_store

# Written independently of rollup.py: the definition, not the implementation.
EXPECTED = """
    select lower(trim(penggerak_email)), min(penggerak_nama), list_sort(list_distinct(list(kode_kabkota))),
           count(*), string_agg(nama_komunitas, '; ' order by nama_komunitas), max(tanggal_terdaftar)
    from komunitas
    where trim(penggerak_email) <> ''
    group by 1 order by 1
"""
STORED = """
    select penggerak_email, penggerak_nama, kode_komunitas, jumlah_komunitas, komunitas_dipimpin, terdaftar_terakhir
    from penggerak_ringkas order by 1
"""
HEADER = (b"ID Komunitas;Nama Komunitas;Jenis Komunitas;Kabupaten/Kota;Jenjang;Nama Penggerak;Email Penggerak;"
          b"Tanggal Terdaftar;Status PMM\n")


def assert_exact(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    stored = con.execute(STORED).fetchall()
    assert stored == con.execute(EXPECTED).fetchall()
    return stored


def check(db: Path) -> dict[str, tuple]:
    con = open_readonly(db)
    try:
        return {r[0]: r for r in assert_exact(con)}
    finally:
        con.close()


def test_follows_every_load_and_edit(store_template: Path, tmp_path: Path) -> None:
    db = load_store(copy_store(store_template, tmp_path), sorted(FIXTURES.glob("*.csv")))
    first = check(db)
    assert first["ani@guru.sd.belajar.id"][2:4] == (["32.04"], 1)

    # K2 moves from Budi to Ani (other case, spaces), K3's email is blanked, K1 renamed and moved, K5 is new
    load_files(db, [Source("komunitas_ulang.csv", HEADER
                           + b"K1;KKG Gugus 1 Soreang Baru;Antar Sekolah;Kota Bandung;SD;Ani Rahmawati;"
                             b"ani@guru.sd.belajar.id;05/09/2022;Ya\n"
                             b"K2;MGMP IPA Soreang;Antar Sekolah;KAB BANDUNG;SMP;Ani R;  ANI@Guru.sd.belajar.id ;"
                             b"01/08/2022;Ya\n"
                             b"K3;Kombel SDN 1 Coblong;Komunitas Belajar Dalam Sekolah;Kota Bandung;SD;Citra;;;Ya\n"
                             b"K5;Kombel Baru;Antar Sekolah;Kab. Bandung;SD;Eka Putri;eka@guru.sd.belajar.id;;Ya\n")])
    after = check(db)
    assert after["ani@guru.sd.belajar.id"][2:4] == (["32.04", "32.73"], 2)
    assert "budi@guru.smp.belajar.id" not in after and "citra@guru.sd.belajar.id" not in after
    assert "eka@guru.sd.belajar.id" in after

    # a file of another kind changes nothing, and the summary stays exact
    load_files(db, [Source("kegiatan_lagi.csv", b"ID Komunitas;Tanggal;Durasi (menit);Topik\n"
                                                b"K5;02/08/2022;30;Pertemuan\n")])
    assert check(db) == after

    # a registry row quarantined for its kab/kota, loaded once the spelling is mapped
    load_files(db, [Source("komunitas_salah.csv", HEADER
                           + b"K6;Kombel Salah Eja;Antar Sekolah;Kab. Sukamaju Jaya;SD;Gita;gita@guru.sd.belajar.id;"
                             b"01/08/2022;Ya\n")])
    assert "gita@guru.sd.belajar.id" not in check(db)
    map_kabkota(db, "Kab. Sukamaju Jaya", "32.04")
    assert check(db)["gita@guru.sd.belajar.id"][2:4] == (["32.04"], 1)


def test_follows_a_merge(store_template: Path, tmp_path: Path) -> None:
    db = loaded(store_template, tmp_path / "gabung")
    before = check(db)
    con = open_readonly(db)
    try:
        kept, merged = con.execute("""
            select a.id_komunitas, b.id_komunitas from komunitas as a, komunitas as b
            where a.kode_kabkota = b.kode_kabkota and a.id_komunitas < b.id_komunitas
                and lower(trim(a.penggerak_email)) is distinct from lower(trim(b.penggerak_email))
                and nullif(trim(b.penggerak_email), '') is not null
            order by all limit 1
        """).fetchall()[0]
        gone = con.execute("select lower(trim(penggerak_email)) from komunitas where id_komunitas = ?",
                           [merged]).fetchall()[0][0]
    finally:
        con.close()
    merge_komunitas(db, kept, [merged])
    after = check(db)
    assert after != before
    assert after.get(gone, (None,) * 4)[3] != before[gone][3]  # the merged community's penggerak lost it


def test_migration_fills_it(store_template: Path, tmp_path: Path) -> None:
    db = load_store(copy_store(store_template, tmp_path), sorted(FIXTURES.glob("*.csv")))
    with write_transaction(db) as con:
        con.execute("drop table penggerak_ringkas")
        meta.set_meta(con, "schema_version", "8")
    with write_transaction(db) as con:
        schema.ensure_schema(con)
    assert len(check(db)) >= 3
