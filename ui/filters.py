"""The shared sidebar filters (period, kab/kota, jenis, jenjang) and every other setting that changes a figure.

Explicit keys, kept across page switches (`persistent`) and carried in the URL, so a shared link shows the
receiver what the sender sees: `?periode=2022-08-01&periode=2022-12-25&kabkota=Kota+Bandung&jenis=Antar+sekolah
&ambang=80&libur=2022-12-26,2023-01-02&wilayah_ukuran=...`. The threshold and holiday weeks are drawn on Aturan
Mingguan only but apply everywhere, so every page writes them to its URL and reads them from it. A value a user
cannot have (a kab/kota outside their region, a threshold out of range, a malformed date) is dropped quietly;
the runner intersects with the scope anyway. Plain page widgets (not `persistent`) use `bind="query-params"`.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Collection
from datetime import date, timedelta
from functools import cache
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
_TERTULIS = "url_tertulis"  # what this session last wrote to each URL parameter
PARAM = {AMBANG_KEY: "ambang", LIBUR_KEY: "libur"}  # URL names that differ from the session key
AMBANG_BAWAAN = 100.0
AMBANG_BATAS = {"min_value": 0.0, "max_value": 100.0}  # the threshold widget's range, and a URL's
_YA, _TIDAK = "ya", "tidak"
_INVALID = object()
_AUTO = object()


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
               url_default: Any = _AUTO, url_label: Callable[[Any], str] | None = None, **kwargs: Any) -> Any:
    """A widget whose value follows the user from page to page and is carried in the URL.

    With st.navigation each page draws its own instance of a shared widget, and in Streamlit 1.67 the
    first run of a newly opened page returns the default even with `persist_state="session"`
    (seen in the browser), so the last value is kept under a separate key and put back before drawing.
    That put-back stops `bind="query-params"` from writing the URL (seen in the browser for the period), so
    the URL is read and written here instead (`from_url`, `to_url`): a URL value the session did not write
    itself (a shared link, an edited address) wins over the remembered one. The URL shows `url_label(value)`
    (default: the widget's format_func) and omits `url_default` (default: the widget's `value`/`default`).
    """
    kind = getattr(widget, "__name__", "")
    if url_default is _AUTO:
        url_default = kwargs.get("value", kwargs.get("default", False if kind in ("toggle", "checkbox") else None))
    label_of = url_label or kwargs.get("format_func") or str
    options = list(kwargs["options"]) if "options" in kwargs else (list(allowed) if allowed is not None else None)
    from_url(key, lambda raw: decode(raw, kind, options, label_of, kwargs))
    saved = st.session_state.get(_SIMPAN + key)
    if saved is not None:
        if isinstance(saved, list) and allowed is not None:
            saved = [v for v in saved if v in allowed]  # options may differ after a data load
        if allowed is None or isinstance(saved, list) or saved in allowed:
            st.session_state[key] = saved
            kwargs.pop("value", None)  # the session value rules; a default as well would only warn
    value = widget(label, key=key, on_change=_remember, args=(key,), persist_state="session", **kwargs)
    st.session_state[_SIMPAN + key] = value
    to_url(key, [] if _same(value, url_default) else encode(value, kind, label_of))
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return list(a) == list(b)
    return a == b


# --- the URL -------------------------------------------------------------------------------------------------

def from_url(key: str, parse: Callable[[list[str]], Any]) -> None:
    """Adopt the URL's value for `key` when this session did not write it (a link just opened). A value that
    does not parse is dropped quietly: the remembered (or default) value stays and replaces it in the URL."""
    param = PARAM.get(key, key)
    raw = st.query_params.get_all(param)
    if raw and raw != st.session_state.get(_TERTULIS, {}).get(param):
        value = parse(raw)
        if value is not _INVALID:
            st.session_state[_SIMPAN + key] = value


def to_url(key: str, encoded: list[str]) -> None:
    """Write `encoded` as the URL's values for `key` (none: the parameter is removed)."""
    param = PARAM.get(key, key)
    if st.query_params.get_all(param) != encoded:
        if encoded:
            st.query_params[param] = encoded
        else:
            del st.query_params[param]
    st.session_state.setdefault(_TERTULIS, {})[param] = encoded


def encode(value: Any, kind: str, label_of: Callable[[Any], str] = str) -> list[str]:
    """A widget value as URL values people can read: dates ISO, a range or a multiselect repeated, holiday weeks
    (a list of dates) joined by commas, a switch `ya`/`tidak`, a number without a needless `.0`."""
    if value is None:
        return []
    if kind in ("toggle", "checkbox"):
        return [_YA if value else _TIDAK]
    if kind == "number_input":
        return [f"{value:g}"]
    if isinstance(value, (list, tuple)):
        if kind != "date_input" and value and all(isinstance(v, date) for v in value):
            return [",".join(v.isoformat() for v in sorted(value))]
        return [v.isoformat() if isinstance(v, date) else str(label_of(v)) for v in value]
    return [value.isoformat() if isinstance(value, date) else str(label_of(value))]


def parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _number(text: str) -> float | None:
    try:
        x = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return x if math.isfinite(x) else None


