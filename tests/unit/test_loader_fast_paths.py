"""The loader's vectorised steps (issue 19 item 4) give exactly what the plain Python steps they replace give:
Arrow's read of repeated and distinct columns equals the csv module's, Arrow's normal form of names equals
normal_text's, the duplicate search of insert_new keeps the first row of each key, and staging through Arrow
types every column as the pandas scan did."""
from __future__ import annotations

import csv
import io
import random
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from data_loaders import normalise as nz
from data_loaders.batch import insert_new, stage
from data_loaders.read import _from_rows, read_table


def _messy_csv(rows: int, seed: int) -> str:
    """A Google-Forms-like file: repeated labels with stray spaces, unique timestamps and links,
    blank and whitespace-only cells, blank rows, spreadsheet errors in one column."""
    rnd = random.Random(seed)
    kab = ["KAB. BANDUNG", " kota bandung", "Kab Garut ", "Kota Tual", "", "   "]
    topik = ["Asesmen", "asesmen ", "  Literasi", "#REF!", "Kurikulum Merdeka", ""]
    lines = ["Stempel waktu;Kabupaten / Kota;Topik;Tautan;Catatan"]
    for i in range(rows):
        if rnd.random() < 0.03:
            lines.append(";;;;")
            continue
        lines.append(";".join([
            f"01/{rnd.randint(1, 12):02d}/2024 08:{i % 60:02d}:{i % 59:02d} #{i}", rnd.choice(kab), rnd.choice(topik),
            f"https://drive.example/{i}" if rnd.random() < 0.9 else " ", rnd.choice(["", " x ", "y"]),
        ]))
    return "\n".join(lines) + "\n\n"


def test_arrow_read_equals_the_csv_module_for_repeated_and_distinct_columns():
    for rows, seed in ((40, 1), (25_000, 2)):  # the second passes the sample that picks the column's way
        text = _messy_csv(rows, seed)
        fast = read_table("kegiatan.csv", text.encode("utf-8"))
        general = _from_rows(list(csv.reader(io.StringIO(text.rstrip("\n")), delimiter=";")))
        assert fast.headers == general.headers == ["Stempel waktu", "Kabupaten / Kota", "Topik", "Tautan", "Catatan"]
        pd.testing.assert_frame_equal(fast.frame, general.frame, check_index_type=False)
        assert fast.frame.index.is_monotonic_increasing and fast.frame.index[-1] <= rows - 1  # blank rows left out
        assert fast.error_columns is not None and 2 in fast.error_columns
        assert not fast.error_columns & {0, 3}
        repeated = fast.frame[1].dropna()
        assert set(repeated) <= {"KAB. BANDUNG", "kota bandung", "Kab Garut", "Kota Tual"}


def test_cells_of_only_spaces_are_empty_and_an_all_blank_untitled_column_is_dropped():
    t = read_table("k.csv", b"Nama;Topik;\n A ;  ;\n   ;   ; \nB;x;\n")
    assert t.headers == ["Nama", "Topik"]
    assert t.frame.to_numpy(dtype=object).tolist() == [["A", None], ["B", "x"]]
    assert t.frame.index.tolist() == [0, 2]


def test_normal_texts_equal_normal_text():
    values = ["  Kombel  Merdeka-01 ", "ÉCOLE naïve", "a\nb", "", "---", "KKG Gugus 3 (SD)", "x\u200by", "İstanbul",
              "ß", "Komunitas\tBelajar\u00a0Ceria", "MGMP  IPA/Fisika, Kab. Garut", "Ｆｕｌｌ width", "ŁÓDŹ"]
    rnd = random.Random(3)
    values += ["".join(rnd.choice("aZ 9.-/é\n\u200b") for _ in range(rnd.randint(0, 12))) for _ in range(500)]
    assert nz.normal_texts(values) == [nz.normal_text(v) for v in values]
    assert nz.normal_texts([]) == []


def test_insert_new_keeps_the_first_row_of_each_new_key():
    con = duckdb.connect()
    con.execute("create table t (k varchar, j integer, v integer, sumber_baris integer)")
    con.execute("insert into t values ('a', 1, 0, 0)")
    rnd = random.Random(4)
    staged = [(rnd.choice(["a", "b", "c", None]), rnd.choice([1, 2, None]), i, i + 2) for i in range(300)]
    rnd.shuffle(staged)
    con.execute("create temp table st (k varchar, j integer, v integer, sumber_baris integer)")
    con.executemany("insert into st values (?, ?, ?, ?)", staged)
    first: dict[tuple, tuple] = {}
    for row in sorted(staged, key=lambda r: r[3]):
        first.setdefault((row[0], row[1]), row)
    expected = sorted([("a", 1, 0, 0)] + [r for key, r in first.items() if key != ("a", 1)], key=lambda r: r[3])
    added = insert_new(con, "t", ["k", "j"], "st", ["k", "j", "v", "sumber_baris"])
    assert added == len(expected) - 1
    assert con.execute("select * from t order by sumber_baris").fetchall() == expected
    con.execute("delete from st where k is null or j is null")  # a stored key is found again (never a null one)
    assert insert_new(con, "t", ["k", "j"], "st", ["k", "j", "v", "sumber_baris"]) == 0


def test_stage_types_every_column_as_before():
    con = duckdb.connect()
    frame = pd.DataFrame({
        "teks": pd.Series(["a", None, "c"], dtype=object),
        "kosong": pd.Series([None, None, None], dtype=object),
        "angka": [1.0, np.nan, 3.0],
        "tanggal": np.array(["2024-01-02", "NaT", "2024-03-04"], dtype="datetime64[D]"),
        "hari": pd.Series([date(2024, 1, 2), None, date(2024, 3, 4)], dtype=object),
        "ya": pd.Series([True, None, False], dtype=object),
        "str": pd.Series(["x", None, "z"], dtype="str"),
    })
    casts = {"teks": "varchar", "kosong": "varchar", "angka": "integer", "tanggal": "date", "hari": "date",
             "ya": "boolean", "str": "varchar"}
    stage(con, "_s", frame, casts)
    assert con.execute("select * from _s").fetchall() == [
        ("a", None, 1, date(2024, 1, 2), date(2024, 1, 2), True, "x"),
        (None, None, None, None, None, None, None),
        ("c", None, 3, date(2024, 3, 4), date(2024, 3, 4), False, "z"),
    ]
    # A column Arrow cannot type (text and numbers mixed) is still staged, as DuckDB's pandas scan reads it.
    mixed = pd.DataFrame({"campur": pd.Series(["12", 7, None], dtype=object)})
    stage(con, "_m", mixed, {"campur": "varchar"})
    assert con.execute("select * from _m").fetchall() == [("12",), ("7",), (None,)]


def test_map_unique_of_normal_text_is_normal_text_per_row():
    rnd = random.Random(6)
    values = [rnd.choice([None, "Kombel  Ceria", "KOMBEL ceria!", "Komunitas Belajar é", "x\u200by", "ß", "a\nb"])
              for _ in range(2000)]
    series = pd.Series(values, dtype=object, index=pd.RangeIndex(5, 2005))
    normal, errors = nz.map_unique(series, nz.normal_text)
    assert normal.index.equals(series.index) and errors.isna().all()
    assert [None if pd.isna(v) else v for v in normal] == [None if v is None else nz.normal_text(v) for v in values]
    blank, _ = nz.map_unique(pd.Series([None, None], dtype=object), nz.normal_text)
    assert blank.isna().all()
