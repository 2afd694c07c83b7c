"""Load messy exports into the store: read + validate every file, then apply them all in one
copy-on-write transaction (registries first), quarantining the rows that cannot be placed.

Public API used by the CLI, the sample loader and the upload page: KINDS, Source, LoadError,
FileReport, LoadReport, load_files, detect_kind, template_headers, Preview, preview_mapping, missing_columns,
chosen_columns.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from data_loaders import headers as hd
from data_loaders.apply import apply_batch, classify_reflections, record_quarantine, resolve_earlier_quarantine
from data_loaders.batch import REQUIRED, Batch
from data_loaders.kabkota import KabkotaResolver
from data_loaders.read import RawTable, ReadError, check_size, read_table
from store import app_state, database
from store.meta import set_meta
from vocab import KIND_LABELS, KINDS


@dataclass(frozen=True)
class Source:
    name: str      # file name as the user knows it; recorded as sumber_file
    data: bytes

    @classmethod
    def from_path(cls, path: str | Path) -> Source:
        path = Path(path)
        try:
            check_size(path.stat().st_size)  # before reading: an oversized file is never loaded into memory
            return cls(name=path.name, data=path.read_bytes())
        except ReadError as exc:
            raise LoadError(f"Berkas '{path.name}' tidak dapat dibaca: {exc}.") from None
        except OSError as exc:
            raise LoadError(f"Berkas '{path}' tidak dapat dibuka: {exc.strerror or exc}.") from None


class LoadError(Exception):
    """A file cannot be loaded at all (unreadable, a required column missing, unknown kind)."""


@dataclass
class FileReport:
    sumber_file: str
    jenis_data: str
    baris_total: int
    ditambah: int
    diperbarui: int
    sudah_ada: int
    dikarantina: int
    kolom_diabaikan: list[str]
    pemetaan_kolom: dict[str, str]
    karantina: list[dict]
    koreksi: list[dict]
    catatan: list[str] = field(default_factory=list)  # how values were read: date order, number style
    pemetaan_diingat: bool = False  # the mapping was remembered from an earlier file of the same shape


@dataclass
class LoadReport:
    files: list[FileReport]
    dry_run: bool

    def to_text(self) -> str:
        lines = ["UJI COBA (--dry-run): tidak ada perubahan yang disimpan." if self.dry_run
                 else "Data berhasil dimuat."]
        for f in self.files:
            lines += ["", f"== {f.sumber_file} — jenis data: {f.jenis_data} ({KIND_LABELS[f.jenis_data]}) =="]
            lines.append("Pemetaan kolom (diingat dari berkas sebelumnya dengan judul kolom yang sama):"
                         if f.pemetaan_diingat else "Pemetaan kolom:")
            lines += [f"  {h!r} -> {c}" for h, c in f.pemetaan_kolom.items()]
            if f.kolom_diabaikan:
                lines.append("Kolom diabaikan: " + ", ".join(repr(h) for h in f.kolom_diabaikan))
            if f.catatan:
                lines.append("Cara membaca nilai:")
                lines += [f"  {c}" for c in f.catatan]
            lines.append(f"Baris: {f.baris_total} | ditambah {f.ditambah} | diperbarui {f.diperbarui} | "
                         f"sudah ada {f.sudah_ada} | dikarantina {f.dikarantina}")
            if f.karantina:
                lines.append("Karantina menurut alasan:")
                by_code: dict[str, list[dict]] = {}
                for q in f.karantina:
                    by_code.setdefault(q["kode_alasan"], []).append(q)
                for code, items in sorted(by_code.items(), key=lambda kv: -len(kv[1])):
                    rows = ", ".join(str(q["sumber_baris"]) for q in items[:10])
                    more = f" (+{len(items) - 10} lagi)" if len(items) > 10 else ""
                    lines.append(f"  {code}: {len(items)} baris — baris {rows}{more}")
                    for q in items[:3]:
                        lines.append(f"    baris {q['sumber_baris']}: {q['alasan']}")
            if f.koreksi:
                lines.append("Koreksi otomatis:")
                for k in f.koreksi:
                    baru = repr(k["nilai_baru"]) if k["nilai_baru"] else "(dikosongkan)"
                    lines.append(f"  {k['kolom']}: {k['nilai_asli']!r} -> {baru} "
                                 f"({k['metode']}, {k['jumlah_baris']} baris)")
        total = Counter()
        for f in self.files:
            total.update({"ditambah": f.ditambah, "diperbarui": f.diperbarui, "sudah_ada": f.sudah_ada,
                          "dikarantina": f.dikarantina})
        lines += ["", f"Jumlah {len(self.files)} berkas: ditambah {total['ditambah']}, diperbarui "
                      f"{total['diperbarui']}, sudah ada {total['sudah_ada']}, dikarantina {total['dikarantina']}."]
        return "\n".join(lines)


@dataclass
class _Prepared:
    source: Source
    table: RawTable
    shape: str
    kind: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    remembered: bool = False  # the mapping is one a user confirmed for an earlier file of this shape


class _Rollback(Exception):
    """Raised inside the transaction to discard a dry run."""


def detect_kind(headers: list[str]) -> str | None:
    return hd.detect(headers)


def template_headers() -> dict[str, list[str]]:
    hidden = {"waktu_pengisian", "topik_aksi_nyata"}
    return {kind: [c for c in hd.KIND_COLUMNS[kind] if c not in hidden] for kind in KINDS}


@dataclass(frozen=True)
class Preview:
    """How a file would be read, before loading it: the upload page's mapping editor and `--kolom` start here."""
    kind: str | None                  # None: not recognisable from the headers
    mapping: dict[str, str]           # file header -> canonical column
    ignored: list[str]
    missing: list[tuple[str, ...]]    # required column groups that no header maps to
    remembered: bool = False          # the mapping a user confirmed for an earlier file of the same shape


