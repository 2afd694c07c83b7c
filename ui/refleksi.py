"""Shared widgets of the Refleksi pages: the two-month period selector, the drill-down from a theme to
its items, the lexicon editor, and the editable bimonthly report draft (session state + saving).

Reflection text is uploaded by users: it is only ever shown through st.dataframe / st.data_editor /
st.text, never as markdown or HTML.
"""
from __future__ import annotations

import calendar
import dataclasses
import functools
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from edits import bimonthly_report
from queries.export import to_csv_bytes
from queries.scope import upt_name, users_file
from ui import actions, charts
from ui import format as fmt
from ui.filters import persistent
from ui.guard import PageContext, auth_configured
from ui.table import table
from vocab import KOMPONEN_LABEL, KOMPONEN_LAPORAN, KOMPONEN_LAPORAN_LABEL

if TYPE_CHECKING:
    from data_loaders.themes import Lexicon

PERIODE_KEY = "refleksi_periode"  # one choice for the whole Refleksi section
# Themes that say nothing about a component, left out of the chart as out of the report (METRICS §6); the tables
# keep them. "lainnya" = data_loaders.themes.LAINNYA (importing that module loads scikit-learn: seconds).
TANPA_ISI = ("lainnya", "umum/tidak spesifik")
TEMA_TERATAS = 5  # themes per component in the chart
SKOR_HELP = ("Skor = seberapa cocok butir dengan temanya menurut pengelompokan otomatis (0–1, makin tinggi makin "
             "yakin). Butir yang skornya di bawah ambang leksikon, atau lebih mirip jawaban kosong seperti "
             "'tidak ada', masuk 'lainnya'.")
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def blok(d: date) -> tuple[str, date, date]:
    """The two-month reflection period containing `d`: ('2022-09/10', 1 Sep, 31 Oct)."""
    awal = d.month if d.month % 2 else d.month - 1
    akhir = awal + 1
    return (f"{d.year}-{awal:02d}/{akhir:02d}", date(d.year, awal, 1),
            date(d.year, akhir, calendar.monthrange(d.year, akhir)[1]))


def periode_label(periode: str) -> str:
    """'2022-09/10' -> 'Sep–Okt 2022'."""
    try:
        tahun, bulan = periode.split("-")
        a, b = (int(x) for x in bulan.split("/"))
        return f"{fmt.BULAN_PENDEK[a - 1]}–{fmt.BULAN_PENDEK[b - 1]} {tahun}"
    except (ValueError, IndexError):
        return periode


def berkas(periode: str) -> str:
    """A period as a file-name part: '2022-09/10' -> '2022-09-10'."""
    return periode.replace("/", "-")


def pilih_periode(page: PageContext, *, tambah_terkini: bool = False) -> tuple[PageContext, str, int] | None:
    """The period selector (default: the latest period with reflections). Returns the page context with
    `dari`/`sampai` set to the chosen block, the period and how many communities reflected in it;
    None when there is no reflection and `tambah_terkini` is off.
    `tambah_terkini` also offers the period of the sidebar's end date (for chasing who has not reflected)."""
    ada = page.query("reflection_periods")
    batas = {r.periode: (pd.Timestamp(r.dari).date(), pd.Timestamp(r.sampai).date()) for r in ada.itertuples()}
    jumlah = dict(zip(ada["periode"], ada["jumlah_komunitas"]))
    bawaan = ada["periode"].iloc[-1] if not ada.empty else None
    if tambah_terkini:
        p, dari, sampai = blok(page.filters.sampai)
        batas.setdefault(p, (dari, sampai))
        bawaan = bawaan or p
    if not batas:
        return None
    opsi = sorted(batas)
    if st.session_state.get(PERIODE_KEY) not in opsi:  # first visit, or a period the new filters lack
        st.session_state[PERIODE_KEY] = bawaan or opsi[-1]
    # half the width: "Nov–Des 2022 · 1.131 komunitas mengisi" fits without being cut on a laptop
    periode = persistent(
        st.columns([1, 1])[0].selectbox, "Periode refleksi (dua bulanan)", key=PERIODE_KEY, allowed=opsi,
        options=opsi, url_label=str,
        format_func=lambda p: f"{periode_label(p)} · {fmt.angka(jumlah.get(p, 0))} komunitas mengisi",
        help="Refleksi dikumpulkan per dua bulan. Halaman ini memakai periode ini, bukan rentang tanggal di sidebar; "
             "filter kab/kota, jenis dan jenjang di sidebar tetap berlaku.",
    )
    dari, sampai = batas[periode]
    # Said on the page, not only in the tooltip: the sidebar's dates are set aside here.
    luar = "" if dari <= page.filters.sampai and sampai >= page.filters.dari else \
        " Periode ini di luar rentang tanggal sidebar."
    st.caption(f"Halaman ini memakai periode refleksi {periode_label(periode)} ({fmt.periode(dari, sampai)}) yang "
               f"dipilih di atas, bukan rentang tanggal sidebar ({page.periode}).{luar} Filter kab/kota, jenis dan "
               "jenjang di sidebar tetap berlaku.")
    konteks = dataclasses.replace(page, filters=dataclasses.replace(page.filters, dari=dari, sampai=sampai))
    return konteks, periode, int(jumlah.get(periode, 0))


