"""The upload workflow behind pages/unggah_data.py: preview and confirm the mapping per file,
dry run, then the real atomic load with a progress bar. Uploaded text is only ever shown in data
grids (never as Markdown/HTML)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from data_loaders.load import (
    LoadError,
    LoadReport,
    Preview,
    Source,
    load_files,
    missing_columns,
    preview_mapping,
    template_headers,
)
from queries.export import to_csv_bytes
from store import app_state
from ui import actions, data
from ui import format as fmt
from ui.guard import PageContext
from ui.table import label_kolom, label_unik, table
from vocab import KIND_LABELS, KINDS

ABAIKAN = "(abaikan)"
_COUNTER = "unggah_putaran"


def _label(kind: str) -> str:
    """'daftar sekolah IKM' -> 'Daftar sekolah IKM' (vocab.KIND_LABELS, as a label of its own)."""
    label = KIND_LABELS.get(kind, kind)
    return label[:1].upper() + label[1:]


_REPORT = "unggah_laporan"
_HASIL, _PESAN = "unggah_hasil", "unggah_pesan"  # the last load's report and message, shown after its rerun
_GAGAL = {  # how a failed dry run or load is explained (actions.attempt / write_and_rerun)
    "expected": (LoadError,),
    "judul": "Berkas tidak dapat dimuat. Tidak ada data yang berubah.",
    "tak_terduga": "Terjadi kesalahan tak terduga saat membaca berkas. Tidak ada data yang berubah. "
                   "Coba simpan ulang berkas sebagai CSV atau XLSX lalu unggah lagi.",
}


@dataclass(frozen=True)
class Choice:
    """What the user confirmed for one file: its kind and, if changed, its header mapping."""

    kind: str | None
    changed_kind: bool
    mapping: dict[str, str] | None
    complete: bool = True  # every required column has a file column


def uploader_key() -> str:
    """A fresh key after each successful load empties the uploader."""
    return f"unggah_berkas_{st.session_state.get(_COUNTER, 0)}"


def sources(files: list) -> list[Source]:
    return [Source(name=f.name, data=f.getvalue()) for f in files]


# Bounded by count: a preview is a few header lists, and an upload session needs a handful at once.
@st.cache_data(max_entries=64, show_spinner=False)
def _preview(name: str, digest: str, kind: str | None, db: str, app_version: str | None,
             _data: bytes) -> tuple[Preview | None, str | None]:
    """`preview_mapping` once per file content, kind and remembered mappings (`app_version`), not on every rerun
    (a 5 MB CSV takes ~50 ms to read, a 1.4 MB XLSX ~0.65 s). `_data` stays out of the cache key (Streamlit
    would hash the whole bytes on every call); its sha256 `digest` stands in for it. A LoadError (unreadable
    file) is kept as its message, since Streamlit caches no exception."""
    try:
        return preview_mapping(Source(name=name, data=_data), kind, Path(db)), None
    except LoadError as e:
        return None, str(e)


def preview(page: PageContext, source: Source, kind: str | None = None) -> tuple[Preview | None, str | None]:
    return _preview(source.name, hashlib.sha256(source.data).hexdigest(), kind, str(page.path),
                    app_state.version(page.path), source.data)


def _required(group: tuple[str, ...]) -> str:
    return " atau ".join(label_kolom(c) for c in group)


def mapping_editor(page: PageContext, i: int, source: Source) -> Choice:
    """Kind and column mapping of one file; the user can pick what was not recognised (METRICS §2)."""
    st.markdown(f"**Berkas {i + 1}**")
    st.text(source.name)
    found, gagal = preview(page, source)
    if found is None:
        st.error("Berkas ini tidak dapat dibaca:", icon=":material/error:")
        st.text(gagal)
        return Choice(None, False, None)
    if found.kind is None:
        st.warning("Jenis data tidak dapat dikenali dari judul kolomnya. Pilih jenis datanya, lalu tentukan "
                   "kolom mana berisi apa.", icon=":material/warning:")
    chosen = st.selectbox(
        "Jenis data", options=KINDS, index=KINDS.index(found.kind) if found.kind in KINDS else None,
        format_func=lambda k: _label(k), key=f"unggah_jenis_{i}",
        placeholder="Jenis data tidak dikenali: pilih", help="Terdeteksi otomatis dari judul kolom.",
    )
    if chosen is None:
        return Choice(None, False, None)
    shown = found if chosen == found.kind else preview(page, source, chosen)[0]
    if shown.remembered:
        st.caption("Pemetaan kolom diingat dari berkas sebelumnya dengan judul kolom yang sama. Ubah bila perlu.")
    canonical = list(dict.fromkeys([*template_headers().get(chosen, []), *shown.mapping.values()]))
    label = label_unik(canonical)  # the editor offers labels, not the data's column codes
    kode = {v: k for k, v in label.items()} | {ABAIKAN: ABAIKAN}
    awal = pd.DataFrame({
        "kolom_berkas": [*shown.mapping, *shown.ignored],
        "kolom_data": [*(label[c] for c in shown.mapping.values()), *([ABAIKAN] * len(shown.ignored))],
    })
    edited = st.data_editor(
        awal, hide_index=True, disabled=["kolom_berkas"], key=f"unggah_pemetaan_{i}_{chosen}",
        column_config={
            "kolom_berkas": st.column_config.TextColumn("Judul kolom di berkas"),
            "kolom_data": st.column_config.SelectboxColumn("Dibaca sebagai", options=[ABAIKAN, *label.values()],
                                                           required=True),
        },
    )
    confirmed = {k: kode[v] for k, v in zip(edited["kolom_berkas"], edited["kolom_data"]) if v != ABAIKAN}
    missing = missing_columns(chosen, confirmed)
    if missing:
        st.warning("Kolom wajib belum ada: " + "; ".join(_required(g) for g in missing) + ". Pada kolom "
                   "\"Dibaca sebagai\", pilih kolom berkas yang berisi data itu.", icon=":material/warning:")
    return Choice(chosen, chosen != found.kind, confirmed if confirmed != shown.mapping else None, not missing)


def _fingerprint(srcs: list[Source], kind: str | None, mappings: dict) -> str:
    h = hashlib.sha256()
    for s in srcs:
        h.update(s.name.encode() + hashlib.sha256(s.data).digest())
    h.update(repr((kind, sorted((k, sorted(v.items())) for k, v in mappings.items()))).encode())
    return h.hexdigest()


def _run(page: PageContext, srcs: list[Source], kind: str | None, mappings: dict, dry_run: bool) -> LoadReport:
    """The (dry-run) load with a progress bar; errors go up to `actions`, which explains them (`_GAGAL`)."""
    teks = "Memeriksa berkas" if dry_run else "Memuat data"
    bar = st.progress(0.0, text=f"{teks}…")

    def progress(fraction: float, pesan: str) -> None:
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=f"{teks}: {pesan}")

    try:
        return load_files(page.path, srcs, kind=kind, dry_run=dry_run, progress=progress,
                          column_mappings=mappings or None)
    finally:
        bar.empty()


def dry_run_and_load(page: PageContext, srcs: list[Source], choices: list[Choice]) -> None:
    if any(c.kind is None or not c.complete for c in choices):
        st.warning("Lengkapi jenis data dan kolom wajib setiap berkas (atau hapus berkas yang gagal dibaca) "
                   "sebelum melanjutkan.")
        return
    forced = {c.kind for c in choices if c.changed_kind}
    if forced and len({c.kind for c in choices}) > 1:
        st.warning("Jenis data yang diubah manual hanya bisa dimuat bersama berkas sejenis. "
                   "Unggah berkas itu terpisah.")
        return
    kind = next(iter(forced)) if forced else None
    mappings = {s.name: c.mapping for s, c in zip(srcs, choices) if c.mapping}
    fp = _fingerprint(srcs, kind, mappings)

    if st.button("Periksa (uji coba, belum menyimpan)", key="unggah_periksa", type="secondary"):
        report = actions.attempt(lambda: _run(page, srcs, kind, mappings, dry_run=True), **_GAGAL)
        st.session_state[_REPORT] = (fp, report) if report else None
    saved = st.session_state.get(_REPORT)
    if not saved or saved[0] != fp:
        st.caption("Tekan Periksa untuk melihat berapa baris yang akan ditambahkan, diperbarui, atau dikarantina.")
        return
    show_report(page, saved[1], "Hasil uji coba (belum disimpan)")
    if st.button("Muat data", key="unggah_muat", type="primary"):
        def muat() -> str:
            st.session_state[_HASIL] = _run(page, srcs, kind, mappings, dry_run=False)
            data.hangatkan(page.path)  # the new version's default views, computed in the background (issue 19)
            st.session_state[_REPORT] = None
            st.session_state[_COUNTER] = st.session_state.get(_COUNTER, 0) + 1  # a fresh, empty uploader
            return "Data berhasil dimuat. Semua halaman kini memakai data terbaru."

        actions.write_and_rerun(muat, key=_PESAN, **_GAGAL)


def show_last_result(page: PageContext) -> None:
    actions.show_result(_PESAN)
    if report := st.session_state.pop(_HASIL, None):
        show_report(page, report, "Hasil pemuatan")


def show_report(page: PageContext, report: LoadReport, judul: str) -> None:
    st.subheader(judul)
    for i, f in enumerate(report.files):
        with st.container(border=True):
            st.text(f"{f.sumber_file} — {_label(f.jenis_data)}")
            c = st.columns(5)
            c[0].metric("Baris", fmt.angka(f.baris_total))
            c[1].metric("Ditambahkan", fmt.angka(f.ditambah))
            c[2].metric("Diperbarui", fmt.angka(f.diperbarui))
            c[3].metric("Sudah ada", fmt.angka(f.sudah_ada))
            c[4].metric("Dikarantina", fmt.angka(f.dikarantina))
            for catatan in f.catatan:  # how values were read (date order, number style), named by column
                st.text(catatan)
            if f.kolom_diabaikan:
                st.caption("Kolom yang diabaikan:")
                st.text(", ".join(f.kolom_diabaikan))
            if f.koreksi:
                with st.expander(f"Perbaikan otomatis ({fmt.angka(len(f.koreksi))})"):
                    st.dataframe(pd.DataFrame(f.koreksi), hide_index=True)
            if f.karantina:
                st.caption("Baris yang dikarantina (tidak dimuat) beserta alasannya:")
                table(page, pd.DataFrame(f.karantina), f"unggah_karantina_{i}",
                      f"karantina_{f.jenis_data}")


def templates() -> None:
    cols = st.columns(3)
    for i, (kind, headers) in enumerate(template_headers().items()):
        cols[i % 3].download_button(
            _label(kind), data=to_csv_bytes(pd.DataFrame(columns=headers)),
            file_name=f"templat_{kind}.csv", mime="text/csv", key=f"unggah_templat_{kind}",
            on_click="ignore", icon=":material/download:",
        )
