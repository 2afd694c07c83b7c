"""Splitting, normalising, the shipped lexicon and the classifier on clear cases."""
from __future__ import annotations

import tomllib

import pytest

from data_loaders.themes import (
    DEFAULT_LEXICON_PATH,
    LAINNYA,
    Lexicon,
    classify,
    load_default_lexicon,
    normalise,
    split_items,
)

# METRICS §6, copied verbatim: the shipped lexicon must use exactly these names.
METRICS_THEMES = {
    ("hal_baik",): [
        "pertemuan rutin terjadwal", "partisipasi dan antusiasme anggota", "berbagi praktik baik antar guru",
        "pemahaman Kurikulum Merdeka dan P5", "penyusunan modul ajar/perangkat ajar", "pemanfaatan PMM dan teknologi",
        "penerapan diferensiasi dan asesmen", "dukungan kepala sekolah", "kolaborasi dengan narasumber/sekolah lain",
        "dokumentasi dan pelaporan kegiatan", "umum/tidak spesifik",
    ],
    ("perlu_ditingkatkan",): [
        "konsistensi jadwal pertemuan", "partisipasi/keaktifan anggota", "dokumentasi kegiatan",
        "pemahaman Kurikulum Merdeka", "penggunaan PMM", "waktu/beban kerja guru", "dukungan kepala sekolah",
        "sarana/jaringan internet", "implementasi hasil kombel di kelas", "kualitas materi/narasumber",
        "asesmen dan pembelajaran berdiferensiasi",
    ],
    ("dampak_peserta_didik", "dampak_guru_kepsek"): [
        "siswa lebih aktif dan termotivasi", "peningkatan hasil belajar/literasi-numerasi",
        "pembelajaran sesuai kebutuhan siswa", "kompetensi dan kepercayaan diri guru",
        "guru lebih kreatif dengan media/teknologi", "budaya kolaborasi antar guru",
        "kepala sekolah lebih memahami dan mendukung", "perencanaan pembelajaran lebih baik",
        "karakter dan profil pelajar Pancasila", "dampak belum terlihat",
    ],
    ("rencana_tindak_lanjut", "usulan_kegiatan"): [
        "menyusun jadwal pertemuan rutin", "praktik di kelas dan observasi/lesson study",
        "menyusun dan merevisi modul ajar", "menghadirkan narasumber/pelatihan", "optimalisasi PMM",
        "diseminasi praktik baik", "memperbaiki dokumentasi dan pelaporan",
        "kolaborasi dengan kepala sekolah/pengawas/mitra", "asesmen diagnostik dan diferensiasi",
        "program literasi dan numerasi", "evaluasi dan refleksi berkala",
    ],
    ("risiko", "tantangan"): [
        "jadwal bentrok/waktu terbatas", "menurunnya partisipasi/semangat anggota",
        "kendala jaringan/listrik/perangkat", "keterbatasan dana", "mutasi/pergantian guru atau kepala sekolah",
        "resistensi/perbedaan pemahaman", "kegiatan hanya formalitas/tidak berkelanjutan",
        "beban administrasi guru", "kurang dukungan pimpinan", "kesiapan dan keberagaman siswa",
        "jarak dan akses lokasi",
    ],
    ("mitigasi", "ide_solusi"): [
        "kesepakatan jadwal fleksibel", "pertemuan daring/hybrid dan materi offline", "pembagian peran anggota",
        "apresiasi dan motivasi anggota", "koordinasi dengan kepala sekolah/pengawas/dinas", "penganggaran dana",
        "pendampingan/mentoring sebaya", "sosialisasi dan pendekatan personal", "monitoring dan evaluasi berkala",
        "dokumentasi dan berbagi materi", "penyediaan sarana",
    ],
}


def test_split_numbered_lines() -> None:
    assert split_items("1. Guru aktif\n2) Kepsek mendukung\n3.Modul ajar selesai") == [
        "Guru aktif", "Kepsek mendukung", "Modul ajar selesai",
    ]


def test_split_numbers_typed_on_one_line() -> None:
    assert split_items("1. jadwal rutin 2. guru antusias 3. dokumentasi rapi") == [
        "jadwal rutin", "guru antusias", "dokumentasi rapi",
    ]
    # numbers that do not run 1, 2, ... are content, not markers
    assert split_items("Modul kelas 1. Dan kelas 4. sudah jadi") == ["Modul kelas 1. Dan kelas 4. sudah jadi"]


def test_split_bullets_semicolons_and_newlines() -> None:
    text = "- sinyal lemah\n• dana terbatas; jarak jauh\n* guru sibuk\r\nkepsek jarang hadir\n\n  -  \n"
    assert split_items(text) == ["sinyal lemah", "dana terbatas", "jarak jauh", "guru sibuk", "kepsek jarang hadir"]


