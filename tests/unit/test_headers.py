from __future__ import annotations

import pytest

from data_loaders.headers import map_headers, match_header
from data_loaders.load import detect_kind, template_headers
from vocab import KINDS

# METRICS §2: every header example must map without help.
EXAMPLES = {
    "id_komunitas": ["ID Komunitas", "Kode Komunitas", "ID Kombel", "id_komunitas"],
    "nama_komunitas": ["Nama Komunitas", "Nama Komunitas Belajar", "Nama Kombel"],
    "jenis": ["Jenis Komunitas", "Tipe Komunitas", "Jenis Kombel"],
    "kabkota": ["Kabupaten/Kota", "Kabupaten / Kota", "Kab/Kota", "Kota/Kabupaten", "Asal Kabupaten/Kota",
                "kabupaten_kota", "KAB/KOTA"],
    "provinsi": ["Provinsi", "Propinsi"],
    "tanggal": ["Tanggal Pelaksanaan Kegiatan", "Tanggal Pelaksanaan", "Tanggal Kegiatan", "Tanggal", "Hari/Tanggal"],
    "durasi_menit": ["Durasi (menit)", "Durasi Kegiatan", "Lama Kegiatan", "Durasi Kegiatan (menit)"],
    "topik": ["Topik", "Topik Kegiatan", "Materi", "Tema Kegiatan"],
    "moda": ["Moda", "Moda Kegiatan", "Bentuk Pelaksanaan (Daring/Luring)"],
    "bentuk": ["Bentuk Kegiatan", "Jenis Kegiatan"],
    "jumlah_peserta": ["Jumlah Peserta", "Jumlah Anggota yang Hadir", "Peserta Hadir"],
    "tautan_dokumentasi": ["Tautan Dokumentasi", "Link Dokumentasi", "Bukti Kegiatan (link)"],
    "waktu_pengisian": ["Timestamp", "Stempel waktu", "Waktu Pengisian"],
}
KIND_EXAMPLES = {
    "komunitas": {
        "tanggal_terdaftar": ["Tanggal Terdaftar", "Tanggal Pendaftaran", "Terdaftar Sejak"],
        "terdaftar_pmm": ["Terdaftar di PMM", "Status PMM", "Sudah Terdaftar di PMM?"],
        "penggerak_nama": ["Nama Penggerak", "Penggerak Komunitas"],
        "penggerak_email": ["Email Penggerak", "Email belajar.id Penggerak"],
        "jumlah_anggota": ["Jumlah Anggota"],
    },
    "sekolah": {
        "npsn": ["NPSN"], "nama_sekolah": ["Nama Sekolah", "Satuan Pendidikan"],
        "jenjang": ["Jenjang", "Bentuk Pendidikan"], "jalur_ikm": ["Jalur IKM", "Kategori IKM", "Pilihan IKM"],
    },
    "refleksi": {
        "hal_baik": ["Hal-hal yang sudah berjalan baik"], "perlu_ditingkatkan": ["Hal yang perlu ditingkatkan"],
        "ide_solusi": ["Ide solusi"], "dampak_peserta_didik": ["Dampak komunitas belajar untuk peserta didik"],
        "dampak_guru_kepsek": ["Dampak komunitas belajar untuk guru dan kepala sekolah"],
        "tantangan": ["Tantangan yang dihadapi"], "risiko": ["Risiko yang mungkin muncul"],
        "mitigasi": ["Mitigasi (risiko)", "Mitigasi risiko"], "rencana_tindak_lanjut": ["Rencana tindak lanjut"],
        "usulan_kegiatan": ["Usulan kegiatan"], "tanggal": ["Tanggal Refleksi"],
    },
    "penggerak": {
        "penggerak_email": ["Email belajar.id", "Email"], "penggerak_nama": ["Nama Lengkap"],
        "akun_belajar_id": ["Memiliki akun belajar.id?"],
        "topik_aksi_nyata": ["Topik Pelatihan Mandiri yang sudah sampai Aksi Nyata"],
        "aksi_nyata_kurikulum_merdeka": ["Kurikulum Merdeka", "Aksi Nyata Kurikulum Merdeka"],
        "aksi_nyata_asesmen_awal": ["Asesmen Awal"],
    },
    "kegiatan_upt": {
        "jenis_kegiatan": ["Jenis Kegiatan"], "nama_kegiatan": ["Nama Kegiatan"], "penggerak_email": ["Email"],
        "penggerak_nama": ["Nama"],
    },
}


