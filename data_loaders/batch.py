"""One parsed file under canonical column names (Batch), the reasons a row goes to the quarantine, and the
staging, insert and upsert steps every kind uses. Everything works column-wise on pandas Series; values are
parsed once per distinct value.
"""
from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from data_loaders import normalise as nz
from data_loaders.kabkota import KabkotaResolver
from store.schema import FORMAT_KEY, row_key
from vocab import KOMPONEN

# Required input columns per kind: each entry is a group, one column of which must be present.
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "sekolah": (("npsn",), ("kabkota",)),
    "penggerak": (("penggerak_email",),),
    "komunitas": (("nama_komunitas",), ("kabkota",)),
    "kegiatan": (("id_komunitas", "nama_komunitas"), ("tanggal",)),
    "refleksi": (("id_komunitas", "nama_komunitas"), ("tanggal", "waktu_pengisian"), KOMPONEN),
    "kegiatan_upt": (("jenis_kegiatan",), ("tanggal",)),
    "survei_kebutuhan": (("topik_kebutuhan",),),
}

# Columns that say what a row is or where it belongs. A spreadsheet error value (`#REF!`) there sends the row to
# the quarantine; in any other column it is dropped to unknown and the correction recorded.
KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "sekolah": ("npsn", "kabkota", "provinsi"),
    "penggerak": ("penggerak_email",),
    "komunitas": ("id_komunitas", "nama_komunitas", "kabkota", "provinsi", "jenis", "tanggal_terdaftar"),
    "kegiatan": ("id_komunitas", "nama_komunitas", "kabkota", "provinsi", "tanggal"),
    "refleksi": ("id_komunitas", "nama_komunitas", "kabkota", "provinsi", "tanggal", "waktu_pengisian"),
    "kegiatan_upt": ("jenis_kegiatan", "tanggal"),
    "survei_kebutuhan": ("topik_kebutuhan", "waktu_pengisian"),
}
# Date columns: a column whose values fit both day/month and month/day follows the others (DateScan).
DATE_COLUMNS = ("tanggal", "waktu_pengisian", "tanggal_terdaftar")
# How a dropped optional value is recorded in `koreksi` (metode), by the parser's reason code.
DROPPED = {"nilai_tidak_wajar": "dikosongkan_tidak_wajar", "angka_ambigu": "dikosongkan_angka_ambigu",
           "galat_rumus": "dikosongkan_galat_rumus", "jp_tanpa_jenjang": "dikosongkan_jp_tanpa_jenjang",
           **{code: f"dikosongkan_{code}" for code in nz.WA_ERRORS}}
# baris_json's FORMAT_KEY (store.schema): the file's date orders and number styles, for re-applying the quarantine.
_JSON = json.JSONEncoder(ensure_ascii=False)  # json.dumps builds an encoder per call (a national quarantine: 20,000)

REASONS = {
    "nilai_wajib_kosong": "Kolom wajib '{kolom}' kosong.",
    "kabkota_tidak_dikenal": "Kab/kota '{nilai}' tidak dikenal.",
    "kabkota_ambigu": "Kab/kota '{nilai}' ambigu ({detail}); tulis 'Kab.' atau 'Kota' di depan namanya.",
    "komunitas_tidak_dikenal": "Komunitas '{nilai}' tidak ditemukan{detail}.",
    "komunitas_ambigu": "Nama komunitas '{nilai}' dipakai lebih dari satu komunitas{detail}; "
                        "tambahkan kolom kab/kota atau ID komunitas.",
    "tanggal_tidak_terbaca": "Tanggal '{nilai}' tidak terbaca.",
    "tanggal_di_luar_rentang": "Tanggal '{nilai}' di luar rentang tahun 2000–2100.",
    "durasi_tidak_valid": "Durasi '{nilai}' tidak terbaca atau negatif.",
    "nilai_tidak_dikenal": "Nilai '{nilai}' pada kolom '{kolom}' tidak dikenal{detail}.",
    "tanggal_urutan_ambigu": "Tanggal '{nilai}' dapat dibaca sebagai hari/bulan maupun bulan/hari, dan kolom "
                             "'{kolom}' memuat kedua urutan; tulis tanggalnya seperti 2022-08-15 atau 15 Agustus 2022.",
    "galat_rumus": "Kolom '{kolom}': sel berisi galat rumus ({nilai}).",
}


