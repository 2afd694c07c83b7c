"""The reader's Arrow codes (nz.factorize, nz.remember_factors) say exactly what pd.factorize says of the column
a loader step is handed, on real CSV bytes: dictionary-encoded and mostly-distinct columns, blank rows, a title
block above the header, cells that differ only in spaces, empty and spaces-only cells."""
from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from data_loaders import normalise as nz
from data_loaders.read import read_table


def _csv(rows: int, seed: int, blank_every: int = 0, title: bool = False) -> bytes:
    rnd = random.Random(seed)
    lines = ["Laporan Kombel UPT Jawa Barat 2024", ""] if title else []
    lines.append("Nama Komunitas;Kab/Kota;Tanggal;Tautan")
    for i in range(rows):
        if blank_every and i % blank_every == 3:
            lines.append(";;;")
            continue
        name = rnd.choice(["Kombel Mawar", " Kombel Mawar ", "KOMBEL Mélati", "", "   ", "Nama Komunitas",
                           f"Kombel {rnd.randrange(40)}"])
        kab = rnd.choice(["Kab. Bandung", "Kab. Bandung ", "", "Kota Bogor", "Kab/Kota"])
        day = rnd.choice([f"{rnd.randrange(1, 29)}/0{rnd.randrange(1, 9)}/2024", "Senin, 1 Januari 2024", ""])
        link = f"https://drive.google.com/{rnd.random():.12f}" if rnd.random() > 0.1 else " "
        lines.append(";".join([name, kab, day, link]))
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.mark.parametrize("rows,blank_every,title", [(25_000, 0, False), (25_000, 7, True), (40, 0, True),
                                                    (3, 0, False)])
def test_reader_codes_equal_pandas_factorize(rows: int, blank_every: int, title: bool) -> None:
    table = read_table("laporan.csv", _csv(rows, rows + blank_every, blank_every, title))
    assert table.headers == ["Nama Komunitas", "Kab/Kota", "Tanggal", "Tautan"]
    frame = pd.DataFrame({"x": table.frame[0]}, copy=False)  # a Batch's renamed column shares the cells
    columns = [frame["x"]] + [table.frame[i] for i in range(1, 4)]
    for column in columns:
        assert nz._known_factors(column) is not None  # the fast path is taken
        codes, uniques = nz.factorize(column)
        want_codes, want_uniques = pd.factorize(column)
        assert np.array_equal(codes, want_codes)
        assert list(uniques) == list(want_uniques)
        # The Arrow path of map_unique(normal_text) equals parsing the Python strings one by one.
        normal = nz.map_unique(column, nz.normal_text)[0]
        expected = [None if v is None else nz.normal_text(v) for v in column]
        assert [None if pd.isna(v) else v for v in normal] == expected


def test_a_changed_or_filtered_column_is_factorised_afresh() -> None:
    table = read_table("laporan.csv", _csv(5_000, 1))
    column = table.frame[1]
    changed = column.where(column != "Kota Bogor", None)
    assert nz._known_factors(changed) is None
    assert nz._known_factors(column[column.notna()]) is None
    codes, uniques = nz.factorize(changed)
    assert "Kota Bogor" not in list(uniques)
    assert np.array_equal(codes, pd.factorize(changed)[0])


@pytest.mark.parametrize("blank_every", [0, 7])
def test_entries_go_with_the_table(blank_every: int) -> None:
    """Nothing the cache keeps holds the cells alive: a table read and dropped (the app reads many) leaves no
    entry and no column behind, with every row kept (the cells are views of the read column) or blank rows left
    out (the cells are a copy)."""
    import gc
    import weakref
    gc.collect()
    before = len(nz._FACTORS)
    data = b"Nama;Kab\n" + b"".join(f"Kombel {i % 9};Kab {i % 3}\n".encode() for i in range(5_000))
    if blank_every:
        data += b";\nKombel 1;Kab 1\n"
    table = read_table("laporan.csv", data)
    assert len(table.frame) == 5_000 + (1 if blank_every else 0)
    assert len(nz._FACTORS) == before + 2
    nz.factorize(table.frame[0])  # computed and kept
    cells = weakref.ref(table.frame[0].to_numpy(dtype=object, copy=False).base)
    del table
    gc.collect()
    assert len(nz._FACTORS) == before
    assert cells() is None
