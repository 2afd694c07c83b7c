"""The store's schema: every table of METRICS §1 plus the bookkeeping tables, in one place.

`ensure_schema` creates a fresh store or migrates an older one to SCHEMA_VERSION.
A later change to the schema appends a step to MIGRATIONS (never edits an old one)
and bumps SCHEMA_VERSION.
"""
from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import duckdb

from store import rollup
from store.meta import schema_version, set_meta

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"

SCHEMA_VERSION = 9

# baris_json: the loader's note of the file's date orders and number styles (data_loaders.batch), not row content.
FORMAT_KEY = "_format"

# Provenance columns carried by every loaded row (METRICS §1).
_PROVENANCE = """
    sumber_file VARCHAR NOT NULL,
    sumber_baris INTEGER NOT NULL,
    dimuat_pada TIMESTAMP NOT NULL
"""

_V1 = f"""
create table meta (
    kunci VARCHAR PRIMARY KEY,
    nilai VARCHAR
);

-- Reference: the official kab/kota list (Kepmendagri), shipped with the product.
create table wilayah (
    kode_kabkota VARCHAR PRIMARY KEY,      -- '32.04'
    kabkota VARCHAR NOT NULL,              -- 'Kabupaten Bandung'
    jenis_wilayah VARCHAR NOT NULL,        -- 'Kabupaten' / 'Kota'
    kode_provinsi VARCHAR NOT NULL,        -- '32'
    provinsi VARCHAR NOT NULL              -- 'Jawa Barat'
);

create table sekolah (
    npsn VARCHAR PRIMARY KEY,
    nama_sekolah VARCHAR,
    jenjang VARCHAR,                       -- PAUD/SD/SMP/SMA/SMK/SLB
    kode_kabkota VARCHAR NOT NULL,
    jalur_ikm VARCHAR,                     -- mandiri belajar / mandiri berubah / mandiri berbagi / NULL
    {_PROVENANCE}
);

create table komunitas (
    id_komunitas VARCHAR PRIMARY KEY,
    nama_komunitas VARCHAR NOT NULL,
    nama_normal VARCHAR NOT NULL,          -- for name matching within a kab/kota (METRICS §2)
    jenis VARCHAR,                         -- dalam_sekolah / antar_sekolah / daring_pmm
    npsn VARCHAR,
    kode_kabkota VARCHAR NOT NULL,
    jenjang VARCHAR,
    penggerak_nama VARCHAR,
    penggerak_email VARCHAR,
    jumlah_anggota INTEGER,
    tanggal_terdaftar DATE,
    terdaftar_pmm BOOLEAN,
    {_PROVENANCE}
);

create table kegiatan (
    id_kegiatan VARCHAR PRIMARY KEY,       -- hash of (id_komunitas, tanggal, topik_normal): the dedup key
    id_komunitas VARCHAR NOT NULL,
    tanggal DATE NOT NULL,
    durasi_menit INTEGER,                  -- NULL = unknown
    topik VARCHAR,
    bentuk VARCHAR,                        -- belajar bersama / berbagi praktik baik / webinar / refleksi / lainnya
    moda VARCHAR,                          -- luring / daring
    jumlah_peserta INTEGER,
    tautan_dokumentasi VARCHAR,
    {_PROVENANCE}
);

create table refleksi (
    id_refleksi VARCHAR PRIMARY KEY,       -- hash of (id_komunitas, tanggal, komponen, jawaban)
    id_komunitas VARCHAR NOT NULL,
    tanggal DATE NOT NULL,
    periode VARCHAR NOT NULL,              -- '2022-09/10'
    komponen VARCHAR NOT NULL,
    jawaban VARCHAR NOT NULL,
    {_PROVENANCE}
);

create table penggerak (
    penggerak_email VARCHAR PRIMARY KEY,
    penggerak_nama VARCHAR,
    kode_kabkota VARCHAR,
    akun_belajar_id BOOLEAN,
    aksi_nyata_kurikulum_merdeka BOOLEAN,
    aksi_nyata_perencanaan_pembelajaran BOOLEAN,
    aksi_nyata_asesmen_awal BOOLEAN,
    aksi_nyata_pembelajaran_berdiferensiasi BOOLEAN,
    {_PROVENANCE}
);

create table kegiatan_upt (
    id_kegiatan_upt VARCHAR PRIMARY KEY,   -- hash of (jenis_kegiatan, nama_kegiatan, tanggal, kode_kabkota)
    jenis_kegiatan VARCHAR NOT NULL,
    nama_kegiatan VARCHAR,
    tanggal DATE NOT NULL,
    kode_kabkota VARCHAR,                  -- NULL = the whole UPT
    jumlah_peserta INTEGER,
    {_PROVENANCE}
);

-- Who attended a UPT event (attendance exports: one row per participant).
create table kehadiran_upt (
    id_kegiatan_upt VARCHAR NOT NULL,
    penggerak_email VARCHAR NOT NULL,
    {_PROVENANCE},
    PRIMARY KEY (id_kegiatan_upt, penggerak_email)
);

-- Every row that could not be placed, with why (never silently dropped).
create sequence karantina_seq;
create table karantina (
    id_karantina BIGINT PRIMARY KEY DEFAULT nextval('karantina_seq'),
    jenis_data VARCHAR NOT NULL,           -- the input kind (komunitas, kegiatan, ...)
    sumber_file VARCHAR NOT NULL,
    sumber_baris INTEGER NOT NULL,         -- 1-based line in the file, header = 1
    kolom VARCHAR,                         -- the column at fault (as written in the file)
    nilai VARCHAR,                         -- the offending value
    kode_alasan VARCHAR NOT NULL,          -- machine key, e.g. kabkota_ambigu
    alasan VARCHAR NOT NULL,               -- Indonesian, for people
    baris_json VARCHAR NOT NULL,           -- the original row, canonical column -> raw text
    dimuat_pada TIMESTAMP NOT NULL,
    diselesaikan_pada TIMESTAMP            -- set when a mapping re-applied the row
);

-- Corrections the loaders made on their own (e.g. a single-typo kab/kota spelling).
create table koreksi (
    sumber_file VARCHAR NOT NULL,
    kolom VARCHAR NOT NULL,
    nilai_asli VARCHAR NOT NULL,
    nilai_baru VARCHAR NOT NULL,
    metode VARCHAR NOT NULL,               -- ejaan_mirip / kode / pemetaan
    jumlah_baris INTEGER NOT NULL,
    dimuat_pada TIMESTAMP NOT NULL
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

-- Reflection themes (METRICS §6): lexicon versions and one row per classified item.
create table leksikon (
    versi INTEGER PRIMARY KEY,
    isi_json VARCHAR NOT NULL,             -- the whole lexicon (komponen -> tema -> description, keywords)
    catatan VARCHAR,
    dibuat_pada TIMESTAMP NOT NULL
);

create table butir_refleksi (
    id_refleksi VARCHAR NOT NULL,
    nomor_butir INTEGER NOT NULL,          -- 1-based position of the item in the answer
    butir VARCHAR NOT NULL,
    tema VARCHAR NOT NULL,                 -- a lexicon theme, or 'lainnya'
    skor DOUBLE NOT NULL,
    versi_leksikon INTEGER NOT NULL,
    PRIMARY KEY (id_refleksi, nomor_butir)
);

-- Saved drafts of the bimonthly report (edits/bimonthly_report.py), one row per report line.
-- lingkup = the data selection the draft describes (effective kab/kota, jenis, jenjang), so a wali
-- wilayah's draft for their region never overwrites the UPT-wide one.
create table laporan_draf (
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
    jenis_kegiatan VARCHAR NOT NULL,       -- a kegiatan_upt.jenis_kegiatan value
    jumlah_rencana INTEGER NOT NULL,
    diubah_pada TIMESTAMP NOT NULL,
    diubah_oleh VARCHAR NOT NULL,
    PRIMARY KEY (bulan, jenis_kegiatan)
);

-- Needs survey (Bab 2 §B.7): one row per (response, topic chosen in the multi-select question).
create table survei_kebutuhan (
    id_respons VARCHAR NOT NULL,           -- hash of (waktu_pengisian, email, nama, kab/kota, answer)
    waktu_pengisian TIMESTAMP,
    penggerak_nama VARCHAR,
    penggerak_email VARCHAR,
    kode_kabkota VARCHAR,                  -- NULL = not given
    topik VARCHAR NOT NULL,                -- one option as written, spaces collapsed
    {_PROVENANCE},
    PRIMARY KEY (id_respons, topik)
);

-- One row per file applied to the store.
create table berkas (
    sumber_file VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    jenis_data VARCHAR NOT NULL,
    baris_total INTEGER NOT NULL,
    ditambah INTEGER NOT NULL,
    sudah_ada INTEGER NOT NULL,
    dikarantina INTEGER NOT NULL,
    dimuat_pada TIMESTAMP NOT NULL
);
"""