@pytest.mark.parametrize("canonical,header", [(c, h) for c, hs in EXAMPLES.items() for h in hs])
def test_activity_headers(canonical, header):
    assert match_header(header, "kegiatan" if canonical != "jenis" else "komunitas") == canonical


@pytest.mark.parametrize("kind,canonical,header",
                         [(k, c, h) for k, ex in KIND_EXAMPLES.items() for c, hs in ex.items() for h in hs])
def test_kind_specific_headers(kind, canonical, header):
    assert match_header(header, kind) == canonical


def test_unknown_columns_ignored_and_first_header_wins():
    mapping, ignored = map_headers(["Tanggal", "Tanggal Kegiatan", "Catatan", "ID Komunitas"], "kegiatan")
    assert mapping == {"Tanggal": "tanggal", "ID Komunitas": "id_komunitas"}
    assert ignored == ["Tanggal Kegiatan", "Catatan"]


def test_repeated_header_is_kept_apart_and_ignored():
    from data_loaders.read import read_table
    table = read_table("x.csv", b"ID Komunitas,Tanggal,Tanggal\nKOM-001,2022-10-01,kemarin\n")
    assert table.headers == ["ID Komunitas", "Tanggal", "Tanggal (2)"]
    mapping, ignored = map_headers(table.headers, "kegiatan")
    assert mapping == {"ID Komunitas": "id_komunitas", "Tanggal": "tanggal"} and ignored == ["Tanggal (2)"]


def test_confirmed_mapping_overrides():
    mapping, ignored = map_headers(["Tgl", "Kode", "Catatan"], "kegiatan",
                                   {"Kode": "id_komunitas", "Tgl": "", "Catatan": "tanggal"})
    assert mapping == {"Kode": "id_komunitas", "Catatan": "tanggal"}
    assert ignored == ["Tgl"]


@pytest.mark.parametrize("headers,kind", [
    (["NPSN", "Nama Sekolah", "Bentuk Pendidikan", "Kabupaten/Kota", "Kategori IKM"], "sekolah"),
    (["ID Komunitas", "Nama Komunitas", "Jenis Komunitas", "Kabupaten/Kota", "Provinsi", "Jenjang", "Nama Penggerak",
      "Email Penggerak", "Jumlah Anggota", "Tanggal Terdaftar", "Status PMM"], "komunitas"),
    (["ID Komunitas", "Tanggal", "Durasi (menit)", "Topik", "Jenis Kegiatan", "Moda"], "kegiatan"),
    (["Stempel waktu", "Nama Komunitas Belajar", "Kabupaten / Kota", "Tanggal Pelaksanaan Kegiatan",
      "Durasi Kegiatan", "Moda Kegiatan"], "kegiatan"),
    (["Stempel waktu", "Nama Komunitas", "Kabupaten/Kota", "Tanggal Refleksi", "Hal-hal yang sudah berjalan baik",
      "Hal yang perlu ditingkatkan", "Mitigasi (risiko)"], "refleksi"),
    (["Timestamp", "Email belajar.id", "Nama Lengkap", "Memiliki akun belajar.id?",
      "Topik Pelatihan Mandiri yang sudah sampai Aksi Nyata"], "penggerak"),
    (["Jenis Kegiatan", "Nama Kegiatan", "Tanggal", "Kabupaten/Kota", "Email", "Nama"], "kegiatan_upt"),
    (["Nama", "Alamat", "Hobi"], None),
])
def test_detect_kind(headers, kind):
    assert detect_kind(headers) == kind


def test_templates_round_trip():
    templates = template_headers()
    assert set(templates) == set(KINDS)
    for kind, headers in templates.items():
        assert detect_kind(headers) == kind, kind
        mapping, ignored = map_headers(headers, kind)
        assert ignored == [] and all(h == c for h, c in mapping.items()), kind
