"""The Refleksi page's chart (issue 15 item 6): the top themes of every component as bars above the tables (which
stay, in an expander), the previous two-month block's share beside each bar, the page saying that its period is
the block chosen on it and not the sidebar's dates, and what "Skor" means. On the loaded Refleksi fixture: two
blocks, Sep–Okt and Nov–Des 2022."""
from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.fixtures import refleksi
from tests.support import ROOT
from ui import format as fmt
from ui.refleksi import TANPA_ISI, TEMA_TERATAS
from vocab import KOMPONEN_LABEL

USERS = refleksi.USERS
TIMEOUT = 60


@pytest.fixture
def loaded_store(refleksi_store: Path, use_store) -> Path:
    return use_store(refleksi_store)


def charts(at: AppTest) -> dict[str, dict]:
    """The page's charts by title."""
    out = {}
    for c in at.get("plotly_chart"):
        spec = json.loads(c.proto.spec)
        out[html.unescape(spec["layout"]["title"]["text"])] = spec  # titles are escaped for Plotly
    return out


def texts(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("caption", "info", "markdown") for e in getattr(at, kind))


def ranking(at: AppTest) -> pd.DataFrame:
    """Every table of the ranking (one tab per component, in the expander), with its component."""
    komponen = {v: k for k, v in KOMPONEN_LABEL.items()}
    return pd.concat([tab.dataframe[0].value.assign(komponen=komponen[tab.label]) for tab in at.tabs
                      if tab.label in komponen], ignore_index=True)


def test_top_themes_chart_per_component_with_the_previous_block(loaded_store: Path) -> None:
    at = AppTest.from_file(str(ROOT / "pages/refleksi.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="refleksi_periode").value == "2022-11/12"
    nov = ranking(at)
    assert not nov.empty  # the tables are still there, in their expander
    assert any("Tabel semua tema" in e.proto.label for e in at.expander)
    # the previous block's shares, read from the page itself on Sep–Okt
    at.selectbox(key="refleksi_periode").set_value("2022-09/10").run()
    sep = ranking(at)
    at.selectbox(key="refleksi_periode").set_value("2022-11/12").run()
    grafik = charts(at)
    dijawab_sep = set(sep["komponen"])
    drawn = 0
    for k, label in KOMPONEN_LABEL.items():
        top = nov[(nov["komponen"] == k) & ~nov["tema"].isin(TANPA_ISI)].sort_values("peringkat").head(TEMA_TERATAS)
        if top.empty:
            assert label not in grafik
            continue
        spec = grafik[label]
        bars = next(t for t in spec["data"] if t["type"] == "bar")
        assert [y.replace("<br>", " ") for y in bars["y"]] == list(top["tema"])
        assert bars["x"] == pytest.approx(list(top["persen_komunitas"]))
        ticks = [t for t in spec["data"] if t.get("mode") == "markers"]
        if k in dijawab_sep:  # a theme not named in Sep–Okt had 0 %
            lalu = dict(zip(sep.loc[sep["komponen"] == k, "tema"], sep.loc[sep["komponen"] == k, "persen_komunitas"]))
            expected = [lalu.get(t, 0.0) for t in top["tema"]]
            assert ticks and ticks[0]["x"] == pytest.approx(expected)
            text = next(t for t in spec["data"] if t.get("mode") == "text")["text"]
            beda = top["persen_komunitas"].iloc[0] - expected[0]
            assert text[0] == f"{fmt.persen(top['persen_komunitas'].iloc[0])} " \
                              f"({'+' if beda >= 0.05 else ''}{fmt.angka(beda, 1)} poin)"
        else:
            assert not ticks
        drawn += 1
    assert drawn >= 3
    assert "Garis hitam: persen pada periode sebelumnya (Sep–Okt 2022)" in texts(at)


def test_first_block_has_nothing_to_compare(loaded_store: Path) -> None:
    at = AppTest.from_file(str(ROOT / "pages/refleksi.py"), default_timeout=TIMEOUT).run()
    at.selectbox(key="refleksi_periode").set_value("2022-09/10").run()
    assert not at.exception, at.exception
    grafik = charts(at)
    assert grafik and not any(t.get("mode") == "markers" for s in grafik.values() for t in s["data"])
    assert "Periode sebelumnya (Jul–Agu 2022) belum ada refleksi untuk dibandingkan." in texts(at)


def test_the_page_says_which_period_and_what_skor_means(loaded_store: Path) -> None:
    at = AppTest.from_file(str(ROOT / "pages/refleksi.py"), default_timeout=TIMEOUT).run()
    shown = texts(at)
    assert "Halaman ini memakai periode refleksi Nov–Des 2022 (1 Nov 2022 – 31 Des 2022)" in shown
    assert "bukan rentang tanggal sidebar" in shown
    assert any("skor" in d.value.columns for d in at.dataframe)  # the column being explained is on the page
    assert "Skor = seberapa cocok butir dengan temanya" in shown