@dataclass
class Counts:
    ditambah: int = 0
    diperbarui: int = 0
    sudah_ada: int = 0


@dataclass
class Batch:
    """One file's rows under canonical column names, plus what was rejected and corrected."""
    con: duckdb.DuckDBPyConnection
    kind: str
    sumber_file: str
    header_of: dict[str, str]           # canonical -> header as written
    frame: pd.DataFrame                 # canonical columns, text or None; index = spreadsheet row - 2
    raw: pd.DataFrame                   # every column under its header as written (for baris_json)
    now: datetime
    resolver: KabkotaResolver
    tick: Callable[[str], None] = lambda _message: None  # progress inside the file (Indonesian message)
    reason: pd.Series = field(init=False)
    kolom: pd.Series = field(init=False)
    detail: dict[int, str] = field(default_factory=dict)
    koreksi: list[dict] = field(default_factory=list)
    catatan: list[str] = field(default_factory=list)    # notes for the load report (Indonesian)
    error_columns: set[str] | None = None               # columns that may hold `#REF!` & co. (None: look)
    formats: dict[str, str] = field(default_factory=dict)  # canonical -> date order / number style used
    sumber_sha256: str | None = None    # the file's checksum (berkas.sha256); None when re-applying the quarantine

    def __post_init__(self) -> None:
        self.reason = pd.Series(np.full(len(self.frame), None, dtype=object), index=self.frame.index, dtype=object)
        self.kolom = pd.Series(np.full(len(self.frame), None, dtype=object), index=self.frame.index, dtype=object)
        self._scans: dict[str, nz.DateScan] = {}
        self._given_formats = self._formats_of_raw()
        self._screen_error_cells()

    def _formats_of_raw(self) -> dict[str, str]:
        """Re-applying the quarantine: the orders and styles the original load decided (from baris_json), since
        the few quarantined rows alone may not show them."""
        if FORMAT_KEY not in self.raw.columns:
            return {}
        return next((v for v in self.raw[FORMAT_KEY] if isinstance(v, dict)), {})

    def _screen_error_cells(self) -> None:
        """Spreadsheet error values (`#REF!`, `#N/A`, ...): the row is quarantined when the column is a key, the
        value dropped (with a correction) otherwise."""
        keys = set(KEY_COLUMNS.get(self.kind, ()))
        for canonical in list(self.frame.columns):
            if self.error_columns is not None and canonical not in self.error_columns:
                continue
            column = self.frame[canonical]
            hit = column.isin(nz.ERROR_CELLS)
            if not hit.any():
                continue
            if canonical in keys:
                self.reject(hit, canonical, "galat_rumus")
                continue
            self._record_dropped(canonical, hit, pd.Series("galat_rumus", index=column.index))
            self.frame[canonical] = column.where(~hit, None)

    def has(self, canonical: str) -> bool:
        return canonical in self.frame.columns

    def col(self, canonical: str) -> pd.Series:
        if canonical in self.frame.columns:
            return self.frame[canonical]
        return pd.Series(np.full(len(self.frame), None, dtype=object), index=self.frame.index, dtype=object)

    @property
    def ok(self) -> pd.Series:
        return self.reason.isna()

    def reject(self, mask: pd.Series, canonical: str, code: str | pd.Series,
               detail: pd.Series | None = None) -> None:
        """Quarantine the rows of mask not rejected yet; the first reason of a row wins."""
        mask = mask.fillna(False).astype(bool) & self.ok
        if not mask.any():
            return
        index = self.reason.index
        if mask.index.equals(index) and (not isinstance(code, pd.Series) or code.index.equals(index)):
            # Positional, in numpy: pandas' masked __setitem__ on a million-row object Series costs ~0.05 s a call.
            m = mask.to_numpy()
            reason, kolom = self.reason.to_numpy(dtype=object, copy=True), self.kolom.to_numpy(dtype=object, copy=True)
            reason[m] = code.to_numpy(dtype=object)[m] if isinstance(code, pd.Series) else code
            kolom[m] = canonical
            # dtype=object: pandas would otherwise scan the cells to infer a text dtype (0.08 s a column).
            self.reason = pd.Series(reason, index=index, dtype=object)
            self.kolom = pd.Series(kolom, index=index, dtype=object)
        else:
            self.reason[mask] = code[mask] if isinstance(code, pd.Series) else code
            self.kolom[mask] = canonical
        if detail is not None:
            for i, d in detail[mask].items():
                if d:
                    self.detail[i] = d

    def require(self, canonical: str) -> None:
        self.reject(self.col(canonical).isna(), canonical, "nilai_wajib_kosong")

    def parse(self, canonical: str, parser: Callable[[str], Any], reject: bool = True) -> pd.Series:
        """Parsed values of a column; unreadable values are quarantined (reject) or blanked and reported."""
        if self.has(canonical):
            self.tick(f"membaca kolom '{self.header_of.get(canonical, canonical)}'")
        values, errors = nz.map_unique(self.col(canonical), parser)
        bad = errors.notna()
        if bad.any():
            if reject:
                self.reject(bad, canonical, errors)
            else:
                self._record_dropped(canonical, bad, errors)
        return values

    def _record_dropped(self, canonical: str, bad: pd.Series, codes: pd.Series) -> None:
        """One correction per distinct (value, reason) of the rows still loading."""
        keep = bad & self.ok
        if not keep.any():
            return
        pairs = pd.DataFrame({"nilai": self.col(canonical)[keep], "kode": codes[keep]})
        for (raw, code), n in pairs.value_counts(sort=False).items():
            self.correct(canonical, raw, "", DROPPED.get(code, "dikosongkan"), int(n))

    def _name(self, canonical: str) -> str:
        return self.header_of.get(canonical, canonical)

    # -- dates ----------------------------------------------------------------------------------------------
    def dates(self, canonical: str, *, with_time: bool = False, where: pd.Series | None = None) -> pd.Series:
        """A date column read with the day/month order decided for the whole column; unreadable dates (of the
        rows in `where`) are quarantined."""
        if self.has(canonical):
            self.tick(f"membaca kolom '{self._name(canonical)}'")
        order = self.date_order(canonical)
        values, errors = self._scan(canonical).read(order, with_time)
        index = self.frame.index
        errors = pd.Series(errors, index=index, dtype=object)
        bad = errors.notna() if where is None else errors.notna() & where
        self.reject(bad, canonical, errors)
        return pd.Series(values, index=index)

    def _scan(self, canonical: str) -> nz.DateScan:
        if canonical not in self._scans:
            self._scans[canonical] = nz.DateScan.of(self.col(canonical))
        return self._scans[canonical]

    def date_order(self, canonical: str) -> str:
        """DMY or MDY as the column's own values prove, CONFLICT when they prove both; a column whose values fit
        both follows the file's other date columns when they agree, else day/month (Indonesian)."""
        if canonical in self.formats:
            return self.formats[canonical]
        given = self._given_formats.get(canonical)
        scan = self._scan(canonical)
        day_month, month_day = scan.proof()
        name = self._name(canonical)
        numeric = bool(scan.numeric.any())
        if given in (nz.DMY, nz.MDY, nz.CONFLICT):
            order, note = given, None
        elif day_month.any() and month_day.any():
            order = nz.CONFLICT
            note = (f"Kolom '{name}': urutan tanggal tidak konsisten — ada nilai hari/bulan (mis. "
                    f"'{scan.values[np.flatnonzero(day_month)[0]]}') dan bulan/hari (mis. "
                    f"'{scan.values[np.flatnonzero(month_day)[0]]}'); tanggal yang dapat dibaca dua arah "
                    f"dikarantina.")
        elif day_month.any() or month_day.any():
            order = nz.DMY if day_month.any() else nz.MDY
            example = scan.values[np.flatnonzero(day_month if order == nz.DMY else month_day)[0]]
            note = f"Kolom '{name}': {nz.ORDER_LABELS[order]}, terbukti dari nilai seperti '{example}'."
        else:
            order, other = self._order_of_other_columns(canonical)
            if other is not None:
                note = (f"Kolom '{name}': {nz.ORDER_LABELS[order]}, mengikuti kolom '{self._name(other)}' "
                        f"(semua nilainya dapat dibaca dua arah).")
            else:
                note = (f"Kolom '{name}': {nz.ORDER_LABELS[order]} (bawaan; tidak ada nilai yang "
                        f"memastikan urutannya).")
        self.formats[canonical] = order
        if note and numeric:
            self.catatan.append(note)
        return order

    def _order_of_other_columns(self, canonical: str) -> tuple[str, str | None]:
        """(order, column it comes from): the order the file's other date columns prove, when they agree."""
        proven: dict[str, str] = {}
        for other in DATE_COLUMNS:
            if other == canonical or not self.has(other):
                continue
            day_month, month_day = self._scan(other).proof()
            if day_month.any() != month_day.any():
                proven.setdefault(nz.DMY if day_month.any() else nz.MDY, other)
        if len(proven) == 1:
            return next(iter(proven.items()))
        return nz.DMY, None

    # -- numbers --------------------------------------------------------------------------------------------
    def number_style(self, canonical: str) -> str | None:
        """ID or EN as the column's values prove (CONFLICT for both, None when none says: Indonesian)."""
        if canonical in self.formats:
            return self.formats[canonical]
        if canonical in self._given_formats:
            style = self._given_formats[canonical]
        else:
            values = nz.factorize(self.col(canonical))[1]  # the distinct values in order, as dropna().unique()
            style, examples = nz.decide_style(str(v) for v in values)
            name = self._name(canonical)
            if style == nz.EN:
                self.catatan.append(f"Kolom '{name}': angka {nz.STYLE_LABELS[nz.EN]}, terbukti dari nilai "
                                    f"seperti '{examples[nz.EN]}'.")
            elif style == nz.CONFLICT:
                self.catatan.append(
                    f"Kolom '{name}': format angka tidak konsisten — ada '{examples[nz.ID]}' (format Indonesia) dan "
                    f"'{examples[nz.EN]}' (format Inggris); angka yang dapat dibaca dua arah dikosongkan.")
        if style is not None:
            self.formats[canonical] = style
        return style

    def counts(self, canonical: str, limit: int = nz.MAX_COUNT) -> pd.Series:
        """An optional count (participants, members): unusable values are dropped with a correction."""
        style = self.number_style(canonical)
        return self.parse(canonical, functools.partial(nz.parse_count, style=style, limit=limit), reject=False)

    def phones(self, canonical: str) -> pd.Series:
        """An optional WhatsApp number in international form (nz.parse_wa). An unreadable number is dropped with a
        correction; of two numbers in one cell the first readable one is kept, recorded as a correction too."""
        values = self.parse(canonical, nz.parse_wa, reject=False)
        raw = self.col(canonical)
        several = nz.map_unique(raw, nz.several_wa)[0].fillna(False).astype(bool)
        several &= values.notna() & self.ok
        if several.any():
            pairs = pd.DataFrame({"nilai": raw[several], "baru": values[several]})
            for (text, kept), n in pairs.value_counts(sort=False).items():
                self.correct(canonical, text, kept, "nomor_pertama_dipakai", int(n))
        return values

    def durations(self, canonical: str, komunitas: pd.Series) -> pd.Series:
        """Minutes of an optional duration column; `2 JP` counts the jam pelajaran of the community's jenjang
        (`komunitas`: id per row) and is recorded as a correction. Unusable values are dropped with a correction."""
        style = self.number_style(canonical)
        values, errors = nz.map_unique(self.col(canonical), functools.partial(nz.parse_duration, style=style))
        jp = (errors == "durasi_jp") & self.ok
        if jp.any():
            values, errors = values.astype(float), errors.copy()
            raw = self.col(canonical)
            jenjang = self._jenjang_of(komunitas[jp])
            counts = nz.map_unique(raw[jp], functools.partial(nz.parse_jp, style=style))[0].astype(float)
            minutes = counts * jenjang.map(nz.JP_MINUTES).astype(float)
            unusable = minutes.isna() | (minutes > nz.MAX_DURATION)
            errors[jp] = np.where(jenjang.map(nz.JP_MINUTES).isna(), "jp_tanpa_jenjang",
                                  np.where(unusable, "nilai_tidak_wajar", None))
            good = minutes[~unusable]
            values[good.index] = (good + 0.5).astype(int).astype(float)
            converted = pd.DataFrame({"nilai": raw[good.index], "jenjang": jenjang[good.index],
                                      "menit": values[good.index].astype(int)})
            for (text, level, new), n in converted.value_counts(sort=False).items():
                self.correct(canonical, text, str(new), f"jam_pelajaran_{level}", int(n))
        bad = errors.notna()
        if bad.any():
            self._record_dropped(canonical, bad, errors)
            values = values.where(~bad, np.nan)
        return values

    def _jenjang_of(self, komunitas: pd.Series) -> pd.Series:
        """The stored jenjang of each row's community (None when unknown)."""
        wanted = pd.DataFrame({"id_komunitas": komunitas.dropna().unique()})
        self.con.register("_jp_komunitas", wanted)
        known = dict(self.con.execute("""
            select k.id_komunitas, k.jenjang from komunitas k semi join _jp_komunitas w using (id_komunitas)
        """).fetchall())
        self.con.unregister("_jp_komunitas")
        return komunitas.map(known).astype(object).where(komunitas.notna(), None)

    def correct(self, canonical: str, original: str, new: str, metode: str, rows: int) -> None:
        self.koreksi.append({"kolom": self.header_of.get(canonical, canonical), "nilai_asli": original,
                             "nilai_baru": new, "metode": metode, "jumlah_baris": rows})

    def kabkota(self, required: bool) -> tuple[pd.Series, pd.Series]:
        """(kode_kabkota, candidate codes of ambiguous rows). Unresolved non-empty values are quarantined
        by the caller via `reject_kabkota` once other columns had their chance to settle ambiguity."""
        if required:
            self.require("kabkota")
        self.tick("mencocokkan kab/kota")
        codes, pairs = nz.factorize_rows(self.col("kabkota"), self.col("provinsi"))
        counts = np.bincount(codes, minlength=len(pairs))
        kode = np.empty(len(pairs), dtype=object)
        failure = np.empty(len(pairs), dtype=object)
        candidates = np.empty(len(pairs), dtype=object)
        for i, (kab, prov) in enumerate(pairs):
            if kab is None:
                continue
            res = self.resolver.resolve(kab, prov)
            kode[i], failure[i] = res.kode, res.code
            candidates[i] = tuple(res.candidates) or None
            if res.correction in ("ejaan_mirip", "pemetaan"):
                self.correct("kabkota", kab, self.resolver.names[res.kode], res.correction, int(counts[i]))
        index = self.frame.index
        self._kab_failure = pd.Series(failure[codes], index=index, dtype=object)
        return (pd.Series(kode[codes], index=index, dtype=object),
                pd.Series(candidates[codes], index=index, dtype=object))

    def reject_kabkota(self, codes: pd.Series) -> None:
        unresolved = codes.isna() & self.col("kabkota").notna()
        failure = self._kab_failure.where(self._kab_failure.notna(), "kabkota_tidak_dikenal")
        ambiguous = nz.map_unique(self.col("kabkota"), self._ambiguity_detail)[0]
        self.reject(unresolved, "kabkota", failure, ambiguous.where(failure == "kabkota_ambigu"))

    def _ambiguity_detail(self, value: str) -> str | None:
        res = self.resolver.resolve(value)
        if not res.candidates:
            return None
        return " atau ".join(self.resolver.names[c] for c in res.candidates)

    # -- output ---------------------------------------------------------------------------------
    def row_contents(self, index: pd.Index) -> list[dict]:
        """The rows at `index` as baris_json keeps them: the canonical name for a mapped header, the header as
        written otherwise; blank cells left out (store.schema.row_key hashes this)."""
        mapped_headers = {v: k for k, v in self.header_of.items()}
        keys = [mapped_headers.get(h, h) for h in self.raw.columns]
        # Whole columns picked at once: per-row .loc/.at costs seconds on a national file's quarantine.
        return [{h: v for h, v in zip(keys, row) if v is not None and h != FORMAT_KEY}
                for row in self.raw.loc[index].to_numpy(dtype=object)]

    def quarantine_rows(self) -> list[dict]:
        """One entry per rejected row; kunci_baris is the row's content identity (karantina, store.schema)."""
        rows = []
        bad = self.reason.notna().to_numpy()
        index = self.reason.index[bad]
        # The decisions a re-application must repeat, when any is not the plain Indonesian default.
        decided = dict(self.formats) if set(self.formats.values()) - {nz.DMY, nz.ID} else {}
        contents = self.row_contents(index)
        # Plain arrays and per-column lookups outside the loop: it runs 20,000 times for a national file.
        kolom, reason = self.kolom.to_numpy()[bad], self.reason.to_numpy()[bad]
        values = {c: self.frame[c].loc[index].to_numpy(dtype=object) for c in set(kolom) if c in self.frame.columns}
        headers = {c: self.header_of.get(c, c) for c in set(kolom)}
        none = np.full(len(index), None, dtype=object)
        for k, (i, canonical, code) in enumerate(zip(index.tolist(), kolom, reason)):
            header = headers[canonical]
            value = values.get(canonical, none)[k]
            detail = self.detail.get(i, "")
            if code in ("komunitas_tidak_dikenal", "komunitas_ambigu") and detail:
                detail = f" di {detail}"
            elif code == "nilai_tidak_dikenal" and detail:
                detail = f" ({detail})"
            raw = contents[k]
            kunci = row_key(raw)
            if decided:
                raw[FORMAT_KEY] = decided
            rows.append({
                "sumber_baris": int(i) + 2, "kolom": header, "nilai": value, "kode_alasan": code,
                "alasan": REASONS.get(code, "{nilai}").format(kolom=header, nilai=value or "", detail=detail),
                "baris_json": _JSON.encode(raw), "kunci_baris": kunci,
            })
        return rows