def grafik_tema(konteks: PageContext, periode: str, peringkat: pd.DataFrame) -> None:
    """The TEMA_TERATAS top themes of every component as bars (% of the communities answering it), with the
    previous two-month block's share beside each bar; two charts a row on a wide screen."""
    # the previous block's shares come with the ranking (persen_komunitas_sebelumnya): no second query
    periode_lalu = blok(konteks.filters.dari - timedelta(days=1))[0]
    label, label_lalu = periode_label(periode), periode_label(periode_lalu)
    ada_lalu = peringkat["persen_komunitas_sebelumnya"].notna().any()
    teratas = peringkat[~peringkat["tema"].isin(TANPA_ISI)].sort_values(["peringkat"], kind="stable")
    komponen = list(dict.fromkeys(teratas["komponen"]))
    if not komponen:
        return
    dasar = (f"Batang: persen komunitas yang menyebut tema di antara komunitas yang menjawab komponen itu, {label} "
             "(tanpa 'lainnya' dan 'umum/tidak spesifik'; semua tema ada di tabel di bawah). ")
    st.caption(dasar + (f"Garis hitam: persen pada periode sebelumnya ({label_lalu}); angka dalam kurung = "
                        "perubahannya dalam poin persen." if ada_lalu else
                        f"Periode sebelumnya ({label_lalu}) belum ada refleksi untuk dibandingkan."))
    for i, k in enumerate(komponen):
        if i % 2 == 0:  # a row of two: on a phone the columns stack in reading order
            kolom = st.columns(2)
        bagian = teratas[teratas["komponen"] == k].head(TEMA_TERATAS)
        bagian = bagian.assign(persen_sebelumnya=bagian["persen_komunitas_sebelumnya"])
        with kolom[i % 2]:
            charts.show(charts.tema_teratas(bagian, judul=KOMPONEN_LABEL.get(k, k),
                                            sub=f"{len(bagian)} tema teratas, {label}", label_sebelumnya=label_lalu),
                        key=f"refleksi_grafik_{k}")


def tanpa_refleksi(page: PageContext) -> None:
    """Stop helpfully: communities exist but no reflection has been loaded for them."""
    st.info(
        "Belum ada refleksi komunitas belajar untuk wilayah dan filter ini. Refleksi dua bulanan (jawaban "
        "Google Forms refleksi) dapat diunggah admin UPT di halaman Unggah Data; tema, laporan dan daftar "
        "tindak lanjut terisi otomatis sesudahnya."
    )
    st.stop()


def butir_tema(page: PageContext, komponen: tuple[str, ...] | list[str] | None, tema: str | None, key: str,
               nama_berkas: str) -> None:
    """The items behind a theme count (reflection_items), downloadable."""
    butir = page.query("reflection_items", extra={"komponen": list(komponen) if komponen else None,
                                                        "tema": tema})
    st.caption(f"{fmt.angka(butir['id_komunitas'].nunique())} komunitas, {fmt.angka(len(butir))} butir. "
               "Kolom jawaban berisi jawaban utuh; butir adalah potongan yang dikelompokkan. " + SKOR_HELP)
    table(page, butir, key, nama_berkas, sembunyikan=("kode_kabkota", "tema") if tema else ("kode_kabkota",),
          depan=("nama_komunitas", "komponen", "butir", "tema", "skor", "jawaban"),
          kosong="Tidak ada butir untuk pilihan ini.")


# ---------------------------------------------------------------------------------------------
# Theme corrections (issue 18): a reviewer sets an item's theme, singly in the table or for a selection

BARIS_PER_HALAMAN = 50  # items per page of a correction table: readable on a phone, one scroll on a laptop
_KOREKSI_GEN = "koreksi_generasi"  # bumped after every correction so each editor starts clean
_KOREKSI_PESAN = "koreksi_pesan"
YAKIN_HELP = ("Yakin = pengelompokan otomatis cukup pasti (pada data uji, butir yang yakin benar sedikitnya 95 %), "
              "atau temanya sudah dikoreksi. Butir lain 'perlu ditinjau': dihitung, tetapi tidak dikutip sebagai "
              "contoh di laporan.")


