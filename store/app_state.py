"""The app's own state: what people do in the dashboard, kept apart from what comes from files.

The loaded data (store.database) can be rebuilt from the files and is replaced by every load; the app's state
— mappings that settle quarantined rows, header mappings remembered per file shape, lexicon versions, report
drafts, the programme plan and events typed in on a page — exists nowhere else. So it lives in its own small
file beside the store (`kombel.app.duckdb` next to `kombel.duckdb`): reloading or restoring data never
discards a person's edits, and a click writes a file of a few hundred kilobytes instead of copying a
national-scale store behind a running load. It uses the same copy-on-write scheme (store.cow) with its own
lock, so a write never waits for a load.

Readers see it attached as catalog `app` beside the data (`app.rencana_program`); a load sees it the same way,
read-only. `SCHEMA_VERSION` + MIGRATIONS work as in store.schema.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import duckdb

from store import cow
from store.meta import schema_version, set_meta

SCHEMA_VERSION = 1  # raised to len(MIGRATIONS) below, after every appended step

_V1 = """
create table meta (
    kunci VARCHAR PRIMARY KEY,
    nilai VARCHAR
);

-- User-made mappings applied to every load: a spelling -> official kab/kota,
-- or a community name (within a kab/kota) -> an existing community.
create table pemetaan (
    jenis VARCHAR NOT NULL,                -- kabkota / komunitas
    nilai_normal VARCHAR NOT NULL,         -- the normalised spelling as written
    kode_kabkota VARCHAR NOT NULL DEFAULT '', -- context for komunitas mappings, '' for kabkota
    target VARCHAR NOT NULL,               -- kode_kabkota or id_komunitas
    dibuat_pada TIMESTAMP NOT NULL,
    PRIMARY KEY (jenis, nilai_normal, kode_kabkota)
);

-- Header mapping confirmed by a user, remembered per file shape (hash of the headers).
create table pemetaan_kolom (
    bentuk_berkas VARCHAR PRIMARY KEY,
    jenis_data VARCHAR NOT NULL,
    pemetaan_json VARCHAR NOT NULL,        -- header as written -> canonical column
    dibuat_pada TIMESTAMP NOT NULL
);

-- Reflection theme lexicon versions (METRICS §6). Version 1 is the shipped default, written with the first
-- user edit; until then readers use the default as version 1. The data store's items carry the version they
-- were classified with (butir_refleksi.versi_leksikon, meta versi_leksikon).
create table leksikon (
    versi INTEGER PRIMARY KEY,
    isi_json VARCHAR NOT NULL,             -- the whole lexicon (komponen -> tema -> description, keywords)
    catatan VARCHAR,
    dibuat_pada TIMESTAMP NOT NULL
);

-- Saved drafts of the bimonthly report (edits/bimonthly_report.py), one row per report line.
-- lingkup = the data selection the draft describes (effective kab/kota, jenis, jenjang), so a wali
-- wilayah's draft for their region never overwrites the UPT-wide one.
create table laporan_dua_bulanan (
    periode VARCHAR NOT NULL,              -- '2022-09/10'
    lingkup VARCHAR NOT NULL,              -- 'kabkota=semua' / 'kabkota=32.04,32.17;jenis=antar_sekolah'
    komponen_laporan VARCHAR NOT NULL,     -- vocab.KOMPONEN_LAPORAN
    peringkat INTEGER NOT NULL,
    tema VARCHAR NOT NULL,                 -- the lexicon theme the line counts
    teks VARCHAR NOT NULL,                 -- the wording for the report
    jumlah_komunitas INTEGER,
    jumlah_butir INTEGER,
    contoh VARCHAR,
    disimpan_pada TIMESTAMP NOT NULL,
    disimpan_oleh VARCHAR NOT NULL,
    PRIMARY KEY (periode, lingkup, komponen_laporan, peringkat)
);

-- The UPT's own programme plan (guide, Lampiran): events planned per month and activity kind.
create table rencana_program (
    bulan VARCHAR NOT NULL,                -- '2022-08'
    jenis_kegiatan VARCHAR NOT NULL,       -- vocab.JENIS_KEGIATAN_UPT
    jumlah_rencana INTEGER NOT NULL,
    diubah_pada TIMESTAMP NOT NULL,
    diubah_oleh VARCHAR NOT NULL,
    PRIMARY KEY (bulan, jenis_kegiatan)
);

