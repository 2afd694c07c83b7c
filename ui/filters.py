"""The shared sidebar filters: period, kab/kota, jenis, jenjang.

Explicit keys, carried in the URL (`bind="query-params"`, which writes the labels people read,
e.g. `?kabkota=Kota+Bandung`) so a view can be shared, and kept across page switches. The kab/kota
choices come from the `kabkota_options` query, i.e. only the user's region; a URL naming another
kab/kota is dropped by the widget, and the runner intersects with the scope anyway.
Weekly-rule settings (threshold, holiday weeks) are drawn on the Aturan Mingguan page but apply
everywhere, so the guard reads them from the session.
"""
from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from queries.runner import Filters
from vocab import JENIS_LABEL, JENJANG

if TYPE_CHECKING:
    from ui.guard import PageContext

SEMUA = "semua"
AMBANG_KEY = "aturan_ambang"
LIBUR_KEY = "aturan_libur"
_SIMPAN = "simpan_"  # session key prefix of the value a widget last had, on whatever page


def _remember(key: str) -> None:
    st.session_state[_SIMPAN + key] = st.session_state[key]


def remembered(key: str, default: Any = None) -> Any:
    return st.session_state.get(_SIMPAN + key, default)


def set_libur(weeks: Collection[date]) -> None:
    """Make `weeks` (Mondays) the holiday-weeks setting, e.g. from a button's on_click when a suggestion is
    accepted: both the widget's value and the remembered one, so every page applies it from the next run."""
    value = sorted(set(weeks))
    st.session_state[LIBUR_KEY] = value
    st.session_state[_SIMPAN + LIBUR_KEY] = value


def persistent(widget: Callable[..., Any], label: str, *, key: str, allowed: Collection | None = None,
               **kwargs: Any) -> Any:
    """A widget whose value follows the user from page to page.

    With st.navigation each page draws its own instance of a shared widget, and in Streamlit 1.67 the
    first run of a newly opened page returns the default even with `persist_state="session"`
    (seen in the browser), so the last value is kept under a separate key and put back before drawing.
    """
    saved = st.session_state.get(_SIMPAN + key)
    if saved is not None:
        if isinstance(saved, list) and allowed is not None:
            saved = [v for v in saved if v in allowed]  # options may differ after a data load
        if allowed is None or isinstance(saved, list) or saved in allowed:
            st.session_state[key] = saved
            kwargs.pop("value", None)  # the session value rules; a default as well would only warn
    value = widget(label, key=key, on_change=_remember, args=(key,), persist_state="session", **kwargs)
    st.session_state[_SIMPAN + key] = value
    return value


def sidebar_filters(default: tuple[date, date], kabkota: pd.DataFrame) -> Filters:
    sb = st.sidebar
    sb.header("Filter")
    dari_default, sampai_default = default
    periode = persistent(
        sb.date_input, "Periode", key="periode", value=(dari_default, sampai_default), format="DD/MM/YYYY",
        bind="query-params", help="Aturan mingguan hanya menilai minggu lengkap (Senin–Minggu) di dalam periode.",
    )
    if isinstance(periode, (tuple, list)) and len(periode) == 2:
        dari, sampai = sorted(periode)  # a link typed by hand may carry them the other way round
    else:  # the user has picked only the start so far
        dari = periode[0] if isinstance(periode, (tuple, list)) and periode else dari_default
        sampai = max(dari, sampai_default)
        sb.caption("Pilih juga tanggal akhir periode.")

    nama = dict(zip(kabkota["kode_kabkota"], kabkota["kabkota"])) if not kabkota.empty else {}
    pilihan = persistent(
        sb.multiselect, "Kabupaten/kota", key="kabkota", allowed=nama, options=list(nama),
        format_func=lambda k: nama.get(k, k), placeholder="Semua kab/kota di wilayah Anda", bind="query-params",
    )
    jenis_opsi = (SEMUA, *JENIS_LABEL)
    jenis = persistent(
        sb.selectbox, "Jenis komunitas", key="jenis", allowed=jenis_opsi, options=jenis_opsi,
        format_func=lambda j: "Semua jenis" if j == SEMUA else JENIS_LABEL[j], bind="query-params",
    )
    jenjang_opsi = (SEMUA, *JENJANG)
    jenjang = persistent(
        sb.selectbox, "Jenjang", key="jenjang", allowed=jenjang_opsi, options=jenjang_opsi,
        format_func=lambda j: "Semua jenjang" if j == SEMUA else j, bind="query-params",
    )
    return Filters(
        dari=dari,
        sampai=sampai,
        kabkota=tuple(pilihan),
        jenis=None if jenis == SEMUA else jenis,
        jenjang=None if jenjang == SEMUA else jenjang,
        ambang=float(remembered(AMBANG_KEY, 100.0)),
        libur=tuple(sorted(remembered(LIBUR_KEY, []))),
    )


def mondays(dari: date, sampai: date) -> list[date]:
    first = dari - timedelta(days=dari.weekday())
    return [first + timedelta(weeks=i) for i in range((sampai - first).days // 7 + 1)]


def holiday_options(page: PageContext) -> list[date]:
    """Mondays over all loaded activity (not the period), so a chosen holiday survives a period change."""
    awal, akhir = page.info.get("tanggal_awal"), page.info.get("tanggal_akhir")
    if pd.isna(awal) or pd.isna(akhir):
        return mondays(page.filters.dari, page.filters.sampai)
    return mondays(pd.Timestamp(awal).date(), pd.Timestamp(akhir).date())
