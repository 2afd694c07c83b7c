"""Aturan Mingguan's "Per kabupaten/kota" table (issue 19, brief H4): a lazy expander like the page's participation
one. Closed, the page does not compute the weekly rule per kab/kota a second time (~1.2 s nationally); opened, it
shows the per-kab/kota table with the numbers of progress_kabkota."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

import ui.data
from tests.app.conftest import TIMEOUT
from tests.support import ROOT


def test_closed_it_runs_nothing_opened_it_shows_the_table(loaded_store: Path, monkeypatch) -> None:
    asked: list[str] = []
    real = ui.data.run_query

    def counting(con, name, *args, **kwargs):
        asked.append(name)
        return real(con, name, *args, **kwargs)

    monkeypatch.setattr(ui.data, "run_query", counting)
    at = AppTest.from_file(str(ROOT / "pages/aturan_mingguan.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception and "Per kabupaten/kota" in [e.label for e in at.expander]
    assert "progress_kabkota" not in asked
    shown = len(at.dataframe)
    at.session_state["aturan_per_kabkota"] = True
    at.run()
    assert not at.exception
    assert "progress_kabkota" in asked
    assert len(at.dataframe) == shown + 1
    per_kabkota = [d.value for d in at.dataframe
                   if list(d.value.columns) == ["kabkota", "jumlah_komunitas", "komunitas_memenuhi_aturan",
                                                 "rata_persen_terpenuhi"]]
    assert len(per_kabkota) == 1 and per_kabkota[0]["jumlah_komunitas"].sum() > 0
