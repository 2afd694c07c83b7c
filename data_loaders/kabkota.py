"""Resolve kab/kota as people write it to the official `kode_kabkota` (METRICS §2).

Built once per load from `wilayah` plus the user's `pemetaan` rows; each distinct
(kab/kota, provinsi) pair of a file is resolved once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb
from rapidfuzz import process
from rapidfuzz.distance import OSA

from data_loaders.normalise import normal_text

_KAB_WORDS = ("kabupaten administrasi", "kab adm", "kabupaten", "kab")
_KOTA_WORDS = ("kota administrasi", "kota adm", "kotamadya", "kota madya", "kodya", "kota")
_CODE = re.compile(r"^(\d{2})[.\s]?(\d{2})$")

# Province names as 2022 files and people write them -> province codes they may mean.
_PROVINCE_ALIASES = {
    "dki jakarta": {"31"}, "jakarta": {"31"}, "daerah khusus jakarta": {"31"},
    "di yogyakarta": {"34"}, "diy": {"34"}, "yogyakarta": {"34"}, "jogja": {"34"}, "jogjakarta": {"34"},
    "jabar": {"32"}, "jateng": {"33"}, "jatim": {"35"},
    # Before the late-2022 Papua split these kab/kota were in Papua / Papua Barat.
    "papua": {"91", "93", "94", "95"}, "papua barat": {"92", "96"},
}


@dataclass
class Resolution:
    kode: str | None = None
    code: str | None = None           # kode_alasan when kode is None: kabkota_ambigu / kabkota_tidak_dikenal
    candidates: list[str] = field(default_factory=list)   # for kabkota_ambigu: the codes it may mean
    correction: str | None = None     # metode when the spelling was corrected (ejaan_mirip / kode / pemetaan)


def split_prefix(text: str) -> tuple[str | None, str]:
    """(`Kabupaten`/`Kota`/None, base name) from `Kab. Bandung`, `Bandung, Kab.`, `KOTA BANDUNG`, ..."""
    s = normal_text(text)
    for jenis, words in (("Kabupaten", _KAB_WORDS), ("Kota", _KOTA_WORDS)):
        for w in words:
            if s.startswith(w + " "):
                return jenis, s[len(w) + 1:].strip()
            if s.endswith(" " + w):
                return jenis, s[: -len(w) - 1].strip()
    return None, s


class KabkotaResolver:
    def __init__(self, con: duckdb.DuckDBPyConnection):
        rows = con.execute(
            "select kode_kabkota, kabkota, jenis_wilayah, kode_provinsi, provinsi from wilayah"
        ).fetchall()
        self.names = {r[0]: r[1] for r in rows}
        self.jenis = {r[0]: r[2] for r in rows}
        self.province_of = {r[0]: r[3] for r in rows}
        self.by_base: dict[str, list[str]] = {}
        self.base_spaced: dict[str, str] = {}
        self.provinces: dict[str, set[str]] = {k: set(v) for k, v in _PROVINCE_ALIASES.items()}
        for kode, name, _jenis, kode_prov, prov in rows:
            _, base = split_prefix(name)
            key = base.replace(" ", "")
            self.by_base.setdefault(key, []).append(kode)
            self.base_spaced[base] = key
            self.provinces.setdefault(normal_text(prov), set()).add(kode_prov)
            self.provinces.setdefault(kode_prov, set()).add(kode_prov)
        self.mapped = dict(
            con.execute("select nilai_normal, target from app.pemetaan where jenis = 'kabkota'").fetchall()
        )
        self._cache: dict[tuple[str, str | None], Resolution] = {}

    def province_codes(self, provinsi: str | None) -> set[str] | None:
        if not provinsi:
            return None
        s = normal_text(provinsi)
        s = re.sub(r"^(provinsi|propinsi|prov)\s+", "", s)
        return self.provinces.get(s)

    def resolve(self, kabkota: str, provinsi: str | None = None) -> Resolution:
        key = (kabkota, provinsi)
        if key not in self._cache:
            self._cache[key] = self._resolve(kabkota, provinsi)
        return self._cache[key]

    def _resolve(self, kabkota: str, provinsi: str | None) -> Resolution:
        normal = normal_text(kabkota)
        if normal in self.mapped:
            return Resolution(kode=self.mapped[normal], correction="pemetaan")
        if m := _CODE.match(kabkota.strip()):
            kode = f"{m.group(1)}.{m.group(2)}"
            if kode in self.names:
                return Resolution(kode=kode)
            return Resolution(code="kabkota_tidak_dikenal")
        jenis, base = split_prefix(kabkota)
        correction = None
        candidates = self._candidates(base.replace(" ", ""), jenis)
        if not candidates:
            fixed = self._typo(base, jenis)
            if fixed is None:
                return Resolution(code="kabkota_tidak_dikenal")
            candidates, correction = self._candidates(fixed, jenis), "ejaan_mirip"
        if len(candidates) > 1:
            provs = self.province_codes(provinsi)
            if provs:
                narrowed = [c for c in candidates if self.province_of[c] in provs]
                candidates = narrowed or candidates
        if len(candidates) == 1:
            return Resolution(kode=candidates[0], correction=correction)
        return Resolution(code="kabkota_ambigu", candidates=sorted(candidates))

    def _candidates(self, key: str, jenis: str | None) -> list[str]:
        codes = self.by_base.get(key, [])
        return [c for c in codes if jenis is None or self.jenis[c] == jenis]

    def _typo(self, base: str, jenis: str | None) -> str | None:
        """The one official base name at OSA distance 1 (restricted to the given Kab/Kota), else None."""
        if len(base) < 4:
            return None
        hits = process.extract(base, list(self.base_spaced), scorer=OSA.distance, score_cutoff=1, limit=None)
        keys = {self.base_spaced[h[0]] for h in hits}
        keys = {k for k in keys if self._candidates(k, jenis)}
        return keys.pop() if len(keys) == 1 else None