def test_single_sentence_with_commas_stays_whole() -> None:
    text = "Guru lebih percaya diri, kreatif, dan mau mencoba hal baru."
    assert split_items(text) == ["Guru lebih percaya diri, kreatif, dan mau mencoba hal baru"]
    assert split_items("") == [] and split_items("-") == [] and split_items(None) == []


def test_normalise_abbreviations_and_reduplication() -> None:
    assert normalise("yg dgn utk sdh blm tdk krn", stem=False) == "yang dengan untuk sudah belum tidak karena"
    assert normalise("Guru2 kepsek KS", stem=False) == "guru guru kepala sekolah kepala sekolah"
    assert normalise("paham kurmer dan PMM", stem=False) == "paham kurikulum merdeka dan platform merdeka mengajar"
    assert normalise("pd aktif, narsum dari dinas", stem=False) == "peserta didik aktif narasumber dari dinas"
    assert normalise("jarak 20 km", stem=False) == "jarak 20 kilometer"
    assert normalise("KM di sekolah", stem=False) == "kurikulum merdeka di sekolah"


def test_normalise_repairs_typos_and_stems() -> None:
    assert normalise("jaringn internet", stem=False) == "jaringan internet"
    assert normalise("pembelajran berdiferensiasi", stem=False) == "pembelajaran berdiferensiasi"
    # stemming: derived forms meet their root
    assert normalise("penyusunan") == normalise("menyusun") == "susun"
    assert normalise("berdiferensiasi") == normalise("diferensiasi")


def test_lexicon_file_uses_exactly_the_metrics_names() -> None:
    with open(DEFAULT_LEXICON_PATH, "rb") as fh:
        raw = tomllib.load(fh)
    found = {tuple(g["komponen"]): [t["nama"] for t in g["tema"]] for g in raw["kelompok"]}
    assert found == METRICS_THEMES
    lexicon = load_default_lexicon()
    assert Lexicon.from_dict(lexicon.to_dict()) == lexicon
    for group in lexicon.kelompok:
        for theme in group.tema:
            assert theme.deskripsi and theme.kata_kunci and theme.contoh, theme.nama


def test_classify_clear_examples() -> None:
    cases = [
        ("Kepala sekolah sangat mendukung kegiatan", "hal_baik", "dukungan kepala sekolah"),
        ("sinyal internet di sekolah lemah", "perlu_ditingkatkan", "sarana/jaringan internet"),
        ("murid lebih semangat dan aktif bertanya", "dampak_peserta_didik", "siswa lebih aktif dan termotivasi"),
        ("mengundang narasumber untuk IHT", "usulan_kegiatan", "menghadirkan narasumber/pelatihan"),
        ("guru dimutasi ke sekolah lain", "risiko", "mutasi/pergantian guru atau kepala sekolah"),
        ("iuran anggota utk konsumsi", "ide_solusi", "penganggaran dana"),
        ("tidak ada", "risiko", LAINNYA),
        ("Ibu Sri Wahyuni, S.Pd", "hal_baik", LAINNYA),
    ]
    result = classify([c[0] for c in cases], [c[1] for c in cases], load_default_lexicon())
    assert [h.tema for h in result] == [c[2] for c in cases]
    assert all(0.0 <= h.skor <= 1.0 for h in result)


def test_classify_unknown_komponen_and_empty_item_are_lainnya() -> None:
    assert classify(["guru aktif", "..."], ["bukan_komponen", "hal_baik"]) == [(LAINNYA, 0.0, False)] * 2


def test_classify_is_deterministic_and_batch_independent() -> None:
    items = ["Jadwal sering bentrok", "guru2 malas hadir", "dana BOS terbatas", "Jadwal sering bentrok"]
    komponen = ["risiko", "tantangan", "risiko", "tantangan"]
    first = classify(items, komponen)
    assert classify(items, komponen) == first
    assert [classify([i], [k])[0] for i, k in zip(items, komponen)] == first
    assert first[0] == first[3]  # risiko and tantangan share one theme list


def test_user_lexicon_without_keywords_still_classifies_and_is_validated() -> None:
    data = load_default_lexicon().to_dict()
    for group in data["kelompok"]:
        for theme in group["tema"]:
            theme["kata_kunci"] = []
    lexicon = Lexicon.from_dict(data)
    assert classify(["kepsek sangat mendukung"], ["hal_baik"], lexicon)[0][0] == "dukungan kepala sekolah"
    data["kelompok"][1]["komponen"].append("hal_baik")
    with pytest.raises(ValueError, match="hal_baik"):
        Lexicon.from_dict(data)
