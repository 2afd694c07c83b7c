"""Indonesian formats and the table's display/export split."""
from __future__ import annotations

from datetime import date

import pandas as pd

from ui import format as fmt
from ui.table import _display


def test_numbers_use_indonesian_separators() -> None:
    assert fmt.angka(1234) == "1.234"
    assert fmt.angka(1234567.25, 2) == "1.234.567,25"
    assert fmt.persen(56.3) == "56,3 %"
    assert fmt.persen(100) == "100,0 %"
    assert fmt.persen(None) == "–"
    assert fmt.angka(float("nan")) == "–"


def test_dates_and_months_in_indonesian() -> None:
    assert fmt.tanggal(date(2022, 8, 15)) == "15 Agu 2022"
    assert fmt.periode(date(2022, 8, 1), date(2022, 12, 25)) == "1 Agu 2022 – 25 Des 2022"
    assert fmt.bulan("2022-10") == "Okt 2022"
    assert fmt.minggu(date(2022, 8, 15)) == "Sen 15 Agu 2022"


def test_labels_for_stored_values() -> None:
    assert fmt.nilai("daring_pmm") == "Daring (PMM)"
    assert fmt.nilai("belajar bersama") == "Belajar bersama"
    assert fmt.nilai(None) == "Tidak diketahui"
    assert fmt.nama_kabkota("32.04") == "Kabupaten Bandung"


def test_table_shows_labels_and_indonesian_decimals_but_exports_stored_values() -> None:
    df = pd.DataFrame({
        "jenis": ["daring_pmm", "dalam_sekolah"],
        "rata_kegiatan_per_komunitas_aktif": [2.5, 1234.75],
        "jumlah_kegiatan": [3, 1500],
        "persen_terpenuhi": [66.7, None],
        "kegiatan_terakhir": [pd.Timestamp("2022-10-03"), None],
    })
    shown, config = _display(df)
    assert list(shown["jenis"]) == ["Daring (PMM)", "Dalam sekolah"]
    assert list(shown["rata_kegiatan_per_komunitas_aktif"]) == ["2,50", "1.234,75"]
    assert shown["jumlah_kegiatan"].tolist() == [3, 1500]  # counts stay sortable numbers
    assert config["persen_terpenuhi"]["type_config"]["type"] == "progress"
    assert list(df["jenis"]) == ["daring_pmm", "dalam_sekolah"]  # the export frame is untouched
