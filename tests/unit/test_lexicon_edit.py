"""The lexicon editor path at function level: edit -> save as version 2 -> every item reclassified."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from data_loaders.themes import (
    Lexicon,
    classify_pending,
    load_default_lexicon,
    reclassify_all,
)
from edits import lexicon as le
from queries.runner import Filters, run_query
from store.database import cursor, open_readonly, write_transaction
from tests.support import copy_store

RTL = "rencana_tindak_lanjut"


def read_current(db: Path) -> tuple[int, Lexicon]:
    """The lexicon as the Refleksi page reads it (query lexicon_current)."""
    con = open_readonly(db)
    try:
        return le.current(run_query(cursor(con), "lexicon_current", Filters(date.today(), date.today())))
    finally:
        con.close()


def items(path: Path) -> list[tuple]:
    con = open_readonly(path)
    try:
        return con.execute("select id_refleksi, nomor_butir, butir, tema, skor, versi_leksikon from butir_refleksi "
                           "order by id_refleksi, nomor_butir").fetchall()
    finally:
        con.close()


def theme_of(path: Path, butir: str) -> tuple[str, int]:
    return next((t, v) for _, _, b, t, _, v in items(path) if b == butir)


def test_edits_build_a_valid_lexicon() -> None:
    lex = load_default_lexicon()
    tema = lex.group_of(RTL).tema[0].nama
    added = le.add_keywords(lex, RTL, tema, ["  kunjungan   kelas ", "Kunjungan kelas", ""])
    assert added.group_of(RTL).tema[0].kata_kunci[-1] == "kunjungan kelas"
    assert len(added.group_of(RTL).tema[0].kata_kunci) == len(lex.group_of(RTL).tema[0].kata_kunci) + 1
    with pytest.raises(ValueError, match="Tidak ada kata kunci baru"):
        le.add_keywords(added, RTL, tema, ["kunjungan kelas"])
    with pytest.raises(ValueError, match="tidak ada"):
        le.add_keywords(lex, RTL, "tema fiktif", ["x"])

    baru = le.add_theme(lex, "risiko", "bencana alam", "Banjir dan longsor mengganggu kegiatan.", ["banjir", "longsor"])
    assert baru.group_of("risiko").tema[-1].nama == "bencana alam"
    ada = lex.group_of("risiko").tema[0].nama.upper()
    for nama, pesan in (("", "kosong"), ("Lainnya", "lainnya"), (ada, "sudah ada")):
        with pytest.raises(ValueError, match=pesan):
            le.add_theme(lex, "risiko", nama, "deskripsi", [])
    with pytest.raises(ValueError, match="deskripsi, kata kunci atau contoh"):
        le.add_theme(lex, "risiko", "tema kosong", " ", [])
    with pytest.raises(ValueError, match="Kelompok"):
        le.add_theme(lex, "tidak_ada", "x", "y", [])

    lama, lain = lex.group_of("risiko").tema[0].nama, lex.group_of("risiko").tema[1].nama
    renamed = le.rename_theme(lex, "risiko", lama, "waktu sempit")
    assert renamed.group_of("risiko").tema[0].nama == "waktu sempit"
    assert renamed.group_of("risiko").tema[0].kata_kunci == lex.group_of("risiko").tema[0].kata_kunci
    with pytest.raises(ValueError, match="sudah ada"):
        le.rename_theme(lex, "risiko", lama, lain)
    with pytest.raises(ValueError, match="sama"):
        le.rename_theme(lex, "risiko", lama, lama)


def test_save_makes_version_2_and_reclassifies_every_item(refleksi_store: Path) -> None:
    assert read_current(refleksi_store)[0] == 0  # the shipped default (version 1 of the items) until a save
    before = items(refleksi_store)
    assert {v for *_, v in before} == {1}
    assert theme_of(refleksi_store, "Sultan Agung 100%") == ("lainnya", 1)

    lex = read_current(refleksi_store)[1]
    edited = le.add_keywords(lex, RTL, "diseminasi praktik baik", ["sultan agung"])
    edited = le.rename_theme(edited, "risiko", "keterbatasan dana", "dana terbatas")
    steps: list[tuple[float, str]] = []
    versi, jumlah = le.save_and_reclassify(refleksi_store, edited, "Tambah kata kunci",
                                           lambda f, m: steps.append((f, m)))

    assert versi == 2 and jumlah == len(before)
    assert read_current(refleksi_store) == (2, edited)
    after = items(refleksi_store)
    assert {v for *_, v in after} == {2}
    assert [r[:3] for r in after] == [r[:3] for r in before]  # same items, newly themed
    assert theme_of(refleksi_store, "Sultan Agung 100%") == ("diseminasi praktik baik", 2)
    assert theme_of(refleksi_store, "Dana terbatas untuk kegiatan") == ("dana terbatas", 2)
    assert "keterbatasan dana" not in {t for _, _, _, t, _, _ in after}
    fractions = [f for f, _ in steps]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(steps) >= 4
    assert any("dari" in m for _, m in steps)


def test_small_batches_classify_like_one_batch(refleksi_store: Path, tmp_path: Path) -> None:
    other = copy_store(refleksi_store, tmp_path, "lain.duckdb")
    with write_transaction(refleksi_store) as con:
        con.execute("delete from butir_refleksi")
        n = classify_pending(con, batch=3)
    with write_transaction(other) as con:
        m = reclassify_all(con)
    assert n == m > 0
    assert items(refleksi_store) == items(other)


def test_read_current_on_a_store_without_lexicon(empty_store: Path) -> None:
    versi, lex = read_current(empty_store)
    assert versi == 0 and lex == load_default_lexicon()
    table = le.lexicon_table(lex)
    assert list(table.columns) == ["kelompok", "komponen", "tema", "deskripsi", "kata_kunci", "jumlah_contoh"]
    assert set(table["kelompok"]) == {"hal_baik", "perlu_ditingkatkan", "dampak", RTL, "risiko", "mitigasi"}
