"""Deterministic national-scale data for the benchmark (issue 7), built in DuckDB SQL.

    python bench/generate.py [--quick]

Writes, under bench/data/ (git-ignored):
  national_<key>.duckdb  the real schema (store.database) filled with all 514 kab/kota,
                         350,000 communities, ~15 M activities over 2023, ~1 M reflection answers
                         (+ their items in butir_refleksi), 150,000 IKM schools, penggerak, UPT events;
  gform_<key>.csv        a 1 M-row messy Google Forms activity export (METRICS §2) naming those communities.

Pseudo-randomness is DuckDB's `hash()` of (row, salt): vectorised and reproducible for a DuckDB
version, so the key includes GENERATOR_VERSION and the DuckDB version; files are reused when present.
Reflection themes are ASSIGNED here (item text drawn from the lexicon's own examples of that theme,
~15 % 'lainnya'), not computed by the classifier: the classifier is a load-time cost, not a page cost.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from data_loaders.themes import current_lexicon  # noqa: E402
from store import app_state, database, rollup  # noqa: E402
from store.meta import set_meta  # noqa: E402
from vocab import KOMPONEN  # noqa: E402

GENERATOR_VERSION = 6  # 2: schema v2 (weekly rollup, no kegiatan primary key); 3: monthly rollup;
# 4: kegiatan in date order; 5: rollups in community order; 6: schema v3 (the app's state in its own file)
DATA_DIR = Path(__file__).resolve().parent / "data"
YEAR_START = "2023-01-02"  # a Monday: 52 complete ISO weeks of 2023 follow
WEEKS = 52


@dataclass(frozen=True)
class Scale:
    name: str
    komunitas: int
    sekolah: int
    penggerak: int
    csv_rows: int
    refleksi_share: float   # share of communities reflecting in a period (~1 M answers at national scale)
    upt_events: int


NATIONAL = Scale("national", 350_000, 150_000, 250_000, 1_000_000, 0.08, 3_000)
QUICK = Scale("quick", 35_000, 15_000, 25_000, 100_000, 0.08, 300)

TOPIK = [
    "Penyusunan Modul Ajar", "Asesmen Diagnostik", "Projek Penguatan Profil Pelajar Pancasila",
    "Alur Tujuan Pembelajaran", "Pembelajaran Berdiferensiasi", "Literasi dan Numerasi", "Asesmen Formatif",
    "Pemanfaatan Platform Merdeka Mengajar", "Kurikulum Operasional Satuan Pendidikan", "Analisis Capaian Pembelajaran",
    "Pembelajaran Sosial Emosional", "Teaching at the Right Level", "Media Pembelajaran Interaktif",
    "Pengolahan Nilai Rapor", "Pembelajaran Berbasis Projek", "Disiplin Positif", "Refleksi Pembelajaran",
    "Supervisi Akademik", "Google Classroom", "Kearifan Lokal dalam P5", "Asesmen Sumatif", "Pembelajaran Inklusif",
    "Bermain Bermakna", "Transisi PAUD ke SD", "Teaching Factory", "Coding dan Berpikir Komputasional",
    "Lesson Study", "Penilaian Autentik", "Gaya Belajar Murid", "Kelas Kolaboratif", "Rapor Pendidikan",
    "Perencanaan Berbasis Data", "Aksi Nyata PMM", "Kepemimpinan Murid", "Moderasi Beragama", "Sekolah Ramah Anak",
    "Pojok Baca Kelas", "Numerasi Kontekstual", "Video Pembelajaran", "Umpan Balik Efektif",
]
BENTUK = ["belajar bersama", "belajar bersama", "berbagi praktik baik", "webinar", "refleksi", "lainnya"]
JENJANG = ["SD", "SD", "SD", "SMP", "SMP", "SMA", "SMK", "PAUD", "SLB"]
NAMA_1 = ["Kombel", "Komunitas Belajar", "KKG", "MGMP", "Kelompok Belajar", "Guru", "Komunitas"]
NAMA_2 = ["Hebat", "Cerdas", "Berkarya", "Merdeka", "Inspiratif", "Bergerak", "Berbagi", "Tangguh", "Kreatif",
          "Mandiri", "Pelita", "Bintang", "Tunas", "Cendekia", "Harapan"]
NAMA_3 = ["Gugus", "Rayon", "Sekolah", "Guru", "Pendidik", "Sahabat", "Pena", "Nusantara", "Bersinar", "Maju"]
BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember"]
BULAN_SINGKAT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des"]
HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def key(scale: Scale) -> str:
    return f"{scale.name}_g{GENERATOR_VERSION}_duckdb{duckdb.__version__}"


def paths(scale: Scale) -> tuple[Path, Path]:
    k = key(scale)
    return DATA_DIR / f"{k}.duckdb", DATA_DIR / f"gform_{k}.csv"


def _lit(values: list[str]) -> str:
    """A SQL list literal of constant strings (our own word lists, never user input)."""
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _macros(con: duckdb.DuckDBPyConnection) -> None:
    # u(a, b): a uniform [0, 1) number from the hash of (a, b); pick(list, a, b): an element chosen by hash.
    con.execute("create or replace temp macro u(a, b) as (hash(a, b) % 1000003) / 1000003.0")
    con.execute("create or replace temp macro pick(xs, a, b) as xs[1 + (hash(a, b) % len(xs))::bigint]")


def build_store(path: Path, scale: Scale, log) -> None:
    tmp = path.with_name(path.name + ".building")
    tmp.unlink(missing_ok=True)
    with database.write_transaction(tmp) as con:
        _macros(con)
        con.execute("set preserve_insertion_order = false")
        _wilayah_index(con)
        t = time.perf_counter()
        _sekolah(con, scale)
        _komunitas(con, scale)
        _penggerak(con, scale)
        log(f"registries {time.perf_counter() - t:.1f}s")
        t = time.perf_counter()
        # In date order, as years of weekly uploads leave them (the loader's range pruning relies on it).
        con.execute("set preserve_insertion_order = true")
        _kegiatan(con)
        rollup.rebuild(con)
        con.execute("set preserve_insertion_order = false")
        log(f"kegiatan {con.execute('select count(*) from kegiatan').fetchone()[0]:,} rows, "
            f"{con.execute('select count(*) from kegiatan_mingguan').fetchone()[0]:,} community-weeks "
            f"{time.perf_counter() - t:.1f}s")
        t = time.perf_counter()
        _refleksi(con, scale)
        log(f"refleksi {con.execute('select count(*) from refleksi').fetchone()[0]:,} answers, "
            f"{con.execute('select count(*) from butir_refleksi').fetchone()[0]:,} items "
            f"{time.perf_counter() - t:.1f}s")
        _upt(con, scale)
        con.execute("""insert into berkas values ('bench_nasional', 'bench', 'kegiatan', 0, 0, 0, 0,
                       current_timestamp::timestamp)""")
        t = time.perf_counter()  # the context exit checkpoints, fsyncs and swaps the file in
    log(f"checkpoint {time.perf_counter() - t:.1f}s")
    os.replace(tmp, path)
    tmp.with_name(tmp.name + ".lock").unlink(missing_ok=True)
    for leftover in (app_state.app_path(tmp), app_state.app_path(tmp).with_suffix(".building.lock")):
        leftover.unlink(missing_ok=True)
    app_state.ensure(path)  # an empty app state: the programme plan and the rest are the app's, not data


def _wilayah_index(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""
        create temp table w as
        select row_number() over (order by kode_kabkota) - 1 as wi, kode_kabkota, kabkota, jenis_wilayah,
               regexp_replace(kabkota, '^(Kabupaten|Kota) (Administrasi )?', '') as inti
        from wilayah
    """)


