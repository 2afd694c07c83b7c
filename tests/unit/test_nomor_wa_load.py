"""WhatsApp numbers through the real loader (issue 16 item 1): a community registry from a Google Form (`;` CSV,
Indonesian headers, the form's timestamp), a penggerak list re-saved by LibreOffice so the number column became
numbers, a reload without numbers, and a store of schema version 4 migrated with its data kept."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from data_loaders.load import Source, load_files
from store import schema
from store.database import ensure_store, open_readonly
from store.meta import schema_version, set_meta
from tests.support import copy_store

KOMUNITAS_CSV = """\ufeffStempel waktu;Nama Komunitas Belajar;Jenis Komunitas;Kabupaten/Kota;Nama Penggerak;\
Email belajar.id Penggerak;Nomor HP Penggerak;No. HP/WA Narahubung;Jumlah Anggota
15/08/2022 10:23:45;Kombel Cahaya Ilmu;Dalam Sekolah;Kab. Bandung;Ani Suryani;ani@guru.sd.belajar.id;\
0812-3456-7890;+62 813 1111 2222;12
15/08/2022 11:02:10;KKG Gugus 3 Soreang;Antar Sekolah;Kab. Bandung;Budi Santoso;budi@guru.sd.belajar.id;\
0857 2222 3333 (WA);;20
16/08/2022 07:45:00;MGMP IPA Kota Bandung;Antar Sekolah;Kota Bandung;Citra Lestari;citra@guru.smp.belajar.id;\
belum ada;6.28E+11;35
16/08/2022 08:10:31;Kombel Harapan Bangsa;Dalam Sekolah;Kab. Garut;Dedi Kurnia;dedi@guru.sd.belajar.id;\
0812 9999 0000 / 0813 9999 0000;022-2011234;8
17/08/2022 19:30:02;Kombel Tunas Muda;Dalam Sekolah;Kab. Garut;Eka Putri;eka@guru.paud.belajar.id;;;15
"""

PENGGERAK_CSV = """Stempel waktu,Email belajar.id,Nama Lengkap,Asal Kabupaten/Kota,Memiliki akun belajar.id?,No. HP/WA
15/08/2022 10:23:45,ani@guru.sd.belajar.id,Ani Suryani,Kab. Bandung,Ya,081234567890
15/08/2022 10:25:00,budi@guru.sd.belajar.id,Budi Santoso,Kab. Bandung,Ya,6285722223333
16/08/2022 09:00:00,citra@guru.smp.belajar.id,Citra Lestari,Kota Bandung,Tidak,+62 857 2222 4444
16/08/2022 09:05:00,dedi@guru.sd.belajar.id,Dedi Kurnia,Kab. Garut,Ya,0812
16/08/2022 09:07:00,eka@guru.paud.belajar.id,Eka Putri,Kab. Garut,Ya,
"""


def rows(db: Path, sql: str) -> list[tuple]:
    con = open_readonly(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_community_registry_from_a_google_form(empty_store: Path) -> None:
    report = load_files(empty_store, [Source("pendaftaran_kombel.csv", KOMUNITAS_CSV.encode())])
    (f,) = report.files
    assert f.jenis_data == "komunitas"
    assert f.pemetaan_kolom["Nomor HP Penggerak"] == "penggerak_wa"
    assert f.pemetaan_kolom["No. HP/WA Narahubung"] == "narahubung_wa"
    assert f.ditambah == 5 and f.dikarantina == 0  # an unreadable number never costs the row
    assert rows(empty_store, "select nama_komunitas, penggerak_wa, narahubung_wa from komunitas order by 1") == [
        ("KKG Gugus 3 Soreang", "6285722223333", None),
        ("Kombel Cahaya Ilmu", "6281234567890", "6281311112222"),
        ("Kombel Harapan Bangsa", "6281299990000", None),
        ("Kombel Tunas Muda", None, None),
        ("MGMP IPA Kota Bandung", None, None),
    ]
    assert rows(empty_store, "select kolom, nilai_asli, nilai_baru, metode, jumlah_baris from koreksi order by 2") == [
        ("No. HP/WA Narahubung", "022-2011234", "", "dikosongkan_nomor_bukan_seluler", 1),
        ("Nomor HP Penggerak", "0812 9999 0000 / 0813 9999 0000", "6281299990000", "nomor_pertama_dipakai", 1),
        ("No. HP/WA Narahubung", "6.28E+11", "", "dikosongkan_nomor_digit_hilang", 1),
        ("Nomor HP Penggerak", "belum ada", "", "dikosongkan_nomor_tidak_terbaca", 1),
    ]
    # The same file again changes nothing.
    again = load_files(empty_store, [Source("pendaftaran_kombel.csv", KOMUNITAS_CSV.encode())]).files[0]
    assert (again.ditambah, again.diperbarui, again.sudah_ada) == (0, 0, 5)


def test_a_registry_without_numbers_keeps_the_known_ones(empty_store: Path) -> None:
    load_files(empty_store, [Source("pendaftaran_kombel.csv", KOMUNITAS_CSV.encode())])
    without = "\n".join(";".join(line.split(";")[:6] + line.split(";")[8:]) for line in KOMUNITAS_CSV.splitlines())
    report = load_files(empty_store, [Source("registri_pmm.csv", without.encode())])
    assert report.files[0].diperbarui == 0
    assert rows(empty_store, "select count(penggerak_wa), count(narahubung_wa) from komunitas") == [(3, 1)]


def _libreoffice_xlsx(csv_text: str, directory: Path) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) tidak terpasang")
    source = directory / "penggerak.csv"
    source.write_text(csv_text, encoding="utf-8")
    subprocess.run([soffice, f"-env:UserInstallation=file://{directory}/profil", "--headless",
                    "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(directory / "xlsx"),
                    str(source)], check=True, capture_output=True, timeout=180)
    return directory / "xlsx" / "penggerak.xlsx"


def test_penggerak_list_resaved_by_libreoffice_with_numeric_numbers(empty_store: Path, tmp_path: Path) -> None:
    xlsx = _libreoffice_xlsx(PENGGERAK_CSV, tmp_path)
    # LibreOffice read the numbers as numbers: the leading 0 is gone, 13 digits are a float.
    from python_calamine import CalamineWorkbook
    cells = CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_index(0).to_python()
    assert cells[1][5] == 81234567890.0 and cells[2][5] == 6285722223333.0 and cells[3][5] == "+62 857 2222 4444"

    report = load_files(empty_store, [Source.from_path(xlsx)])
    (f,) = report.files
    assert f.jenis_data == "penggerak" and f.ditambah == 5 and f.dikarantina == 0
    assert rows(empty_store, "select penggerak_email, penggerak_wa from penggerak order by 1") == [
        ("ani@guru.sd.belajar.id", "6281234567890"),
        ("budi@guru.sd.belajar.id", "6285722223333"),
        ("citra@guru.smp.belajar.id", "6285722224444"),
        ("dedi@guru.sd.belajar.id", None),
        ("eka@guru.paud.belajar.id", None),
    ]
    assert [(k["nilai_asli"], k["metode"]) for k in f.koreksi] == [("812", "dikosongkan_nomor_panjang_tidak_wajar")]


def test_a_version_4_store_migrates_and_keeps_its_data(empty_store: Path, tmp_path: Path) -> None:
    fresh = [r[:2] for r in rows(empty_store, "select table_name, column_name from information_schema.columns "
                                             "where table_name in ('komunitas', 'penggerak') order by all")]
    load_files(empty_store, [Source("pendaftaran_kombel.csv", KOMUNITAS_CSV.encode()),
                             Source("penggerak.csv", PENGGERAK_CSV.encode())])
    (tmp_path / "lama").mkdir()
    old = copy_store(empty_store, tmp_path / "lama")
    # The store as version 4 wrote it: no number columns.
    with duckdb.connect(str(old)) as con:
        for table, column in (("komunitas", "penggerak_wa"), ("komunitas", "narahubung_wa"),
                              ("penggerak", "penggerak_wa")):
            con.execute(f"alter table {table} drop column {column}")
        set_meta(con, "schema_version", "4")
        before = {t: con.execute(f"select * from {t} order by all").fetchall() for t in ("komunitas", "penggerak")}
    ensure_store(old)
    con = open_readonly(old)
    try:
        assert schema_version(con) == schema.SCHEMA_VERSION >= 5  # later migrations may follow
        for table, kept in before.items():
            new = con.execute(f"select * exclude (penggerak_wa{', narahubung_wa' if table == 'komunitas' else ''}) "
                              f"from {table} order by all").fetchall()
            assert new == kept
        assert con.execute("select count(penggerak_wa) + count(narahubung_wa) from komunitas").fetchall() == [(0,)]
        columns = con.execute("select table_name, column_name from information_schema.columns "
                              "where table_name in ('komunitas', 'penggerak') order by all").fetchall()
        assert columns == fresh  # the same columns as a fresh store
    finally:
        con.close()
    # Numbers load into the migrated store.
    load_files(old, [Source("pendaftaran_kombel.csv", KOMUNITAS_CSV.encode())])
    assert rows(old, "select count(penggerak_wa), count(narahubung_wa) from komunitas") == [(3, 1)]
