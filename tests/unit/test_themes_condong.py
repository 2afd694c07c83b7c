"""Issue 18: a correction leans only the items the lexicon alone is unsure of (data_loaders/themes.py). Without
that guard, correcting "Semua berjalan dengan lancar" to umum/tidak spesifik pulled a confident, right
kolaborasi item into umum."""
from __future__ import annotations

from data_loaders import themes
from data_loaders.themes import Koreksi, classify, load_default_lexicon

CORRECTION = Koreksi("hal_baik", "Semua berjalan dengan lancar", "umum/tidak spesifik")
SURE = "Kerja sama dengan sekolah tetangga berjalan baik"
UNSURE = "semuanya aman terkendali"


def test_a_lean_never_overturns_a_yakin_item() -> None:
    base = load_default_lexicon()
    lex = base.dengan_koreksi([CORRECTION])
    before = classify([SURE], ["hal_baik"], base)[0]
    assert before.yakin and before.tema == "kolaborasi dengan narasumber/sekolah lain"
    # what the leaned scores alone would say: the correction's theme
    norm = themes._normaliser(lex)
    leaned = themes._score_group(themes._models(lex)[lex.group_of("hal_baik").nama], [norm(SURE)], lex.ambang)[0]
    assert leaned.tema == CORRECTION.tema and not leaned.dekat
    assert classify([SURE], ["hal_baik"], lex)[0] == before


def test_a_leaned_item_stays_perlu_ditinjau() -> None:
    base = load_default_lexicon()
    before = classify([UNSURE], ["hal_baik"], base)[0]
    after = classify([UNSURE], ["hal_baik"], base.dengan_koreksi([CORRECTION]))[0]
    assert not before.yakin and not after.yakin
    assert after.tema == CORRECTION.tema and after.skor > before.skor  # the correction leans it
