"""Issue 17 items 1-2 in AppTest: the IKM list (Ringkasan, Wilayah) and participation (Aktivitas, Aturan
Mingguan) sit in lazy expanders; opened, each shows its table without an exception, closed it runs nothing."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import TIMEOUT
from tests.support import ROOT

PAGES = [("ringkasan", "ringkasan_ikm", "Sekolah IKM tanpa komunitas belajar"),
         ("wilayah", "wilayah_ikm", "Sekolah IKM tanpa komunitas belajar"),
         ("aktivitas", "aktivitas_partisipasi", "Partisipasi anggota per kab/kota"),
         ("aturan_mingguan", "aturan_partisipasi", "Partisipasi rendah")]


@pytest.mark.parametrize("halaman,kunci,label", PAGES)
def test_the_expander_opens_without_errors(loaded_store: Path, halaman: str, kunci: str, label: str) -> None:
    at = AppTest.from_file(str(ROOT / f"pages/{halaman}.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception and label in [e.label for e in at.expander]
    shown = len(at.dataframe) + len(at.info)
    at.session_state[kunci] = True
    at.run()
    assert not at.exception
    assert len(at.dataframe) + len(at.info) == shown + 1  # its table (or its plain "nothing here")