def _sekolah(con: duckdb.DuckDBPyConnection, scale: Scale) -> None:
    # School s lies in kab/kota kab_of(s); schools >= scale.sekolah are non-IKM (not in the table).
    con.execute(f"""
        insert into sekolah
        select (10000000 + s)::varchar, 'SD Negeri ' || (s % 97 + 1) || ' ' || w.inti,
               pick({_lit(JENJANG)}, s, 'jenjang'),
               w.kode_kabkota,
               pick(['mandiri belajar', 'mandiri berubah', 'mandiri berbagi', NULL], s, 'jalur'),
               'bench_sekolah.xlsx', s + 2, timestamp '2023-01-01 08:00:00'
        from range({scale.sekolah}) r(s)
        join w on w.wi = hash(s, 'kab') % 514
    """)


def _komunitas(con: duckdb.DuckDBPyConnection, scale: Scale) -> None:
    n_school = scale.sekolah * 4 // 3
    con.execute(f"""
        create temp table kom as
        with base as (
            select i,
                   case when u(i, 'jenis') < 0.55 then 'dalam_sekolah'
                        when u(i, 'jenis') < 0.85 then 'antar_sekolah' else 'daring_pmm' end as jenis,
                   hash(i, 'school') % {n_school} as s
            from range({scale.komunitas}) r(i)
        )
        select b.i, b.jenis,
               'KB' || lpad(b.i::varchar, 7, '0') as id_komunitas,
               pick({_lit(NAMA_1)}, b.i, 'n1') || ' ' || pick({_lit(NAMA_2)}, b.i, 'n2') || ' '
                   || pick({_lit(NAMA_3)}, b.i, 'n3') || ' ' || (b.i + 1) as nama_komunitas,
               case when b.jenis = 'dalam_sekolah' then (10000000 + b.s)::varchar end as npsn,
               w.kode_kabkota,
               case when b.jenis <> 'daring_pmm' then pick({_lit(JENJANG)}, b.i, 'jenjang') end as jenjang,
               hash(b.i, 'penggerak') % {scale.penggerak} as p,
               case when u(b.i, 'daftar') < 0.10 then null
                    when u(b.i, 'daftar') < 0.75 then date '2022-06-01' + (hash(b.i, 'd1') % 200)::int
                    else date '2023-01-01' + (hash(b.i, 'd2') % 300)::int end as tanggal_terdaftar,
               -- habit: weekly / irregular / lapsed / dormant (METRICS §3 needs all of them)
               case when u(b.i, 'habit') < 0.42 then 'weekly' when u(b.i, 'habit') < 0.77 then 'irregular'
                    when u(b.i, 'habit') < 0.92 then 'lapsed' else 'dormant' end as habit,
               10 + hash(b.i, 'lapse') % 30 as lapse_week
        from base b
        join w on w.wi = case when b.jenis = 'dalam_sekolah' then hash(b.s, 'kab') % 514
                              else hash(b.i, 'kab') % 514 end
    """)
    con.execute("""
        insert into komunitas
        select id_komunitas, nama_komunitas, lower(nama_komunitas), jenis, npsn, kode_kabkota, jenjang,
               'Guru Penggerak ' || p, 'pg' || p || '@guru.belajar.id', 5 + hash(i, 'anggota') % 56,
               tanggal_terdaftar, jenis = 'daring_pmm' or u(i, 'pmm') < 0.6,
               'bench_komunitas.xlsx', i + 2, timestamp '2023-01-01 08:00:00', null, null
        from kom
    """)


