"""Holiday weeks nobody has marked yet (METRICS §3.4: none by default, applied only when a user accepts them).

Two sources of suggestions: the school calendar (`data/kalender_libur.toml`, national holidays and the usual
semester breaks, edited by the admin) and the weeks in which far fewer communities met than usual
(`queries/minggu_mencurigakan.sql`). Aturan Mingguan offers each such week with a button that marks it
(`tawarkan`); the pages with headline figures say when unmarked suspicious weeks count in them (`peringatan`).
The rules are in docs/ATURAN.md, "Minggu libur".
"""
from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from ui import format as fmt
from ui.filters import holiday_options, set_libur
from ui.guard import PageContext

KALENDER = Path(__file__).resolve().parent.parent / "data" / "kalender_libur.toml"
HARI_SEKOLAH = 5  # Monday–Friday
HARI_LIBUR_MIN = 3  # a week is a suggested holiday week when at least this many of its school days are off
JENIS = ("nasional", "cuti_bersama", "sekolah")
HALAMAN_ATURAN = "pages/aturan_mingguan.py"


@dataclass(frozen=True)
class Entri:
    nama: str
    mulai: date
    sampai: date
    jenis: str


@dataclass(frozen=True)
class Kalender:
    entri: tuple[Entri, ...] = ()
    masalah: tuple[str, ...] = ()  # what was skipped and why, in Indonesian, for the admin who edits the file


@dataclass(frozen=True)
class Saran:
    """The unmarked weeks of the period that may be holidays, limited to the weeks the setting can hold."""

    mencurigakan: pd.DataFrame  # rows of minggu_mencurigakan
    kalender: dict[date, tuple[str, ...]] = field(default_factory=dict)  # calendar weeks without a drop
    nama_kalender: dict[date, tuple[str, ...]] = field(default_factory=dict)  # every calendar week's names
    masalah: tuple[str, ...] = ()

    @property
    def minggu(self) -> list[date]:
        return [pd.Timestamp(m).date() for m in self.mencurigakan["minggu"]]


def _tanggal(nilai: object) -> date | None:
    # tomllib gives a TOML date as date; a datetime is a date too, but a time has no place in a calendar
    return nilai if isinstance(nilai, date) and not hasattr(nilai, "hour") else None


def baca_kalender(path: Path = KALENDER) -> Kalender:
    """The calendar file; a broken file or entry is reported in `masalah`, never raised."""
    nama_berkas = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Kalender(masalah=(f"Berkas kalender libur {nama_berkas} tidak ada; saran kalender tidak tersedia.",))
    except (OSError, UnicodeDecodeError) as e:
        return Kalender(masalah=(f"Berkas kalender libur {nama_berkas} tidak dapat dibaca ({type(e).__name__}); "
                                 "saran kalender tidak tersedia.",))
    except tomllib.TOMLDecodeError as e:
        return Kalender(masalah=(f"Berkas kalender libur {nama_berkas} tidak dapat dibaca: penulisan TOML salah "
                                 f"({e}). Saran kalender tidak tersedia sampai berkas diperbaiki.",))
    daftar = data.get("libur")
    if not isinstance(daftar, list):
        return Kalender(masalah=(f"Berkas kalender libur {nama_berkas} tidak berisi daftar `libur`; "
                                 "saran kalender tidak tersedia.",))
    entri, masalah = [], []
    for i, e in enumerate(daftar, start=1):
        if not isinstance(e, dict):
            masalah.append(f"{nama_berkas}, entri ke-{i}: bukan tabel {{ nama = …, tanggal = … }}; dilewati.")
            continue
        nama = str(e.get("nama") or "").strip()
        mulai = _tanggal(e.get("mulai", e.get("tanggal")))
        sampai = _tanggal(e.get("sampai", e.get("tanggal", e.get("mulai"))))
        jenis = str(e.get("jenis") or "")
        label = f"{nama_berkas}, entri ke-{i}" + (f" ({nama})" if nama else "")
        if not nama:
            masalah.append(f"{label}: kolom `nama` kosong; dilewati.")
        elif mulai is None or sampai is None:
            masalah.append(f"{label}: `tanggal` (atau `mulai` dan `sampai`) harus tanggal TTTT-BB-HH; dilewati.")
        elif sampai < mulai:
            masalah.append(f"{label}: `sampai` lebih awal dari `mulai`; dilewati.")
        elif jenis not in JENIS:
            masalah.append(f"{label}: `jenis` harus salah satu dari {', '.join(JENIS)}; dilewati.")
        else:
            entri.append(Entri(nama, mulai, sampai, jenis))
    return Kalender(tuple(entri), tuple(masalah))