# Version 2 (issue 7, national scale):
# - kegiatan loses its primary-key index: keeping a 15-million-entry index up to date cost 15 s per
#   million loaded rows; the loader deduplicates with a hash anti-join on id_kegiatan instead
#   (kinds.insert_new), so id_kegiatan stays unique.
# - kegiatan_mingguan (kegiatan summed per community and week, the input of every weekly-rule query),
#   komunitas_kegiatan (first and last activity per community) and kegiatan_bulanan (kegiatan summed per
#   community and calendar month, for the activity and completeness queries), kept equal to kegiatan by
#   store/rollup.py in the same transaction as each change to kegiatan.
_V2 = f"""
alter table kegiatan rename to kegiatan_v1;

create table kegiatan (
    id_kegiatan VARCHAR NOT NULL,          -- hash of (id_komunitas, tanggal, topik_normal): the dedup key
    id_komunitas VARCHAR NOT NULL,
    tanggal DATE NOT NULL,
    durasi_menit INTEGER,                  -- NULL = unknown
    topik VARCHAR,
    bentuk VARCHAR,                        -- belajar bersama / berbagi praktik baik / webinar / refleksi / lainnya
    moda VARCHAR,                          -- luring / daring
    jumlah_peserta INTEGER,
    tautan_dokumentasi VARCHAR,
    {_PROVENANCE}
);
insert into kegiatan select * from kegiatan_v1;
drop table kegiatan_v1;

create table kegiatan_mingguan (
    id_komunitas VARCHAR NOT NULL,
    minggu DATE NOT NULL,                  -- Monday of the ISO week
    jumlah_kegiatan INTEGER NOT NULL,
    total_durasi_menit BIGINT NOT NULL,    -- sum of the known durations, 0 when none is known
    jumlah_berdurasi INTEGER NOT NULL,     -- activities with a known duration
    tanggal_pertama DATE NOT NULL,         -- the week's first and last activity dates
    tanggal_terakhir DATE NOT NULL
);

create table komunitas_kegiatan (
    id_komunitas VARCHAR NOT NULL,         -- one row per community with at least one activity
    tanggal_pertama DATE NOT NULL,         -- its first and last activity ever loaded
    tanggal_terakhir DATE NOT NULL
);

-- kegiatan_bulanan: kegiatan summed per community and calendar month, the input of the activity and
-- completeness queries (activity_frequency, kualitas_kelengkapan); kept by store/rollup.py like
-- kegiatan_mingguan. A month has a row only when the community had an activity in it.
create table kegiatan_bulanan (
    id_komunitas VARCHAR NOT NULL,
    bulan DATE NOT NULL,                   -- first day of the month
    jumlah_kegiatan INTEGER NOT NULL,
    total_durasi_menit BIGINT NOT NULL,    -- sum of the known durations, 0 when none is known
    jumlah_berdurasi INTEGER NOT NULL,     -- activities with a known duration
    jumlah_tanpa_dokumentasi INTEGER NOT NULL  -- activities without a documentation link (blank counts as none)
);
"""

