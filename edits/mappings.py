"""User mappings (`pemetaan`) and re-applying the quarantine: a kab/kota spelling -> an official kab/kota, or a
community name (within a kab/kota) -> an existing community.

A mapping is stored in the app's state (store.app_state) and then, in one copy-on-write transaction of the
data store, every open quarantined row is run again
through its kind's own pipeline (the `apply` of data_loaders/kinds, fed with the row's original values from
`baris_json`, under its original file name and row number). Rows that now load are inserted by that pipeline —
which deduplicates, so a row is inserted at most once — and marked `diselesaikan_pada`; rows that still fail
stay open with their new reason (one open entry per file row). A file is its name *and* its content
(karantina.sumber_sha256): this month's `form_responses_1.csv` is run apart from last month's, so row 3 of one
never stands for row 3 of the other. Later loads consult `pemetaan` through the
resolvers (KabkotaResolver, CommunityIndex), so the same spelling in a new file loads directly.
"""
from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from data_loaders import headers as hd
from data_loaders import topik
from data_loaders.apply import APPLY, apply_batch, classify_reflections
from data_loaders.batch import Batch
from data_loaders.kabkota import KabkotaResolver
from data_loaders.normalise import normal_text
from store import app_state, database, rollup
from vocab import KINDS


class MappingError(ValueError):
    """A mapping that cannot be stored (unknown target, empty spelling); the message is for people."""


@dataclass
class RemapReport:
    diselesaikan: int = 0                     # quarantined rows that now loaded
    masih_dikarantina: int = 0                # rows run again that still fail
    per_jenis: dict[str, int] = field(default_factory=dict)  # rows resolved per input kind

    def to_text(self) -> str:
        if not self.diselesaikan:
            return (f"Pemetaan disimpan. Belum ada baris karantina yang dapat dimuat; "
                    f"{self.masih_dikarantina} baris masih dikarantina.")
        rincian = ", ".join(f"{k} {n}" for k, n in sorted(self.per_jenis.items()))
        return (f"Pemetaan disimpan. {self.diselesaikan} baris keluar dari karantina dan dimuat ({rincian}); "
                f"{self.masih_dikarantina} baris masih dikarantina.")


def map_kabkota(db: Path, ejaan: str, kode_kabkota: str) -> RemapReport:
    """Map a kab/kota spelling (as written) to an official kab/kota, then re-apply the quarantine."""
    nilai = normal_text(ejaan or "")
    if not nilai:
        raise MappingError("Ejaan kab/kota kosong; tidak ada yang dipetakan.")
    with _reading(db) as con:
        if not con.execute("select 1 from wilayah where kode_kabkota = ?", [kode_kabkota]).fetchall():
            raise MappingError(f"Kode kab/kota '{kode_kabkota}' tidak ada di daftar resmi.")
    _store_mapping(db, "kabkota", nilai, "", kode_kabkota)
    return reapply_store(db)


def map_komunitas(db: Path, id_karantina: int, id_komunitas: str) -> RemapReport:
    """Map the community name of a quarantined row (within the row's kab/kota) to an existing community,
    then re-apply the quarantine (every row with that name in that kab/kota follows)."""
    with _reading(db) as con:
        row = con.execute("select baris_json from karantina where id_karantina = ?", [id_karantina]).fetchall()
        if not row:
            raise MappingError(f"Baris karantina {id_karantina} tidak ada.")
        target = con.execute("select kode_kabkota from komunitas where id_komunitas = ?", [id_komunitas]).fetchall()
        if not target:
            raise MappingError(f"Komunitas dengan ID '{id_komunitas}' tidak ada.")
        values = json.loads(row[0][0])
        nama = normal_text(values.get("nama_komunitas") or "")
        if not nama:
            raise MappingError("Baris ini tidak memuat nama komunitas; tidak ada yang dipetakan.")
        # The context is the kab/kota the loader resolves for the row. When it cannot (ambiguous `Bandung`),
        # the target's own kab/kota is one of the candidates the loader tries; no kab/kota at all = anywhere.
        context = ""
        if values.get("kabkota"):
            context = KabkotaResolver(con).resolve(values["kabkota"], values.get("provinsi")).kode or target[0][0]
    _store_mapping(db, "komunitas", nama, context, id_komunitas)
    return reapply_store(db)


def reapply_store(db: Path) -> RemapReport:
    """Re-apply the open quarantine (after a new mapping, or after a registry was loaded)."""
    with database.write_transaction(Path(db)) as con:
        return reapply(con)


