"""Drafts of the bimonthly report to the centre (guide Bab 3 §E; METRICS §6): the automatic top 5
per report component, the user's edits (reorder, replace a theme, reword), saving/loading a draft
per period and data selection (table `laporan_dua_bulanan` of the app's state; read through the query
`bimonthly_report_saved`), and the formatted XLSX.

A draft is a DataFrame with DRAFT_COLUMNS, one row per report line. Writes go through
`store.app_state.write`. Never imports streamlit.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
import xlsxwriter

from store import app_state
from vocab import KOMPONEN_LAPORAN, KOMPONEN_LAPORAN_LABEL

DRAFT_COLUMNS = ["komponen_laporan", "peringkat", "tema", "teks", "jumlah_komunitas", "jumlah_butir", "contoh"]
TOP = 5
_COUNTS = ["jumlah_komunitas", "jumlah_butir", "contoh"]


@dataclass(frozen=True)
class PenanggungJawab:
    """Who answers for the report (guide Bab 3 §E): in its header, saved with the draft."""
    nama: str = ""
    email: str = ""


@dataclass(frozen=True)
class SavedDraft:
    draft: pd.DataFrame
    disimpan_pada: datetime
    disimpan_oleh: str
    penanggung_jawab: PenanggungJawab = PenanggungJawab()


def penanggung_jawab(nama: object, email: object) -> PenanggungJawab:
    """The values as typed, checked: spaces trimmed, at most 200 characters each, and an email that looks like an
    address (or none). Raises ValueError with a message for the user."""
    nama_, email_ = " ".join(str(nama or "").split()), str(email or "").strip()
    if len(nama_) > 200 or len(email_) > 200:
        raise ValueError("Nama dan email penanggung jawab masing-masing paling banyak 200 karakter.")
    if email_ and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email_):
        raise ValueError(f"Email penanggung jawab '{email_}' bukan alamat email yang valid (mis. nama@bbgp-jabar.id).")
    return PenanggungJawab(nama_, email_)


def lingkup_key(kabkota: list[str] | tuple[str, ...] | None, jenis: str | None, jenjang: str | None) -> str:
    """The data selection a draft describes. `kabkota` is the effective list (scope ∩ filter; None = all),
    so a wali wilayah's key always names their kab/kota and can never equal the UPT-wide `kabkota=semua`."""
    parts = ["kabkota=" + ("semua" if kabkota is None else ",".join(sorted(set(kabkota))))]
    if jenis:
        parts.append(f"jenis={jenis}")
    if jenjang:
        parts.append(f"jenjang={jenjang}")
    return ";".join(parts)


def _ordered(draft: pd.DataFrame) -> pd.DataFrame:
    order = {k: i for i, k in enumerate(KOMPONEN_LAPORAN)}
    out = draft.assign(_k=draft["komponen_laporan"].map(order)).sort_values(["_k", "peringkat"], kind="stable")
    out = out.drop(columns="_k")[DRAFT_COLUMNS].reset_index(drop=True)
    out["peringkat"] = out["peringkat"].astype("int64")
    return out


def draft_from_candidates(candidates: pd.DataFrame) -> pd.DataFrame:
    """The automatic draft from `bimonthly_draft` rows: the top 5 per component (= bimonthly_report),
    each worded as its theme name."""
    top = candidates[candidates["peringkat"] <= TOP]
    draft = top.assign(teks=top["tema"])
    return _ordered(draft[DRAFT_COLUMNS])


def refresh_counts(draft: pd.DataFrame, candidates: pd.DataFrame) -> pd.DataFrame:
    """Counts and example of every chosen theme from the current data. A theme the data no longer has (every item
    corrected away, a renamed lexicon theme, reloaded files) counts 0 with no example: the working draft describes
    the data as it is now (the page names such lines; saved report versions keep what they said)."""
    current = candidates[["komponen_laporan", "tema", *_COUNTS]].drop_duplicates(["komponen_laporan", "tema"])
    merged = draft.drop(columns=_COUNTS).merge(current, on=["komponen_laporan", "tema"], how="left")
    for col in ("jumlah_komunitas", "jumlah_butir"):
        merged[col] = merged[col].fillna(0).astype("int64")
    return _ordered(merged[DRAFT_COLUMNS])


def missing_themes(draft: pd.DataFrame, candidates: pd.DataFrame) -> list[str]:
    """The draft's themes the current data has no item of, in report order."""
    known = set(zip(candidates["komponen_laporan"], candidates["tema"]))
    return [t for k, t in zip(draft["komponen_laporan"], draft["tema"]) if (k, t) not in known]


