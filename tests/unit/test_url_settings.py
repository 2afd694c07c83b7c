"""Settings carried in the URL (issue 15 item 4): how a value is written and read back, and that a value a user
cannot have (malformed, out of range, an option that does not exist) is dropped instead of raising."""
from __future__ import annotations

from datetime import date

import pytest

from ui import filters
from ui.filters import decode, encode, parse_ambang, parse_libur

INVALID = filters._INVALID
JENIS = ["semua", "dalam_sekolah", "antar_sekolah"]
LABEL = {"semua": "Semua jenis", "dalam_sekolah": "Dalam sekolah", "antar_sekolah": "Antar sekolah"}.get
MONDAYS = [date(2022, 12, 19), date(2022, 12, 26), date(2023, 1, 2)]


@pytest.mark.parametrize(("value", "kind", "label", "options", "kwargs"), [
    ((date(2022, 8, 1), date(2022, 12, 25)), "date_input", str, None, {}),
    ((date(2022, 8, 1),), "date_input", str, None, {}),
    ("antar_sekolah", "selectbox", LABEL, JENIS, {}),
    (["32.04", "32.73"], "multiselect", {"32.04": "Kabupaten Bandung", "32.73": "Kota Bandung"}.get,
     ["32.04", "32.73", "32.17"], {}),
    ([date(2022, 12, 26), date(2023, 1, 2)], "multiselect", str, MONDAYS, {}),
    (True, "toggle", str, None, {}),
    (False, "toggle", str, None, {}),
    (82.5, "number_input", str, None, {"min_value": 0.0, "max_value": 100.0, "value": 100.0}),
    (30, "number_input", str, None, {"min_value": 1, "max_value": 60, "value": 30, "step": 5}),
])
def test_a_value_survives_the_url(value, kind, label, options, kwargs) -> None:
    assert decode(encode(value, kind, label), kind, options, label, kwargs) == value


def test_the_url_reads_as_people_write_it() -> None:
    assert encode("antar_sekolah", "selectbox", LABEL) == ["Antar sekolah"]
    assert encode([date(2023, 1, 2), date(2022, 12, 26)], "multiselect") == ["2022-12-26,2023-01-02"]
    assert encode(80.0, "number_input") == ["80"]
    assert encode((date(2022, 8, 1), date(2022, 12, 25)), "date_input") == ["2022-08-01", "2022-12-25"]
    # a label, the option's own text, any case
    assert decode(["antar SEKOLAH"], "selectbox", JENIS, LABEL) == "antar_sekolah"
    assert decode(["dalam_sekolah"], "selectbox", JENIS, LABEL) == "dalam_sekolah"
    assert decode(["2022-12-25,2022-08-01"], "date_input", None) == (date(2022, 8, 1), date(2022, 12, 25))
    assert parse_ambang(["80"]) == 80.0 and parse_ambang(["82,5"]) == 82.5
    assert parse_libur(["2023-01-02,2022-12-26"]) == [date(2022, 12, 26), date(2023, 1, 2)]


@pytest.mark.parametrize("raw", [["2022-13-01", "2022-12-25"], ["kemarin"], ["2022-08-01"] * 3, [""],
                                 ["2022-08-01,2022-08-02,2022-08-03"]])
def test_a_malformed_period_is_dropped(raw) -> None:
    assert decode(raw, "date_input", None) is INVALID


@pytest.mark.parametrize("raw", [["-5"], ["100.5"], ["abc"], ["nan"], ["inf"], [""], ["1e9"]])
def test_a_threshold_out_of_range_is_dropped(raw) -> None:
    assert parse_ambang(raw) is INVALID
    assert decode(raw, "number_input", None, str, {"min_value": 0.0, "max_value": 100.0}) is INVALID


def test_holiday_weeks_keep_only_mondays() -> None:
    assert parse_libur(["2022-12-27,bukan-tanggal,2023-01-02"]) == [date(2023, 1, 2)]  # a Tuesday, garbage
    assert parse_libur(["2022-12-27"]) is INVALID
    # drawn as a widget: only weeks on offer
    assert decode(["2022-12-26,2021-01-04"], "multiselect", MONDAYS) == [date(2022, 12, 26)]


def test_options_that_do_not_exist_are_dropped() -> None:
    kabkota = ["32.04", "32.17"]  # a wali's region
    label = {"32.04": "Kabupaten Bandung", "32.17": "Kabupaten Bandung Barat"}.get
    assert decode(["Kota Bandung"], "multiselect", kabkota, label) is INVALID
    assert decode(["Kota Bandung", "Kabupaten Bandung"], "multiselect", kabkota, label) == ["32.04"]
    assert decode(["jenis_baru"], "selectbox", JENIS, LABEL) is INVALID
    assert decode(["mungkin"], "toggle", None) is INVALID
    assert decode(["7.5"], "number_input", None, str, {"min_value": 1, "max_value": 60, "value": 30}) is INVALID