-- UPT events typed in on the Program UPT page; the queries add them to the loaded kegiatan_upt
-- (queries/_kegiatan_upt.sql), except one an export later brings with the same id.
create table kegiatan_upt_manual (
    id_kegiatan_upt VARCHAR PRIMARY KEY,   -- the loader's hash of (jenis, nama, tanggal, kode_kabkota)
    jenis_kegiatan VARCHAR NOT NULL,
    nama_kegiatan VARCHAR,
    tanggal DATE NOT NULL,
    kode_kabkota VARCHAR,                  -- NULL = the whole UPT
    jumlah_peserta INTEGER,
    dicatat_pada TIMESTAMP NOT NULL,
    dicatat_oleh VARCHAR NOT NULL
);
"""

MIGRATIONS: list[str] = [_V1]

# The data store's tables (schema v2) that held the app's state, and their home here.
_FROM_DATA_STORE = {"pemetaan": "pemetaan", "pemetaan_kolom": "pemetaan_kolom", "leksikon": "leksikon",
                    "laporan_draf": "laporan_dua_bulanan", "rencana_program": "rencana_program"}


def app_path(db: Path) -> Path:
    """The app's state file beside the data store: data/kombel.duckdb -> data/kombel.app.duckdb."""
    db = Path(db)
    return db.with_name(f"{db.stem}.app{db.suffix}")


def version(db: Path) -> str | None:
    """Changes whenever a write replaces the app's state (None before the first)."""
    return cow.file_version(app_path(db))


def ensure_schema(con: duckdb.DuckDBPyConnection, path: Path | None = None) -> None:
    """Create or migrate the app's state in `con`; a newer version (at `path`) is refused (cow.StoreTooNew)."""
    current = schema_version(con)
    if current > SCHEMA_VERSION:
        raise cow.too_new(path or Path("kombel.app.duckdb"), current, SCHEMA_VERSION, writing=True)
    for step in MIGRATIONS[current:]:
        con.execute(step)
    if current < SCHEMA_VERSION:
        set_meta(con, "schema_version", str(SCHEMA_VERSION))


