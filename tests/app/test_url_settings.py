"""A link's settings on a page run (issue 15 item 4): the threshold and holiday weeks of a link to Ringkasan apply
there, and bad values in a link are dropped quietly — the page shows what it shows without them, no error."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import TIMEOUT
from tests.support import ROOT

PERIODE = ["2022-08-01", "2022-08-28"]


def ringkasan(params: dict[str, str | list[str]]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages/ringkasan.py"), default_timeout=TIMEOUT)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    assert not at.error
    return at


def figures(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.proto.delta) for m in at.metric}


def test_threshold_and_holidays_of_a_link_apply_on_ringkasan(loaded_store: Path) -> None:
    biasa = ringkasan({"periode": PERIODE})
    longgar = ringkasan({"periode": PERIODE, "ambang": "50", "libur": "2022-08-15,2022-08-22"})
    aturan = "Memenuhi aturan mingguan"
    assert figures(longgar)[aturan] != figures(biasa)[aturan]
    assert "ambang 50" in next(m.help for m in longgar.metric if m.label == aturan)
    assert longgar.query_params["ambang"] == "50"  # kept in the URL
    assert longgar.query_params["libur"] == "2022-08-15,2022-08-22"


def test_bad_values_in_a_link_are_dropped_quietly(loaded_store: Path) -> None:
    biasa = ringkasan({"periode": PERIODE})
    buruk = ringkasan({"periode": PERIODE, "ambang": "250", "libur": "kemarin,2022-08-16", "jenis": "bukan jenis",
                       "jenjang": "S3", "kabkota": ["Kota Antah", "99.99"]})
    assert figures(buruk) == figures(biasa)
    for dropped in ("ambang", "libur", "jenis", "jenjang", "kabkota"):  # replaced by what the page shows
        assert dropped not in buruk.query_params, dropped
    rusak = ringkasan({"periode": ["2022-02-31", "x"]})  # a malformed period: the default one
    assert figures(rusak) == figures(ringkasan({}))
