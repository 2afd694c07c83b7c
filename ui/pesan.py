"""Ready-to-send follow-up messages on Aturan Mingguan (issue 16 item 2): pick communities from the follow-up
list, get per community a polite message (copy icon of st.code) and a button that opens WhatsApp with the text
filled in (`wa.me`; nothing is sent by the server) or, without a number, the mail app; and a CSV of number +
name + message for bulk tools. Built for a phone: one expander per community, no wide table.

Who sees WhatsApp numbers (personal data): admin, and a wali wilayah for their own region (the scoped views
give them nothing else). Pimpinan UPT does not: they oversee and edit the template, they do not message
penggerak one by one — for them the messages link to e-mail and the CSV has no number column. A CSV with
numbers is recorded (app state `log_ekspor`: who, when, how many rows) before it is handed out.
"""
from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from edits import pesan as pesan_edits
from edits.pesan import TemplatError
from queries.runner import PageRequest
from ui import actions
from ui import format as fmt
from ui import formulir as formulir_ui
from ui.guard import PageContext
from ui.table import rows

log = logging.getLogger(__name__)
PILIH_KEY = "pesan_pilih"  # the multiselect: it mirrors DIPILIH_KEY (a widget's state goes when it is not drawn)
DIPILIH_KEY = "pesan_dipilih"  # the picked ids, kept across the follow-up list's pages (ui/table.paged_table)
LIST_QUERY = "weekly_rule_followup"
TEMPLAT_KEY = "pesan_templat"
BATAS_KARTU = 50  # expanders drawn; the CSV carries every selected community
BATAS_PILIHAN = 2000  # communities offered in the picker: a national list (350,000) would not fit a phone's page


def boleh_lihat_nomor(page: PageContext) -> bool:
    """Admin, and a wali wilayah (for their region only: the scoped views hold nothing else)."""
    return page.scope.is_admin or page.scope.is_wali


def _templat(page: PageContext) -> str:
    rows = page.query("templat_pesan")
    return pesan_edits.template_in_use(None if rows.empty else str(rows.iloc[0]["isi"]))


def _editor(page: PageContext, templat: str) -> None:
    with st.expander("Templat pesan", icon=":material/edit_note:"):
        st.caption("Penanda yang diisi otomatis: " + "; ".join(
            f"{{{k}}} = {v}" for k, v in pesan_edits.PLACEHOLDER.items()))
        actions.show_result("pesan_templat_hasil")
        teks = st.text_area("Isi templat", value=templat, height=220, key=TEMPLAT_KEY)
        kiri, kanan = st.columns(2)
        if kiri.button("Simpan templat", key="pesan_simpan", type="primary"):
            actions.write_and_rerun(lambda: pesan_edits.save_template(page.path, teks, page.scope.email or "lokal"),
                                    key="pesan_templat_hasil", expected=(TemplatError,))
        if kanan.button("Kembalikan templat bawaan", key="pesan_bawaan"):
            def _bawaan() -> str:
                hasil = pesan_edits.reset_template(page.path)
                st.session_state.pop(TEMPLAT_KEY, None)  # the text area shows the default on the next run
                return hasil
            actions.write_and_rerun(_bawaan, key="pesan_templat_hasil")


def _benar(x: object) -> bool:
    return bool(pd.notna(x) and x)


def _label(baris: dict) -> str:
    kab = baris.get("kabkota")
    nama = str(baris.get("nama_komunitas") or "(tanpa nama)")
    return f"{nama} · {kab}" if isinstance(kab, str) and kab else nama


def _baris(page: PageContext, where: tuple, batas: int | None) -> tuple[pd.DataFrame, int]:
    """Rows of the follow-up list (weekly_rule_followup, in its order) matching `where`, and how many match."""
    return rows(page, LIST_QUERY, PageRequest(where=where, limit=batas))


def _ganti_pilihan() -> None:
    st.session_state[DIPILIH_KEY] = list(st.session_state.get(PILIH_KEY) or [])


