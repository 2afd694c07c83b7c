"""Files as people really send them (issue 13): each case is one small input file and the exact outcome —
rows loaded with their values, rows quarantined with their reason code, corrections recorded, notes in the
load report — or the LoadError it must end in.

Covers: day/month order decided per column (from its values, from the file's other date columns, the
Indonesian default, inconsistent columns), ISO with T, weekday + numeric date, two-digit years, 12-hour
times; title blocks above the header, Excel's `sep=;` line, untitled columns, English PMM headers;
Indonesian/English number styles, unusable numbers and durations, jam pelajaran, spreadsheet error cells
(CSV text and XLSX `t="e"` cells); `.tsv`, UTF-16 without BOM, CR-only line ends, NUL bytes. Inputs in
fixtures_field/ were made by LibreOffice (fixtures_field/make.sh)."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pytest
import xlsxwriter

from data_loaders import normalise as nz
from data_loaders.load import LoadError, Source, load_files
from store.database import open_readonly

FIELD = Path(__file__).parent / "fixtures_field"

KOMUNITAS = """ID Komunitas,Nama Komunitas,Jenis Komunitas,Kabupaten/Kota,Jenjang
KOM-001,Kombel Cileunyi Hebat,Dalam Sekolah,Kab. Bandung,SD
KOM-002,KKG Gugus 2 Garut,Antar Sekolah,Kab. Garut,SMP
KOM-003,Kombel PAUD Ceria,Dalam Sekolah,Kab. Bandung,PAUD
KOM-004,MGMP Fisika SMA,Antar Sekolah,Kota Bandung,SMA
KOM-005,Kombel SLB Harapan,Dalam Sekolah,Kota Bandung,SLB
KOM-006,Kombel Tanpa Jenjang,Dalam Sekolah,Kota Bandung,
KOM-007,Kombel SMK Bisa,Dalam Sekolah,Kab. Garut,SMK
"""
ACTIVITY = ["ID Komunitas", "Tanggal", "Durasi (menit)", "Topik", "Peserta Hadir"]
KEGIATAN_SQL = ("select sumber_baris, id_komunitas, tanggal, durasi_menit, topik, jumlah_peserta from kegiatan "
                "where sumber_file = ? order by sumber_baris")


@pytest.fixture
def db(empty_store: Path) -> Path:
    load_files(empty_store, [Source("komunitas.csv", KOMUNITAS.encode())])
    return empty_store


def table(rows: list[list[str]], delimiter: str = ",", end: str = "\r\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=end).writerows(rows)
    return out.getvalue()


def activities(*rows: list[str], header: list[str] = ACTIVITY) -> bytes:
    return table([header, *rows]).encode()


def xlsx(rows: list[list], errors: dict[tuple[int, int], str] | None = None) -> bytes:
    """An XLSX; `errors` puts formula cells whose cached value is a spreadsheet error (t="e")."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)
    for (r, c), value in (errors or {}).items():
        ws.write_formula(r, c, "=1/0", None, value)
    wb.close()
    return buf.getvalue()


@dataclass
class Case:
    id: str
    data: bytes
    name: str = "kegiatan.csv"
    kind: str | None = None
    rows: list[tuple] | None = None             # what `sql` returns for the file
    karantina: dict[int, str] = field(default_factory=dict)   # sheet row -> kode_alasan
    koreksi: list[tuple] = field(default_factory=list)        # (kolom, nilai_asli, nilai_baru, metode, baris)
    catatan: list[str] = field(default_factory=list)          # fragments the report's notes must contain
    sql: str = KEGIATAN_SQL
    error: str | None = None                    # a LoadError with this fragment instead