@st.cache_data(max_entries=4, show_spinner=False)
def _kalender(path: str, _ubah: int) -> Kalender:
    return baca_kalender(Path(path))


def kalender(path: Path = KALENDER) -> Kalender:
    """The calendar, read again whenever the admin has saved the file (keyed by its modification time)."""
    try:
        ubah = path.stat().st_mtime_ns
    except OSError:
        ubah = -1
    return _kalender(str(path), ubah)


def minggu_kalender(kal: Kalender, dari: date, sampai: date) -> dict[date, tuple[str, ...]]:
    """Mondays of the weeks overlapping [dari, sampai] in which at least HARI_LIBUR_MIN of the five school days are
    in a calendar entry, with the names of the entries that take one of those days."""
    senin_awal = dari - timedelta(days=dari.weekday())
    hasil: dict[date, tuple[str, ...]] = {}
    for e in kal.entri:
        if e.sampai < senin_awal or e.mulai > sampai:
            continue
        senin = max(e.mulai, senin_awal)
        senin -= timedelta(days=senin.weekday())
        while senin <= min(e.sampai, sampai):
            # named only where it takes a school day (Natal on a Sunday does not make the week a holiday)
            if e.mulai <= senin + timedelta(days=HARI_SEKOLAH - 1) and e.sampai >= senin:
                hasil.setdefault(senin, ())
                if e.nama not in hasil[senin]:
                    hasil[senin] += (e.nama,)
            senin += timedelta(weeks=1)
    return {m: nama for m, nama in sorted(hasil.items()) if _hari_libur(kal, m) >= HARI_LIBUR_MIN}


def _hari_libur(kal: Kalender, senin: date) -> int:
    hari = (senin + timedelta(days=i) for i in range(HARI_SEKOLAH))
    return sum(any(e.mulai <= d <= e.sampai for e in kal.entri) for d in hari)


def saran(page: PageContext, path: Path = KALENDER) -> Saran:
    """The unmarked suspicious weeks of the page's period and filters, and the calendar's other weeks."""
    kal = kalender(path)
    f = page.filters
    minggu_kal = minggu_kalender(kal, f.dari, f.sampai)
    df = page.query("minggu_mencurigakan", extra={"kalender_libur": tuple(minggu_kal)})
    # Only what the setting can hold (the Mondays of the loaded data): a week past the data is not a holiday.
    bisa = set(holiday_options(page))
    df = df.loc[df["minggu"].map(lambda m: pd.Timestamp(m).date() in bisa).astype(bool)].reset_index(drop=True)
    ditandai = {d - timedelta(days=d.weekday()) for d in f.libur}
    akhir = f.sampai - timedelta(days=(f.sampai.weekday() + 1) % 7)  # the last complete week's Sunday
    turun = {pd.Timestamp(m).date() for m in df["minggu"]}
    hanya_kalender = {m: n for m, n in minggu_kal.items()
                      if m in bisa and m not in ditandai and m not in turun and m + timedelta(days=6) <= akhir}
    return Saran(df, hanya_kalender, minggu_kal, kal.masalah)


def _tanggal_pendek(d: date) -> str:
    return f"{d.day}/{d.month}"


def _tandai(semua: tuple[date, ...]) -> None:
    set_libur(semua)


def _tombol(label: str, key: str, sudah: Iterable[date], tambah: Iterable[date], **kwargs: object) -> None:
    st.button(label, key=key, on_click=_tandai, args=(tuple(sorted({*sudah, *tambah})),), **kwargs)


