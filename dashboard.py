"""Entry point: page config and navigation. Every page guards itself (ui.require_scope)."""
from __future__ import annotations

import streamlit as st

from ui import peek_scope

st.set_page_config(page_title="Dasbor Komunitas Belajar", page_icon=":material/groups:", layout="wide")

sections = {
    "Pemantauan": [
        st.Page("pages/ringkasan.py", title="Ringkasan", icon=":material/dashboard:", default=True),
        st.Page("pages/aturan_mingguan.py", title="Aturan Mingguan", icon=":material/event_available:"),
        st.Page("pages/aktivitas.py", title="Aktivitas", icon=":material/bar_chart:"),
        st.Page("pages/wilayah.py", title="Wilayah", icon=":material/map:"),
    ],
    "Refleksi": [
        st.Page("pages/refleksi.py", title="Refleksi", icon=":material/psychology:"),
        st.Page("pages/laporan_dua_bulanan.py", title="Laporan Dua Bulanan", icon=":material/summarize:"),
        st.Page("pages/rencana_tindak_lanjut.py", title="Rencana Tindak Lanjut", icon=":material/checklist:"),
    ],
    "Penggerak & Program": [
        st.Page("pages/penggerak.py", title="Penggerak", icon=":material/person_celebrate:"),
        st.Page("pages/program_upt.py", title="Program UPT", icon=":material/calendar_month:"),
    ],
}
# Kualitas Data is for everyone (scoped rows); its mapping actions are drawn for admin only.
sections["Data"] = [st.Page("pages/kualitas_data.py", title="Kualitas Data", icon=":material/fact_check:")]
if peek_scope().is_admin:
    sections["Data"].insert(0, st.Page("pages/unggah_data.py", title="Unggah Data", icon=":material/upload_file:"))
st.navigation(sections).run()