def _penggerak(con: duckdb.DuckDBPyConnection, scale: Scale) -> None:
    con.execute(f"""
        insert into penggerak
        select 'pg' || p || '@guru.belajar.id', 'Guru Penggerak ' || p,
               case when u(p, 'pkab') < 0.7 then w.kode_kabkota end,
               u(p, 'a0') < 0.8, u(p, 'a1') < 0.6, u(p, 'a2') < 0.5, u(p, 'a3') < 0.4, u(p, 'a4') < 0.3,
               'bench_penggerak.csv', p + 2, timestamp '2023-01-01 08:00:00', null
        from range({scale.penggerak * 4 // 5}) r(p)
        join w on w.wi = hash(p, 'kab') % 514
    """)


def _kegiatan(con: duckdb.DuckDBPyConnection) -> None:
    # One row per community-week with the number of meetings k that week, then one row per meeting.
    con.execute(f"""
        insert into kegiatan
        with minggu as (
            select c.i, c.id_komunitas, c.jenis, wk.w,
                   date '{YEAR_START}' + (7 * wk.w)::int as senin,
                   u(c.i * 64 + wk.w, 'k') as r,
                   c.habit, c.lapse_week
            from kom c, range({WEEKS}) wk(w)
            where c.tanggal_terdaftar is null or c.tanggal_terdaftar < date '{YEAR_START}' + (7 * wk.w + 7)::int
        ),
        jumlah as (
            select *,
                   case habit
                       when 'weekly' then case when r < 0.05 then 0 when r < 0.68 then 1 else 2 end
                       when 'irregular' then case when r < 0.42 then 0 when r < 0.78 then 1 else 2 end
                       when 'lapsed' then case when w >= lapse_week then (r < 0.03)::int
                                               when r < 0.08 then 0 when r < 0.8 then 1 else 2 end
                       else (r < 0.06)::int
                   end as k
            from minggu
        ),
        rapat as (
            select j.*, m.j as ke
            from jumlah j, range(3) m(j)
            where m.j < j.k
        ),
        baris as (
            select id_komunitas, jenis, i, w, ke,
                   senin + (hash(i, w, ke, 'day') % 7)::int as tanggal,
                   {_lit(TOPIK)}[1 + ((hash(i, w, 'topik') + ke) % {len(TOPIK)})::bigint] as topik,
                   hash(i, w, ke, 'x') as x
            from rapat
        )
        select md5(id_komunitas || '|' || strftime(tanggal, '%Y-%m-%d') || '|' || lower(topik)),
               id_komunitas, tanggal,
               case when x % 100 < 12 then null
                    when jenis = 'dalam_sekolah' then [30, 45, 60, 60, 90, 120, 120, 180][1 + ((x // 100) % 8)::bigint]
                    else [60, 90, 120, 120, 150, 180][1 + ((x // 100) % 6)::bigint] end,
               topik, {_lit(BENTUK)}[1 + ((x // 1000) % {len(BENTUK)})::bigint],
               case when (x // 10000) % 3 = 0 then 'daring' else 'luring' end,
               5 + (x // 100000) % 40,
               case when (x // 1000000) % 4 = 0 then null
                    else 'https://drive.google.com/drive/folders/' || substr(md5(x::varchar), 1, 20) end,
               'bench_kegiatan_2023.csv', (row_number() over (order by tanggal, i, ke) + 1)::int,
               timestamp '2024-01-02 08:00:00'
        from baris
        order by tanggal, i, ke
    """)