def insert_new(con: duckdb.DuckDBPyConnection, table: str, key: list[str], stage: str,
               columns: list[str], within: str | None = None, inserted: str | None = None) -> int:
    """Insert stage rows whose key is not in table (first occurrence per key); returns rows inserted.
    `inserted`: name a temp view of exactly the stage rows inserted (kept until apply.drop_temporaries).

    Sized for a 15-million-row table and a million-row stage (one file: sumber_baris names a row):
    - repeats within the file are found by a window over the key and row number only, not whole rows, and
      only over the keys that occur more than once;
    - keys already stored are found by a semi join that hashes the stage and streams the table past it
      (`not exists` would hash the whole table). `within` names a column the key determines (kegiatan's
      key hashes its tanggal): only table rows inside the stage's range of it can match, and DuckDB skips
      the row groups outside that range."""
    cols = ", ".join(columns)
    part = ", ".join(key)
    on = " and ".join(f"t.{k} = s.{k}" for k in key)
    # Kept for the view `inserted` reads when asked for, under names of their own.
    ulang, sudah = (f"_ulang_{inserted}", f"_sudah_{inserted}") if inserted else ("_ulang", "_sudah")
    # The window runs only over the keys that repeat (a hash aggregate finds them): half the time of a window
    # over the whole stage, where nearly every key is unique.
    repeated = " and ".join(f"d.{k} is not distinct from s.{k}" for k in key)
    con.execute(f"""
        create or replace temp table {ulang} as
        select sumber_baris from {stage} s
        semi join (select {part} from {stage} group by all having count(*) > 1) d on {repeated}
        qualify row_number() over (partition by {", ".join(f"s.{k}" for k in key)} order by sumber_baris) > 1
    """)
    inside = (f"where t.{within} between (select min({within}) from {stage}) and (select max({within}) from {stage})"
              if within else "")
    con.execute(f"""
        create or replace temp table {sudah} as
        select {", ".join(f"t.{k}" for k in key)} from {table} t semi join {stage} s on {on} {inside}
    """)
    new_rows = f"""
        select * from {stage} s
        anti join {ulang} u on u.sumber_baris = s.sumber_baris
        anti join {sudah} t on {on}
    """
    added = con.execute(f"insert into {table} ({cols}) select {cols} from ({new_rows})").fetchall()[0][0]
    if inserted:
        con.execute(f"create or replace temp view {inserted} as {new_rows}")
    else:
        con.execute(f"drop table {ulang}")
        con.execute(f"drop table {sudah}")
    return added