def apply_edits(draft: pd.DataFrame, komponen_laporan: str, edited_rows: dict, candidates: pd.DataFrame,
                ) -> tuple[pd.DataFrame, list[str]]:
    """Apply a data editor's `edited_rows` ({position: {column: value}}, positions within the component's
    rows in rank order) to one component. Returns the new draft and messages for the user.

    - `peringkat`: the row moves to exactly that rank, the others keep their order; ranks are renumbered 1..n.
    - `tema`: replaces the theme (counts and example follow); a theme already in the component is refused.
      Wording that was still the old theme name follows the new theme.
    - `teks`: the wording; emptied = the theme name again.
    """
    mine = draft["komponen_laporan"] == komponen_laporan
    part = draft[mine].sort_values("peringkat", kind="stable").reset_index(drop=True)
    pesan: list[str] = []
    moved: set[int] = set()
    for raw_pos, changes in sorted(edited_rows.items(), key=lambda kv: int(kv[0])):
        pos = int(raw_pos)
        if pos not in part.index:
            continue
        baru = changes.get("tema")
        if baru and baru != part.at[pos, "tema"]:
            if baru in set(part["tema"]):
                pesan.append("Tema yang dipilih sudah ada di komponen ini; pilih tema lain atau ubah urutannya.")
            else:
                if part.at[pos, "teks"] == part.at[pos, "tema"]:
                    part.at[pos, "teks"] = baru
                part.at[pos, "tema"] = baru
        if "teks" in changes:
            teks = str(changes["teks"] or "").strip()
            part.at[pos, "teks"] = teks or part.at[pos, "tema"]
        if changes.get("peringkat") is not None and not pd.isna(changes["peringkat"]):
            part.at[pos, "peringkat"] = min(max(int(changes["peringkat"]), 1), len(part))
            moved.add(pos)
    # Moved rows land exactly on their new rank (up or down); the others keep their relative order.
    order = [i for i in part.index if i not in moved]
    for pos in sorted(moved, key=lambda i: part.at[i, "peringkat"]):
        order.insert(int(part.at[pos, "peringkat"]) - 1, pos)
    part = part.loc[order]
    part["peringkat"] = range(1, len(part) + 1)
    merged = pd.concat([draft[~mine], part], ignore_index=True)
    return refresh_counts(merged, candidates), pesan


def save_draft(db: Path, periode: str, lingkup: str, draft: pd.DataFrame, oleh: str,
               pj: PenanggungJawab = PenanggungJawab(), versi_leksikon: int | None = None) -> int:
    """Replace the saved draft of (periode, lingkup) with `draft` and its penanggung jawab, and keep it as the next
    frozen version (laporan_dua_bulanan_versi, issue 18: later corrections or lexicon versions never change a saved
    version), atomically. Returns the version's number."""
    rows = draft[DRAFT_COLUMNS].assign(periode=periode, lingkup=lingkup,
                                       disimpan_pada=datetime.now().replace(microsecond=0), disimpan_oleh=oleh,
                                       penanggung_jawab_nama=pj.nama or None,
                                       penanggung_jawab_email=pj.email or None,
                                       versi_leksikon=versi_leksikon)
    kolom = ("komponen_laporan, peringkat, tema, teks, jumlah_komunitas, jumlah_butir, contoh, disimpan_pada, "
             "disimpan_oleh, penanggung_jawab_nama, penanggung_jawab_email")
    with app_state.write(Path(db)) as con:
        con.execute("delete from laporan_dua_bulanan where periode = ? and lingkup = ?", [periode, lingkup])
        versi = con.execute("select coalesce(max(versi), 0) + 1 from laporan_dua_bulanan_versi "
                            "where periode = ? and lingkup = ?", [periode, lingkup]).fetchall()[0][0]
        con.register("_draf", rows)
        try:
            con.execute(f"insert into laporan_dua_bulanan (periode, lingkup, {kolom}) "
                        f"select periode, lingkup, {kolom} from _draf")
            con.execute(f"insert into laporan_dua_bulanan_versi (periode, lingkup, versi, {kolom}, versi_leksikon) "
                        f"select periode, lingkup, ?, {kolom}, versi_leksikon from _draf", [versi])
        finally:
            con.unregister("_draf")
    return int(versi)


@dataclass(frozen=True)
class SavedVersion:
    """One saved version of the report, exactly as it was saved."""
    versi: int
    draft: pd.DataFrame
    disimpan_pada: datetime
    disimpan_oleh: str
    penanggung_jawab: PenanggungJawab
    versi_leksikon: int | None


