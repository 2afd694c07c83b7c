"""Editing the theme lexicon from the dashboard (METRICS §6): add keywords to a theme, add a theme,
rename a theme; then save it as a new version and reclassify every item, reporting progress.

The classifier itself lives in data_loaders/themes.py. Never imports streamlit.
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from data_loaders.themes import (
    LAINNYA,
    Lexicon,
    Theme,
    current_lexicon,
    load_default_lexicon,
    reclassify_all,
    save_lexicon,
)
from store import app_state, database

Progress = Callable[[float, str], None]


def current(rows: pd.DataFrame) -> tuple[int, Lexicon]:
    """The lexicon in use from the rows of query `lexicon_current`: (0, shipped default) when no user has
    saved a version yet."""
    if rows.empty:
        return 0, load_default_lexicon()
    return int(rows.iloc[0]["versi"]), Lexicon.from_dict(json.loads(rows.iloc[0]["isi_json"]))


def lexicon_table(lexicon: Lexicon) -> pd.DataFrame:
    """One row per theme, for showing (and downloading) the lexicon."""
    rows = [
        {"kelompok": g.nama, "komponen": ", ".join(g.komponen), "tema": t.nama, "deskripsi": t.deskripsi,
         "kata_kunci": "; ".join(t.kata_kunci), "jumlah_contoh": len(t.contoh)}
        for g in lexicon.kelompok for t in g.tema
    ]
    return pd.DataFrame(rows, columns=["kelompok", "komponen", "tema", "deskripsi", "kata_kunci", "jumlah_contoh"])


def _clean(values: list[str] | tuple[str, ...]) -> list[str]:
    """Stripped, non-empty, first occurrence kept (case-insensitively)."""
    seen: set[str] = set()
    out: list[str] = []
    for v in values:
        v = " ".join(str(v).split())
        if v and v.casefold() not in seen:
            seen.add(v.casefold())
            out.append(v)
    return out


def _replace_theme(lexicon: Lexicon, kelompok: str, nama: str, make: Callable[[Theme], Theme]) -> Lexicon:
    groups = []
    found = False
    for g in lexicon.kelompok:
        if g.nama == kelompok:
            tema = []
            for t in g.tema:
                if t.nama == nama:
                    found = True
                    t = make(t)
                tema.append(t)
            g = dataclasses.replace(g, tema=tuple(tema))
        groups.append(g)
    if not found:
        raise ValueError(f"Tema '{nama}' tidak ada di kelompok '{kelompok}'.")
    return _validated(dataclasses.replace(lexicon, kelompok=tuple(groups)))


def _validated(lexicon: Lexicon) -> Lexicon:
    """Round-trip through from_dict: the same checks as a lexicon read from the store."""
    return Lexicon.from_dict(lexicon.to_dict())


def _check_name(nama: str) -> str:
    nama = " ".join(nama.split())
    if not nama:
        raise ValueError("Nama tema tidak boleh kosong.")
    if nama.casefold() == LAINNYA:
        raise ValueError(f"Nama '{LAINNYA}' dipakai untuk butir tanpa tema; pilih nama lain.")
    return nama


def add_keywords(lexicon: Lexicon, kelompok: str, tema: str, kata_kunci: list[str]) -> Lexicon:
    """Keywords (words or phrases) appended to a theme; ones it already has are skipped."""
    def make(t: Theme) -> Theme:
        known = {k.casefold() for k in t.kata_kunci}
        new = [k for k in _clean(kata_kunci) if k.casefold() not in known]
        if not new:
            raise ValueError("Tidak ada kata kunci baru: isian kosong atau semuanya sudah ada di tema ini.")
        return dataclasses.replace(t, kata_kunci=t.kata_kunci + tuple(new))
    return _replace_theme(lexicon, kelompok, tema, make)


def add_theme(lexicon: Lexicon, kelompok: str, nama: str, deskripsi: str, kata_kunci: list[str],
              contoh: list[str] | tuple[str, ...] = ()) -> Lexicon:
    """A new theme at the end of a group. It needs a description or keywords to be matched at all."""
    if kelompok not in {g.nama for g in lexicon.kelompok}:
        raise ValueError(f"Kelompok '{kelompok}' tidak ada di leksikon.")
    nama = _check_name(nama)
    kata_kunci, contoh = _clean(kata_kunci), _clean(contoh)
    if not (deskripsi.strip() or kata_kunci or contoh):
        raise ValueError("Isi deskripsi, kata kunci atau contoh butir agar tema baru dapat dikenali.")
    groups = []
    for g in lexicon.kelompok:
        if g.nama == kelompok:
            if any(t.nama.casefold() == nama.casefold() for t in g.tema):
                raise ValueError(f"Tema '{nama}' sudah ada di kelompok ini.")
            tema = Theme(nama, deskripsi.strip(), tuple(kata_kunci), tuple(contoh))
            g = dataclasses.replace(g, tema=g.tema + (tema,))
        groups.append(g)
    return _validated(dataclasses.replace(lexicon, kelompok=tuple(groups)))


def rename_theme(lexicon: Lexicon, kelompok: str, lama: str, baru: str) -> Lexicon:
    baru = _check_name(baru)
    group = next((g for g in lexicon.kelompok if g.nama == kelompok), None)
    if group and any(t.nama.casefold() == baru.casefold() and t.nama != lama for t in group.tema):
        raise ValueError(f"Tema '{baru}' sudah ada di kelompok ini.")
    if baru == lama:
        raise ValueError("Nama baru sama dengan nama lama.")
    return _replace_theme(lexicon, kelompok, lama, lambda t: dataclasses.replace(t, nama=baru))


def save_and_reclassify(db: Path, lexicon: Lexicon, catatan: str | None,
                        progress: Progress | None = None) -> tuple[int, int]:
    """Store `lexicon` as a new version and reclassify everything with it. Returns (version, items written).

    The items are reclassified in a write transaction of the data store; the version is added to the app's
    state at its end, in a short write of its own (other edits never wait for the reclassification), and
    only then is the data swapped in. Any failure before that leaves both as they were."""
    report = progress or (lambda _f, _m: None)
    with database.write_transaction(Path(db)) as con:
        report(0.0, "Menyiapkan leksikon versi baru")
        versi = max(current_lexicon(con)[0], 1) + 1
        written = reclassify_all(con, lambda f, m: report(0.05 + 0.9 * f, m), lexicon=(versi, lexicon))
        report(0.96, "Menyimpan leksikon versi baru")
        with app_state.write(Path(db)) as app_con:
            save_lexicon(app_con, lexicon, (catatan or "").strip() or None, versi)
        report(0.98, "Menyimpan hasil")
    report(1.0, "Selesai")
    return versi, written