def upsert(con: duckdb.DuckDBPyConnection, table: str, key: str, stage: str,
           data_columns: list[str], provenance: list[str]) -> Counts:
    """Registry upsert: new keys added, changed rows replaced (a newer export), identical rows counted."""
    total = con.execute(f"select count(*) from {stage}").fetchall()[0][0]
    con.execute(f"""
        create or replace temp table _first as
        select * exclude (_n) from (
            select *, row_number() over (partition by {key} order by sumber_baris) as _n from {stage}
        ) where _n = 1
    """)
    differs = " or ".join(f"t.{c} is distinct from s.{c}" for c in data_columns)
    changed = con.execute(f"""
        select count(*) from _first s join {table} t on t.{key} = s.{key} where {differs}
    """).fetchall()[0][0]
    con.execute(f"""
        delete from {table} t where exists (
            select 1 from _first s where t.{key} = s.{key} and ({differs})
        )
    """)
    cols = ", ".join([key, *data_columns, *provenance])
    before = con.execute(f"select count(*) from {table}").fetchall()[0][0]
    con.execute(f"""
        insert into {table} ({cols})
        select {cols} from _first s where not exists (select 1 from {table} t where t.{key} = s.{key})
    """)
    inserted = con.execute(f"select count(*) from {table}").fetchall()[0][0] - before
    con.execute("drop table _first")
    return Counts(ditambah=inserted - changed, diperbarui=changed, sudah_ada=total - inserted)


