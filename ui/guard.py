"""The guard every page file calls first: who is asking, the store, the sidebar filters.

It works on its own, so a page opened directly by URL on a fresh server (before any session
ran `st.navigation`) is guarded exactly like one reached through the menu.
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from queries.runner import Filters
from queries.scope import ADMIN, NOBODY, Scope, UsersFileError, registry, scope_for, users_file
from store import cow, database
from ui import akses, data, first_start
from ui import format as fmt
from ui.filters import sidebar_filters


@dataclass(frozen=True)
class PageContext:
    """What a page needs: the user's scope, the chosen filters, the data info, and `query`."""

    title: str
    scope: Scope
    filters: Filters
    info: dict
    path: Path
    version: str
    kabkota_names: dict[str, str]

    def query(self, name: str, extra: dict | None = None, **filter_overrides: object) -> pd.DataFrame:
        filters = dataclasses.replace(self.filters, **filter_overrides) if filter_overrides else self.filters
        items = tuple(sorted((extra or {}).items()))
        return data.cached_query(str(self.path), self.version, name, filters, self.scope, items)  # a fresh copy

    def query_uncached(self, name: str, extra: dict | None = None) -> pd.DataFrame:
        """`query` without the cache, for a result only a download needs (possibly millions of rows)."""
        return data.query(str(self.path), self.version, name, self.filters, self.scope,
                          tuple(sorted((extra or {}).items())))

    @property
    def kosong(self) -> bool:
        """Nothing to show in the user's region (empty store, or no community there yet)."""
        return not int(self.info.get("jumlah_komunitas") or 0)

    @property
    def periode(self) -> str:
        return fmt.periode(self.filters.dari, self.filters.sampai)

    def lingkup(self) -> str:
        if self.scope.kabkota is None:
            return "Semua kab/kota UPT"
        return ", ".join(fmt.nama_kabkota(k) for k in self.scope.kabkota) or "Tidak ada"

    def export_info(self) -> dict[str, str]:
        f = self.filters
        return {
            "Periode": self.periode,
            "Kabupaten/kota": ", ".join(fmt.nama_kabkota(k) for k in f.kabkota) or "Semua",
            "Jenis komunitas": fmt.jenis(f.jenis),
            "Jenjang": f.jenjang or "Semua jenjang",
            "Ambang aturan mingguan": fmt.persen(f.ambang, 0),
            "Minggu libur": ", ".join(fmt.tanggal(d) for d in f.libur) or "Tidak ada",
            "Lingkup pengguna": f"{self.scope.peran_label}: {self.lingkup()}",
            "Data per": self.diperbarui_pada(),
            "Data contoh": "Ya" if self.info.get("data_contoh") else "Tidak",
        }

    def diperbarui_pada(self) -> str:
        raw = self.info.get("diperbarui_pada")
        try:
            t = datetime.fromisoformat(str(raw))
        except ValueError:
            return "–"
        return f"{fmt.tanggal(t.date())} {t:%H.%M}"


def auth_configured() -> bool:
    return akses.auth_configured()


def _provider() -> str | None:
    """`[auth.NAME]` names a provider for `st.login(NAME)`; keys directly in `[auth]` need none."""
    auth = st.secrets["auth"]
    return next((k for k, v in auth.items() if hasattr(v, "items")), None)


def peek_scope() -> Scope:
    """The current user's scope without drawing anything (for the navigation menu)."""
    if auth_configured():
        user = st.user.to_dict()
        if not user.get("is_logged_in", False):
            return NOBODY
        try:
            return scope_for(user.get("email"), users_file(), database.db_path(None))
        except UsersFileError:
            return NOBODY
    return ADMIN if akses.session_proven() else NOBODY


