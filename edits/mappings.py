"""User mappings (`pemetaan`) and re-applying the quarantine: a kab/kota spelling -> an official kab/kota, or a
community name (within a kab/kota) -> an existing community.

A mapping is stored in the app's state (store.app_state) and then, in one copy-on-write transaction of the
data store, every open quarantined row is run again
through its kind's own pipeline (the `apply` of data_loaders/kinds, fed with the row's original values from
`baris_json`, under its original file name and row number). Rows that now load are inserted by that pipeline —
which deduplicates, so a row is inserted at most once — and marked `diselesaikan_pada`; rows that still fail
stay open with their new reason (one open entry per file row). Later loads consult `pemetaan` through the
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
from data_loaders.apply import APPLY, apply_batch, classify_reflections
from data_loaders.batch import Batch
from data_loaders.kabkota import KabkotaResolver
from data_loaders.normalise import normal_text
from store import app_state, database
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
    open_rows = con.execute("""
        select id_karantina, jenis_data, sumber_file, sumber_baris, baris_json
        from karantina where diselesaikan_pada is null order by id_karantina
    """).fetchall()
    groups: dict[tuple[str, str], list[tuple]] = {}
    for row in open_rows:
        groups.setdefault((row[1], row[2]), []).append(row)
    resolver = KabkotaResolver(con)
    report = RemapReport()
    resolved = Counter()
    ordered = sorted(groups, key=lambda g: (KINDS.index(g[0]) if g[0] in KINDS else len(KINDS), g[1]))
    for kind, sumber_file in ordered:
        if kind not in APPLY:
            continue
        ok_ids, failed = _reapply_file(con, kind, sumber_file, groups[(kind, sumber_file)], resolver, now)
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
    """(karantina ids now resolved, rows still failing) for the open rows of one file."""
    ids_of: dict[int, list[int]] = {}
    values_of: dict[int, dict] = {}
    for ident, _kind, _file, baris, js in rows:  # the latest entry of a file row carries its values
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