def preview_mapping(source: Source, kind: str | None = None, db: Path | None = None) -> Preview:
    """LoadError only when the file cannot be read; an unknown kind or a missing required column is reported in
    the Preview so that the user can still say which column is which. With `db`, a mapping remembered for this
    file shape is used as the loader would use it."""
    prepared = _read(source)
    remembered = None
    if db is not None and Path(db).exists():
        con = database.open_readonly(Path(db))
        try:
            remembered = _remembered_mappings(con).get(prepared.shape)
        finally:
            con.close()
    _settle(prepared, kind, None, remembered)
    if prepared.kind is None:
        return Preview(None, {}, list(prepared.table.headers), [])
    return Preview(prepared.kind, prepared.mapping, prepared.ignored, missing_columns(prepared.kind, prepared.mapping),
                   remembered=prepared.remembered)


def missing_columns(kind: str, mapping: dict[str, str]) -> list[tuple[str, ...]]:
    """The required column groups of `kind` that `mapping` (header -> canonical) leaves without a column."""
    present = set(mapping.values())
    return [group for group in REQUIRED[kind] if not present & set(group)]


def chosen_columns(db: Path | None, sources: list[Source], kind: str | None,
                   kolom: dict[str, str]) -> dict[str, dict[str, str]]:
    """Per file, its mapping with the user's `CANONICAL -> HEADER` choices (the CLI's --kolom): each file that has
    that header reads it as that column (and no longer reads another header as it). LoadError when no file has
    the header or its kind has no such column."""
    result: dict[str, dict[str, str]] = {}
    used: set[str] = set()
    for source in sources:
        found = preview_mapping(source, kind, db)
        headers = [*found.mapping, *found.ignored]
        by_compact = {hd.compact(h): h for h in headers}
        if found.kind is None:  # the kind may show once the chosen headers are read as their columns
            named = {hd.compact(h): c for c, h in kolom.items()}
            if guess := hd.detect([named.get(hd.compact(h), h) for h in headers]):
                found = preview_mapping(source, guess, db)
        mapping = dict(found.mapping)
        for canonical, header in kolom.items():
            actual = by_compact.get(hd.compact(header))
            if actual is None:
                continue
            if found.kind is None:
                raise LoadError(f"Berkas '{source.name}': jenis data tidak dapat dikenali dari judul kolomnya; "
                                f"sebutkan dengan --kind ({', '.join(KINDS)}).")
            if canonical not in hd.KIND_COLUMNS[found.kind]:
                raise LoadError(f"Berkas '{source.name}' ({KIND_LABELS[found.kind]}): tidak ada kolom data "
                                f"'{canonical}'. Pilihan: {', '.join(hd.KIND_COLUMNS[found.kind])}.")
            mapping = {h: c for h, c in mapping.items() if c != canonical}
            mapping[actual] = canonical
            used.add(canonical)
        result[source.name] = mapping
    for canonical, header in kolom.items():
        if canonical not in used:
            names = ", ".join(f"'{s.name}'" for s in sources)
            raise LoadError(f"Kolom '{header}' (dari --kolom {canonical}={header}) tidak ada di berkas {names}.")
    return result


# Progress messages that bound the store's own work (copy and check before; checkpoint, check and version
# keeping after): bench/run.py reports that time in a row of its own.
SALINAN = "Menyiapkan salinan basis data"
MENYIMPAN = "Menyimpan"