@contextlib.contextmanager
def write(db: Path, lock_timeout: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection on the app's state; committed atomically on clean exit, discarded on error.
    Its lock is not the data store's: it never waits for a load."""
    with cow.write_copy(app_path(db), lock_timeout, lambda _con: None) as con:
        ensure_schema(con, app_path(db))
        yield con


def ensure(db: Path) -> None:
    """Create or migrate the app's state file, if needed."""
    path = app_path(db)
    if path.exists():
        con = duckdb.connect(":memory:")
        try:
            with cow.translated(path, writing=False):
                con.execute("attach ? as app (read_only)", [str(path)])
                con.execute("use app")
                current = schema_version(con)
            if current == SCHEMA_VERSION:
                return
            if current > SCHEMA_VERSION:
                raise cow.too_new(path, current, SCHEMA_VERSION, writing=True)
        finally:
            con.close()
    with write(db):
        pass


def import_from_data_store(data_con: duckdb.DuckDBPyConnection, db: Path) -> None:
    """Move the edit tables of a schema-v2 data store here (the v3 migration drops them there afterwards).
    Rows already here win, so running it twice (a migration retried after a failure) changes nothing."""
    present = {r[0] for r in data_con.execute(
        "select table_name from duckdb_tables() where database_name = current_database()").fetchall()}
    with write(db) as con:
        for old, new in _FROM_DATA_STORE.items():
            if old not in present:
                continue
            rows = data_con.sql(f"select * from {old}").to_arrow_table()
            con.register("_lama", rows)
            try:
                con.execute(f"insert or ignore into {new} by name select * from _lama")
            finally:
                con.unregister("_lama")
        if "kegiatan_upt" in present:
            rows = data_con.sql("""
                select id_kegiatan_upt, jenis_kegiatan, nama_kegiatan, tanggal, kode_kabkota, jumlah_peserta,
                       dimuat_pada as dicatat_pada, 'input manual' as dicatat_oleh
                from kegiatan_upt where sumber_file = 'input manual'
            """).to_arrow_table()
            con.register("_lama", rows)
            try:
                con.execute("insert or ignore into kegiatan_upt_manual by name select * from _lama")
            finally:
                con.unregister("_lama")


# v2 (issue 14 item 5): users managed on the Pengguna page (edits/users.py). The users file is the starting
# list: until the first change on the page these tables are empty and the file decides; the first change
# imports the file here, and from then on these tables decide (queries/scope.py). History is append-only.
_V_PENGGUNA = """
create table pengguna (
    email VARCHAR PRIMARY KEY,             -- casefolded
    peran VARCHAR NOT NULL,                -- vocab.ROLES
    kabkota VARCHAR[],                     -- official codes for a wali_wilayah; NULL for every other role
    diubah_pada TIMESTAMP NOT NULL,
    diubah_oleh VARCHAR NOT NULL
);

create table riwayat_pengguna (
    urutan INTEGER PRIMARY KEY,            -- order of the changes
    waktu TIMESTAMP NOT NULL,
    oleh VARCHAR NOT NULL,                 -- who made the change (email, or 'lokal' in mode lokal)
    email VARCHAR NOT NULL,                -- whose entry changed
    tindakan VARCHAR NOT NULL,             -- diimpor / ditambah / diubah / dihapus
    sebelum VARCHAR,                       -- 'wali_wilayah: 32.04, 32.17'; NULL when added
    sesudah VARCHAR                        -- NULL when removed
);
"""
MIGRATIONS.append(_V_PENGGUNA)
SCHEMA_VERSION = len(MIGRATIONS)


# v3 (issue 16 items 3-4): the wali's contact log. One `kontak` row per community contacted (a contact of many
# communities at once is one row each); `kode_kabkota` is the community's kab/kota when it was contacted, so the
# scoped view (queries/lingkup/kontak.sql) keeps a wali's log theirs even if a later load moves the community.
# `tanggapan` (the penggerak's answer) comes later and may be added more than once. Both are append-only.
_V_KONTAK = """
create table kontak (
    id INTEGER PRIMARY KEY,
    id_komunitas VARCHAR NOT NULL,
    kode_kabkota VARCHAR,
    dicatat_oleh VARCHAR NOT NULL,         -- email, or 'lokal' / 'data contoh'
    dicatat_pada TIMESTAMP NOT NULL,
    saluran VARCHAR NOT NULL,              -- edits.kontak.SALURAN
    tanggal_kontak DATE NOT NULL,
    catatan VARCHAR
);

create table tanggapan (
    id INTEGER PRIMARY KEY,
    id_kontak INTEGER NOT NULL,            -- kontak.id
    tanggapan VARCHAR NOT NULL,
    tanggal DATE NOT NULL,
    oleh VARCHAR NOT NULL,
    dicatat_pada TIMESTAMP NOT NULL
);
"""
MIGRATIONS.append(_V_KONTAK)
SCHEMA_VERSION = len(MIGRATIONS)


# v4 (issue 16 item 2): the follow-up message template (edits/pesan.py; the shipped default lives in code, a row
# here only once an admin or pimpinan saves their own) and the record of exports that carry WhatsApp numbers
# (personal data: who, when, how many rows).
_V_PESAN = """
create table templat_pesan (
    kunci VARCHAR PRIMARY KEY,             -- 'tindak_lanjut'
    isi VARCHAR NOT NULL,
    diubah_pada TIMESTAMP NOT NULL,
    diubah_oleh VARCHAR NOT NULL
);

create table log_ekspor (
    waktu TIMESTAMP NOT NULL,
    oleh VARCHAR NOT NULL,                 -- email, or 'lokal' in mode lokal
    ekspor VARCHAR NOT NULL,               -- what was exported: 'pesan_tindak_lanjut'
    lingkup VARCHAR,                       -- the data selection ('kabkota=32.04')
    jumlah_baris INTEGER NOT NULL,
    jumlah_nomor INTEGER NOT NULL          -- rows that carry a number
);
"""
MIGRATIONS.append(_V_PESAN)
SCHEMA_VERSION = len(MIGRATIONS)


# issue 17 item 4: the UPT's Google Form prefilled-link template (edits/formulir.py), one row per form purpose:
# the link as pasted and which `entry.NNN` fields take the community's id, name and kab/kota.
_V_FORMULIR = """
create table formulir_google (
    kunci VARCHAR PRIMARY KEY,             -- 'komunitas'
    tautan VARCHAR NOT NULL,               -- the prefilled link as Google gives it, placeholder answers included
    entri_id VARCHAR NOT NULL,             -- 'entry.1234567'
    entri_nama VARCHAR,                    -- NULL: the form's name question is not prefilled
    entri_kabkota VARCHAR,
    diubah_pada TIMESTAMP NOT NULL,
    diubah_oleh VARCHAR NOT NULL
);
"""
MIGRATIONS.append(_V_FORMULIR)
SCHEMA_VERSION = len(MIGRATIONS)


# issue 17 item 5: the bimonthly report's penanggung jawab (guide Bab 3 §E), saved with the draft (the same value on
# every line of one draft; NULL for drafts saved before).
_V_PENANGGUNG_JAWAB = """
alter table laporan_dua_bulanan add column penanggung_jawab_nama VARCHAR;
alter table laporan_dua_bulanan add column penanggung_jawab_email VARCHAR;
"""
MIGRATIONS.append(_V_PENANGGUNG_JAWAB)
SCHEMA_VERSION = len(MIGRATIONS)


# issue 18 items 1-2: theme corrections made on Refleksi (edits/koreksi_tema.py), append-only: a later correction
# of the same item is a new row and the newest (highest id) wins. An item is known by (id_refleksi, butir): the
# answer's content hash and the item's text survive reloads and reclassification. kode_kabkota is the community's
# when corrected (scopes the row, queries/lingkup/koreksi_tema.sql). dipakai_versi_leksikon = the lexicon version
# that took an admin/pimpinan correction as a labelled example (NULL until then; a wali's never is).
# laporan_dua_bulanan_versi: every "Simpan" of a bimonthly report kept frozen as a numbered version (item 5), with
# the lexicon version its counts came from, so later corrections or lexicon versions never change it.
_V_KOREKSI_TEMA = """
create table koreksi_tema (
    id INTEGER PRIMARY KEY,
    id_refleksi VARCHAR NOT NULL,
    butir VARCHAR NOT NULL,                -- the item's text as stored in butir_refleksi
    komponen VARCHAR NOT NULL,
    kode_kabkota VARCHAR,
    tema_lama VARCHAR NOT NULL,            -- the theme it had when corrected
    tema_baru VARCHAR NOT NULL,            -- a theme of the komponen's lexicon group, or 'lainnya' (tidak bertema)
    oleh VARCHAR NOT NULL,
    peran VARCHAR NOT NULL,                -- vocab.ROLES
    dibuat_pada TIMESTAMP NOT NULL,
    dipakai_versi_leksikon INTEGER
);

create table laporan_dua_bulanan_versi (
    periode VARCHAR NOT NULL,
    lingkup VARCHAR NOT NULL,              -- as laporan_dua_bulanan.lingkup
    versi INTEGER NOT NULL,                -- 1, 2, ... per (periode, lingkup)
    komponen_laporan VARCHAR NOT NULL,
    peringkat INTEGER NOT NULL,
    tema VARCHAR NOT NULL,
    teks VARCHAR NOT NULL,
    jumlah_komunitas INTEGER,
    jumlah_butir INTEGER,
    contoh VARCHAR,
    disimpan_pada TIMESTAMP NOT NULL,
    disimpan_oleh VARCHAR NOT NULL,
    penanggung_jawab_nama VARCHAR,
    penanggung_jawab_email VARCHAR,
    versi_leksikon INTEGER,                -- the lexicon version the counts were classified with
    PRIMARY KEY (periode, lingkup, versi, komponen_laporan, peringkat)
);
"""
MIGRATIONS.append(_V_KOREKSI_TEMA)
SCHEMA_VERSION = len(MIGRATIONS)
