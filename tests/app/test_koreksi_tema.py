"""AppTest of theme corrections (issue 18) on the loaded Refleksi fixture: who sees the correction controls, the
"Perlu ditinjau" panel, the counts after a correction, "Terapkan N koreksi" (a new lexicon version), and a saved
report version that stays as saved while the draft follows the live counts.

Clicks inside the data editor cannot be made in AppTest; tests/browser/test_koreksi_tema.py makes them."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from edits import koreksi_tema
from queries.runner import run_query
from store.database import open_readonly
from tests.app.conftest import logged_in
from tests.fixtures import refleksi
from tests.support import ROOT

USERS = refleksi.USERS
TIMEOUT = 60
WALI = "wali.bandung@bbgp-jabar.id"
RUTIN = "Pertemuan rutin tiap Kamis"  # hal_baik of a 32.04 community, "pertemuan rutin terjadwal" by the classifier
BERBAGI = "berbagi praktik baik antar guru"


@pytest.fixture
def loaded_store(refleksi_store: Path, use_store) -> Path:
    return use_store(refleksi_store)


def page(path: str, email: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=TIMEOUT)
    return (logged_in(at, email) if email else at).run()


def item(db: Path, butir: str) -> pd.Series:
    con = open_readonly(db)
    try:
        df = run_query(con, "reflection_review", refleksi.NOV_DES)
    finally:
        con.close()
    return df[df["butir"] == butir].iloc[0]


def editors(at: AppTest) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe if "pilih" in d.value.columns]


def ranking_row(at: AppTest, tema: str) -> pd.Series:
    hal_baik = next(d.value for d in at.dataframe if "persen_komunitas" in d.value.columns)
    return hal_baik[hal_baik["tema"] == tema].iloc[0]


def test_admin_corrects_sees_counts_change_and_teaches_a_new_lexicon_version(loaded_store: Path) -> None:
    at = page("pages/refleksi.py")
    assert not at.exception, at.exception
    # the drill-down and the review panel are correction tables: a "Pilih" column and one "Tetapkan tema" button each
    assert len(editors(at)) == 2
    assert {b.label.split(" (")[0] for b in at.button} >= {"Tetapkan tema"}
    tinjau = editors(at)[1]
    assert not tinjau["yakin"].any() and list(tinjau["skor"]) == sorted(tinjau["skor"])
    sebelum = ranking_row(at, "pertemuan rutin terjadwal")

    r = item(loaded_store, RUTIN)
    koreksi_tema.catat(loaded_store, [(r["id_refleksi"], r["butir"])], BERBAGI, "lokal", "admin", None)
    at.run()
    assert not at.exception, at.exception
    sesudah = ranking_row(at, "pertemuan rutin terjadwal")
    assert sesudah["jumlah_butir"] == sebelum["jumlah_butir"] - 1
    assert ranking_row(at, BERBAGI)["jumlah_butir"] >= 1
    log = next(d.value for d in at.dataframe if "tema_baru" in d.value.columns)
    assert list(log[["butir", "tema_lama", "tema_baru"]].itertuples(index=False, name=None)) == [
        (RUTIN, "pertemuan rutin terjadwal", BERBAGI)]

    tombol = next(b for b in at.button if b.label == "Terapkan 1 koreksi ke pengelompokan")
    tombol.click().run()
    assert not at.exception, at.exception
    assert any(s.value.startswith("Leksikon versi 2 tersimpan dengan 1 koreksi sebagai contoh") for s in at.success)
    assert not [b for b in at.button if b.label.startswith("Terapkan ")]
    assert "Leksikon versi 2." in [c.value for c in at.caption]


def test_a_wali_corrects_in_their_region_but_never_teaches(loaded_store: Path) -> None:
    at = page("pages/refleksi.py", WALI)
    assert not at.exception, at.exception
    assert editors(at)  # a wali may correct the items of their kab/kota
    for df in editors(at):
        assert not set(df["nama_komunitas"]) & {"MGMP Matematika SMP Kota Bandung", "Kombel SMAN 3 Bandung"}
    assert not [b for b in at.button if b.label.startswith("Terapkan ")]
    assert any("hanya dapat diubah oleh admin atau pimpinan" in i.value for i in at.info)


def test_a_saved_report_version_stays_while_the_draft_follows_a_correction(loaded_store: Path) -> None:
    at = page("pages/laporan_dua_bulanan.py")
    assert any("Belum ada versi tersimpan" in c.value for c in at.caption)
    at.button(key="laporan_simpan").click().run()
    assert not at.exception, at.exception
    assert any(s.value.startswith("Draf tersimpan sebagai versi 1.") for s in at.success)
    assert at.selectbox(key="laporan_versi_pilih").options[0].startswith("Versi 1 ·")

    def rutin(df: pd.DataFrame) -> int:  # "pertemuan rutin terjadwal" is a hal_baik theme only
        return int(df.loc[df["tema"] == "pertemuan rutin terjadwal", "jumlah_butir"].iloc[0])

    def versi_1(at: AppTest) -> pd.DataFrame:  # the saved version's table: the last one with the report's wording
        return [d.value for d in at.dataframe if "teks" in d.value.columns][-1]

    awal = rutin(versi_1(at))
    assert rutin(at.dataframe[0].value) == awal  # the first report editor (hal_baik), live counts
    r = item(loaded_store, RUTIN)
    koreksi_tema.catat(loaded_store, [(r["id_refleksi"], r["butir"])], BERBAGI, "lokal", "admin", None)
    at = page("pages/laporan_dua_bulanan.py")
    assert not at.exception, at.exception
    assert rutin(versi_1(at)) == awal  # frozen as saved
    assert rutin(at.dataframe[0].value) == awal - 1  # the draft follows the correction
