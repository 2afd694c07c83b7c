"""Entry point: page config and navigation. Every page guards itself (ui.require_scope).

The same file is also the server: `streamlit run dashboard.py` finds the `st.App` below (Streamlit serves a
file that defines one through uvicorn) and imports this file as the module `dashboard`, which builds only the
ASGI app — Streamlit wrapped in the access gate (ui/akses.py: without login, only a browser holding the
token cookie reaches Streamlit) — and prints the address to open. Streamlit then runs this same file as the
page script, as `__main__`: the navigation below. AppTest runs it as `__main__` too.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import akses, guard, peek_scope

ICON = Path(__file__).resolve().parent / "data" / "ikon_kombel.png"

if __name__ != "__main__":  # imported to be served (`streamlit run dashboard.py`, uvicorn dashboard:app)
    akses.token()  # an unusable $KOMBEL_TOKEN stops the start here, with its reason
    from starlette.middleware import Middleware

    from ui.bahasa import HtmlLang

    app = st.App("dashboard.py", middleware=[*akses.middleware(), Middleware(HtmlLang)], lifespan=akses.lifespan)
else:
    # A bundled image: a :material/ or emoji page_icon makes the browser fetch the favicon from a Google/CDN host,
    # which an intranet install cannot reach (no request may leave the machine).
    st.set_page_config(page_title="Dasbor Komunitas Belajar", page_icon=str(ICON), layout="wide")

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
    # Kualitas Data is for everyone (scoped rows); its mapping actions are drawn for admin only. The admin pages
    # are registered for everyone but listed only for admins: a link to one (a bookmark opened before login)
    # reaches its own guard, which asks to log in or says it is for admins, instead of "Page not found".
    admin = "visible" if peek_scope().is_admin else "hidden"
    sections["Data"] = [
        st.Page("pages/unggah_data.py", title="Unggah Data", icon=":material/upload_file:", visibility=admin),
        st.Page("pages/kualitas_data.py", title="Kualitas Data", icon=":material/fact_check:"),
        st.Page("pages/pengguna.py", title="Pengguna", icon=":material/manage_accounts:", visibility=admin),
    ]
    guard.navigation(sections).run()