def _resolve_scope() -> Scope:
    """The user's scope, or stop the run with a login button / a polite refusal."""
    if not auth_configured():
        # Mode lokal: admin for the browser that opened the token address printed at start (ui/akses.py; the
        # gate around Streamlit already refused any other request — this checks the session's own handshake).
        if akses.session_proven():
            st.sidebar.caption("Mode lokal (tanpa login)")
            return ADMIN
        st.error(
            "Dasbor ini berjalan tanpa login, sehingga data hanya ditampilkan di peramban komputer yang "
            "menjalankannya, melalui alamat bertoken yang tercetak di terminal saat dasbor dimulai. "
            "Administrator: aktifkan login (bagian [auth] di .streamlit/secrets.toml) agar dasbor dapat dibuka "
            "dari komputer lain."
        )
        st.stop()
    user = st.user.to_dict()
    if not user.get("is_logged_in", False):
        st.info("Silakan masuk dengan akun belajar.id Anda untuk melihat data komunitas belajar.")
        st.button("Masuk dengan akun belajar.id", key="guard_masuk", type="primary",
                  on_click=st.login, args=(_provider(),))
        st.stop()
    # A provider that does not vouch for the address (email_verified false) gets no data.
    email = str(user.get("email") or "") if user.get("email_verified", True) is not False else ""
    try:  # the app state's list once edited on the Pengguna page, else the users file (queries/scope.py)
        daftar = registry(users_file(), database.db_path(None))
    except UsersFileError as e:
        st.error("Daftar pengguna tidak dapat dibaca:")
        st.text(str(e))
        st.stop()
    scope = daftar.users.get(email.strip().casefold(), NOBODY) if email else NOBODY
    if not scope.is_registered:
        if email and email.strip().casefold() in daftar.ditolak:  # e.g. a kab/kota code with a typo
            st.warning("Akun Anda ada di daftar pengguna, tetapi isiannya tidak valid, sehingga belum diberi "
                       "akses. Mohon hubungi admin UPT agar isian akun Anda diperbaiki.")
            st.text(daftar.ditolak[email.strip().casefold()])
        else:
            st.warning(
                "Akun Anda belum terdaftar sebagai pengguna dasbor ini. Mohon hubungi admin UPT agar akun "
                "Anda ditambahkan beserta wilayah tugas Anda."
            )
        st.text(f"Akun: {email or '(tanpa email)'}")
        st.button("Keluar", key="guard_keluar", on_click=st.logout)
        st.stop()
    st.sidebar.text(f"Masuk sebagai {email}\n{scope.peran_label}")
    st.sidebar.button("Keluar", key="guard_keluar", on_click=st.logout)
    if scope.is_admin and daftar.ditolak:  # every page, until fixed: those users are refused meanwhile
        st.warning("Daftar pengguna: akun berikut tidak diberi akses karena isiannya tidak valid. Perbaiki di "
                   "halaman Pengguna atau di berkas pengguna.", icon=":material/person_alert:")
        st.text("\n".join(daftar.peringatan))
    return scope


@contextlib.contextmanager
def _store_usable() -> Iterator[None]:
    """A store that cannot be opened (corrupt, written by a newer version, a folder that cannot be written on a
    first start) stops the page with what to do, not a traceback."""
    try:
        yield
    except cow.StoreError as e:
        st.error(fmt.polos(e), icon=":material/error:")
        st.stop()
    except duckdb.Error as e:  # a damaged block met by the first queries
        err = cow.translate(e, database.db_path(None), writing=False)
        if err is None:
            raise
        st.error(fmt.polos(err), icon=":material/error:")
        st.stop()


_ROUTED, _PENDING = "navigasi_berjalan", "navigasi_tertunda"


def navigation(sections: dict[str, list]) -> st.Page:
    """dashboard.py's `st.navigation`, which also finishes a deep link that `_through_navigation` sent here."""
    current = st.navigation(sections)
    st.session_state[_ROUTED] = True
    if pending := st.session_state.pop(_PENDING, None):
        stem, params = pending
        for page in (p for pages in sections.values() for p in pages):
            if page.url_path == stem:
                st.switch_page(page, query_params=params)
    return current


def _through_navigation(page_file: str | None) -> None:
    """A deep link opened before any session ran dashboard.py makes Streamlit run the page file alone, under a
    menu of file names (pages/ routing). Such a run goes through dashboard.py instead, which then opens this
    page with the link's query (period, filters): the app's own menu from the first visit on."""
    ctx = get_script_run_ctx()
    if ctx is None or Path(ctx.main_script_path).name != "dashboard.py" or st.session_state.get(_ROUTED) \
            or page_file is None:
        return
    st.session_state[_PENDING] = (Path(page_file).stem, {k: st.query_params.get_all(k) for k in st.query_params})
    st.switch_page("dashboard.py")