# Version 3 (issue 12): what people do in the app moved to its own file (store/app_state.py), which copied
# these tables and the events typed in on the Program UPT page before this step drops them. The version the
# reflection items were classified with is kept in meta (versi_leksikon), since the lexicon left with them.
_V3 = """
insert or replace into meta
select 'versi_leksikon', max(versi_leksikon)::varchar from butir_refleksi having count(*) > 0;
delete from kegiatan_upt where sumber_file = 'input manual';
drop table pemetaan;
drop table pemetaan_kolom;
drop table leksikon;
drop table laporan_draf;
drop table rencana_program;
"""

# Version 4 (issue 13): a quarantined row is known by its content, not by its file name (Google Forms and PMM
# reuse one name every month, so month 2's `form_responses_1.csv` hid and resolved month 1's rows).
# sumber_sha256 = the checksum of the file the row came from (berkas.sha256); kunci_baris = row_key of the row.
# Rows quarantined before get the checksum of the berkas row of their load (same file, kind and dimuat_pada;
# NULL when that is not one file) here, and their kunci_baris from baris_json in ensure_schema. `if not exists`:
# a test may mark a current store as older to run the earlier steps again.
_V4 = """
alter table karantina add column if not exists sumber_sha256 VARCHAR;
alter table karantina add column if not exists kunci_baris VARCHAR;
update karantina as k set sumber_sha256 = b.sha256
from (select sumber_file, jenis_data, dimuat_pada, min(sha256) as sha256 from berkas
      group by sumber_file, jenis_data, dimuat_pada having count(distinct sha256) = 1) as b
where k.sumber_sha256 is null
  and b.sumber_file = k.sumber_file and b.jenis_data = k.jenis_data and b.dimuat_pada = k.dimuat_pada;
"""