def _refleksi(con: duckdb.DuckDBPyConnection, scale: Scale) -> None:
    versi, lexicon = current_lexicon(con)  # the shipped lexicon, version 1
    bank = []
    for g in lexicon.kelompok:
        for komponen in g.komponen:
            for ti, t in enumerate(g.tema):
                for ci, contoh in enumerate(t.contoh or (t.deskripsi,)):
                    bank.append((komponen, ti, t.nama, ci, contoh))
    for ci, contoh in enumerate(lexicon.lainnya):
        for komponen in KOMPONEN:
            bank.append((komponen, -1, "lainnya", ci, contoh))
    con.execute("create temp table bank (komponen varchar, ti int, tema varchar, ci int, contoh varchar)")
    con.executemany("insert into bank values (?, ?, ?, ?, ?)", bank)
    con.execute("""
        create temp table bank_n as
        select komponen, ti, tema, count(*) as n_contoh, list(contoh order by ci) as contoh
        from bank group by all
    """)
    con.execute("""
        create temp table tema_n as
        select komponen, list(ti order by ti) filter (where ti >= 0) as tis from bank_n group by komponen
    """)
    periods = [(f"2023-{m:02d}/{m + 1:02d}", f"2023-{m + 1:02d}-01") for m in range(1, 12, 2)]
    con.execute("create temp table periode (pi int, periode varchar, bulan_kedua date)")
    con.executemany("insert into periode values (?, ?, ?)", [(i, p, d) for i, (p, d) in enumerate(periods)])
    con.execute(f"""
        create temp table jawab as
        with isi as (
            select c.i, c.id_komunitas, p.pi, p.periode,
                   p.bulan_kedua + (hash(c.i, p.pi, 'tgl') % 28)::int as tanggal
            from kom c, periode p
            where c.habit <> 'dormant' and u(c.i * 8 + p.pi, 'refleksi') < {scale.refleksi_share}
        ),
        komponen as (
            select s.*, k.komponen, k.ki
            from isi s, (select unnest({_lit(list(KOMPONEN))}) as komponen,
                                generate_subscripts({_lit(list(KOMPONEN))}, 1) as ki) k
            where u(s.i * 16 + s.pi * 1000003 + k.ki, 'diisi') < 0.6
        ),
        butir as (
            select c.*, b.j + 1 as nomor_butir,
                   case when u(c.i * 100 + c.pi * 10 + c.ki, b.j) < 0.15 then -1
                        else t.tis[1 + (hash(c.i, c.pi, c.ki, b.j, 'tema') % len(t.tis))::bigint] end as ti
            from komponen c
            join tema_n t on t.komponen = c.komponen,
                 range(3) b(j)
            where b.j <= hash(c.i, c.pi, c.ki, 'nbutir') % 3
        )
        select b.id_komunitas, b.tanggal, b.periode, b.komponen, b.nomor_butir, n.tema,
               n.contoh[1 + (hash(b.i, b.pi, b.ki, b.nomor_butir, 'contoh') % n.n_contoh)::bigint] as butir,
               round(case when n.tema = 'lainnya' then 0.1 else 0.25 + u(b.i * 100 + b.nomor_butir, b.ki) * 0.7 end, 3)
                   as skor
        from butir b
        join bank_n n on n.komponen = b.komponen and n.ti = b.ti
    """)
    con.execute("""
        create temp table jawaban as
        select id_komunitas, tanggal, periode, komponen,
               string_agg(butir, '; ' order by nomor_butir) as jawaban
        from jawab group by all
    """)
    con.execute("""
        create temp table jawaban_id as
        select md5(id_komunitas || '|' || strftime(tanggal, '%Y-%m-%d') || '|' || komponen || '|' || jawaban)
                   as id_refleksi, *
        from jawaban
    """)
    con.execute("""
        insert into refleksi
        select id_refleksi, id_komunitas, tanggal, periode, komponen, jawaban,
               'bench_refleksi_2023.csv', (row_number() over () + 1)::int, timestamp '2024-01-02 08:00:00'
        from jawaban_id
    """)
    con.execute("""
        insert into butir_refleksi
        select a.id_refleksi, j.nomor_butir, j.butir, j.tema, j.skor, ?, j.tema <> 'lainnya' and j.skor >= 0.5
        from jawab j
        join jawaban_id a using (id_komunitas, tanggal, periode, komponen)
    """, [versi])
    set_meta(con, "versi_leksikon", str(versi))