@contextlib.contextmanager
def _reading(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    database.ensure_store(Path(db))
    con = database.open_readonly(Path(db))
    try:
        yield con
    finally:
        con.close()


def _store_mapping(db: Path, jenis: str, nilai: str, kode: str, target: str) -> None:
    """The mapping goes to the app's state first: the re-apply that follows reads it from there, and a
    failed re-apply (a busy store) still leaves it for the next one."""
    with app_state.write(Path(db)) as con:
        con.execute("insert or replace into pemetaan values (?, ?, ?, ?, ?)",
                    [jenis, nilai, kode, target, datetime.now()])


def reapply(con: duckdb.DuckDBPyConnection, now: datetime | None = None) -> RemapReport:
    """Run every open quarantined row through its kind again (caller owns the write transaction)."""
    now = now or datetime.now().replace(microsecond=0)
    # Rows quarantined before schema version 4 whose checksum is unknown: their load stands for the file.
    open_rows = con.execute("""
        select id_karantina, jenis_data, sumber_file, sumber_baris, baris_json,
               coalesce(sumber_sha256, 'dimuat ' || dimuat_pada::varchar) as berkas
        from karantina where diselesaikan_pada is null order by id_karantina
    """).fetchall()
    groups: dict[tuple[str, str, str], list[tuple]] = {}
    for row in open_rows:
        groups.setdefault((row[1], row[2], row[5]), []).append(row)
    resolver = KabkotaResolver(con)
    report = RemapReport()
    resolved = Counter()
    ordered = sorted(groups, key=lambda g: (KINDS.index(g[0]) if g[0] in KINDS else len(KINDS), g[1]))
    for kind, sumber_file, berkas in ordered:
        if kind not in APPLY:
            continue
        ok_ids, failed = _reapply_file(con, kind, sumber_file, groups[(kind, sumber_file, berkas)], resolver, now)
        if ok_ids:
            _mark_resolved(con, ok_ids, now)
            resolved[kind] += len(ok_ids)
        report.masih_dikarantina += failed
    if resolved["refleksi"]:
        classify_reflections(con)
    report.diselesaikan = sum(resolved.values())
    report.per_jenis = dict(resolved)
    return report


def _reapply_file(con: duckdb.DuckDBPyConnection, kind: str, sumber_file: str, rows: list[tuple],
                  resolver: KabkotaResolver, now: datetime) -> tuple[list[int], int]:
    """(karantina ids now resolved, rows still failing) for the open rows of one file (name and content)."""
    ids_of: dict[int, list[int]] = {}
    values_of: dict[int, dict] = {}
    for ident, _kind, _file, baris, js, _berkas in rows:  # the latest entry of a file row carries its values
        ids_of.setdefault(baris, []).append(ident)
        values_of[baris] = json.loads(js)
    lines = sorted(values_of)
    index = pd.Index([b - 2 for b in lines])
    raw = pd.DataFrame([values_of[b] for b in lines], index=index, dtype=object)
    raw = raw.astype(object).where(raw.notna(), None)
    columns = [c for c in hd.KIND_COLUMNS[kind] if c in raw.columns]
    frame = raw[columns].copy()
    batch = Batch(con=con, kind=kind, sumber_file=sumber_file, header_of={c: c for c in columns}, frame=frame,
                  raw=raw, now=now, resolver=resolver)
    apply_batch(batch)
    ok_ids = [i for pos, b in enumerate(lines) if batch.ok.iloc[pos] for i in ids_of[b]]
    still = batch.quarantine_rows()
    for q in still:
        ids = ids_of[q["sumber_baris"]]
        keep, older = max(ids), [i for i in ids if i != max(ids)]
        # A changed reason replaces the old one; an unchanged one keeps the file's header in `kolom`.
        con.execute("""
            update karantina set kolom = ?, nilai = ?, kode_alasan = ?, alasan = ?
            where id_karantina = ? and kode_alasan <> ?
        """, [q["kolom"], q["nilai"], q["kode_alasan"], q["alasan"], keep, q["kode_alasan"]])
        if older:  # one open entry per file row: earlier reasons of the same row are superseded
            con.execute("delete from karantina where list_contains(?, id_karantina)", [older])
    return ok_ids, len(still)


def _mark_resolved(con: duckdb.DuckDBPyConnection, ids: list[int], now: datetime) -> None:
    con.execute("update karantina set diselesaikan_pada = ? where list_contains(?, id_karantina)", [now, ids])


# --- Merging a community registered twice (issue 13.6) ------------------------------------------------------

@dataclass
class MergeReport:
    id_tetap: str
    digabung: list[str] = field(default_factory=list)   # ids merged by this call
    sudah: list[str] = field(default_factory=list)      # ids merged into id_tetap earlier (a second click)
    kegiatan_dipindah: int = 0                          # activities now counted under id_tetap
    kegiatan_ganda: int = 0                             # moved meetings id_tetap already had (same date, topic)
    refleksi_dipindah: int = 0
    refleksi_ganda: int = 0
    karantina: RemapReport = field(default_factory=RemapReport)

    def to_text(self) -> str:
        if not self.digabung:
            return (f"{', '.join(self.sudah)} sudah digabungkan ke {self.id_tetap} sebelumnya; "
                    "tidak ada yang berubah.")
        teks = (f"{', '.join(self.digabung)} digabungkan ke {self.id_tetap}: {self.kegiatan_dipindah} kegiatan "
                f"dan {self.refleksi_dipindah} jawaban refleksi kini tercatat di {self.id_tetap}")
        ganda = self.kegiatan_ganda + self.refleksi_ganda
        teks += (f" ({ganda} di antaranya sudah tercatat di {self.id_tetap} dengan tanggal dan isi yang sama, "
                 "dihitung sekali)." if ganda else ".")
        teks += (f" Unggahan berikutnya yang memuat ID {', '.join(self.digabung)} masuk ke {self.id_tetap}.")
        if self.karantina.diselesaikan:
            teks += f" {self.karantina.diselesaikan} baris keluar dari karantina dan dimuat."
        return teks


def merge_komunitas(db: Path, id_tetap: str, id_gabung: list[str],
                    kabkota: tuple[str, ...] | None = None) -> MergeReport:
    """Merge communities registered twice: every id of `id_gabung` into `id_tetap`, all or nothing.

    The merge is a mapping like the others: stored in the app's state first (`pemetaan` jenis 'id_komunitas':
    merged id -> kept id, read by the resolvers, so a later file still carrying a merged id lands on the kept
    one and a later registry does not bring it back; a name mapping for a merged name that differs from the kept
    one; the user's mappings that named a merged id now name the kept one), then one copy-on-write transaction
    of the data store moves the activities and reflections (their dedup keys recomputed: a meeting both ids
    recorded counts once, as if the files had always used one id), fills the kept registration's blanks from
    the merged one (penggerak, school, ...: the penggerak link stays), deletes the merged registration,
    recomputes the summaries of the touched weeks and months, and re-applies the quarantine (names that were
    ambiguous between the two now load). If that transaction fails the app's state is put back as it was.
    `kabkota`: the user's region (None = all): every community involved must lie in it. Merging ids already
    merged into `id_tetap` changes nothing."""
    db = Path(db)
    tetap = (id_tetap or "").strip()
    gabung = list(dict.fromkeys(i.strip() for i in id_gabung if i and i.strip() and i.strip() != tetap))
    if not tetap or not gabung:
        raise MappingError("Pilih komunitas yang dipertahankan dan sedikitnya satu komunitas lain untuk digabungkan.")
    with _reading(db) as con:
        pending, done, nama = _merge_plan(con, tetap, gabung, kabkota)
    report = MergeReport(id_tetap=tetap, sudah=done)
    if not pending:
        return report
    undo = _store_merge(db, tetap, pending, nama)
    try:
        with database.write_transaction(db) as con:
            _merge_data(con, tetap, pending, report)
            report.karantina = reapply(con)
    except BaseException as error:
        try:
            _undo_mappings(db, undo)
        except Exception as undo_error:  # the merge's own error is the one to report; a retry completes it
            error.add_note(f"pemetaan penggabungan tidak dapat dikembalikan: {undo_error}")
        raise
    report.digabung = pending
    return report


def _merge_plan(con: duckdb.DuckDBPyConnection, tetap: str, gabung: list[str], kabkota: tuple[str, ...] | None
                ) -> tuple[list[str], list[str], dict[str, tuple[str, str]]]:
    """(ids still to merge, ids merged into `tetap` before, (nama_normal, kode_kabkota) of each id involved)."""
    ada = {r[0]: (r[1], r[2]) for r in con.execute(
        "select id_komunitas, nama_normal, kode_kabkota from komunitas where list_contains(?, id_komunitas)",
        [[tetap, *gabung]]).fetchall()}
    sebelumnya = dict(con.execute(
        "select nilai_normal, target from app.pemetaan where jenis = 'id_komunitas' and list_contains(?, nilai_normal)",
        [[tetap, *gabung]]).fetchall())
    if tetap not in ada:
        lain = f" (sudah digabungkan ke {sebelumnya[tetap]})" if tetap in sebelumnya else ""
        raise MappingError(f"Komunitas dengan ID '{tetap}' tidak ada{lain}; muat ulang halaman.")
    pending, done = [], []
    for ident in gabung:
        if ident in ada:
            pending.append(ident)
        elif sebelumnya.get(ident) == tetap:
            done.append(ident)
        elif ident in sebelumnya:
            raise MappingError(f"Komunitas '{ident}' sudah digabungkan ke '{sebelumnya[ident]}', bukan ke '{tetap}'.")
        else:
            raise MappingError(f"Komunitas dengan ID '{ident}' tidak ada; muat ulang halaman.")
    if kabkota is not None:
        luar = [i for i in [tetap, *pending] if ada[i][1] not in kabkota]
        if luar:
            raise MappingError(f"Komunitas {', '.join(luar)} berada di luar wilayah Anda; penggabungan dibatalkan.")
    return pending, done, ada


def _store_merge(db: Path, tetap: str, pending: list[str], nama: dict[str, tuple[str, str]]) -> list[tuple]:
    """Write the merge's mappings to the app's state; returns what `_undo_mappings` needs to put it back."""
    now = datetime.now()
    keys = [("id_komunitas", i, "") for i in pending]
    # The merged registration's name (when it is not the kept one's) keeps leading to the kept community.
    keys += list(dict.fromkeys(("komunitas", nama[i][0], nama[i][1]) for i in pending
                               if nama[i][0] != nama[tetap][0]))
    with app_state.write(db) as con:
        before = con.execute("""
            select * from pemetaan
            where list_contains(?, [jenis, nilai_normal, kode_kabkota])
               or (jenis in ('id_komunitas', 'komunitas') and list_contains(?, target))
        """, [[list(k) for k in keys], pending]).fetchall()
        # Mappings that led to a merged id (a name, or an id merged into it earlier) lead to the kept one.
        con.execute("update pemetaan set target = ? where jenis in ('id_komunitas', 'komunitas') "
                    "and list_contains(?, target)", [tetap, pending])
        for jenis, nilai, kode in keys:
            verb = "insert or replace" if jenis == "id_komunitas" else "insert or ignore"  # a user's own stays
            con.execute(f"{verb} into pemetaan values (?, ?, ?, ?, ?)", [jenis, nilai, kode, tetap, now])
    return [*(("key", k) for k in keys), *(("row", r) for r in before)]


def _undo_mappings(db: Path, undo: list[tuple]) -> None:
    """Put back the pemetaan rows `_store_merge` wrote or changed (the data transaction failed)."""
    rows = [r for kind, r in undo if kind == "row"]
    keys = [list(k) for kind, k in undo if kind == "key"] + [list(r[:3]) for r in rows]
    with app_state.write(db) as con:
        con.execute("delete from pemetaan where list_contains(?, [jenis, nilai_normal, kode_kabkota])", [keys])
        if rows:
            con.executemany("insert into pemetaan values (?, ?, ?, ?, ?)", [list(r) for r in rows])


def _merge_data(con: duckdb.DuckDBPyConnection, tetap: str, pending: list[str], report: MergeReport) -> None:
    """The data store's part of a merge (caller owns the write transaction)."""
    if not con.execute("select 1 from komunitas where id_komunitas = ?", [tetap]).fetchall():
        raise MappingError(f"Komunitas dengan ID '{tetap}' tidak ada lagi; muat ulang halaman.")
    # Activities: the dedup key is md5(community | date | normalised topic), as data_loaders/kinds/kegiatan.py
    # computes it; the topic is normalised by the same Python function the loader uses.
    lama = con.execute("select id_kegiatan, topik from kegiatan where list_contains(?, id_komunitas)",
                       [pending]).fetchall()
    con.register("_topik", pd.DataFrame({
        "id_lama": pd.Series([r[0] for r in lama], dtype=object),
        "topik_normal": pd.Series([None if r[1] is None else normal_text(r[1]) for r in lama], dtype=object)}))
    con.execute("""
        create or replace temp table _pindah as
        select *, id_baru in (select id_kegiatan from kegiatan)
                  or row_number() over (partition by id_baru order by id_lama) > 1 as ganda
        from (
            select g.id_kegiatan as id_lama, g.tanggal,
                   md5($tetap || '|' || strftime(g.tanggal, '%Y-%m-%d') || '|' || coalesce(t.topik_normal::varchar, ''))
                       as id_baru
            from kegiatan as g join _topik as t on t.id_lama = g.id_kegiatan
            where list_contains($ids, g.id_komunitas)
        )
    """, {"tetap": tetap, "ids": pending})
    con.unregister("_topik")
    con.execute("delete from kegiatan where id_kegiatan in (select id_lama from _pindah where ganda)")
    con.execute("""
        update kegiatan set id_komunitas = $tetap, id_kegiatan = p.id_baru
        from _pindah as p where kegiatan.id_kegiatan = p.id_lama and not p.ganda
    """, {"tetap": tetap})
    con.execute("create or replace temp table _masuk as select $tetap as id_komunitas, tanggal from _pindah",
                {"tetap": tetap})
    rollup.refresh(con, "_masuk")
    rollup.forget(con, pending)
    report.kegiatan_dipindah, report.kegiatan_ganda = con.execute(
        "select count(*), count(*) filter (where ganda) from _pindah").fetchall()[0]
    # Reflections: key md5(community | date | komponen | answer), as data_loaders/kinds/refleksi.py; their
    # classified items follow the key.
    con.execute("""
        create or replace temp table _refleksi_pindah as
        select *, id_baru in (select id_refleksi from refleksi)
                  or row_number() over (partition by id_baru order by id_lama) > 1 as ganda
        from (
            select id_refleksi as id_lama,
                   md5(concat_ws('|', $tetap, strftime(tanggal, '%Y-%m-%d'), komponen, jawaban)) as id_baru
            from refleksi where list_contains($ids, id_komunitas)
        )
    """, {"tetap": tetap, "ids": pending})
    for table in ("butir_refleksi", "refleksi"):
        con.execute(f"delete from {table} where id_refleksi in (select id_lama from _refleksi_pindah where ganda)")
    con.execute("""
        update butir_refleksi set id_refleksi = p.id_baru
        from _refleksi_pindah as p where butir_refleksi.id_refleksi = p.id_lama
    """)
    con.execute("""
        update refleksi set id_refleksi = p.id_baru, id_komunitas = $tetap
        from _refleksi_pindah as p where refleksi.id_refleksi = p.id_lama
    """, {"tetap": tetap})
    report.refleksi_dipindah, report.refleksi_ganda = con.execute(
        "select count(*), count(*) filter (where ganda) from _refleksi_pindah").fetchall()[0]
    topik.perbarui(con, lengkap=True)  # a dropped duplicate may have been a topic's last use
    # The registry: the kept registration keeps its values and fills its blanks from the merged ones, in the
    # order given; the penggerak (name, email and number together) when it has no email; the penggerak's number
    # otherwise only from a registration naming the same penggerak (a number belongs to a person).
    for ident in pending:
        con.execute("""
            update komunitas as a set
                penggerak_nama = case when nullif(trim(a.penggerak_email), '') is null
                                      and nullif(trim(b.penggerak_email), '') is not null
                                      then b.penggerak_nama else coalesce(a.penggerak_nama, b.penggerak_nama) end,
                penggerak_wa = case when nullif(trim(a.penggerak_email), '') is null
                                    and nullif(trim(b.penggerak_email), '') is not null then b.penggerak_wa
                                    when lower(trim(a.penggerak_email)) = lower(trim(b.penggerak_email))
                                    then coalesce(a.penggerak_wa, b.penggerak_wa)
                                    else a.penggerak_wa end,
                narahubung_wa = coalesce(a.narahubung_wa, b.narahubung_wa),
                penggerak_email = coalesce(nullif(trim(a.penggerak_email), ''), b.penggerak_email),
                jenis = coalesce(a.jenis, b.jenis),
                npsn = coalesce(a.npsn, b.npsn),
                jenjang = coalesce(a.jenjang, b.jenjang),
                jumlah_anggota = coalesce(a.jumlah_anggota, b.jumlah_anggota),
                tanggal_terdaftar = least(a.tanggal_terdaftar, b.tanggal_terdaftar),
                terdaftar_pmm = coalesce(a.terdaftar_pmm, b.terdaftar_pmm)
            from komunitas as b
            where a.id_komunitas = $tetap and b.id_komunitas = $ident
        """, {"tetap": tetap, "ident": ident})
    con.execute("delete from komunitas where list_contains(?, id_komunitas)", [pending])
    rollup.refresh_penggerak(con, [tetap, *pending])
    con.execute("drop table _pindah")
    con.execute("drop table _masuk")
    con.execute("drop table _refleksi_pindah")