def load_files(db: Path, sources: list[Source], *, kind: str | None = None, dry_run: bool = False,
               progress: Callable[[float, str], None] | None = None,
               column_mappings: dict[str, dict[str, str]] | None = None,
               meta: dict[str, str] | None = None) -> LoadReport:
    """`meta` rows join the load's transaction (all or nothing)."""
    report = progress or (lambda _f, _m: None)
    if kind is not None and kind not in KINDS:
        raise LoadError(f"Jenis data '{kind}' tidak dikenal. Pilihan: {', '.join(KINDS)}.")
    if not sources:
        raise LoadError("Tidak ada berkas yang dipilih.")
    prepared = []
    for i, source in enumerate(sources):
        report(0.2 * i / len(sources), f"Membaca {source.name}")
        prepared.append(_read(source))
    column_mappings = column_mappings or {}
    files: list[FileReport] = []
    # A national store is copied and checked before the load writes to it (store.cow): a second or more.
    report(0.2, SALINAN)
    try:
        with database.write_transaction(Path(db)) as con:
            remembered = _remembered_mappings(con)
            for p in prepared:
                _resolve_kind(p, kind, column_mappings.get(p.source.name), remembered.get(p.shape))
            ordered = sorted(prepared, key=lambda p: KINDS.index(p.kind))
            weights = [max(len(p.table.frame), 1) for p in ordered]
            done = 0
            now = datetime.now().replace(microsecond=0)
            resolver = KabkotaResolver(con)
            for p, w in zip(ordered, weights):
                start, end = 0.2 + 0.75 * done / sum(weights), 0.2 + 0.75 * (done + w) / sum(weights)
                label = f"Memproses {p.source.name} ({KIND_LABELS[p.kind]}, {len(p.table.frame)} baris)"
                report(start, label)
                files.append(_apply(con, p, now, resolver, _Ticker(report, start, end, label)))
                done += w
            # Spares other loads the classifier's import, unless this load migrated a store whose items schema 7
            # deleted (they are reclassified with the new classifier; issue 18).
            if any(p.kind == "refleksi" for p in ordered) or con.execute(
                    "select exists(from refleksi) and not exists(from butir_refleksi)").fetchone()[0]:
                report(0.96, "Mengelompokkan butir refleksi ke dalam tema")
                classify_reflections(con)
            for key, value in (meta or {}).items():
                set_meta(con, key, value)
            report(0.98, MENYIMPAN)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    confirmed = [p for p in prepared if column_mappings.get(p.source.name)]
    if confirmed and not dry_run:
        _remember_mappings(Path(db), confirmed)
    order = {s.name: i for i, s in enumerate(sources)}
    files.sort(key=lambda f: order.get(f.sumber_file, 0))
    report(1.0, "Selesai (uji coba, tidak disimpan)" if dry_run else "Selesai")
    return LoadReport(files=files, dry_run=dry_run)


def _read(source: Source) -> _Prepared:
    try:
        table = read_table(source.name, source.data)
    except ReadError as exc:
        raise LoadError(f"Berkas '{source.name}' tidak dapat dibaca: {exc}.") from None
    return _Prepared(source=source, table=table, shape=hd.shape_hash(table.headers))


def _settle(p: _Prepared, kind: str | None, confirmed: dict[str, str] | None,
            remembered: tuple[str, dict[str, str]] | None = None) -> None:
    """Settle kind (None when unknown) and header mapping."""
    headers = p.table.headers
    if kind is not None and kind not in KINDS:
        raise LoadError(f"Jenis data '{kind}' tidak dikenal. Pilihan: {', '.join(KINDS)}.")
    if not confirmed and remembered and (kind is None or kind == remembered[0]):
        # Remembered per file shape, keyed by the compact header: `Kode` and `kode` are the same column.
        kind, stored = remembered
        by_compact = {hd.compact(h): c for h, c in stored.items()}
        confirmed = {h: by_compact[hd.compact(h)] for h in headers if hd.compact(h) in by_compact}
        p.remembered = True
    if confirmed:  # the headers a user named are detected as the columns they chose
        kind = kind or _kind_of_mapping(confirmed) or hd.detect([confirmed.get(h, h) for h in headers])
    p.kind = kind or hd.detect(headers)
    if p.kind is not None:
        p.mapping, p.ignored = hd.map_headers(headers, p.kind, confirmed)