D = date
CASES = [
    # --- 1. dates: day/month order per column -------------------------------------------------------------
    Case("urutan_bulan_hari_terbukti_dari_nilai",
         activities(["KOM-001", "8/9/2022", "60", "Satu", "10"], ["KOM-001", "9/1/2022", "60", "Dua", "10"],
                    ["KOM-001", "8/15/2022", "60", "Tiga", "10"]),
         rows=[(2, "KOM-001", D(2022, 8, 9), 60, "Satu", 10), (3, "KOM-001", D(2022, 9, 1), 60, "Dua", 10),
               (4, "KOM-001", D(2022, 8, 15), 60, "Tiga", 10)],
         catatan=["Kolom 'Tanggal': urutan bulan/hari (format AS), terbukti dari nilai seperti '8/15/2022'"]),
    Case("urutan_hari_bulan_terbukti_dari_nilai",
         activities(["KOM-001", "15/8/2022", "60", "Satu", "10"], ["KOM-001", "9/1/2022", "60", "Dua", "10"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Satu", 10), (3, "KOM-001", D(2022, 1, 9), 60, "Dua", 10)],
         catatan=["Kolom 'Tanggal': urutan hari/bulan (format Indonesia), terbukti dari nilai seperti '15/8/2022'"]),
    Case("urutan_mengikuti_stempel_waktu",
         activities(["8/15/2022 10:00:00", "KOM-001", "8/9/2022", "Satu"],
                    ["9/2/2022 9:00:00", "KOM-001", "9/1/2022", "Dua"],
                    header=["Timestamp", "ID Komunitas", "Tanggal", "Topik"]),
         rows=[(2, "KOM-001", D(2022, 8, 9), None, "Satu", None), (3, "KOM-001", D(2022, 9, 1), None, "Dua", None)],
         catatan=["Kolom 'Tanggal': urutan bulan/hari (format AS), mengikuti kolom 'Timestamp'"]),
    Case("urutan_bawaan_hari_bulan",
         activities(["KOM-001", "8/9/2022", "60", "Satu", "10"]),
         rows=[(2, "KOM-001", D(2022, 9, 8), 60, "Satu", 10)],
         catatan=["Kolom 'Tanggal': urutan hari/bulan (format Indonesia) (bawaan"]),
    Case("urutan_bertentangan_yang_ambigu_dikarantina",
         activities(["KOM-001", "15/8/2022", "60", "Satu", "10"], ["KOM-001", "8/16/2022", "60", "Dua", "10"],
                    ["KOM-001", "9/8/2022", "60", "Tiga", "10"], ["KOM-001", "5/5/2022", "60", "Empat", "10"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Satu", 10), (3, "KOM-001", D(2022, 8, 16), 60, "Dua", 10),
               (5, "KOM-001", D(2022, 5, 5), 60, "Empat", 10)],
         karantina={4: "tanggal_urutan_ambigu"},
         catatan=["Kolom 'Tanggal': urutan tanggal tidak konsisten — ada nilai hari/bulan (mis. '15/8/2022') dan "
                  "bulan/hari (mis. '8/16/2022')"]),
    Case("iso_t_hari_dan_tanggal_angka_gaya_indonesia",
         activities(["KOM-001", "2022-08-02T14:03:11", "60", "Satu", "1"],
                    ["KOM-001", "Kamis, 15-09-2022", "60", "Dua", "1"],
                    ["KOM-001", "Senin 3/10/2022", "60", "Tiga", "1"],
                    ["KOM-001", "15 Agustus 2022", "60", "Empat", "1"], ["KOM-001", "15/8/22", "60", "Lima", "1"],
                    ["KOM-001", "44788", "60", "Enam", "1"]),
         rows=[(2, "KOM-001", D(2022, 8, 2), 60, "Satu", 1), (3, "KOM-001", D(2022, 9, 15), 60, "Dua", 1),
               (4, "KOM-001", D(2022, 10, 3), 60, "Tiga", 1), (5, "KOM-001", D(2022, 8, 15), 60, "Empat", 1),
               (6, "KOM-001", D(2022, 8, 15), 60, "Lima", 1), (7, "KOM-001", D(2022, 8, 15), 60, "Enam", 1)]),
    Case("tahun_dua_digit_jam_am_pm_dan_hari_inggris",
         activities(["KOM-001", "10/15/22", "60", "Satu", "1"], ["KOM-001", "10/16/22 05:58 PM", "60", "Dua", "1"],
                    ["KOM-001", "Thursday, 9/1/2022", "60", "Tiga", "1"],
                    ["KOM-001", "September 2, 2022", "60", "Empat", "1"]),
         rows=[(2, "KOM-001", D(2022, 10, 15), 60, "Satu", 1), (3, "KOM-001", D(2022, 10, 16), 60, "Dua", 1),
               (4, "KOM-001", D(2022, 9, 1), 60, "Tiga", 1), (5, "KOM-001", D(2022, 9, 2), 60, "Empat", 1)],
         catatan=["urutan bulan/hari (format AS), terbukti dari nilai seperti '10/15/22'"]),
    Case("stempel_waktu_12_jam_di_survei",
         table([["Timestamp", "Nama Lengkap", "Email", "Topik peningkatan kapasitas yang dibutuhkan"],
                ["10/15/22 05:58 PM", "Ani", "ani@guru.belajar.id", "Asesmen"],
                ["10/16/22 12:05 AM", "Budi", "budi@guru.belajar.id", "P5"],
                ["2022/10/17 5:58:00 PM GMT+7", "Cici", "cici@guru.belajar.id", "Modul ajar"],
                ["10/18/2022 9:15:30 AM", "Dodi", "dodi@guru.belajar.id", "Literasi"]]).encode(),
         kind="survei_kebutuhan",
         sql="select sumber_baris, waktu_pengisian, topik from survei_kebutuhan where sumber_file = ? "
             "order by sumber_baris",
         rows=[(2, datetime(2022, 10, 15, 17, 58), "Asesmen"), (3, datetime(2022, 10, 16, 0, 5), "P5"),
               (4, datetime(2022, 10, 17, 17, 58), "Modul ajar"), (5, datetime(2022, 10, 18, 9, 15, 30), "Literasi")],
         catatan=["Kolom 'Timestamp': urutan bulan/hari (format AS)"]),
    Case("refleksi_tanggal_dari_stempel_waktu_inggris",
         table([["Timestamp", "ID Komunitas", "Tanggal Refleksi", "Hal-hal yang sudah berjalan baik"],
                ["8/15/2022 10:00:00", "KOM-001", "", "Pertemuan rutin"],
                ["9/20/2022 10:00:00", "KOM-001", "9/1/2022", "Diskusi modul"],
                ["9/21/2022 10:00:00", "KOM-002", "", "Berbagi praktik"]]).encode(),
         name="refleksi.csv",
         sql="select sumber_baris, id_komunitas, tanggal, periode from refleksi where sumber_file = ? "
             "order by sumber_baris",
         rows=[(2, "KOM-001", D(2022, 8, 15), "2022-07/08"), (3, "KOM-001", D(2022, 9, 1), "2022-09/10"),
               (4, "KOM-002", D(2022, 9, 21), "2022-09/10")],
         catatan=["Kolom 'Tanggal Refleksi': urutan bulan/hari (format AS), mengikuti kolom 'Timestamp'"]),

    # --- 2. headers -----------------------------------------------------------------------------------------
    Case("judul_laporan_di_atas_baris_judul_kolom_csv",
         ("Rekap Kegiatan Komunitas Belajar\r\nBBGP Provinsi Jawa Barat, Agustus 2022\r\n\r\n"
          + table([ACTIVITY, ["KOM-001", "15/08/2022", "60", "Modul", "12"],
                   ["KOM-999", "16/08/2022", "60", "Tak dikenal", "5"],
                   ["KOM-001", "kemarin", "60", "Rusak", "5"]])).encode(),
         rows=[(5, "KOM-001", D(2022, 8, 15), 60, "Modul", 12)],
         karantina={6: "komunitas_tidak_dikenal", 7: "tanggal_tidak_terbaca"}),
    Case("judul_laporan_bertanda_kutip_dan_baris_berpemisah",
         ('"Rekap; Agustus 2022";;;;\r\n;;;;\r\n'
          + table([ACTIVITY, ["KOM-001", "15/08/2022", "60", "Modul", "12"],
                   ["KOM-001", "bukan tanggal", "60", "X", "5"]], ";")).encode(),
         rows=[(4, "KOM-001", D(2022, 8, 15), 60, "Modul", 12)],
         karantina={5: "tanggal_tidak_terbaca"}),
    Case("judul_laporan_di_atas_baris_judul_kolom_xlsx",
         xlsx([["Laporan Kegiatan Kombel"], ["Dicetak 1 September 2022"], ACTIVITY,
               ["KOM-001", "15/08/2022", 60, "Modul", 12], ["KOM-999", "16/08/2022", 60, "Tak dikenal", 5]]),
         name="kegiatan.xlsx",
         rows=[(4, "KOM-001", D(2022, 8, 15), 60, "Modul", 12)],
         karantina={5: "komunitas_tidak_dikenal"}),
    Case("baris_kosong_di_atas_judul_kolom",
         b"\r\n\r\nID Komunitas;Tanggal;Topik\r\nKOM-001;15/08/2022;Modul\r\nKOM-001;x;Y\r\n",
         rows=[(4, "KOM-001", D(2022, 8, 15), None, "Modul", None)],
         karantina={5: "tanggal_tidak_terbaca"}),
    Case("baris_sep_dari_excel",
         ("sep=;\r\n" + table([ACTIVITY, ["KOM-001", "15/08/2022", "60", "Modul, ajar", "12"],
                               ["KOM-001", "x", "60", "Y", "5"]], ";")).encode(),
         rows=[(3, "KOM-001", D(2022, 8, 15), 60, "Modul, ajar", 12)],
         karantina={4: "tanggal_tidak_terbaca"}),
    Case("kolom_tanpa_judul_tidak_dipetakan",
         activities(["KOM-001", "15/08/2022", "10:00", "Modul Ajar"], header=["ID Komunitas", "Tanggal", "", "Topik"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), None, "Modul Ajar", None)]),
    Case("judul_kolom_pmm_bahasa_inggris_kegiatan",
         activities(["KOM-001", "2022-08-15", "90", "12", "Modul", "Sharing", "Online", "https://x.test/a"],
                    header=["Community ID", "Date", "Duration (minutes)", "Participants", "Topic", "Activity type",
                            "Mode (online/offline)", "Documentation link"]),
         sql="select sumber_baris, id_komunitas, tanggal, durasi_menit, jumlah_peserta, topik, bentuk, moda, "
             "tautan_dokumentasi from kegiatan where sumber_file = ?",
         rows=[(2, "KOM-001", D(2022, 8, 15), 90, 12, "Modul", "berbagi praktik baik", "daring", "https://x.test/a")]),
    Case("judul_kolom_pmm_bahasa_inggris_komunitas",
         table([["Community ID", "Community name", "Community type", "Regency/City", "Province", "School name",
                 "NPSN", "Level (jenjang)", "Members", "Registration date", "Email", "Timestamp"],
                ["KOM-101", "Kombel Baru", "Dalam Sekolah", "Kab. Bandung", "Jawa Barat", "SDN 1", "20201234", "SD",
                 "12", "8/15/2022", "Penggerak@Guru.Belajar.id", "8/16/2022 10:00"]]).encode(),
         name="community_export.csv",
         sql="select sumber_baris, id_komunitas, nama_komunitas, jenis, kode_kabkota, npsn, jenjang, jumlah_anggota, "
             "tanggal_terdaftar, penggerak_email from komunitas where sumber_file = ?",
         rows=[(2, "KOM-101", "Kombel Baru", "dalam_sekolah", "32.04", "20201234", "SD", 12, D(2022, 8, 15),
                "penggerak@guru.belajar.id")],
         catatan=["Kolom 'Registration date': urutan bulan/hari (format AS)"]),
    Case("judul_kolom_pmm_bahasa_inggris_sekolah",
         table([["NPSN", "School name", "Level (jenjang)", "Regency/City", "Province"],
                ["20201234", "SD Negeri 1 Cileunyi", "SD", "Kab. Bandung", "Jawa Barat"]]).encode(),
         name="schools.csv",
         sql="select sumber_baris, npsn, nama_sekolah, jenjang, kode_kabkota from sekolah where sumber_file = ?",
         rows=[(2, "20201234", "SD Negeri 1 Cileunyi", "SD", "32.04")]),
    Case("hanya_judul_laporan_tanpa_judul_kolom",
         b"Rekap Kegiatan Komunitas Belajar\r\nBBGP Jawa Barat\r\n",
         error="jenis data tidak dapat dikenali"),

    # --- 3. numbers -----------------------------------------------------------------------------------------
    Case("angka_format_inggris_terbukti_dari_kolom",
         activities(["KOM-001", "15/08/2022", "60", "Satu", "1,234"],
                    ["KOM-001", "16/08/2022", "60", "Dua", "2,345,678"], ["KOM-001", "17/08/2022", "60", "Tiga", "12"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Satu", 1234), (3, "KOM-001", D(2022, 8, 16), 60, "Dua", None),
               (4, "KOM-001", D(2022, 8, 17), 60, "Tiga", 12)],
         koreksi=[("Peserta Hadir", "2,345,678", "", "dikosongkan_tidak_wajar", 1)],
         catatan=["Kolom 'Peserta Hadir': angka desimal titik, ribuan koma (format Inggris), terbukti dari nilai "
                  "seperti '2,345,678'"]),
    Case("angka_format_indonesia_bawaan",
         activities(["KOM-001", "15/08/2022", "1,5 jam", "Satu", "1.234"],
                    ["KOM-001", "16/08/2022", "1.000", "Dua", "1,5"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), 90, "Satu", 1234), (3, "KOM-001", D(2022, 8, 16), 1000, "Dua", None)],
         koreksi=[("Peserta Hadir", "1,5", "", "dikosongkan", 1)]),
    Case("angka_format_bertentangan",
         activities(["KOM-001", "15/08/2022", "60", "Satu", "1.000.000"],
                    ["KOM-001", "16/08/2022", "60", "Dua", "1,000,000"],
                    ["KOM-001", "17/08/2022", "60", "Tiga", "1.500"], ["KOM-001", "18/08/2022", "60", "Empat", "12"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Satu", None), (3, "KOM-001", D(2022, 8, 16), 60, "Dua", None),
               (4, "KOM-001", D(2022, 8, 17), 60, "Tiga", None), (5, "KOM-001", D(2022, 8, 18), 60, "Empat", 12)],
         koreksi=[("Peserta Hadir", "1.000.000", "", "dikosongkan_tidak_wajar", 1),
                  ("Peserta Hadir", "1,000,000", "", "dikosongkan_tidak_wajar", 1),
                  ("Peserta Hadir", "1.500", "", "dikosongkan_angka_ambigu", 1)],
         catatan=["Kolom 'Peserta Hadir': format angka tidak konsisten"]),
    Case("durasi_tidak_wajar_dikosongkan_baris_tetap_dimuat",
         activities(*[["KOM-001", f"{day}/08/2022", durasi, f"T{day}", "5"] for day, durasi in [
             (10, "1,234"), (11, "1.500"), (12, "2 x 45 menit"), (13, "25 jam"), (14, "NaN"), (15, "inf"),
             (16, "1e400"), (17, "-30"), (18, "sebentar"), (19, "90"), (20, "2x45"), (21, "24:30")]]),
         rows=[(i + 2, "KOM-001", D(2022, 8, day), minutes, f"T{day}", 5) for i, (day, minutes) in enumerate([
             (10, None), (11, None), (12, 90), (13, None), (14, None), (15, None), (16, None), (17, None),
             (18, None), (19, 90), (20, 90), (21, None)])],
         koreksi=[("Durasi (menit)", "1,234", "", "dikosongkan_tidak_wajar", 1),
                  ("Durasi (menit)", "1.500", "", "dikosongkan_tidak_wajar", 1),
                  ("Durasi (menit)", "25 jam", "", "dikosongkan_tidak_wajar", 1),
                  ("Durasi (menit)", "NaN", "", "dikosongkan_tidak_wajar", 1),
                  ("Durasi (menit)", "inf", "", "dikosongkan_tidak_wajar", 1),
                  ("Durasi (menit)", "1e400", "", "dikosongkan_tidak_wajar", 1),
                  ("Durasi (menit)", "-30", "", "dikosongkan", 1),
                  ("Durasi (menit)", "sebentar", "", "dikosongkan", 1),
                  ("Durasi (menit)", "24:30", "", "dikosongkan_tidak_wajar", 1)]),
    Case("durasi_jam_pelajaran_menurut_jenjang",
         activities(*[[kom, f"{day}/08/2022", jp, f"T{day}", "5"] for kom, day, jp in [
             ("KOM-001", 10, "2 JP"), ("KOM-002", 11, "2 JP"), ("KOM-004", 12, "2 jp"), ("KOM-007", 13, "3 JP"),
             ("KOM-003", 14, "2 JP"), ("KOM-005", 15, "2 JP"), ("KOM-006", 16, "2 JP"), ("KOM-001", 17, "2 x 1 JP"),
             ("KOM-002", 18, "40 JP")]]),
         rows=[(2, "KOM-001", D(2022, 8, 10), 70, "T10", 5), (3, "KOM-002", D(2022, 8, 11), 80, "T11", 5),
               (4, "KOM-004", D(2022, 8, 12), 90, "T12", 5), (5, "KOM-007", D(2022, 8, 13), 135, "T13", 5),
               (6, "KOM-003", D(2022, 8, 14), None, "T14", 5), (7, "KOM-005", D(2022, 8, 15), None, "T15", 5),
               (8, "KOM-006", D(2022, 8, 16), None, "T16", 5), (9, "KOM-001", D(2022, 8, 17), 70, "T17", 5),
               (10, "KOM-002", D(2022, 8, 18), None, "T18", 5)],
         koreksi=[("Durasi (menit)", "2 JP", "70", "jam_pelajaran_SD", 1),
                  ("Durasi (menit)", "2 JP", "80", "jam_pelajaran_SMP", 1),
                  ("Durasi (menit)", "2 jp", "90", "jam_pelajaran_SMA", 1),
                  ("Durasi (menit)", "3 JP", "135", "jam_pelajaran_SMK", 1),
                  ("Durasi (menit)", "2 x 1 JP", "70", "jam_pelajaran_SD", 1),
                  ("Durasi (menit)", "2 JP", "", "dikosongkan_jp_tanpa_jenjang", 3),
                  ("Durasi (menit)", "40 JP", "", "dikosongkan_tidak_wajar", 1)]),
    Case("hitungan_di_luar_batas_tidak_menggagalkan_muatan",
         activities(*[["KOM-001", f"{day}/08/2022", "60", f"T{day}", n] for day, n in [
             (10, "99999999999"), (11, "-5"), (12, "1e400"), (13, "10001"), (14, "10000"), (15, "NaN")]]),
         rows=[(i + 2, "KOM-001", D(2022, 8, day), 60, f"T{day}", n) for i, (day, n) in enumerate([
             (10, None), (11, None), (12, None), (13, None), (14, 10000), (15, None)])],
         koreksi=[("Peserta Hadir", v, "", "dikosongkan_tidak_wajar", 1)
                  for v in ("99999999999", "-5", "1e400", "10001", "NaN")]),
    Case("anggota_komunitas_di_luar_batas",
         table([["ID Komunitas", "Nama Komunitas", "Jenis Komunitas", "Kabupaten/Kota", "Jumlah Anggota"],
                ["KOM-201", "Kombel Besar", "Antar Sekolah", "Kab. Garut", "20000"],
                ["KOM-202", "Kombel Sedang", "Antar Sekolah", "Kab. Garut", "3000000000"],
                ["KOM-203", "Kombel Kecil", "Antar Sekolah", "Kab. Garut", "1.024"]]).encode(),
         name="komunitas_besar.csv",
         sql="select sumber_baris, id_komunitas, jumlah_anggota from komunitas where sumber_file = ? "
             "order by sumber_baris",
         rows=[(2, "KOM-201", None), (3, "KOM-202", None), (4, "KOM-203", 1024)],
         koreksi=[("Jumlah Anggota", "20000", "", "dikosongkan_tidak_wajar", 1),
                  ("Jumlah Anggota", "3000000000", "", "dikosongkan_tidak_wajar", 1)]),
    Case("sel_galat_rumus_csv",
         activities(["KOM-001", "15/08/2022", "#DIV/0!", "Modul", "12"],
                    ["KOM-001", "16/08/2022", "90", "#N/A", "Err:502"], ["KOM-001", "#REF!", "60", "X", "5"],
                    ["#N/A", "17/08/2022", "60", "Y", "5"],
                    ["KOM-001", "18/08/2022", "#VALUE!", "#NAME?", "#NUM!"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), None, "Modul", 12), (3, "KOM-001", D(2022, 8, 16), 90, None, None),
               (6, "KOM-001", D(2022, 8, 18), None, None, None)],
         karantina={4: "galat_rumus", 5: "galat_rumus"},
         koreksi=[("Durasi (menit)", "#DIV/0!", "", "dikosongkan_galat_rumus", 1),
                  ("Durasi (menit)", "#VALUE!", "", "dikosongkan_galat_rumus", 1),
                  ("Topik", "#N/A", "", "dikosongkan_galat_rumus", 1),
                  ("Topik", "#NAME?", "", "dikosongkan_galat_rumus", 1),
                  ("Peserta Hadir", "Err:502", "", "dikosongkan_galat_rumus", 1),
                  ("Peserta Hadir", "#NUM!", "", "dikosongkan_galat_rumus", 1)]),
    Case("sel_galat_rumus_xlsx",  # calamine returns "" for these cells: read from the sheet XML
         xlsx([ACTIVITY, ["KOM-001", "15/08/2022", None, "Modul", 12], ["KOM-001", "16/08/2022", 90, None, None],
               ["KOM-001", None, 60, "X", 5], [None, "17/08/2022", 60, "Y", 5]],
              errors={(1, 2): "#DIV/0!", (2, 3): "#N/A", (2, 4): "#VALUE!", (3, 1): "#REF!", (4, 0): "#N/A"}),
         name="kegiatan.xlsx",
         rows=[(2, "KOM-001", D(2022, 8, 15), None, "Modul", 12), (3, "KOM-001", D(2022, 8, 16), 90, None, None)],
         karantina={4: "galat_rumus", 5: "galat_rumus"},
         koreksi=[("Durasi (menit)", "#DIV/0!", "", "dikosongkan_galat_rumus", 1),
                  ("Topik", "#N/A", "", "dikosongkan_galat_rumus", 1),
                  ("Peserta Hadir", "#VALUE!", "", "dikosongkan_galat_rumus", 1)]),
    Case("sel_galat_rumus_xlsx_dari_libreoffice",
         (FIELD / "lo_galat_rumus.xlsx").read_bytes(), name="lo_galat_rumus.xlsx",
         rows=[(2, "KOM-001", D(2022, 10, 15), None, "Rumus durasi", 12),
               (3, "KOM-001", D(2022, 10, 16), 90, None, None), (5, "KOM-001", D(2022, 10, 18), None, "Baris utuh", 9)],
         karantina={4: "galat_rumus"},
         koreksi=[("Durasi (menit)", "#DIV/0!", "", "dikosongkan_galat_rumus", 1),
                  ("Durasi (menit)", "#N/A", "", "dikosongkan_galat_rumus", 1),
                  ("Topik", "#N/A", "", "dikosongkan_galat_rumus", 1),
                  ("Peserta Hadir", "#VALUE!", "", "dikosongkan_galat_rumus", 1)]),
    Case("sel_galat_rumus_csv_dari_libreoffice",
         (FIELD / "lo_galat_rumus.csv").read_bytes(), name="lo_galat_rumus.csv",
         rows=[(2, "KOM-001", D(2022, 10, 15), None, "Rumus durasi", 12),
               (3, "KOM-001", D(2022, 10, 16), 90, None, None), (5, "KOM-001", D(2022, 10, 18), None, "Baris utuh", 9)],
         karantina={4: "galat_rumus"},
         koreksi=[("Durasi (menit)", "#DIV/0!", "", "dikosongkan_galat_rumus", 1),
                  ("Durasi (menit)", "#N/A", "", "dikosongkan_galat_rumus", 1),
                  ("Topik", "#N/A", "", "dikosongkan_galat_rumus", 1),
                  ("Peserta Hadir", "Err:502", "", "dikosongkan_galat_rumus", 1)]),

    # --- 4. file formats ------------------------------------------------------------------------------------
    Case("tsv_dengan_koma_di_judul_kolom",
         table([["ID Komunitas", "Tanggal", "Topik (materi, judul, tema, dll.)"],
                ["KOM-001", "15/08/2022", "Modul, ajar"]], "\t").encode(),
         name="kegiatan.tsv",
         rows=[(2, "KOM-001", D(2022, 8, 15), None, "Modul, ajar", None)]),
    Case("utf16_le_tanpa_bom",
         table([["ID Komunitas", "Tanggal", "Topik"], ["KOM-001", "15/08/2022", "Penyusunan Modul – Fase A"]],
               "\t").encode("utf-16-le"), name="kegiatan.txt",
         rows=[(2, "KOM-001", D(2022, 8, 15), None, "Penyusunan Modul – Fase A", None)]),
    Case("utf16_be_tanpa_bom",
         table([["ID Komunitas", "Tanggal", "Topik"], ["KOM-001", "15/08/2022", "Refleksi “Guru Penggerak”"]],
               ";").encode("utf-16-be"),
         rows=[(2, "KOM-001", D(2022, 8, 15), None, "Refleksi “Guru Penggerak”", None)]),
    Case("akhir_baris_cr_saja_excel_mac_lama",
         table([ACTIVITY, ["KOM-001", "15/08/2022", "60", "Modul", "12"], ["KOM-001", "x", "60", "Y", "5"],
                ["KOM-001", "17/08/2022", "45", "Z", "7"]], ";", "\r").encode("cp1252"),
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Modul", 12), (4, "KOM-001", D(2022, 8, 17), 45, "Z", 7)],
         karantina={3: "tanggal_tidak_terbaca"}),
    Case("byte_nul_di_awal_berkas",
         activities(["KOM-001", "15/08/2022", "60", "Mod\x00ul", "12"]).replace(b"ID Komunitas", b"ID Komu\x00nitas"),
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Modul", 12)]),
    Case("byte_nul_di_akhir_berkas",
         activities(["KOM-001", "15/08/2022", "60", "Modul", "12"],
                    *[["KOM-002", "16/08/2022", "30", "Isi", "3"]] * 300) + b"\x00" * 5000,
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Modul", 12), (3, "KOM-002", D(2022, 8, 16), 30, "Isi", 3)]),
    Case("berkas_biner_tetap_ditolak",
         b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" * 50, name="foto.csv",
         error="berkas biner"),
]


def koreksi_of(db: Path, name: str) -> list[tuple]:
    con = open_readonly(db)
    try:
        return con.execute("select kolom, nilai_asli, nilai_baru, metode, jumlah_baris from koreksi "
                           "where sumber_file = ?", [name]).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_field_export(db, case: Case):
    source = Source(case.name, case.data)
    if case.error:
        with pytest.raises(LoadError, match=case.error):
            load_files(db, [source], kind=case.kind)
        return
    report = load_files(db, [source], kind=case.kind)
    f = report.files[0]
    con = open_readonly(db)
    try:
        rows = con.execute(case.sql, [case.name]).fetchall()
    finally:
        con.close()
    assert rows == case.rows
    assert {q["sumber_baris"]: q["kode_alasan"] for q in f.karantina} == case.karantina
    assert all(q["alasan"] for q in f.karantina)
    made = [(k["kolom"], k["nilai_asli"], k["nilai_baru"], k["metode"], k["jumlah_baris"]) for k in f.koreksi]
    assert sorted(made) == sorted(case.koreksi)
    assert sorted(koreksi_of(db, case.name)) == sorted(case.koreksi)  # stored in `koreksi` (Kualitas Data)
    for fragment in case.catatan:
        assert any(fragment in note for note in f.catatan), (fragment, f.catatan)
    text = report.to_text()
    assert all(note in text for note in f.catatan)


def test_reasons_are_told_in_words(db):
    data = activities(["KOM-001", "15/8/2022", "60", "A", "1"], ["KOM-001", "8/16/2022", "60", "B", "1"],
                      ["KOM-001", "9/8/2022", "60", "C", "1"], ["KOM-001", "#REF!", "60", "D", "1"])
    f = load_files(db, [Source("k.csv", data)]).files[0]
    alasan = {q["sumber_baris"]: q["alasan"] for q in f.karantina}
    assert alasan[4] == ("Tanggal '9/8/2022' dapat dibaca sebagai hari/bulan maupun bulan/hari, dan kolom 'Tanggal' "
                         "memuat kedua urutan; tulis tanggalnya seperti 2022-08-15 atau 15 Agustus 2022.")
    assert alasan[5] == "Kolom 'Tanggal': sel berisi galat rumus (#REF!)."


def test_reapplied_quarantine_keeps_the_files_date_order(db):
    """A quarantined row re-applied later (after a mapping) is read with the order its whole file proved, not
    with what its own few values say."""
    from edits.mappings import map_komunitas

    data = table([["Nama Komunitas", "Kabupaten/Kota", "Tanggal", "Topik"],
                  ["Kombel Cileunyi Hebat", "Kab. Bandung", "8/15/2022", "Bukti urutan"],
                  ["Kombel Nama Lain", "Kab. Bandung", "9/1/2022", "Menunggu pemetaan"]]).encode()
    f = load_files(db, [Source("form_inggris.csv", data)]).files[0]
    assert [q["kode_alasan"] for q in f.karantina] == ["komunitas_tidak_dikenal"]
    con = open_readonly(db)
    try:
        (ident, js), = con.execute("select id_karantina, baris_json from karantina").fetchall()
    finally:
        con.close()
    assert '"_format": {"tanggal": "mdy"}' in js
    map_komunitas(db, ident, "KOM-001")
    con = open_readonly(db)
    try:
        assert con.execute("select topik, tanggal from kegiatan where sumber_file = 'form_inggris.csv' "
                           "order by tanggal").fetchall() == [("Bukti urutan", D(2022, 8, 15)),
                                                              ("Menunggu pemetaan", D(2022, 9, 1))]
    finally:
        con.close()


# --- inputs made by LibreOffice (fixtures_field/make.sh) --------------------------------------------------------

def _original_dates() -> dict[str, date]:
    with open(FIELD / "gform_id.csv", encoding="utf-8", newline="") as fh:
        return {r["Topik Kegiatan"]: datetime.strptime(r["Tanggal Pelaksanaan Kegiatan"], "%d/%m/%Y").date()
                for r in csv.DictReader(fh)}


LIBREOFFICE = {
    "gform_id.csv": "urutan hari/bulan",           # the form itself, Indonesian
    "gform_en.csv": "urutan bulan/hari",           # from an English-locale Google account
    "lo_en_impor_id.csv": "urutan bulan/hari",     # English LibreOffice: 10/15/22 05:58 PM
    "lo_en_impor_en.csv": "urutan hari/bulan",     # half the dates left as text 15/10/2022
    "lo_id_impor_id.csv": "urutan hari/bulan",     # Indonesian LibreOffice: 15/10/22 17:58
    "lo_en_gform_en.csv": "urutan bulan/hari",
    "lo_id_gform_en.csv": "urutan hari/bulan",
    "lo_impor_id.xlsx": None,                      # date cells: no order to decide
}


@pytest.mark.parametrize("name", list(LIBREOFFICE))
def test_libreoffice_resaved_forms_keep_every_date(db, name):
    f = load_files(db, [Source.from_path(FIELD / name)]).files[0]
    assert (f.jenis_data, f.baris_total, f.ditambah, f.dikarantina, f.koreksi) == ("kegiatan", 40, 40, 0, [])
    con = open_readonly(db)
    try:
        loaded = dict(con.execute("select topik, tanggal from kegiatan where sumber_file = ?", [name]).fetchall())
    finally:
        con.close()
    assert loaded == _original_dates()  # every row, none swapped
    notes = [n for n in f.catatan if n.startswith("Kolom 'Tanggal Pelaksanaan Kegiatan'")]
    if LIBREOFFICE[name]:
        assert len(notes) == 1 and LIBREOFFICE[name] in notes[0], f.catatan
    else:
        assert notes == []


# --- the value readers themselves -----------------------------------------------------------------------------

@pytest.mark.parametrize("text,style,value", [
    ("1.234", nz.ID, 1234), ("1.234", nz.EN, 1.234), ("1,234", nz.ID, 1.234), ("1,234", nz.EN, 1234),
    ("1.234,5", nz.EN, 1234.5), ("1,234.5", nz.ID, 1234.5), ("1.500", None, 1500), ("2.75", nz.ID, 2.75),
    ("1 234", nz.ID, 1234), ("0,500", nz.EN, 0.5), ("-12", nz.ID, -12),
])
def test_number_styles(text, style, value):
    assert nz.parse_number(text, style) == value


@pytest.mark.parametrize("text,style,code", [
    ("NaN", nz.ID, "nilai_tidak_wajar"), ("inf", nz.ID, "nilai_tidak_wajar"), ("1e400", nz.ID, "nilai_tidak_wajar"),
    ("1.500", nz.CONFLICT, "angka_ambigu"), ("1.2.3", nz.ID, "angka_tidak_valid"), ("dua", nz.ID, "angka_tidak_valid"),
])
def test_unusable_numbers(text, style, code):
    with pytest.raises(nz.ParseError) as exc:
        nz.parse_number(text, style)
    assert exc.value.code == code


@pytest.mark.parametrize("text,order,expected", [
    ("8/9/2022", nz.DMY, date(2022, 9, 8)), ("8/9/2022", nz.MDY, date(2022, 8, 9)),
    ("2022-08-02T14:03:11", nz.DMY, date(2022, 8, 2)), ("Kamis, 15-09-2022", nz.DMY, date(2022, 9, 15)),
    ("10/15/22 05:58 PM", nz.MDY, date(2022, 10, 15)), ("15/8/2022", nz.CONFLICT, date(2022, 8, 15)),
])
def test_parse_date_with_an_order(text, order, expected):
    assert nz.parse_date(text, order) == expected
