"""Issue 18: a correction changes an item that is not its near-duplicate only through the threshold, and never an
item the lexicon alone is yakin of (data_loaders/themes.py). Before that guard, correcting "Semua berjalan dengan
lancar" to umum/tidak spesifik pulled a confident, right kolaborasi item into umum."""
from __future__ import annotations

from data_loaders import themes
from data_loaders.themes import Koreksi, classify, load_default_lexicon

CORRECTION = Koreksi("hal_baik", "Semua berjalan dengan lancar", "umum/tidak spesifik")
SURE = "Kerja sama dengan sekolah tetangga berjalan baik"
UNSURE = "semuanya aman terkendali"


def test_a_correction_never_overturns_a_yakin_item_it_is_not_near() -> None:
    base = load_default_lexicon()
    lex = base.dengan_koreksi([CORRECTION])
    before = classify([SURE], ["hal_baik"], base)[0]
    assert before.yakin and before.tema == "kolaborasi dengan narasumber/sekolah lain"
    norm = themes._normaliser(lex)
    model = themes._models(lex)[lex.group_of("hal_baik").nama]
    assert model.score([norm(SURE)])[4][0] == 0.0  # not a near-duplicate of the correction
    assert classify([SURE], ["hal_baik"], lex)[0] == before


def test_an_unsure_item_away_from_corrections_keeps_its_score_and_stays_perlu_ditinjau() -> None:
    base = load_default_lexicon()
    before = classify([UNSURE], ["hal_baik"], base)[0]
    after = classify([UNSURE], ["hal_baik"], base.dengan_koreksi([CORRECTION]))[0]
    assert not before.yakin and not after.yakin
    assert abs(after.skor - before.skor) < 0.05  # no lean towards the correction's theme; only the feature space moved