def _resolve_kind(p: _Prepared, kind: str | None, confirmed: dict[str, str] | None,
                  remembered: tuple[str, dict[str, str]] | None = None) -> None:
    """`_settle`, then LoadError naming what is missing: the kind, or a required column."""
    _settle(p, kind, confirmed, remembered)
    headers = p.table.headers
    if p.kind is None:
        raise LoadError(
            f"Berkas '{p.source.name}': jenis data tidak dapat dikenali dari judul kolomnya "
            f"({_header_list(headers)}). Pilih jenis data secara manual "
            f"({', '.join(KINDS)})."
        )
    if missing := missing_columns(p.kind, p.mapping):
        group = missing[0]
        wanted = " atau ".join(repr(c) for c in group)
        raise LoadError(
            f"Berkas '{p.source.name}' ({KIND_LABELS[p.kind]}): kolom wajib {wanted} tidak ditemukan. "
            f"Judul kolom yang ada: {_header_list(headers)}. Pilih kolomnya di halaman Unggah Data, atau "
            f"dengan --kolom {group[0]}=\"Judul Kolom\" di baris perintah."
        )


def _header_list(headers: list[str], shown: int = 30, width: int = 60) -> str:
    """Headers for an error message, kept short: junk or a 10,000-column file must not flood it."""
    text = ", ".join(repr(h if len(h) <= width else h[:width] + "…") for h in headers[:shown])
    return text + (f", … (dan {len(headers) - shown} kolom lain)" if len(headers) > shown else "")


def _kind_of_mapping(mapping: dict[str, str]) -> str | None:
    """The only kind whose columns cover a user-made mapping, when it is unambiguous."""
    targets = {c for c in mapping.values() if c}
    fits = [k for k in KINDS if targets <= set(hd.KIND_COLUMNS[k])]
    return fits[0] if len(fits) == 1 else None


def _remembered_mappings(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, dict[str, str]]]:
    rows = con.execute("select bentuk_berkas, jenis_data, pemetaan_json from app.pemetaan_kolom").fetchall()
    return {shape: (kind, json.loads(js)) for shape, kind, js in rows}


def _remember_mappings(db: Path, prepared: list[_Prepared]) -> None:
    """Header mappings a user confirmed, for later files of the same shape (the app's state, after the load)."""
    now = datetime.now().replace(microsecond=0)
    with app_state.write(db) as con:
        for p in prepared:
            # Ignored headers are stored as "" so that they stay ignored in later files of this shape.
            js = json.dumps({h: p.mapping.get(h, "") for h in p.table.headers}, ensure_ascii=False, sort_keys=True)
            con.execute("insert or replace into pemetaan_kolom values (?, ?, ?, ?)", [p.shape, p.kind, js, now])


class _Ticker:
    """Progress inside one file: each step covers a third of what is left of the file's share of the bar."""

    def __init__(self, report: Callable[[float, str], None], start: float, end: float, label: str):
        self.report, self.position, self.end, self.label = report, start, end, label

    def __call__(self, message: str) -> None:
        self.position += (self.end - self.position) / 3
        self.report(self.position, f"{self.label}: {message}")


def _apply(con: duckdb.DuckDBPyConnection, p: _Prepared, now: datetime, resolver: KabkotaResolver,
           tick: Callable[[str], None]) -> FileReport:
    headers = p.table.headers
    position = {h: i for i, h in reversed(list(enumerate(headers)))}
    frame = pd.DataFrame({c: p.table.frame[position[h]] for h, c in p.mapping.items()},
                         index=p.table.frame.index, dtype=object, copy=False)  # shares the columns (no 2-D copy)
    raw = p.table.frame.set_axis(headers, axis=1)  # shares the cells (copy-on-write): read only, for baris_json
    found = p.table.error_columns
    batch = Batch(con=con, kind=p.kind, sumber_file=p.source.name,
                  header_of={c: h for h, c in p.mapping.items()}, frame=frame, raw=raw, now=now, resolver=resolver,
                  tick=tick, error_columns=None if found is None else {c for h, c in p.mapping.items()
                                                                        if position[h] in found},
                  sumber_sha256=hashlib.sha256(p.source.data).hexdigest())
    counts = apply_batch(batch)
    tick("mencatat karantina dan koreksi")
    quarantined = batch.quarantine_rows()
    record_quarantine(con, batch, quarantined)
    resolve_earlier_quarantine(con, batch)
    total = len(frame)
    con.execute("insert into berkas values (?, ?, ?, ?, ?, ?, ?, ?)", [
        p.source.name, batch.sumber_sha256, p.kind, total, counts.ditambah,
        counts.sudah_ada, len(quarantined), now,
    ])
    return FileReport(
        sumber_file=p.source.name, jenis_data=p.kind, baris_total=total, ditambah=counts.ditambah,
        diperbarui=counts.diperbarui, sudah_ada=counts.sudah_ada, dikarantina=len(quarantined),
        kolom_diabaikan=p.ignored, pemetaan_kolom=p.mapping,
        karantina=[{k: q[k] for k in ("sumber_baris", "kolom", "nilai", "kode_alasan", "alasan")}
                   for q in quarantined],
        koreksi=batch.koreksi, catatan=batch.catatan, pemetaan_diingat=p.remembered,
    )