def _upt(con: duckdb.DuckDBPyConnection, scale: Scale) -> None:
    jenis = ["peningkatan kapasitas luring", "peningkatan kapasitas daring", "webinar", "berbagi praktik baik",
             "pendampingan", "rapat koordinasi"]
    con.execute(f"""
        insert into kegiatan_upt
        select md5('upt|' || e), pick({_lit(jenis)}, e, 'jenis'), 'Kegiatan UPT ' || (e + 1),
               date '{YEAR_START}' + (hash(e, 'tgl') % 360)::int,
               case when u(e, 'kab') < 0.2 then null else w.kode_kabkota end,
               20 + hash(e, 'peserta') % 200, 'bench_kegiatan_upt.xlsx', e + 2, timestamp '2024-01-02 08:00:00'
        from range({scale.upt_events}) r(e)
        join w on w.wi = hash(e, 'kab') % 514
    """)
    con.execute(f"""
        insert into kehadiran_upt
        select distinct md5('upt|' || e), 'pg' || (hash(e, j, 'hadir') % {scale.penggerak}) || '@guru.belajar.id',
               'bench_kegiatan_upt.xlsx', 2, timestamp '2024-01-02 08:00:00'
        from range({scale.upt_events}) r(e), range(100) h(j)
    """)


def build_csv(db: Path, out: Path, scale: Scale) -> None:
    """The Google Forms activity export of Q1 2024 (METRICS §2), ~5 % of its rows submitted twice."""
    con = database.open_readonly(db)
    try:
        _macros(con)
        con.execute("use memory")
        con.execute("""
            create temp table w as
            select kode_kabkota, jenis_wilayah,
                   regexp_replace(kabkota, '^(Kabupaten|Kota) (Administrasi )?', '') as inti
            from db.wilayah
        """)
        n_unique = int(scale.csv_rows / 1.05)
        con.execute("""
            create temp table kom as
            select row_number() over (order by id_komunitas) - 1 as ci, nama_komunitas, kode_kabkota
            from db.komunitas
        """)
        n_kom = con.execute("select count(*) from kom").fetchone()[0]
        tmp = out.with_name(out.name + ".body")
        con.execute(f"""
            copy (
                with laporan as (
                    select r.n, k.nama_komunitas, w.inti, w.jenis_wilayah,
                           date '2024-01-01' + (hash(r.n, 'tgl') % 90)::int as tanggal,
                           hash(r.n, 'x') as x
                    from range({n_unique}) r(n)
                    join kom k on k.ci = hash(r.n, 'kom') % {n_kom}
                    join w on w.kode_kabkota = k.kode_kabkota
                ),
                ganda as (
                    -- resubmissions: the same report sent again minutes later
                    select n, 0 as kirim from laporan
                    union all
                    select n, 1 from laporan where u(n, 'dup') < 0.05
                ),
                baris as (
                    select l.*, g.kirim,
                           l.tanggal + (hash(l.n, 'lambat') % 3)::int + interval 8 hour
                               + to_seconds((hash(l.n, 'jam') % 50000)::bigint + 600 * g.kirim) as stempel,
                           x % 100 as r1, (x // 100) % 100 as r2, (x // 10000) % 100 as r3, (x // 1000000) % 100 as r4
                    from laporan l join ganda g using (n)
                )
                select
                    strftime(stempel, '%d/%m/%Y %H:%M:%S') as "Stempel waktu",
                    'guru' || (x % 500000) || '@guru.belajar.id' as "Alamat email",
                    case when r1 < 55 then nama_komunitas when r1 < 70 then upper(nama_komunitas)
                         when r1 < 80 then lower(nama_komunitas)
                         when r1 < 90 then regexp_replace(nama_komunitas, ' ', '  ') || ' '
                         when r1 < 99 then ' ' || nama_komunitas
                         else nama_komunitas || ' xyz' end as "Nama Komunitas Belajar",
                    case when jenis_wilayah = 'Kota' then
                             [ 'Kota ' || inti, 'KOTA ' || upper(inti), 'kota ' || lower(inti), inti || ', Kota',
                               'Kota ' || inti ][1 + (r2 % 5)::bigint]
                         else [ 'KAB. ' || upper(inti), 'Kab. ' || inti, 'Kabupaten ' || inti, inti || ', Kab.',
                                'Kab ' || inti, 'kab. ' || lower(inti), 'KABUPATEN ' || upper(inti),
                                'Kab. ' || inti ][1 + (r2 % 8)::bigint] end as "Kabupaten / Kota",
                    case when r3 < 45 then strftime(tanggal, '%d/%m/%Y')
                         when r3 < 55 then day(tanggal) || '/' || month(tanggal) || '/' || year(tanggal)
                         when r3 < 70 then {_lit(HARI)}[isodow(tanggal)::bigint] || ', ' || day(tanggal) || ' '
                                           || {_lit(BULAN)}[month(tanggal)::bigint] || ' ' || year(tanggal)
                         when r3 < 82 then day(tanggal) || ' ' || {_lit(BULAN)}[month(tanggal)::bigint]
                                           || ' ' || year(tanggal)
                         when r3 < 90 then strftime(tanggal, '%d') || ' '
                                           || {_lit(BULAN_SINGKAT)}[month(tanggal)::bigint] || ' ' || year(tanggal)
                         when r3 < 97 then strftime(tanggal, '%d-%m-%Y')
                         when r3 < 99 then day(tanggal) || '/' || month(tanggal) || '/' || strftime(tanggal, '%y')
                         else {_lit(HARI)}[isodow(tanggal)::bigint] end as "Tanggal Pelaksanaan Kegiatan",
                    {_lit(TOPIK)}[1 + (x // 7 % {len(TOPIK)})::bigint] as "Topik Kegiatan",
                    ['Belajar bersama', 'Belajar Bersama', 'Berbagi Praktik Baik', 'Webinar', 'Refleksi',
                     'Lainnya'][1 + (x // 11 % 6)::bigint] as "Bentuk Kegiatan",
                    ['Luring', 'Daring', 'Tatap muka', 'Online'][1 + (x // 13 % 4)::bigint] as "Moda Kegiatan",
                    case when r4 < 10 then null
                         when r4 < 35 then ['30', '45', '60', '90', '120'][1 + (x // 17 % 5)::bigint] || ' menit'
                         when r4 < 45 then ['45', '60', '90', '120'][1 + (x // 17 % 4)::bigint]
                         when r4 < 70 then ['1 jam', '2 jam', '3 jam'][1 + (x // 17 % 3)::bigint]
                         when r4 < 85 then ['1,5 jam', '2,5 jam'][1 + (x // 17 % 2)::bigint]
                         else '1 jam 30 menit' end as "Durasi Kegiatan",
                    (5 + x // 19 % 40)::varchar as "Jumlah Peserta",
                    case when x // 23 % 4 = 0 then null
                         else 'https://drive.google.com/drive/folders/' || substr(md5(x::varchar), 1, 20) end
                        as "Bukti Kegiatan (link)"
                from baris
                order by stempel, n, kirim
            ) to '{tmp}' (header, delimiter ';')
        """)
    finally:
        con.close()
    with open(out.with_name(out.name + ".part"), "wb") as f, open(tmp, "rb") as body:
        f.write(b"\xef\xbb\xbf")  # Excel / Google Sheets CSV export BOM
        while chunk := body.read(1 << 24):
            f.write(chunk)
    tmp.unlink()
    os.replace(out.with_name(out.name + ".part"), out)


def ensure(scale: Scale, log=print) -> tuple[Path, Path, float]:
    """(store, csv, seconds spent generating; 0 when both were reused)."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    db, csv = paths(scale)
    t = time.perf_counter()
    fresh = not (db.exists() and csv.exists())
    if not db.exists():
        log(f"generating {db.name} ...")
        build_store(db, scale, log)
    if not csv.exists():
        log(f"generating {csv.name} ...")
        build_csv(db, csv, scale)
    return db, csv, time.perf_counter() - t if fresh else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="one tenth of the national scale")
    args = ap.parse_args()
    db, csv, seconds = ensure(QUICK if args.quick else NATIONAL)
    print(f"{db}\n{csv}\ngenerated in {seconds:.1f}s")


if __name__ == "__main__":
    main()
