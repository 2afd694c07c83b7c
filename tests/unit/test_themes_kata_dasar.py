"""Typo repair leaves dictionary words alone (data_loaders/themes.KATA_DASAR): a standard Indonesian word that happens
to be near a lexicon word is not a typo of it. Found on the sample data, where "tidak ada waktu luang" was read as
"waktu uang" and filed under keterbatasan dana."""
from __future__ import annotations

from data_loaders.themes import KATA_DASAR, classify, normalise


def test_dictionary_words_are_not_repaired_into_lexicon_words() -> None:
    assert {"mereka", "jangan", "luang", "bahkan", "keluarga", "antisipasi"} <= KATA_DASAR
    assert normalise("mereka jangan bahkan keluarga antisipasi waktu luang", stem=False) == (
        "mereka jangan bahkan keluarga antisipasi waktu luang")


def test_typos_and_variant_spellings_still_reach_the_lexicon_word() -> None:
    assert normalise("pertmuan kegiatn jaringn", stem=False) == "pertemuan kegiatan jaringan"
    # variants that are dictionary words themselves are mapped explicitly
    assert normalise("praktek resiko kwalitas", stem=False) == "praktik risiko kualitas"


def test_no_free_time_is_a_time_problem_not_money() -> None:
    found = classify(["tidak ada waktu luang", "tdk ada waktu luang"], ["tantangan", "risiko"])
    assert [h.tema for h in found] == ["jadwal bentrok/waktu terbatas"] * 2