# Version 5 (issue 16): WhatsApp numbers, optional, in international form without `+` (`6281234567890`, what
# `wa.me/` takes; data_loaders.normalise.parse_wa): the penggerak's own (komunitas.penggerak_wa as the registry
# gives it, penggerak.penggerak_wa from the penggerak list) and the community's contact person
# (komunitas.narahubung_wa). Personal data: no page or export shows them yet. Added after the provenance
# columns, in a fresh store as in a migrated one.
_V5 = """
alter table komunitas add column if not exists penggerak_wa VARCHAR;
alter table komunitas add column if not exists narahubung_wa VARCHAR;
alter table penggerak add column if not exists penggerak_wa VARCHAR;
"""

# Version 6 (issue 17 item 3): tema_topik — each distinct activity topic (and `hal_baik` reflection item) as
# written, with its theme in the lexicon's `rencana_tindak_lanjut` group, for RTL follow-through
# (queries/rtl_tindak_lanjut.sql). Kept by data_loaders/topik.py in the same transaction as every load, merge and
# lexicon save; meta `versi_leksikon_topik` = the lexicon version it holds. Created empty here (the classifier
# and the app's lexicon live above store/): the first load or edit after the upgrade classifies the existing
# topics, since the meta key is unset.
_V6 = """
create table if not exists tema_topik (
    teks VARCHAR PRIMARY KEY,              -- kegiatan.topik or a hal_baik butir, exactly as stored
    tema VARCHAR NOT NULL,                 -- a theme of the rencana_tindak_lanjut group, or 'lainnya'
    skor DOUBLE NOT NULL,
    versi_leksikon INTEGER NOT NULL
);
"""

# Version 7 (issue 18 item 1): butir_refleksi.yakin — the classifier's calibrated confidence (right >= 95 % of the
# time on held-out data; data_loaders/themes.py); false = "perlu ditinjau". NULL is never written (an alter cannot
# add NOT NULL; every writer fills it). Every item is deleted so the new classifier reclassifies all reflections:
# classify_pending treats a refleksi without items of the current lexicon version as pending, and runs on the
# dashboard's migration at start (ui/first_start.py) or on the next load.
_V7 = """
alter table butir_refleksi add column if not exists yakin BOOLEAN;
delete from butir_refleksi;
"""

# Version 8 (issue 19 item 2): kegiatan_bulanan also counts each community-month's activities per bentuk and per
# moda, with their known durations (0 when none): activity_breakdown and penggerak_ranking read these instead of
# the 15-million-row kegiatan. jumlah_bentuk_lain / jumlah_moda_lain count a value outside the loader's lists
# (store/rollup.py BENTUK, MODA), whose community-month the queries then read from kegiatan. Kept by
# store/rollup.py like the other columns; filled for an existing store by rollup.rebuild in ensure_schema.
# No NOT NULL (an alter cannot add it); every writer fills them.
_V8 = """
alter table kegiatan_bulanan add column if not exists jumlah_belajar_bersama INTEGER DEFAULT 0;
alter table kegiatan_bulanan add column if not exists jumlah_berbagi INTEGER DEFAULT 0;
alter table kegiatan_bulanan add column if not exists jumlah_webinar INTEGER DEFAULT 0;
alter table kegiatan_bulanan add column if not exists jumlah_refleksi INTEGER DEFAULT 0;
alter table kegiatan_bulanan add column if not exists jumlah_lainnya INTEGER DEFAULT 0;
alter table kegiatan_bulanan add column if not exists jumlah_bentuk_lain INTEGER DEFAULT 0;
alter table kegiatan_bulanan add column if not exists durasi_belajar_bersama BIGINT DEFAULT 0;
alter table kegiatan_bulanan add column if not exists durasi_berbagi BIGINT DEFAULT 0;
alter table kegiatan_bulanan add column if not exists durasi_webinar BIGINT DEFAULT 0;
alter table kegiatan_bulanan add column if not exists durasi_refleksi BIGINT DEFAULT 0;
alter table kegiatan_bulanan add column if not exists durasi_lainnya BIGINT DEFAULT 0;
alter table kegiatan_bulanan add column if not exists jumlah_luring INTEGER DEFAULT 0;
alter table kegiatan_bulanan add column if not exists jumlah_daring INTEGER DEFAULT 0;
alter table kegiatan_bulanan add column if not exists jumlah_moda_lain INTEGER DEFAULT 0;
alter table kegiatan_bulanan add column if not exists durasi_luring BIGINT DEFAULT 0;
alter table kegiatan_bulanan add column if not exists durasi_daring BIGINT DEFAULT 0;
"""