def keep_known_numbers(con: duckdb.DuckDBPyConnection, table: str, key: str, columns: tuple[str, ...],
                       stage: str = "_stage") -> None:
    """A stored WhatsApp number is replaced only by another number, never blanked: the PMM registry has no
    numbers, and reloading it after the UPT's own list (or a cell dropped as unreadable) must not erase them."""
    sets = ", ".join(f"{c} = coalesce(s.{c}, t.{c})" for c in columns)
    blank = " or ".join(f"s.{c} is null" for c in columns)
    con.execute(f"""
        update {stage} as s set {sets}
        from {table} as t where t.{key} = s.{key} and ({blank})
    """)


def stage(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame, casts: dict[str, str],
          derived: dict[str, str] | None = None) -> None:
    """A temp table from a pandas frame with explicit SQL types (object columns hold None for NULL); `derived`
    columns (name -> SQL over the typed columns) come first, computed in the same pass (no second table)."""
    try:  # through Arrow: DuckDB scans a million Python strings of a pandas object column at half the speed
        source: pd.DataFrame | pa.Table = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        source = frame  # a column Arrow cannot type (mixed values): DuckDB's own pandas scan decides
    con.register("_frame", source)
    select = ", ".join(f"cast({c} as {t}) as {c}" for c, t in casts.items())
    if derived:
        select = ", ".join(f"{sql} as {c}" for c, sql in derived.items()) + f", * from (select {select}"
        select += " from _frame)"
    else:
        select += " from _frame"
    con.execute(f"create or replace temp table {name} as select {select}")
    con.unregister("_frame")


def provenance(batch: Batch, mask: pd.Series) -> dict[str, Any]:
    return {
        "sumber_file": batch.sumber_file,
        "sumber_baris": (batch.frame.index[mask] + 2).astype("int64"),
        "dimuat_pada": batch.now,
    }


PROVENANCE_CASTS = {"sumber_file": "varchar", "sumber_baris": "integer", "dimuat_pada": "timestamp"}
PROVENANCE_COLUMNS = list(PROVENANCE_CASTS)