def saved_versions(rows: pd.DataFrame) -> list[SavedVersion]:
    """The saved versions from the rows of query `bimonthly_report_versions`, newest first."""
    out = []
    for versi, part in rows.groupby("versi", sort=False):
        first = part.iloc[0]

        def teks(kolom: str, first: pd.Series = first) -> str:
            return str(first[kolom]) if isinstance(first[kolom], str) else ""

        vl = first["versi_leksikon"]
        out.append(SavedVersion(int(versi), _ordered(part[DRAFT_COLUMNS]),
                                pd.Timestamp(first["disimpan_pada"]).to_pydatetime(), str(first["disimpan_oleh"]),
                                PenanggungJawab(teks("penanggung_jawab_nama"), teks("penanggung_jawab_email")),
                                None if pd.isna(vl) else int(vl)))
    return sorted(out, key=lambda v: -v.versi)


def saved_draft(rows: pd.DataFrame) -> SavedDraft | None:
    """The saved draft from the rows of query `bimonthly_report_saved`, or None when nothing is saved."""
    if rows.empty:
        return None
    last = rows.sort_values("disimpan_pada").iloc[-1]

    def teks(kolom: str) -> str:
        return str(last[kolom]) if kolom in rows and isinstance(last[kolom], str) else ""

    return SavedDraft(_ordered(rows[DRAFT_COLUMNS]), pd.Timestamp(last["disimpan_pada"]).to_pydatetime(),
                      str(last["disimpan_oleh"]),
                      PenanggungJawab(teks("penanggung_jawab_nama"), teks("penanggung_jawab_email")))


def delete_draft(db: Path, periode: str, lingkup: str) -> None:
    with app_state.write(Path(db)) as con:
        con.execute("delete from laporan_dua_bulanan where periode = ? and lingkup = ?", [periode, lingkup])


def draft_csv_frame(draft: pd.DataFrame, periode: str) -> pd.DataFrame:
    """The draft as exported to CSV: the period first, then the report lines in order."""
    return _ordered(draft).assign(periode=periode)[["periode", *DRAFT_COLUMNS]]


def header_penanggung_jawab(pj: PenanggungJawab) -> dict[str, str]:
    """The report header's penanggung jawab lines (guide Bab 3 §E); '–' for a value not filled in."""
    return {"Penanggung jawab": pj.nama or "–", "Email penanggung jawab": pj.email or "–"}


def draft_xlsx_bytes(draft: pd.DataFrame, header: dict[str, str], judul: str) -> bytes:
    """One printable sheet: the title, a header block (key / value rows), then the six components, each
    with rank, wording, theme, communities, items and an example. Text is never written as a formula."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    f_judul = wb.add_format({"bold": True, "font_size": 14})
    f_kunci = wb.add_format({"bold": True, "valign": "top"})
    f_nilai = wb.add_format({"text_wrap": True, "valign": "top"})
    f_bagian = wb.add_format({"bold": True, "font_size": 12, "bg_color": "#DCE6F1", "border": 1})
    f_kepala = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1, "bg_color": "#F2F2F2"})
    f_teks = wb.add_format({"text_wrap": True, "valign": "top"})
    f_angka = wb.add_format({"valign": "top", "num_format": "#,##0"})
    f_catatan = wb.add_format({"italic": True, "font_color": "#666666"})

    ws = wb.add_worksheet("laporan")
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    for col, width in enumerate((10, 45, 32, 12, 10, 60)):
        ws.set_column(col, col, width)

    ws.write_string(0, 0, judul, f_judul)
    r = 2
    for key, value in header.items():
        ws.write_string(r, 0, str(key), f_kunci)
        ws.merge_range(r, 1, r, 5, str(value), f_nilai)
        r += 1
    r += 1
    kolom = ("Peringkat", "Tema / rumusan laporan", "Tema (leksikon)", "Komunitas", "Butir", "Contoh butir")
    draft = _ordered(draft)
    for nomor, komponen in enumerate(KOMPONEN_LAPORAN, start=1):
        ws.merge_range(r, 0, r, 5, f"{nomor}. {KOMPONEN_LAPORAN_LABEL[komponen]}", f_bagian)
        r += 1
        rows = draft[draft["komponen_laporan"] == komponen]
        if rows.empty:
            ws.write_string(r, 0, "Belum ada tema untuk komponen ini pada periode ini.", f_catatan)
            r += 2
            continue
        for c, name in enumerate(kolom):
            ws.write_string(r, c, name, f_kepala)
        r += 1
        for row in rows.itertuples(index=False):
            ws.write_number(r, 0, int(row.peringkat), f_angka)
            ws.write_string(r, 1, str(row.teks), f_teks)
            ws.write_string(r, 2, str(row.tema), f_teks)
            for c, value in ((3, row.jumlah_komunitas), (4, row.jumlah_butir)):
                if not pd.isna(value):
                    ws.write_number(r, c, int(value), f_angka)
            if isinstance(row.contoh, str):
                ws.write_string(r, 5, row.contoh, f_teks)
            r += 1
        r += 1
    wb.close()
    return buffer.getvalue()