def require_scope(title: str, *, admin_only: bool = False, sidebar_filters_shown: bool = True) -> PageContext:
    """Guard + shared layout for a page. Stops the run when the user may not see data."""
    _through_navigation(sys._getframe(1).f_globals.get("__file__"))
    # Also here, not only in dashboard.py: a page may run alone (AppTest; a deep link on a fresh server).
    st.set_page_config(page_title=f"{title} · Dasbor Komunitas Belajar", layout="wide")
    st.title(title)
    scope = _resolve_scope()
    database.set_actor(scope.email or "lokal")  # every write of this run keeps a version recorded as theirs
    if admin_only and not scope.is_admin:
        st.warning("Halaman ini hanya untuk admin UPT.")
        st.stop()

    # The run's only writes, each only when needed, before any read: the store file, then the sample data.
    with _store_usable():
        first_start.load_sample_if_empty(first_start.create_or_migrate_store())
        path, version = data.open_store()
        p, v = str(path), version
        dari, sampai = data.cached_default_period(p, v, scope)
        options = data.cached_query(p, v, "kabkota_options", Filters(dari, sampai), scope, ())
    names = dict(zip(options["kode_kabkota"], options["kabkota"]))
    filters = sidebar_filters((dari, sampai), options) if sidebar_filters_shown else Filters(dari, sampai)
    info_df = data.cached_query(p, v, "data_info", Filters(dari, sampai), scope, ())
    info = info_df.iloc[0].to_dict() if not info_df.empty else {}
    page = PageContext(title, scope, filters, info, path, version, names)

    jumlah_berkas = int(info.get("jumlah_berkas") or 0)
    if jumlah_berkas:
        st.caption(f"Data per {page.diperbarui_pada()}, {fmt.angka(jumlah_berkas)} berkas · "
                   f"Periode {page.periode}")
    else:
        st.caption("Belum ada berkas data yang dimuat.")
    if info.get("data_contoh"):
        lanjut = ("unggah data UPT Anda di halaman Unggah Data." if scope.is_admin
                  else "data UPT yang sebenarnya dimuat oleh admin UPT.")
        st.warning(f"Ini DATA CONTOH buatan, bukan data sebenarnya. Angka-angkanya hanya untuk mencoba dasbor; "
                   f"{lanjut}", icon="⚠️")
    if sidebar_filters_shown and not page.kosong:
        st.sidebar.download_button(
            "Unduh snapshot (ZIP)", data=functools.partial(data.snapshot, p, v, page.filters, scope,
                                                            info.get("diperbarui_pada")),
            file_name=f"snapshot_kombel_{page.filters.dari}_{page.filters.sampai}.zip", mime="application/zip",
            key="guard_snapshot", on_click="ignore", icon=":material/folder_zip:",
            help="Semua tabel dasbor untuk filter dan wilayah ini dalam satu ZIP, dengan manifest.json "
                 "(filter, lingkup, waktu data, berkas sumber, jumlah baris).")
        st.sidebar.download_button(
            "Unduh ringkasan cetak (HTML)", data=functools.partial(
                data.ringkas_cetak, p, v, page.filters, scope, page.diperbarui_pada(),
                bool(info.get("data_contoh"))),
            file_name=f"ringkasan_kombel_{page.filters.dari}_{page.filters.sampai}.html", mime="text/html",
            key="guard_ringkas_cetak", on_click="ignore", icon=":material/print:",
            help="Satu berkas HTML untuk rapat atau dicetak (A4), tanpa internet: angka utama, peta, tabel per "
                 "kab/kota, tema refleksi teratas dan daftar komunitas berisiko, untuk filter dan wilayah ini.")
    return page


def empty_state(page: PageContext) -> None:
    """Stop a page helpfully when there is nothing to show in the user's region."""
    if not page.scope.is_admin:
        st.info(
            f"Belum ada data komunitas belajar untuk wilayah Anda ({fmt.polos(page.lingkup())}). "
            "Data akan tampil di sini setelah admin UPT mengunggahnya."
        )
    else:
        st.info(
            "Belum ada data komunitas belajar. Unggah daftar komunitas dan laporan kegiatan di halaman "
            "Unggah Data; grafik dan tabel di halaman ini terisi otomatis."
        )
    st.stop()
