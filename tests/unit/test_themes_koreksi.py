"""Corrections as labelled examples (issue 18 item 2, data_loaders/themes.py): Koreksi in the lexicon, versioned
with it; an exact (normalised) match takes the corrected theme, similar items lean towards it; schema 7 adds
butir_refleksi.yakin and reclassifies."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from data_loaders import topik
from data_loaders.themes import LAINNYA, Hasil, Koreksi, Lexicon, classify, load_default_lexicon
from store.database import ensure_store, open_readonly, write_transaction
from store.meta import set_meta
from tests.fixtures.duplikat import loaded


def test_classify_returns_hasil_with_three_fields() -> None:
    result = classify(["Kepala sekolah sangat mendukung kegiatan"], ["hal_baik"])
    assert isinstance(result[0], Hasil)
    tema, skor, yakin = result[0]
    assert tema == "dukungan kepala sekolah" and 0.0 < skor <= 1.0 and isinstance(yakin, bool)
    with pytest.raises(ValueError):
        tema, skor = result[0]  # two-field unpacking of the old API must fail loudly


def test_koreksi_round_trips_and_old_json_loads_without_it() -> None:
    base = load_default_lexicon()
    assert "koreksi" not in base.to_dict()  # older stored versions stay byte-identical
    assert Lexicon.from_dict(json.loads(base.to_json())).koreksi == ()
    k1 = Koreksi("risiko", "PLN sering padam kalau hujan", "kendala jaringan/listrik/perangkat")
    k2 = Koreksi("hal_baik", "Ibu Ani rajin", LAINNYA)
    lex = base.dengan_koreksi([k1, k2])
    assert lex.koreksi == (k1, k2)
    again = Lexicon.from_dict(json.loads(lex.to_json()))
    assert again == lex and again.to_dict()["koreksi"][0] == {"komponen": "risiko", "butir": k1.butir,
                                                                 "tema": k1.tema}


def test_newest_correction_of_the_same_item_wins_across_komponen_of_one_group() -> None:
    base = load_default_lexicon()
    old = Koreksi("risiko", "Jadwal sering bentrok!", "jadwal bentrok/waktu terbatas")
    new = Koreksi("tantangan", "jadwal  sering BENTROK", "beban administrasi guru")  # same group, same text
    other = Koreksi("hal_baik", "jadwal sering bentrok", LAINNYA)  # another group: kept
    lex = base.dengan_koreksi([old, other]).dengan_koreksi([new])
    assert lex.koreksi == (other, new)


@pytest.mark.parametrize("koreksi, word", [
    (Koreksi("bukan_komponen", "x", LAINNYA), "bukan_komponen"),
    (Koreksi("risiko", "x", "dukungan kepala sekolah"), "dukungan kepala sekolah"),  # a hal_baik theme
])
def test_invalid_correction_is_refused_in_indonesian(koreksi: Koreksi, word: str) -> None:
    with pytest.raises(ValueError, match="ditolak") as err:
        load_default_lexicon().dengan_koreksi([koreksi])
    assert word in str(err.value)


def test_exact_match_takes_the_correction_and_is_yakin() -> None:
    base = load_default_lexicon()
    item, komponen = "Guru capek, habis ngajar langsung kombel", "tantangan"
    before = classify([item], [komponen], base)[0]
    target = "beban administrasi guru" if before.tema != "beban administrasi guru" else "jadwal bentrok/waktu terbatas"
    lex = base.dengan_koreksi([Koreksi("risiko", item, target)])
    # same group (risiko/tantangan), different case and spacing: still the same normalised item
    assert classify(["guru  CAPEK, habis ngajar langsung kombel"], [komponen], lex)[0] == Hasil(target, 1.0, True)
    # another group is untouched
    assert classify([item], ["hal_baik"], lex) == classify([item], ["hal_baik"], base)
    # "tidak bertema"
    lex = base.dengan_koreksi([Koreksi("risiko", item, LAINNYA)])
    assert classify([item], ["risiko"], lex)[0] == Hasil(LAINNYA, 1.0, True)


def test_corrections_pull_similar_items_and_leave_old_versions_alone() -> None:
    base = load_default_lexicon()
    # nothing in the lexicon is about stray cats: a correction makes its neighbours follow it (group-wide)
    items = ["banyak kucing liar berkeliaran di ruang guru", "kucing liar berkeliaran di halaman"]
    target = "keterbatasan dana"
    assert target not in [h.tema for h in classify(items, ["tantangan"] * 2, base)]
    lex = base.dengan_koreksi([Koreksi("risiko", "kucing liar sering berkeliaran di sekolah", target)])
    assert [h.tema for h in classify(items, ["tantangan"] * 2, lex)] == [target, target]
    # the same lexicon without corrections classifies exactly as the shipped one
    plain = Lexicon.from_dict(json.loads(base.to_json()))
    probe = ["Jadwal sering bentrok", "guru2 malas hadir", "dana BOS terbatas", "tidak ada"]
    assert classify(probe, ["risiko"] * 4, plain) == classify(probe, ["risiko"] * 4, base)


def _items(path: Path) -> list[tuple]:
    con = open_readonly(path)
    try:
        return con.execute("select id_refleksi, nomor_butir, tema, skor, yakin from butir_refleksi "
                           "order by all").fetchall()
    finally:
        con.close()


def test_schema_7_adds_yakin_and_the_app_reclassifies_at_start(store_template: Path, tmp_path: Path) -> None:
    store = loaded(store_template, tmp_path / "v7")
    expected = _items(store)
    assert expected and all(r[4] is not None for r in expected)  # writers always fill yakin
    with write_transaction(store) as con:  # back to schema 6: no yakin column
        con.execute("alter table butir_refleksi drop column yakin")
        con.execute("update butir_refleksi set tema = 'usang'")
        set_meta(con, "schema_version", "6")
    ensure_store(store, after_migration=topik.setelah_migrasi)
    assert _items(store) == expected


def test_fresh_store_has_the_yakin_column(empty_store: Path) -> None:
    with duckdb.connect(str(empty_store), read_only=True) as con:
        columns = {r[0]: r[1] for r in con.execute(
            "select column_name, data_type from duckdb_columns() where table_name = 'butir_refleksi'").fetchall()}
    assert columns["yakin"] == "BOOLEAN"
