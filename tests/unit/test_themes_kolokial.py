"""The colloquial layer of the theme normaliser (issue 18 item 3): regional and slang words, enclitics on them,
particles dropped; standard words untouched."""
from __future__ import annotations

from data_loaders.themes import classify, normalise


def test_regional_slang_enclitics_and_particles() -> None:
    assert normalise("duitnya terbatas", stem=False) == "dana terbatas"
    assert normalise("kepseknya pindah", stem=False) == "kepala sekolah pindah"
    assert normalise("temennya pada males", stem=False) == "teman pada malas"
    assert normalise("materinya kurang", stem=False) == "materi kurang"
    assert normalise("sinyal teh hese pisan euy", stem=False) == "sinyal sulit sangat"
    assert (normalise("kitorang su datang, tra ada yang bolos", stem=False)
            == "kita sudah datang tidak ada yang tidak hadir")
    # standard words that merely end like an enclitic stay as they are
    assert normalise("anaknya bertanya soal ilmu dan waktu", stem=False) == "anaknya bertanya soal ilmu dan waktu"
    assert normalise("suku", stem=False) == "suku"


def test_colloquial_items_reach_their_theme() -> None:
    found = classify(["duitnya terbatas buat kegiatan", "kepseknya pindah tugas"], ["risiko", "risiko"])
    assert [h.tema for h in found] == ["keterbatasan dana", "mutasi/pergantian guru atau kepala sekolah"]