def decode(raw: list[str], kind: str, options: list | None, label_of: Callable[[Any], str] = str,
           kwargs: dict | None = None) -> Any:
    """The widget value URL values stand for, or `_INVALID`. Options match by their label or their own text;
    items of a multiselect that match nothing are dropped."""
    kwargs = kwargs or {}
    if kind in ("toggle", "checkbox"):
        flag = raw[0].strip().casefold()
        return True if flag in (_YA, "1", "true") else False if flag in (_TIDAK, "0", "false") else _INVALID
    if kind == "number_input":
        x = _number(raw[0])
        lo, hi = kwargs.get("min_value"), kwargs.get("max_value")
        if x is None or (lo is not None and x < lo) or (hi is not None and x > hi):
            return _INVALID
        whole = all(isinstance(kwargs.get(k, 0), int) for k in ("value", "min_value", "max_value", "step"))
        return int(x) if whole and x.is_integer() else (_INVALID if whole else x)
    if kind == "date_input":
        dates = [parse_date(t) for r in raw for t in r.split(",")]
        if not 1 <= len(dates) <= 2 or None in dates:
            return _INVALID
        return tuple(sorted(dates))  # a link typed by hand may carry them the other way round
    if options is None:
        return _INVALID
    lookup: dict[str, Any] = {}
    for o in options:
        lookup[str(o).casefold()] = o
        if isinstance(o, date):
            lookup[o.isoformat()] = o
    for o in options:  # a label wins over another option's own text
        lookup[str(label_of(o)).strip().casefold()] = o
    if kind == "multiselect":
        texts = [t for r in raw for t in (r.split(",") if options and isinstance(options[0], date) else [r])]
        found = [lookup[t.strip().casefold()] for t in texts if t.strip().casefold() in lookup]
        return list(dict.fromkeys(found)) if found else _INVALID
    return lookup.get(raw[0].strip().casefold(), _INVALID)


def parse_ambang(raw: list[str]) -> Any:
    return decode(raw, "number_input", None, kwargs=AMBANG_BATAS)


def parse_libur(raw: list[str]) -> Any:
    """Holiday weeks are Mondays; other dates and malformed ones are dropped."""
    weeks = {d for r in raw for d in map(parse_date, r.split(",")) if d is not None and d.weekday() == 0}
    return sorted(weeks) if weeks else _INVALID


def weekly_rule_settings() -> tuple[float, tuple[date, ...]]:
    """Threshold and holiday weeks, from the URL of a link just opened or the session; written back to the URL
    on every page, as they apply everywhere while drawn on Aturan Mingguan only."""
    from_url(AMBANG_KEY, parse_ambang)
    from_url(LIBUR_KEY, parse_libur)
    ambang = float(remembered(AMBANG_KEY, AMBANG_BAWAAN))
    libur = tuple(sorted(remembered(LIBUR_KEY, [])))
    to_url(AMBANG_KEY, [] if ambang == AMBANG_BAWAAN else encode(ambang, "number_input"))
    to_url(LIBUR_KEY, encode(list(libur), "multiselect"))
    return ambang, libur


_ENTER_JS = """
export default function () {
  // Streamlit 1.67's date field commits a typed date on blur and on Escape, not on Enter.
  if (window.__kombelEnterTanggal) return;
  window.__kombelEnterTanggal = true;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !(event.target instanceof Element)) return;
    if (!event.target.closest('[data-testid="stDateInputField"]')) return;
    // Escape is the key Streamlit's field itself commits a typed date on (then the field keeps its focus).
    event.preventDefault();
    event.stopPropagation();
    event.target.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", code: "Escape", bubbles: true}));
  }, true);
}
"""


@cache
def _enter_component() -> Callable[..., Any]:
    return st.components.v2.component("kombel_enter_tanggal", js=_ENTER_JS)


def enter_applies_dates() -> None:
    """Enter applies a date typed into any date field of the page (once per browser tab)."""
    _enter_component()(key="kombel_enter_tanggal", height=0)


def sidebar_filters(default: tuple[date, date], kabkota: pd.DataFrame) -> Filters:
    sb = st.sidebar
    sb.header("Filter")
    dari_default, sampai_default = default
    periode = persistent(
        sb.date_input, "Periode", key="periode", value=(dari_default, sampai_default), format="DD/MM/YYYY",
        url_default=None,  # always in the URL: the default period moves with every load
        help="Aturan mingguan hanya menilai minggu lengkap (Senin–Minggu) di dalam periode. Ketik tanggal lalu "
             "tekan Enter, atau pilih di kalender.",
    )
    with sb:
        enter_applies_dates()
    if isinstance(periode, (tuple, list)) and len(periode) == 2:
        dari, sampai = sorted(periode)  # a link typed by hand may carry them the other way round
    else:  # the user has picked only the start so far
        dari = periode[0] if isinstance(periode, (tuple, list)) and periode else dari_default
        sampai = max(dari, sampai_default)
        sb.caption("Pilih juga tanggal akhir periode.")

    nama = dict(zip(kabkota["kode_kabkota"], kabkota["kabkota"])) if not kabkota.empty else {}
    pilihan = persistent(
        sb.multiselect, "Kabupaten/kota", key="kabkota", allowed=nama, options=list(nama),
        format_func=lambda k: nama.get(k, k), placeholder="Semua kab/kota di wilayah Anda",
    )
    jenis_opsi = (SEMUA, *JENIS_LABEL)
    jenis = persistent(
        sb.selectbox, "Jenis komunitas", key="jenis", allowed=jenis_opsi, options=jenis_opsi,
        format_func=lambda j: "Semua jenis" if j == SEMUA else JENIS_LABEL[j], url_default=SEMUA,
    )
    jenjang_opsi = (SEMUA, *JENJANG)
    jenjang = persistent(
        sb.selectbox, "Jenjang", key="jenjang", allowed=jenjang_opsi, options=jenjang_opsi,
        format_func=lambda j: "Semua jenjang" if j == SEMUA else j, url_default=SEMUA,
    )
    ambang, libur = weekly_rule_settings()
    return Filters(
        dari=dari,
        sampai=sampai,
        kabkota=tuple(pilihan),
        jenis=None if jenis == SEMUA else jenis,
        jenjang=None if jenjang == SEMUA else jenjang,
        ambang=ambang,
        libur=libur,
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