def tampilkan(page: PageContext, saring: tuple[tuple[str, object], ...] = (), jumlah: int | None = None,
              berisiko: int | None = None) -> None:
    """The message section under the follow-up list; `saring` is the list's filter as shown (e.g. only at risk),
    `jumlah` its length and `berisiko` how many of it are at risk, when the page knows them (then a list too long
    to offer is not read at all). The picks (st.session_state[DIPILIH_KEY]) come from the list's checkboxes on any
    of its pages or from the choice here, which offers the whole list while it is short enough for a phone."""
    st.subheader("Pesan siap kirim")
    st.caption("Pilih komunitas di daftar tindak lanjut (kotak centang di tiap baris, di halaman mana pun) atau di "
               "bawah ini: untuk tiap komunitas tersedia pesan untuk penggeraknya "
               "(salin dengan ikon di pojok kotak pesan) dan tombol yang membuka WhatsApp dengan pesan terisi, "
               "atau email bila nomor WhatsApp belum diketahui. Dasbor tidak mengirim apa pun.")
    templat = _templat(page)
    if page.scope.can_edit:
        _editor(page, templat)
    daftar = pd.DataFrame(columns=["id_komunitas"])
    if jumlah is None or (jumlah and jumlah <= BATAS_PILIHAN):
        daftar, jumlah = _baris(page, saring, BATAS_PILIHAN)
    if not jumlah:
        st.info("Tidak ada komunitas pada daftar tindak lanjut untuk dipilih.")
        return
    if jumlah > BATAS_PILIHAN:  # the at-risk ones are what messages are for
        if berisiko is None or berisiko <= BATAS_PILIHAN:
            daftar, jumlah = _baris(page, (*saring, ("berisiko", True)), BATAS_PILIHAN)
        else:
            jumlah = berisiko
    dipilih = [str(i) for i in st.session_state.get(DIPILIH_KEY) or ()]
    baris_per_id = {str(r["id_komunitas"]): r for r in daftar.to_dict("records")} if jumlah <= BATAS_PILIHAN else {}
    ids = list(baris_per_id)
    lain = [i for i in dipilih if i not in baris_per_id]
    if lain:  # picked on another page of the list, or not at risk: their rows, if the filter still lists them
        for r in _baris(page, (*saring, ("id_komunitas", tuple(lain))), None)[0].to_dict("records"):
            baris_per_id[str(r["id_komunitas"])] = r
    dipilih = [i for i in dipilih if i in baris_per_id]  # a filter change may have removed a picked community
    st.session_state[DIPILIH_KEY] = dipilih
    if jumlah > BATAS_PILIHAN:
        st.info(f"Daftar ini memuat {fmt.angka(jumlah)} komunitas berisiko; pilih kabupaten/kota di filter "
                f"samping agar paling banyak {fmt.angka(BATAS_PILIHAN)} komunitas yang ditawarkan untuk dihubungi, "
                "atau centang komunitas di daftar tindak lanjut di atas.")
        pilihan = dipilih
    else:
        diam = [i for i in ids if _benar(baris_per_id[i].get("berisiko"))
                and pd.isna(baris_per_id[i].get("bertemu_lagi_pada"))]

        def _pilih_berisiko() -> None:
            st.session_state[DIPILIH_KEY] = diam

        st.button(f"Pilih semua yang berisiko dan belum bertemu lagi ({fmt.angka(len(diam))})",
                  key="pesan_pilih_berisiko", on_click=_pilih_berisiko, disabled=not diam)
        st.session_state[PILIH_KEY] = dipilih  # the choice shows the picks, wherever they were made
        pilihan = st.multiselect("Komunitas yang akan dihubungi", options=ids + [i for i in dipilih if i not in ids],
                                 key=PILIH_KEY, format_func=lambda i: _label(baris_per_id[i]),
                                 on_change=_ganti_pilihan, placeholder="Pilih komunitas dari daftar tindak lanjut")
    if not pilihan:
        return

    dengan_nomor = boleh_lihat_nomor(page)
    nomor: dict[str, str] = {}
    if dengan_nomor:
        kontak = page.query("kontak_penggerak", extra={"pilih": tuple(sorted(pilihan))})
        nomor = {str(i): n for i, n in zip(kontak["id_komunitas"], kontak["nomor_wa"], strict=True)
                 if isinstance(n, str) and n}
    tautan_formulir = formulir_ui.tautan_per_komunitas(page, [baris_per_id[i] for i in pilihan])
    try:
        semua = [pesan_edits.pesan(templat, {**baris_per_id[i], "tautan_formulir": tautan_formulir.get(i)},
                                   page.filters.sampai, nomor.get(i)) for i in pilihan]
    except TemplatError as e:  # not reachable with a checked template; never a traceback either way
        st.error(str(e))
        return

    if len(semua) > BATAS_KARTU:
        st.caption(f"Ditampilkan {fmt.angka(BATAS_KARTU)} pesan pertama dari {fmt.angka(len(semua))}; semuanya "
                   "ada di unduhan CSV.")
    for p in semua[:BATAS_KARTU]:
        with st.expander(fmt.polos(_label(baris_per_id[p.id_komunitas])), expanded=True):
            st.code(p.teks, language=None, wrap_lines=True)
            if p.lewat == "whatsapp":
                st.link_button("Kirim lewat WhatsApp", p.tautan, icon=":material/chat:", type="primary",
                               width="stretch")
                st.caption(fmt.polos(f"WhatsApp {p.nama_penggerak}: +{p.nomor_wa}"))
            elif p.lewat == "email":
                st.link_button("Kirim lewat email", p.tautan, icon=":material/mail:", width="stretch")
                st.caption("Nomor WhatsApp penggerak belum diketahui; pesan dikirim ke email "
                           f"{fmt.polos(p.email)}." if dengan_nomor else
                           f"Pesan dikirim ke email {fmt.polos(p.email)}.")
            else:
                st.caption("Nomor WhatsApp dan email penggerak belum diketahui: salin pesan dan kirim lewat "
                           "saluran lain.")

    oleh, lingkup = page.scope.email or "lokal", page.lingkup()
    path = page.path

    def _csv() -> bytes:
        # Runs when the button is clicked (deferred data): the export is recorded at that moment.
        try:
            return pesan_edits.export_csv(path, semua, dengan_nomor=dengan_nomor, oleh=oleh, lingkup=lingkup)
        except Exception:
            log.exception("export with numbers could not be recorded; handed out without numbers")
            return pesan_edits.csv_bytes(semua, dengan_nomor=False)

    st.download_button(
        "Unduh CSV pesan (nomor, nama, pesan)" if dengan_nomor else "Unduh CSV pesan (nama, email, pesan)",
        data=_csv, file_name="pesan_tindak_lanjut.csv", mime="text/csv", key="pesan_unduh",
        icon=":material/download:", on_click="ignore",
        help="Untuk alat kirim massal. Unduhan yang memuat nomor WhatsApp dicatat (siapa, kapan, berapa baris)."
        if dengan_nomor else None)
