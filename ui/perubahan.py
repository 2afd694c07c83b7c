"""Ringkasan's "Perubahan sejak unggahan terakhir" (issue 16 item 5): the digest of queries.perubahan for the
user's scope and filters — counts, the lists (collapsed), and a plain text to paste into a WhatsApp group."""
from __future__ import annotations

import dataclasses

import streamlit as st

from queries.perubahan import KATEGORI, Perubahan, TidakAdaPembanding, hitung
from queries.runner import Filters
from queries.scope import Scope
from store import cow
from ui import format as fmt
from ui.guard import PageContext
from ui.table import table

KUNCI = "ringkasan_perubahan"  # the expander's key: whether it is open


# Keyed by the store's version: a load (or an edit) makes a new digest; the period is not part of the key since
# each store is read for its own default period (queries.perubahan).
@st.cache_data(max_entries=50, ttl="1h", show_spinner=False, hash_funcs={Filters: repr, Scope: repr})
def _hitung(path: str, version: str, filters: Filters, scope: Scope) -> Perubahan | str:
    try:
        return hitung(path, filters, scope)
    except (TidakAdaPembanding, cow.StoreError) as e:  # said plainly; cached too, until the next load
        return str(e)


def tampilkan(page: PageContext) -> None:
    """The expander, for the page's scope and its kab/kota, jenis, jenjang, threshold and holiday weeks."""
    # Lazy (on_change="rerun"): at national scale the comparison takes seconds (two stores, two queries each), so
    # it runs only when the expander is opened, then comes from the cache until the next load.
    kotak = st.expander("Perubahan sejak unggahan terakhir", icon=":material/compare_arrows:", key=KUNCI,
                        on_change="rerun")
    with kotak:
        if not kotak.open:
            return
        filters = dataclasses.replace(page.filters, dari=page.filters.sampai)  # the period plays no part
        with st.spinner("Membandingkan dengan data sebelum unggahan terakhir…"):
            hasil = _hitung(str(page.path), page.version, filters, page.scope)
        if isinstance(hasil, str):
            st.info(hasil)
            return
        st.caption(
            f"Unggahan {fmt.tanggal(hasil.unggahan_pada.date())} pukul {hasil.unggahan_pada:%H.%M}"
            + (f" ({', '.join(fmt.polos(b) for b in hasil.berkas)})" if hasil.berkas else "")
            + f". Dibandingkan: data sebelum unggahan (s.d. {fmt.tanggal(hasil.periode_sebelum[1])}) dan sesudahnya "
            f"(s.d. {fmt.tanggal(hasil.periode_sesudah[1])}), masing-masing pada periode bawaannya, untuk lingkup "
            "dan filter kab/kota, jenis, jenjang, ambang, dan minggu libur halaman ini.")
        jumlah = hasil.jumlah()
        # one line of counts, not st.metric cards: the page's headline cards stay the page's only metrics
        st.markdown(" · ".join(f"**{fmt.angka(jumlah[k])}** {label}" for k, (label, _) in KATEGORI.items()),
                    help="Dihitung per komunitas dalam lingkup dan filter halaman ini.")
        for k, (_, judul) in KATEGORI.items():
            if jumlah[k]:
                with st.expander(f"{judul} ({fmt.angka(jumlah[k])})"):
                    table(page, hasil.daftar[k], f"ringkasan_perubahan_{k}", f"perubahan_{k}")
        st.caption("Teks untuk grup WhatsApp (salin dengan ikon di pojok kanan):")
        st.code(hasil.teks(), language=None, wrap_lines=True)