# Version 9 (issue 19 item 2): penggerak_ringkas, one row per penggerak email of komunitas (lower(trim()), blank
# left out) over all the communities they lead: the Penggerak page's eligibility list reads it instead of grouping
# the 350,000 communities. Kept by store/rollup.py (refresh_penggerak) in the same transaction as every change to
# komunitas (the komunitas loader, a merge); filled for an existing store by rollup.rebuild in ensure_schema.
_V9 = """
create table if not exists penggerak_ringkas (
    penggerak_email VARCHAR NOT NULL,      -- lower(trim(komunitas.penggerak_email)), never blank
    penggerak_nama VARCHAR,                -- min over their communities
    kode_komunitas VARCHAR[] NOT NULL,     -- the distinct kab/kota of their communities, sorted
    jumlah_komunitas INTEGER NOT NULL,
    komunitas_dipimpin VARCHAR NOT NULL,   -- the communities' names, sorted, joined by '; '
    terdaftar_terakhir DATE                -- the latest tanggal_terdaftar (NULL when none is known)
);
"""

# MIGRATIONS[i] takes a store from version i to i+1 (SQL); data a step must compute follows in ensure_schema.
MIGRATIONS: list[str] = [_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9]


def row_key(values: dict) -> str:
    """The content identity of a quarantined row (karantina.kunci_baris): a hash of its values as baris_json keeps
    them (blanks left out, the loader's FORMAT_KEY note ignored), in sorted key order so that a column moved in
    a later export leaves it unchanged. Not the file name, not the row number."""
    content = {k: v for k, v in values.items() if k != FORMAT_KEY}
    return hashlib.sha256(_ROW_ENCODER.encode(content).encode()).hexdigest()


_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # one encoder: json.dumps builds one per call


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create or migrate the store in place (caller owns the transaction)."""
    version = schema_version(con)
    if version > SCHEMA_VERSION:
        raise RuntimeError(
            f"Store berversi skema {version}, lebih baru dari aplikasi ({SCHEMA_VERSION}). Perbarui aplikasi."
        )
    for step in MIGRATIONS[version:]:
        con.execute(step)
    if version == 0:
        _load_wilayah(con)
    if version < 2:
        rollup.rebuild(con)
    if version < 4:
        _fill_row_keys(con)
    if 2 <= version < 8:  # below 2 the whole rebuild above filled them
        rollup.rebuild(con, only=("kegiatan_bulanan",))
    if 2 <= version < 9:  # below 2 the whole rebuild above filled it
        rollup.rebuild(con, only=("penggerak_ringkas",))
    if version < SCHEMA_VERSION:
        set_meta(con, "schema_version", str(SCHEMA_VERSION))


def _fill_row_keys(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("select id_karantina, baris_json from karantina where kunci_baris is null").fetchall()
    if not rows:
        return
    con.execute("""
        update karantina as k set kunci_baris = t.kunci
        from (select unnest(?::bigint[]) as id_karantina, unnest(?::varchar[]) as kunci) as t
        where t.id_karantina = k.id_karantina
    """, [[r[0] for r in rows], [row_key(json.loads(r[1])) for r in rows]])


def _load_wilayah(con: duckdb.DuckDBPyConnection) -> None:
    with open(REFERENCE_DIR / "kabkota.csv", encoding="utf-8") as f:
        rows = [
            (r["kode_kabkota"], r["nama_kabkota"], r["jenis"], r["kode_prov"], r["nama_prov"])
            for r in csv.DictReader(f)
        ]
    con.executemany("insert into wilayah values (?, ?, ?, ?, ?)", rows)