def boleh_koreksi(page: PageContext) -> bool:
    """Admin and pimpinan correct everywhere, a wali wilayah the items of their kab/kota; nobody else."""
    return page.scope.can_edit or (page.scope.is_wali and bool(page.scope.kabkota))


def _lex(page: PageContext) -> Lexicon:
    from edits import lexicon  # the classifier's imports (scikit-learn) take seconds: only where needed

    return lexicon.current(page.query("lexicon_current"))[1]


def _catat(page: PageContext, key: str, kunci: list[tuple[str, str]], tema: str) -> None:
    """Store one correction for the items `kunci`; the message is shown on the next run beside table `key`."""
    from edits import koreksi_tema

    pesan = actions.attempt(
        lambda: koreksi_tema.catat(page.path, kunci, tema, page.scope.email, page.scope.peran,
                                   page.scope.kabkota if page.scope.is_wali else None),
        expected=(koreksi_tema.KoreksiError,))
    if pesan is not None:
        st.session_state[f"{_KOREKSI_PESAN}|{key}"] = pesan
        st.session_state[_KOREKSI_GEN] = st.session_state.get(_KOREKSI_GEN, 0) + 1


def _tema_diubah(page: PageContext, key: str, editor: str, tampil: pd.DataFrame) -> None:
    """The table's own "Tema" cells: each changed row is one correction (rows set to the same theme, one write)."""
    perubahan = (st.session_state.get(editor) or {}).get("edited_rows") or {}
    per_tema: dict[str, list[tuple[str, str]]] = {}
    for pos, ubah in perubahan.items():
        baru, pos = ubah.get("tema"), int(pos)
        if baru and pos < len(tampil) and baru != tampil["tema"].iloc[pos]:
            per_tema.setdefault(baru, []).append((tampil["id_refleksi"].iloc[pos], tampil["butir"].iloc[pos]))
    for tema, kunci in per_tema.items():
        _catat(page, key, kunci, tema)


