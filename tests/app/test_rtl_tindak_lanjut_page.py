"""Rencana Tindak Lanjut page, RTL follow-through section (issue 17 item 3): the per kab/kota summary and the
per-community status of the store of tests/queries/test_rtl_tindak_lanjut.py, for the period chosen on the page."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from data_loaders import topik
from store import rollup
from tests.queries.test_rtl_tindak_lanjut import fill
from tests.support import new_store
from ui.refleksi import PERIODE_KEY

ROOT = Path(__file__).resolve().parent.parent.parent


def test_rtl_section_shows_statuses_for_the_chosen_period(store_template: Path, tmp_path: Path, use_store) -> None:
    def build(con) -> None:
        fill(con)
        rollup.rebuild(con)
        topik.perbarui(con)

    store = new_store(store_template, tmp_path).build(build)
    use_store(store.path)
    at = AppTest.from_file(str(ROOT / "pages/rencana_tindak_lanjut.py"), default_timeout=60).run()
    at.selectbox(key=PERIODE_KEY).set_value("2022-09/10").run()
    assert not at.exception, at.exception
    assert any(s.value == "Apakah rencana Sep–Okt 2022 dijalankan pada periode berikutnya?" for s in at.subheader)
    frames = {tuple(d.value.columns): d.value for d in at.dataframe}
    kabkota = next(df for cols, df in frames.items() if "persen_dijalankan" in cols)
    assert kabkota.set_index("kabkota")["dijalankan"].to_dict() == {"Kabupaten Bandung": 2,
                                                                     "Kabupaten Bandung Barat": 1}
    komunitas = next(df for cols, df in frames.items() if "tema_dijalankan" in cols)
    assert dict(zip(komunitas["nama_komunitas"], komunitas["status"])) == {  # shown as labels (ui/table.py)
        "Kombel A": "Dijalankan", "Kombel B": "Belum terlihat", "Kombel C": "Dijalankan",
        "Kombel D": "Tidak ada data", "Kombel E": "Tidak ada data", "Kombel F": "Dijalankan",
        "Kombel G": "Belum terlihat"}
    caption = "\n".join(c.value for c in at.caption)
    assert "3 dijalankan, 2 belum terlihat, 2 tidak ada data" in caption
    assert "1 Nov 2022 – 31 Des 2022" in caption
    store.close()