def tawarkan(page: PageContext, path: Path = KALENDER) -> None:
    """Aturan Mingguan, beside the headline: each unmarked suspicious week, with a button that marks it (and one
    for all of them); then, apart and collapsed, the calendar's weeks in which activity did not drop."""
    s = saran(page, path)
    sudah = page.filters.libur
    n = len(s.mencurigakan)
    if n:
        with st.container(border=True, key="libur_saran"):
            st.warning(
                f"{fmt.angka(n)} minggu pada periode ini tampak seperti libur dan belum ditandai; angka aturan "
                "mingguan di atas menghitungnya sebagai minggu tanpa pertemuan. Tandai bila memang libur sekolah: "
                "minggu libur tidak dinilai.", icon=":material/event_busy:")
            for r in s.mencurigakan.itertuples():
                senin = pd.Timestamp(r.minggu).date()
                teks = (f"Minggu {senin:%d/%m/%Y}: {fmt.persen(r.persen_terpenuhi, 0)} bertemu "
                        f"(biasanya {fmt.persen(r.persen_biasa, 0)}) — mungkin libur. Tandai?")
                if r.disarankan_kalender:
                    nama = "; ".join(s.nama_kalender.get(senin, ()))
                    teks += f" Kalender libur juga mencantumkan: {fmt.polos(nama)}."
                kiri, kanan = st.columns([5, 1], vertical_alignment="center")
                kiri.markdown(teks)
                with kanan:
                    _tombol("Tandai libur", f"libur_tandai_{senin.isoformat()}", sudah, (senin,))
            if n > 1:
                _tombol(f"Tandai semua ({fmt.angka(n)} minggu)", "libur_tandai_semua", sudah, s.minggu,
                        type="primary")
    if s.kalender:
        with st.expander(f"Saran dari kalender libur: {fmt.angka(len(s.kalender))} minggu pada periode ini "
                         "(kegiatan tidak turun)", icon=":material/calendar_month:"):
            st.caption("Menurut kalender libur (hari libur nasional, cuti bersama, dan libur semester yang umum; "
                       "data/kalender_libur.toml), sebagian besar hari sekolah minggu ini libur, tetapi jumlah "
                       "komunitas yang bertemu tidak turun. Kalender pendidikan berbeda antarprovinsi: tandai hanya "
                       "bila sekolah di wilayah Anda memang libur.")
            for senin, nama in s.kalender.items():
                kiri, kanan = st.columns([5, 1], vertical_alignment="center")
                kiri.markdown(f"Minggu {senin:%d/%m/%Y}: " + fmt.polos("; ".join(nama)))
                with kanan:
                    _tombol("Tandai libur", f"libur_kalender_{senin.isoformat()}", sudah, (senin,))
    if s.masalah and page.scope.is_admin:
        with st.expander("Kalender libur: ada entri yang dilewati", icon=":material/warning:"):
            for m in s.masalah:
                st.caption(fmt.polos(m))


def peringatan(page: PageContext, path: Path = KALENDER) -> None:
    """Beside headline figures on other pages: unmarked suspicious weeks count in them; a link to mark them."""
    s = saran(page, path)
    if s.mencurigakan.empty:
        return
    tanggal = ", ".join(_tanggal_pendek(m) for m in s.minggu)
    st.warning(
        f"{fmt.angka(len(s.minggu))} minggu pada periode ini tampak seperti libur ({tanggal}) dan belum ditandai; "
        "angka aturan mingguan menghitungnya. Tandai di Aturan Mingguan.", icon=":material/event_busy:")
    try:
        st.page_link(HALAMAN_ATURAN, label="Tandai minggu libur di Aturan Mingguan", icon=":material/arrow_forward:")
    except StreamlitPageNotFoundError:  # a page run on its own, without the app's navigation (see ui/guard.py)
        st.caption("Buka halaman Aturan Mingguan dari menu untuk menandainya.")