def koreksi_butir(page: PageContext, butir: pd.DataFrame, key: str, nama_berkas: str) -> None:
    """The items of `butir` (rows of query reflection_review), correctable by a reviewer: the "Tema" cell of a row in
    one click, or "Pilih" several and "Tetapkan tema". Items not yakin come first (the query's order); a page of
    BARIS_PER_HALAMAN at a time. Without the right to correct: the plain table."""
    if not boleh_koreksi(page):
        table(page, butir.drop(columns=["id_refleksi", "nomor_butir"]), key, nama_berkas,
              sembunyikan=("kode_kabkota", "id_komunitas"),
              depan=("nama_komunitas", "komponen", "butir", "tema", "skor", "yakin", "jawaban"),
              kosong="Tidak ada butir untuk pilihan ini.")
        return
    from edits import koreksi_tema

    if pesan := st.session_state.pop(f"{_KOREKSI_PESAN}|{key}", None):
        st.toast(pesan, icon=":material/check_circle:")
        st.success(pesan)
    if butir.empty:
        st.info("Tidak ada butir untuk pilihan ini.")
        return
    lex = _lex(page)
    opsi = list(dict.fromkeys(t for k in dict.fromkeys(butir["komponen"]) for t in koreksi_tema.pilihan_tema(lex, k)))
    halaman_n = -(-len(butir) // BARIS_PER_HALAMAN)
    halaman = 1
    if halaman_n > 1:
        halaman = int(st.number_input(f"Halaman (dari {fmt.angka(halaman_n)}, {BARIS_PER_HALAMAN} butir per halaman)",
                                      min_value=1, max_value=halaman_n, value=1, step=1, key=f"{key}_halaman"))
    awal = (halaman - 1) * BARIS_PER_HALAMAN
    tampil = butir.iloc[awal: awal + BARIS_PER_HALAMAN].reset_index(drop=True)
    data = tampil.assign(pilih=False, komponen=tampil["komponen"].map(lambda k: KOMPONEN_LABEL.get(k, k)))
    editor = f"{key}_editor_{st.session_state.get(_KOREKSI_GEN, 0)}"
    hasil = st.data_editor(
        data, key=editor, hide_index=True, num_rows="fixed", width="stretch",
        column_order=("pilih", "tema", "butir", "nama_komunitas", "komponen", "skor", "yakin", "dikoreksi", "jawaban"),
        disabled=("butir", "nama_komunitas", "komponen", "skor", "yakin", "dikoreksi", "jawaban"),
        column_config={
            "pilih": st.column_config.CheckboxColumn("Pilih", help="Centang beberapa butir, lalu tetapkan temanya "
                                                                   "sekaligus di bawah tabel."),
            "tema": st.column_config.SelectboxColumn(
                "Tema", options=opsi, required=True, format_func=koreksi_tema.tema_label,
                help="Pilih tema yang benar; tersimpan langsung dan angka di halaman ikut berubah."),
            "butir": st.column_config.TextColumn("Butir"),
            "nama_komunitas": st.column_config.TextColumn("Komunitas"),
            "komponen": st.column_config.TextColumn("Komponen"),
            "skor": st.column_config.NumberColumn("Skor", format="%.2f", help=SKOR_HELP),
            "yakin": st.column_config.CheckboxColumn("Yakin", help=YAKIN_HELP),
            "dikoreksi": st.column_config.CheckboxColumn("Dikoreksi"),
            "jawaban": st.column_config.TextColumn("Jawaban utuh"),
        },
        on_change=_tema_diubah, args=(page, key, editor, tampil),
    )
    terpilih = hasil[hasil["pilih"]] if "pilih" in hasil else hasil.iloc[0:0]
    bar = st.container(horizontal=True, vertical_alignment="bottom")
    tema = bar.selectbox("Tema untuk butir terpilih", opsi, format_func=koreksi_tema.tema_label,
                         key=f"{key}_tema_pilihan")
    if bar.button(f"Tetapkan tema ({fmt.angka(len(terpilih))} butir)", key=f"{key}_tetapkan",
                  disabled=terpilih.empty, icon=":material/done_all:"):
        _catat(page, key, list(zip(terpilih["id_refleksi"], terpilih["butir"])), tema)
        st.rerun()
    st.download_button("Unduh CSV", data=functools.partial(to_csv_bytes, butir.drop(columns=["nomor_butir"])),
                       file_name=f"{nama_berkas}.csv", mime="text/csv", key=f"{key}_csv", on_click="ignore",
                       icon=":material/download:")


def telusuri(page: PageContext, komponen: tuple[str, ...] | list[str] | None, tema: str | None, key: str,
             nama_berkas: str) -> None:
    """The drill-down from a theme count to its items; a reviewer corrects them in place."""
    butir = page.query("reflection_review", extra={"komponen": list(komponen) if komponen else None, "tema": tema})
    ragu = int((~butir["yakin"].astype(bool)).sum()) if not butir.empty else 0
    st.caption(f"{fmt.angka(butir['id_komunitas'].nunique())} komunitas, {fmt.angka(len(butir))} butir, "
               f"{fmt.angka(ragu)} perlu ditinjau (ditampilkan lebih dulu). Kolom jawaban berisi jawaban utuh; butir "
               "adalah potongan yang dikelompokkan. " + SKOR_HELP)
    koreksi_butir(page, butir, key, nama_berkas)


def perlu_ditinjau(page: PageContext, peringkat: pd.DataFrame, nama: str) -> None:
    """The "Perlu ditinjau" panel: the items the classifier is not sure of, lowest score first; `peringkat` (rows of
    reflection_theme_ranking) gives each component's count, and the first component with any is shown."""
    jumlah = peringkat.groupby("komponen", sort=False)["jumlah_butir_perlu_ditinjau"].sum()
    komponen = list(jumlah.index)
    total = int(jumlah.sum())
    st.caption(f"{fmt.angka(total)} butir periode ini perlu ditinjau." if total else
               "Semua butir periode ini sudah yakin atau sudah dikoreksi.")
    if not total:
        return
    bawaan = next(i for i, k in enumerate(komponen) if jumlah[k] > 0)
    k = st.selectbox("Komponen", komponen, index=bawaan, key="refleksi_tinjau_komponen",
                     format_func=lambda k: f"{KOMPONEN_LABEL.get(k, k)} ({fmt.angka(int(jumlah[k]))} perlu ditinjau)")
    butir = page.query("reflection_review", extra={"komponen": [k], "hanya_ragu": True})
    st.caption(f"{fmt.angka(len(butir))} butir {KOMPONEN_LABEL.get(k, k)} perlu ditinjau: pengelompokan otomatis "
               "belum yakin. Skor terendah lebih dulu. Tetapkan tema yang benar (atau 'Tidak bertema'); butir yang "
               "sudah dikoreksi keluar dari daftar ini. " + YAKIN_HELP)
    koreksi_butir(page, butir, "refleksi_tinjau", f"butir_perlu_ditinjau_{k}_{nama}")


def riwayat_koreksi(page: PageContext, log: pd.DataFrame) -> None:
    """Every correction in the user's region: who, when, old -> new, and whether a lexicon version used it."""
    table(page, log, "refleksi_koreksi_log", "riwayat_koreksi_tema", sembunyikan=("id_refleksi", "id_koreksi"),
          kosong="Belum ada koreksi tema.")


def _terapkan_koreksi(page: PageContext, log: pd.DataFrame) -> None:
    """admin/pimpinan: teach the classifier the corrections not used yet (a new lexicon version)."""
    from edits import koreksi_tema

    baru = log[log["peran"].isin(koreksi_tema.PENGAJAR) & log["dipakai_versi_leksikon"].isna()]
    n = len(baru.drop_duplicates(["id_refleksi", "butir"]))
    if not n:
        st.caption("Koreksi tema oleh admin/pimpinan dijadikan contoh pengelompokan lewat tombol di sini; belum ada "
                   "koreksi baru. Koreksi wali wilayah hanya berlaku untuk butirnya sendiri.")
        return
    st.caption(f"{fmt.angka(n)} koreksi tema oleh admin/pimpinan belum dipakai sebagai contoh. Menerapkannya menyimpan "
               "leksikon versi baru yang belajar dari koreksi itu, lalu mengelompokkan ulang semua butir di seluruh "
               "UPT (butir serupa ikut berpindah); versi lama tetap tersimpan. Koreksi wali wilayah hanya berlaku "
               "untuk butirnya sendiri.")
    if st.button(f"Terapkan {fmt.angka(n)} koreksi ke pengelompokan", key="refleksi_terapkan_koreksi",
                 icon=":material/model_training:"):
        def terapkan() -> str:
            bar = st.progress(0.0, text="Menyiapkan leksikon…")
            try:
                return koreksi_tema.terapkan(
                    page.path, progress=lambda f, m: bar.progress(min(max(f, 0.0), 1.0), text=m))
            finally:
                bar.empty()

        actions.write_and_rerun(terapkan, key="refleksi_leksikon_hasil", expected=(koreksi_tema.KoreksiError,))


# ---------------------------------------------------------------------------------------------
# Lexicon editor

_AKSI = ("Tambah kata kunci", "Tambah tema", "Ganti nama tema")


def leksikon(page: PageContext, frasa: list[str]) -> None:
    """The current lexicon (everyone) and, for admin/pimpinan, the editor that saves a new version and
    reclassifies every item. `frasa`: word pairs from the `lainnya` panel, offered as keywords."""
    from edits import lexicon  # the classifier's imports (scikit-learn) take seconds: only here

    versi, lex = lexicon.current(page.query("lexicon_current"))
    actions.show_result("refleksi_leksikon_hasil")
    st.caption(f"Leksikon versi {versi}." if versi else "Leksikon bawaan (belum ada perubahan tersimpan).")
    kelompok = st.selectbox("Kelompok tema", [g.nama for g in lex.kelompok], key="refleksi_leksikon_kelompok",
                            format_func=lambda g: _kelompok_label(lex, g))
    daftar = lexicon.lexicon_table(lex)
    table(page, daftar[daftar["kelompok"] == kelompok], "refleksi_leksikon", "leksikon_tema",
          sembunyikan=("kelompok", "komponen"))
    if not page.scope.can_edit:
        st.info("Leksikon hanya dapat diubah oleh admin atau pimpinan UPT. Usulkan kata kunci baru kepada mereka.")
        return
    _terapkan_koreksi(page, page.query("koreksi_tema_log"))
    _editor(page, lex, kelompok, frasa)


def _kelompok_label(lex: Lexicon, nama: str) -> str:
    g = next(g for g in lex.kelompok if g.nama == nama)
    return " / ".join(KOMPONEN_LABEL.get(k, k) for k in g.komponen)


def _editor(page: PageContext, lex: Lexicon, kelompok: str, frasa: list[str]) -> None:
    from edits import lexicon

    tema = [t.nama for t in next(g for g in lex.kelompok if g.nama == kelompok).tema]
    aksi = st.segmented_control("Ubah leksikon", _AKSI, default=_AKSI[0], key="refleksi_leksikon_aksi")
    with st.form("refleksi_leksikon_form"):
        if aksi == "Tambah tema":
            nama = st.text_input("Nama tema baru", max_chars=80)
            deskripsi = st.text_area("Deskripsi singkat", max_chars=300)
            kata = st.text_area("Kata kunci (satu per baris)")
            contoh = st.text_area("Contoh butir jawaban guru (satu per baris, opsional)")
        elif aksi == "Ganti nama tema":
            lama = st.selectbox("Tema", tema)
            baru = st.text_input("Nama baru", max_chars=80)
        else:
            pilih = st.selectbox("Tema", tema)
            kata = st.text_area("Kata kunci baru (satu per baris)",
                                help="Kata atau frasa yang hampir pasti menandai tema ini. Bentuk dasar kata sudah "
                                     "cukup: 'jadwal' juga cocok dengan 'terjadwal'.")
            dari_panel = st.multiselect("Atau ambil frasa dari butir tanpa tema", frasa,
                                        placeholder="Pilih frasa yang sering muncul")
        catatan = st.text_input("Catatan perubahan (opsional)", max_chars=200)
        kirim = st.form_submit_button("Simpan sebagai versi baru dan kelompokkan ulang", type="primary")
    st.caption("Menyimpan membuat versi leksikon baru dan mengelompokkan ulang semua butir refleksi di seluruh UPT; "
               "versi lama tetap tersimpan.")
    if not kirim:
        return

    def ubah() -> Lexicon:  # the edits check the input and raise ValueError with a message for the user
        if aksi == "Tambah tema":
            return lexicon.add_theme(lex, kelompok, nama, deskripsi, kata.splitlines(), contoh.splitlines())
        if aksi == "Ganti nama tema":
            return lexicon.rename_theme(lex, kelompok, lama, baru)
        return lexicon.add_keywords(lex, kelompok, pilih, kata.splitlines() + list(dari_panel))

    baru_lex = actions.attempt(ubah, expected=(ValueError,))
    if baru_lex is None:
        return

    def simpan() -> str:
        bar = st.progress(0.0, text="Menyimpan leksikon…")
        try:
            versi, jumlah = lexicon.save_and_reclassify(
                page.path, baru_lex, catatan, progress=lambda f, m: bar.progress(min(max(f, 0.0), 1.0), text=m))
        finally:
            bar.empty()
        return f"Leksikon versi {versi} tersimpan; {fmt.angka(jumlah)} butir refleksi dikelompokkan ulang."

    actions.write_and_rerun(simpan, key="refleksi_leksikon_hasil")


# ---------------------------------------------------------------------------------------------
# Bimonthly report draft

_GEN = "laporan_generasi"  # bumped after every applied edit so each data editor starts clean


def _draft_key(periode: str, lingkup: str) -> str:
    return f"laporan_dua_bulanan|{periode}|{lingkup}"


def _current_draft(page: PageContext, periode: str, kandidat: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The draft being edited for this period and data selection: from the session, else the saved
    one, else the automatic top 5; counts always refreshed from the current data."""
    lingkup = bimonthly_report.lingkup_key(page.scope.effective_kabkota(page.filters.kabkota), page.filters.jenis,
                                       page.filters.jenjang)
    key = _draft_key(periode, lingkup)
    if key not in st.session_state:
        simpanan = bimonthly_report.saved_draft(page.query("bimonthly_report_saved", {"periode": periode}))
        st.session_state[key] = simpanan.draft if simpanan else bimonthly_report.draft_from_candidates(kandidat)
        st.session_state[key + "|simpanan"] = simpanan
        st.session_state[key + "|berubah"] = False
    st.session_state[key] = bimonthly_report.refresh_counts(st.session_state[key], kandidat)
    return st.session_state[key], lingkup


def _ubah(key: str, editor: str, komponen: str, kandidat: pd.DataFrame) -> None:
    perubahan = (st.session_state.get(editor) or {}).get("edited_rows") or {}
    if not perubahan:
        return
    baru, pesan = bimonthly_report.apply_edits(st.session_state[key], komponen, perubahan, kandidat)
    st.session_state[key] = baru
    st.session_state[key + "|berubah"] = True
    st.session_state["laporan_pesan"] = pesan
    st.session_state[_GEN] = st.session_state.get(_GEN, 0) + 1


def _penanggung_jawab(page: PageContext, key: str, simpanan) -> tuple[str, str]:
    """The report header's penanggung jawab (guide Bab 3 §E), editable: the saved draft's, else the signed-in
    user's name (from the login) and email. Kept in the session for the XLSX (`penanggung_jawab_laporan`)."""
    awal = simpanan.penanggung_jawab if simpanan else bimonthly_report.PenanggungJawab()
    if not (awal.nama or awal.email):
        nama = str(st.user.to_dict().get("name") or "") if auth_configured() else ""
        email = page.scope.email or ""  # 'lokal' in mode lokal: no address to offer
        awal = bimonthly_report.PenanggungJawab(nama, email if "@" in email else "")
    st.session_state.setdefault(f"{key}|pj_nama", awal.nama)
    st.session_state.setdefault(f"{key}|pj_email", awal.email)
    kiri, kanan = st.columns(2)
    nama = kiri.text_input("Penanggung jawab laporan", key=f"{key}|pj_nama", max_chars=200,
                           help="Nama yang tercantum di kepala laporan; disimpan bersama draf.")
    email = kanan.text_input("Email penanggung jawab", key=f"{key}|pj_email", max_chars=200)
    st.session_state[PJ_KEY] = (nama, email)
    return nama, email


PJ_KEY = "penanggung_jawab_laporan"


def bimonthly_report_editor(page: PageContext, periode: str, kandidat: pd.DataFrame) -> pd.DataFrame:
    """Six data editors (one per report component) plus save / reset; returns the current draft."""
    draft, lingkup = _current_draft(page, periode, kandidat)
    key = _draft_key(periode, lingkup)
    for pesan in st.session_state.pop("laporan_pesan", []):
        st.warning(pesan)
    if hilang := bimonthly_report.missing_themes(draft, kandidat):
        st.warning(fmt.polos("Tema berikut tidak punya butir lagi pada data saat ini (mis. semua butirnya sudah "
                             "dikoreksi ke tema lain), jadi jumlahnya 0: " + "; ".join(hilang)
                             + ". Ganti dengan tema lain di kolom Tema."))
    simpanan = st.session_state.get(key + "|simpanan")
    actions.show_result("laporan_simpan_hasil")
    if simpanan:
        st.text(f"Draf tersimpan {fmt.tanggal(simpanan.disimpan_pada.date())} "
                f"{simpanan.disimpan_pada:%H.%M} oleh {simpanan.disimpan_oleh}.")
    gen = st.session_state.get(_GEN, 0)
    for nomor, komponen in enumerate(KOMPONEN_LAPORAN, start=1):
        st.subheader(f"{nomor}. {KOMPONEN_LAPORAN_LABEL[komponen]}")
        bagian = draft[draft["komponen_laporan"] == komponen].reset_index(drop=True)
        if bagian.empty:
            st.info("Belum ada tema untuk komponen ini pada periode ini.")
            continue
        opsi = list(dict.fromkeys([*kandidat.loc[kandidat["komponen_laporan"] == komponen, "tema"], *bagian["tema"]]))
        editor = f"laporan_editor_{komponen}_{gen}"
        st.data_editor(
            bagian, key=editor, hide_index=True, num_rows="fixed", width="stretch",
            column_order=("peringkat", "teks", "tema", "jumlah_komunitas", "jumlah_butir", "contoh"),
            disabled=("jumlah_komunitas", "jumlah_butir", "contoh"),
            column_config={
                "peringkat": st.column_config.NumberColumn(
                    "Urutan", min_value=1, max_value=len(bagian), step=1, format="%d",
                    help="Ubah angka untuk memindahkan baris ke urutan itu."),
                "teks": st.column_config.TextColumn(
                    "Rumusan untuk laporan", max_chars=300,
                    help="Ubah kalimatnya; kosongkan untuk kembali ke nama tema."),
                "tema": st.column_config.SelectboxColumn(
                    "Tema", options=opsi, required=True, help="Ganti dengan tema lain dari komponen ini."),
                "jumlah_komunitas": st.column_config.NumberColumn("Komunitas", format="%d"),
                "jumlah_butir": st.column_config.NumberColumn("Butir", format="%d"),
                "contoh": st.column_config.TextColumn("Contoh butir"),
            },
            on_change=_ubah, args=(key, editor, komponen, kandidat),
        )
    pj = _penanggung_jawab(page, key, simpanan)
    if st.session_state.get(key + "|berubah"):
        st.caption("Ada perubahan yang belum disimpan.")
    bar = st.container(horizontal=True)
    if bar.button("Simpan draf", key="laporan_simpan", type="primary", icon=":material/save:"):
        try:
            dicek = bimonthly_report.penanggung_jawab(*pj)
        except ValueError as galat:
            st.error(fmt.polos(str(galat)))  # it quotes what was typed
        else:
            leksikon = page.query("lexicon_current")
            versi_leksikon = int(leksikon["versi"].iloc[0]) if not leksikon.empty else 1  # 1 = the shipped one

            def simpan() -> str:
                versi = bimonthly_report.save_draft(page.path, periode, lingkup, draft, page.scope.email, dicek,
                                                    versi_leksikon=versi_leksikon)
                st.session_state.pop(key, None)  # reload what was saved, with its time and author
                for k in ("nama", "email"):  # ... and its penanggung jawab
                    st.session_state.pop(f"{key}|pj_{k}", None)
                return (f"Draf tersimpan sebagai versi {versi}. Versi ini tidak berubah lagi walau tema butir "
                        "dikoreksi atau leksikon diperbarui (lihat Versi laporan tersimpan).")

            actions.write_and_rerun(simpan, key="laporan_simpan_hasil")
    if bar.button("Kembali ke hasil otomatis", key="laporan_reset", icon=":material/restart_alt:",
                  help="Membuang urutan, penggantian dan rumusan (juga draf yang tersimpan untuk periode ini)."):
        def buang() -> None:
            bimonthly_report.delete_draft(page.path, periode, lingkup)
            st.session_state.pop(key, None)
            st.session_state[_GEN] = gen + 1

        actions.write_and_rerun(buang)
    return draft


def unduh_laporan(page: PageContext, periode: str, draft: pd.DataFrame) -> None:
    """The formatted XLSX (header block + six components) and the CSV of the draft."""
    info = page.export_info()
    kepala = {"Nama UPT": upt_name(users_file()), "Periode refleksi": f"{periode_label(periode)} ({periode})"}
    try:  # the penanggung jawab typed above (bimonthly_report_editor); an invalid email is refused at saving
        pj = bimonthly_report.penanggung_jawab(*st.session_state.get(PJ_KEY, ("", "")))
    except ValueError:
        pj = bimonthly_report.PenanggungJawab(*st.session_state.get(PJ_KEY, ("", "")))
    kepala |= bimonthly_report.header_penanggung_jawab(pj)
    kepala |= {k: v for k, v in info.items() if k not in ("Ambang aturan mingguan", "Minggu libur")}
    kepala["Berkas dibuat"] = pd.Timestamp.now().strftime("%Y-%m-%d %H:%M")
    judul = "Laporan Dua Bulanan Komunitas Belajar"
    nama = f"laporan_dua_bulanan_{berkas(periode)}"
    bar = st.container(horizontal=True, vertical_alignment="center")
    bar.download_button(
        "Unduh laporan (XLSX)", data=functools.partial(bimonthly_report.draft_xlsx_bytes, draft, kepala, judul),
        file_name=f"{nama}.xlsx", mime=_XLSX, key="laporan_xlsx", on_click="ignore", icon=":material/download:",
        type="primary")
    bar.download_button(
        "Unduh CSV", data=functools.partial(to_csv_bytes, bimonthly_report.draft_csv_frame(draft, periode)),
        file_name=f"{nama}.csv", mime="text/csv", key="laporan_csv", on_click="ignore", icon=":material/download:")


def versi_laporan(page: PageContext, periode: str) -> None:
    """The saved versions of this period's report for this data selection, each exactly as saved (issue 18 item 5):
    viewable and downloadable unchanged, with the lexicon version its counts came from."""
    versi = bimonthly_report.saved_versions(page.query("bimonthly_report_versions", {"periode": periode}))
    st.subheader("Versi laporan tersimpan")
    if not versi:
        st.caption("Belum ada versi tersimpan. Setiap kali draf disimpan, salinannya disimpan sebagai versi baru yang "
                   "tidak berubah lagi, walau tema butir dikoreksi atau leksikon diperbarui.")
        return
    st.caption("Setiap simpanan draf adalah satu versi yang dibekukan: angka dan contohnya tetap seperti saat "
               "disimpan, walau tema butir dikoreksi atau leksikon diperbarui sesudahnya. Draf di atas memakai "
               "angka terkini.")
    per_nomor = {v.versi: v for v in versi}

    def label(n: int) -> str:
        v = per_nomor[n]
        leks = f", leksikon versi {v.versi_leksikon}" if v.versi_leksikon is not None else ""
        return (f"Versi {n} · {fmt.tanggal(v.disimpan_pada.date())} {v.disimpan_pada:%H.%M} oleh "
                f"{v.disimpan_oleh}{leks}")

    n = st.selectbox("Lihat versi", list(per_nomor), format_func=label, key="laporan_versi_pilih")
    v = per_nomor[n]
    table(page, v.draft, "laporan_versi_tabel", f"laporan_dua_bulanan_{berkas(periode)}_versi_{n}",
          depan=("komponen_laporan", "peringkat", "teks", "tema", "jumlah_komunitas", "jumlah_butir", "contoh"))
    kepala = {"Nama UPT": upt_name(users_file()), "Periode refleksi": f"{periode_label(periode)} ({periode})"}
    kepala |= bimonthly_report.header_penanggung_jawab(v.penanggung_jawab)
    kepala |= {"Versi laporan": f"{n}, disimpan {v.disimpan_pada:%Y-%m-%d %H:%M} oleh {v.disimpan_oleh}",
               "Versi leksikon": "–" if v.versi_leksikon is None else str(v.versi_leksikon)}
    st.download_button(
        f"Unduh versi {n} (XLSX)",
        data=functools.partial(bimonthly_report.draft_xlsx_bytes, v.draft, kepala,
                               "Laporan Dua Bulanan Komunitas Belajar"),
        file_name=f"laporan_dua_bulanan_{berkas(periode)}_versi_{n}.xlsx", mime=_XLSX, key="laporan_versi_xlsx",
        on_click="ignore", icon=":material/download:")
