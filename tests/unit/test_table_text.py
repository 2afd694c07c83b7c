"""What a table shows on screen (issue 15 item 7): every query column has an Indonesian label, code columns show
their labels, counts get a `.` thousands separator; the data itself (and so the downloads) stays as stored."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from queries.runner import query_names, run_query
from store.database import open_readonly
from tests.fixtures.security import PERIOD
from ui.table import KOSONG, RIBUAN, _display, label_kolom, label_unik
from vocab import JENIS_KEGIATAN_UPT, KIND_LABELS, KINDS, KOMPONEN, KOMPONEN_LABEL

CODE = re.compile(r"[a-z]+(_[a-z]+)+")


def test_every_column_of_every_query_has_a_label_without_codes(security_store: Path) -> None:
    con = open_readonly(security_store)
    try:
        checked = 0
        for name in query_names():
            cols = run_query(con, name, PERIOD).columns
            _, config = _display(pd.DataFrame({c: pd.Series([], dtype="object") for c in cols}))
            for col, cfg in config.items():
                assert not CODE.search(cfg["label"]), (name, col, cfg["label"])
            checked += 1
    finally:
        con.close()
    assert checked == len(query_names())


def test_code_columns_show_labels_and_the_data_keeps_codes() -> None:
    df = pd.DataFrame({
        "komponen": list(KOMPONEN[:2]) + [None],
        "jenis_data": ["survei_kebutuhan", "kegiatan_upt", None],
        "jenis_kegiatan": [JENIS_KEGIATAN_UPT[5], "peningkatan kapasitas daring", None],
        "jenis": ["daring_pmm", "dalam_sekolah", None],
        "jumlah_kegiatan": [3, 1500, 1_234_567],
    })
    shown, config = _display(df)
    assert shown["komponen"].tolist()[:2] == [KOMPONEN_LABEL[k] for k in KOMPONEN[:2]]
    assert pd.isna(shown["komponen"].iloc[2])  # the grid shows its placeholder, not "None"
    assert shown["jenis_data"].tolist()[:2] == ["Survei kebutuhan penggerak", "Kegiatan/kehadiran UPT"]
    assert shown["jenis_kegiatan"].tolist()[:2] == ["Sosialisasi", "Peningkatan kapasitas daring"]
    assert shown["jenis"].tolist() == ["Daring (PMM)", "Dalam sekolah", "Tidak diketahui"]
    assert config["jumlah_kegiatan"]["type_config"]["format"] == RIBUAN
    assert df["komponen"].tolist()[:2] == list(KOMPONEN[:2])  # what the downloads are made of is untouched
    for value in shown.drop(columns="jumlah_kegiatan").stack():
        assert not CODE.fullmatch(str(value)), value


def test_thousands_format_is_streamlits_printf_with_a_dot_separator() -> None:
    # Streamlit's sprintf: `'x` sets the pad character, `,` groups thousands with it as separator (when no
    # width is given nothing is padded). Both must stay in the format for `1.234.567`.
    assert RIBUAN.startswith("%'.,") and RIBUAN.endswith("d")
    assert KOSONG == "–"


def test_mapping_editor_labels_are_words_and_unique() -> None:
    kolom = ["id_komunitas", "nama_komunitas", "tanggal", "durasi_menit", "hal_baik", "jumlah_komunitas"]
    labels = label_unik(kolom)
    assert labels["tanggal"] == "Tanggal" and labels["durasi_menit"] == "Durasi (menit)"
    assert labels["hal_baik"] == "Refleksi: Hal baik"
    assert len(set(labels.values())) == len(kolom)
    assert label_kolom("survei_baru_sekali") == "Survei baru sekali"
    for kind in KINDS:
        assert not CODE.fullmatch(KIND_LABELS[kind])


def test_table_shows_dashes_for_missing_cells() -> None:
    """table() itself: the grid gets the placeholder for empty cells and the code columns' labels."""
    from streamlit.testing.v1 import AppTest

    def script() -> None:
        from types import SimpleNamespace

        import pandas as pd

        from ui.table import table

        df = pd.DataFrame({"nama_komunitas": ["KKG 1", None], "komponen": ["hal_baik", None],
                           "tanggal": [pd.Timestamp("2022-08-01"), pd.NaT], "jumlah_kegiatan": [1234, 5]})
        table(SimpleNamespace(export_info=lambda: None), df, "uji", "uji")

    at = AppTest.from_function(script).run()
    assert not at.exception
    grid = at.dataframe[0]
    assert grid.proto.placeholder == KOSONG
    assert grid.value["komponen"].tolist()[0] == "Hal baik"
    assert "hal_baik" not in grid.value.to_string()
