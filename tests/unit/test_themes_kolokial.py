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


def test_the_issues_examples_of_new_phrasing() -> None:
    items = ["PLN sering mati, apalagi kalau hujan", "Lama-lama yang datang makin sedikit",
             "Guru capek, habis ngajar langsung kombel", "Masih terlalu dini utk menilai dampaknya",
             "motivasi guru naik turun", "Kepala sekolah pindah tugas"]
    komponen = ["risiko", "tantangan", "tantangan", "dampak_peserta_didik", "risiko", "risiko"]
    assert [h.tema for h in classify(items, komponen)] == [
        "kendala jaringan/listrik/perangkat", "menurunnya partisipasi/semangat anggota", "beban administrasi guru",
        "dampak belum terlihat", "menurunnya partisipasi/semangat anggota",
        "mutasi/pergantian guru atau kepala sekolah"]
