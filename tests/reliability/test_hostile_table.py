"""Hostile input, one table (issue 13.8): every kind of file a UPT clerk, a Google Form, PMM or a spreadsheet
program can produce, each with its exact outcome through the real `load_files` — the rows stored with their
values (read back from the store), the rows in karantina with their `kode_alasan`, the corrections recorded —
or the LoadError it ends in (key Indonesian words, the store byte-identical). A sample also goes through the
real CLI (`python -m data_loaders`). README "Keandalan" lists the kinds by group.

The registry loaded first (tests/reliability/fixtures/komunitas_dasar.csv): KOM-001 and KOM-002 (SD, Kab.
Bandung 32.04), KOM-003 (SMP, Kota Bandung 32.73)."""
from __future__ import annotations

import csv
import hashlib
import io
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from random import Random

import pytest
import xlsxwriter

from data_loaders.kinds.komunitas import derived_id
from data_loaders.load import LoadError, Source, load_files
from store import database as store
from tests.reliability._support import run_loader
from tests.support import copy_store

FIXTURES = Path(__file__).parent / "fixtures"
D = date
H = ["ID Komunitas", "Tanggal", "Durasi (menit)", "Topik", "Peserta Hadir"]
KEGIATAN = ("select sumber_baris, id_komunitas, tanggal, durasi_menit, topik, jumlah_peserta from kegiatan "
            "where sumber_file = ? order by sumber_baris")
KEGIATAN_LABELS = ("select sumber_baris, topik, bentuk, moda from kegiatan where sumber_file = ? "
                   "order by sumber_baris")
KOMUNITAS = ("select sumber_baris, id_komunitas, nama_komunitas, jenis, npsn, kode_kabkota, jenjang, jumlah_anggota, "
             "tanggal_terdaftar from komunitas where sumber_file = ? order by sumber_baris")
SEKOLAH = ("select sumber_baris, npsn, nama_sekolah, jenjang, kode_kabkota from sekolah where sumber_file = ? "
           "order by sumber_baris")
REFLEKSI = ("select sumber_baris, id_komunitas, tanggal, periode, komponen, jawaban from refleksi "
            "where sumber_file = ? order by sumber_baris, komponen")
PENGGERAK = ("select sumber_baris, penggerak_email, penggerak_nama, kode_kabkota, akun_belajar_id, "
             "aksi_nyata_kurikulum_merdeka, aksi_nyata_asesmen_awal from penggerak where sumber_file = ? "
             "order by sumber_baris")
UPT = ("select sumber_baris, jenis_kegiatan, nama_kegiatan, tanggal, kode_kabkota, jumlah_peserta from kegiatan_upt "
       "where sumber_file = ? order by sumber_baris")
SURVEI = ("select sumber_baris, waktu_pengisian, penggerak_email, kode_kabkota, topik from survei_kebutuhan "
          "where sumber_file = ? order by sumber_baris, topik")


# --- building files -----------------------------------------------------------------------------------------

def text(rows: list[list[str]], delimiter: str = ";", end: str = "\r\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=end).writerows(rows)
    return out.getvalue()


def acts(*rows: list[str], header: list[str] = H, delimiter: str = ";", end: str = "\r\n",
         encoding: str = "utf-8") -> bytes:
    """A community activity export (the kind most files are)."""
    return text([header, *rows], delimiter, end).encode(encoding)


def sheet(rows: list[list[object]], *, errors: dict[tuple[int, int], str] | None = None,
          merged: list[tuple[int, int, int, int, str]] = (), dates: dict[tuple[int, int], datetime] | None = None
          ) -> bytes:
    """An XLSX: `errors` are formula cells whose cached value is a spreadsheet error (t="e"), `merged` title cells
    spanning columns (a title block), `dates` real date cells."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Rekap")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)
    for r1, c1, r2, c2, title in merged:
        ws.merge_range(r1, c1, r2, c2, title)
    for (r, c), value in (errors or {}).items():
        ws.write_formula(r, c, "=1/0", None, value)
    date_format = wb.add_format({"num_format": "dd/mm/yyyy"})
    for (r, c), value in (dates or {}).items():
        ws.write_datetime(r, c, value, date_format)
    wb.close()
    return buf.getvalue()


@dataclass
class Case:
    group: str                                   # dates, headers, numbers, durations, text, places, files, kinds
    name: str
    data: bytes | Callable[[], bytes]
    file: str = "kegiatan.csv"
    rows: list[tuple] = field(default_factory=list)      # what `sql` returns for the file
    karantina: dict[int, str] = field(default_factory=dict)  # sheet row -> kode_alasan
    koreksi: list[tuple] = field(default_factory=list)   # (kolom, nilai_asli, nilai_baru, metode, jumlah_baris)
    sql: str = KEGIATAN
    kind: str | None = None
    sudah_ada: int = 0
    error: tuple[str, ...] = ()                  # a LoadError with these words instead
    cli: bool = False                            # also through `python -m data_loaders`


def dropped(kolom: str, *values: str, metode: str = "dikosongkan_tidak_wajar") -> list[tuple]:
    return [(kolom, v, "", metode, 1) for v in values]


def day_rows(pairs: list[tuple[str, str]], column: int) -> list[list[str]]:
    """One activity per value, on consecutive days from 10 Aug 2022, the value in `column`."""
    rows = []
    for i, (value, topic) in enumerate(pairs):
        row = ["KOM-001", f"{10 + i}/08/2022", "60", topic, "5"]
        row[column] = value
        rows.append(row)
    return rows


CASES: list[Case] = [
    # --- dates -----------------------------------------------------------------------------------------------
    Case("tanggal", "google_forms_akun_inggris_bulan_hari",
         acts(["KOM-001", "8/9/2022", "60", "Satu", "10"], ["KOM-001", "9/1/2022", "60", "Dua", "10"],
              ["KOM-001", "8/15/2022", "60", "Tiga", "10"]),
         rows=[(2, "KOM-001", D(2022, 8, 9), 60, "Satu", 10), (3, "KOM-001", D(2022, 9, 1), 60, "Dua", 10),
               (4, "KOM-001", D(2022, 8, 15), 60, "Tiga", 10)], cli=True),
    Case("tanggal", "disimpan_ulang_libreoffice_inggris_jam_pm",
         acts(["10/15/22 05:58 PM", "KOM-001", "10/1/22", "Satu"], ["10/16/22 06:02 AM", "KOM-002", "10/2/22", "Dua"],
              header=["Timestamp", "ID Komunitas", "Tanggal Pelaksanaan", "Topik"], delimiter=","),
         rows=[(2, "KOM-001", D(2022, 10, 1), None, "Satu", None), (3, "KOM-002", D(2022, 10, 2), None, "Dua", None)]),
    Case("tanggal", "iso_dengan_t_dan_zona",
         acts(["KOM-001", "2022-08-02T14:03:11", "60", "Satu", "1"],
              ["KOM-001", "2022-08-03T07:00:00Z", "60", "Dua", "1"],
              ["KOM-001", "2022-08-04 07:00:00+07:00", "60", "Tiga", "1"]),
         rows=[(2, "KOM-001", D(2022, 8, 2), 60, "Satu", 1), (3, "KOM-001", D(2022, 8, 3), 60, "Dua", 1),
               (4, "KOM-001", D(2022, 8, 4), 60, "Tiga", 1)]),
    Case("tanggal", "nama_hari_di_depan_tanggal",
         acts(["KOM-001", "Kamis, 15-09-2022", "60", "Satu", "1"], ["KOM-001", "Jumat 16/09/2022", "60", "Dua", "1"],
              ["KOM-001", "Sabtu, 17 September 2022", "60", "Tiga", "1"]),
         rows=[(2, "KOM-001", D(2022, 9, 15), 60, "Satu", 1), (3, "KOM-001", D(2022, 9, 16), 60, "Dua", 1),
               (4, "KOM-001", D(2022, 9, 17), 60, "Tiga", 1)]),
    Case("tanggal", "tahun_dua_digit_hari_bulan",
         acts(["KOM-001", "15/8/22", "60", "Satu", "1"], ["KOM-001", "3/9/22", "60", "Dua", "1"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Satu", 1), (3, "KOM-001", D(2022, 9, 3), 60, "Dua", 1)]),
    Case("tanggal", "nomor_seri_excel_sebagai_teks",
         acts(["KOM-001", "44788", "60", "Satu", "1"], ["KOM-001", "44789.75", "60", "Dua", "1"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Satu", 1), (3, "KOM-001", D(2022, 8, 16), 60, "Dua", 1)]),
    Case("tanggal", "nama_bulan_indonesia_dan_inggris",
         acts(["KOM-001", "15 Agt 2022", "60", "Satu", "1"], ["KOM-001", "16-Agu-22", "60", "Dua", "1"],
              ["KOM-001", "17 August 2022", "60", "Tiga", "1"], ["KOM-001", "Sept 18, 2022", "60", "Empat", "1"],
              ["KOM-001", "19 Pebruari 2022", "60", "Lima", "1"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Satu", 1), (3, "KOM-001", D(2022, 8, 16), 60, "Dua", 1),
               (4, "KOM-001", D(2022, 8, 17), 60, "Tiga", 1), (5, "KOM-001", D(2022, 9, 18), 60, "Empat", 1),
               (6, "KOM-001", D(2022, 2, 19), 60, "Lima", 1)]),
    Case("tanggal", "titik_dan_jam_gaya_indonesia",
         acts(["KOM-001", "15.08.2022", "60", "Satu", "1"], ["KOM-001", "16/08/2022 17.58", "60", "Dua", "1"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Satu", 1), (3, "KOM-001", D(2022, 8, 16), 60, "Dua", 1)]),
    Case("tanggal", "sebelum_2000_dan_setelah_2100_dikarantina",
         acts(["KOM-001", "15/08/1999", "60", "Lama", "1"], ["KOM-001", "15/08/2031", "60", "Depan", "1"],
              ["KOM-001", "15/08/2101", "60", "Jauh", "1"], ["KOM-001", "31/12/9999", "60", "Kiamat", "1"]),
         rows=[(3, "KOM-001", D(2031, 8, 15), 60, "Depan", 1)],  # the documented range is 2000–2100
         karantina={2: "tanggal_di_luar_rentang", 4: "tanggal_di_luar_rentang", 5: "tanggal_di_luar_rentang"}),
    Case("tanggal", "tanggal_mustahil_dan_bukan_tanggal",
         acts(["KOM-001", "31/02/2022", "60", "A", "1"], ["KOM-001", "00/08/2022", "60", "B", "1"],
              ["KOM-001", "kemarin", "60", "C", "1"], ["KOM-001", "NaN", "60", "D", "1"],
              ["KOM-001", "15/13/2022", "60", "E", "1"], ["KOM-001", "16/08/2022", "60", "F", "1"]),
         rows=[(7, "KOM-001", D(2022, 8, 16), 60, "F", 1)],
         karantina={2: "tanggal_tidak_terbaca", 3: "tanggal_tidak_terbaca", 4: "tanggal_tidak_terbaca",
                    5: "tanggal_tidak_terbaca", 6: "tanggal_tidak_terbaca"}),
    Case("tanggal", "tanggal_kosong_atau_spasi",
         acts(["KOM-001", "", "60", "A", "1"], ["KOM-001", "   ", "60", "B", "1"],
              ["KOM-001", "\u00a0", "60", "C", "1"],
              ["KOM-001", "15/08/2022", "60", "D", "1"]),
         rows=[(5, "KOM-001", D(2022, 8, 15), 60, "D", 1)],
         karantina={2: "nilai_wajib_kosong", 3: "nilai_wajib_kosong", 4: "nilai_wajib_kosong"}),
    Case("tanggal", "urutan_bertentangan_dalam_satu_kolom",
         acts(["KOM-001", "15/8/2022", "60", "A", "1"], ["KOM-001", "8/16/2022", "60", "B", "1"],
              ["KOM-001", "9/8/2022", "60", "C", "1"], ["KOM-001", "5/5/2022", "60", "D", "1"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "A", 1), (3, "KOM-001", D(2022, 8, 16), 60, "B", 1),
               (5, "KOM-001", D(2022, 5, 5), 60, "D", 1)],
         karantina={4: "tanggal_urutan_ambigu"}),
    Case("tanggal", "karakter_tak_terlihat_di_tanggal",
         acts(["KOM-001", "15/08/2022\u200b", "60", "Zwsp", "1"], ["KOM-001", "\u200f16/08/2022", "60", "Rtl", "1"],
              ["KOM-001", "\ufeff17/08/2022\u00a0", "60", "Bom", "1"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Zwsp", 1), (3, "KOM-001", D(2022, 8, 16), 60, "Rtl", 1),
               (4, "KOM-001", D(2022, 8, 17), 60, "Bom", 1)]),

    # --- headers ---------------------------------------------------------------------------------------------
    Case("judul", "judul_kolom_di_baris_3_di_bawah_judul_laporan",
         b"Rekap Kegiatan Komunitas Belajar\r\nUPT BBGP Jawa Barat\r\n"
         + acts(["KOM-001", "15/08/2022", "60", "A", "9"], ["KOM-001", "x", "60", "B", "9"]),
         rows=[(4, "KOM-001", D(2022, 8, 15), 60, "A", 9)], karantina={5: "tanggal_tidak_terbaca"}, cli=True),
    Case("judul", "judul_laporan_sel_gabungan_xlsx",
         sheet([[None], [None], [None], H, ["KOM-001", "15/08/2022", 60, "A", 12], ["Jumlah", None, None, None, 12]],
               merged=[(0, 0, 0, 4, "REKAP KEGIATAN KOMUNITAS BELAJAR"), (1, 0, 1, 4, "Kabupaten Bandung, Agustus")]),
         file="rekap.xlsx",
         rows=[(5, "KOM-001", D(2022, 8, 15), 60, "A", 12)], karantina={6: "nilai_wajib_kosong"}),
    Case("judul", "judul_kolom_pmm_bahasa_inggris",
         acts(["KOM-001", "2022-08-15", "90", "12", "Modul"], ["KOM-003", "2022-08-16", "45", "7", "P5"],
              header=["Community ID", "Date", "Duration (minutes)", "Participants", "Topic"], delimiter=","),
         rows=[(2, "KOM-001", D(2022, 8, 15), 90, "Modul", 12), (3, "KOM-003", D(2022, 8, 16), 45, "P5", 7)]),
    Case("judul", "baris_sep_excel",
         b"sep=;\r\n" + acts(["KOM-001", "15/08/2022", "60", "Modul, ajar", "12"]),
         rows=[(3, "KOM-001", D(2022, 8, 15), 60, "Modul, ajar", 12)], cli=True),
    Case("judul", "bom_lalu_baris_sep",
         b"\xef\xbb\xbfsep=,\r\n" + acts(["KOM-001", "15/08/2022", "60", "Modul; ajar", "12"], delimiter=","),
         rows=[(3, "KOM-001", D(2022, 8, 15), 60, "Modul; ajar", 12)]),
    Case("judul", "kolom_tanpa_judul_sebelum_topik",
         acts(["KOM-001", "15/08/2022", "10:00", "Modul Ajar"], header=["ID Komunitas", "Tanggal", "", "Topik"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), None, "Modul Ajar", None)]),
    Case("judul", "judul_kolom_ganda_yang_pertama_dipakai",
         acts(["KOM-001", "15/08/2022", "A", "16/08/2022", "B"],
              header=["ID Komunitas", "Tanggal", "Topik", "Tanggal", "Topik"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), None, "A", None)]),
    Case("judul", "judul_kolom_berspasi_ganjil_baris_baru_huruf_besar",
         acts(["KOM-001", "15/08/2022", "60", "A", "9"],
              header=["  ID\u00a0Komunitas ", "Tanggal\n(dd/mm/yyyy)", "DURASI (MENIT)", "topik",
                      "Peserta\u00a0Hadir"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "A", 9)]),
    Case("judul", "baris_jumlah_di_akhir",
         acts(["KOM-001", "15/08/2022", "60", "A", "9"], ["KOM-002", "16/08/2022", "60", "B", "6"],
              ["JUMLAH", "", "120", "", "15"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "A", 9), (3, "KOM-002", D(2022, 8, 16), 60, "B", 6)],
         karantina={4: "nilai_wajib_kosong"}),
    Case("judul", "hanya_baris_judul_kolom", acts(), rows=[]),
    Case("judul", "hanya_judul_laporan_tanpa_judul_kolom",
         b"Rekap Kegiatan Komunitas Belajar\r\nBBGP Jawa Barat\r\n", error=("tidak dapat dikenali",)),
    Case("judul", "kolom_wajib_tidak_ada",
         acts(["KOM-001", "Modul", "60"], header=["ID Komunitas", "Topik", "Durasi (menit)"]), kind="kegiatan",
         error=("tanggal",)),

    # --- numbers (counts) --------------------------------------------------------------------------------------
    Case("angka", "ribuan_titik_gaya_indonesia",
         acts(*day_rows([("1.500", "A"), ("1.234", "B"), ("12", "C")], 4)),
         rows=[(2, "KOM-001", D(2022, 8, 10), 60, "A", 1500), (3, "KOM-001", D(2022, 8, 11), 60, "B", 1234),
               (4, "KOM-001", D(2022, 8, 12), 60, "C", 12)]),
    Case("angka", "ribuan_koma_gaya_as_terbukti_dari_kolom",
         acts(*day_rows([("1,234", "A"), ("2,345.0", "B"), ("30", "C")], 4)),
         rows=[(2, "KOM-001", D(2022, 8, 10), 60, "A", 1234), (3, "KOM-001", D(2022, 8, 11), 60, "B", 2345),
               (4, "KOM-001", D(2022, 8, 12), 60, "C", 30)]),
    Case("angka", "hitungan_nan_inf_1e400_dan_2_pangkat_31",
         acts(*day_rows([("NaN", "A"), ("inf", "B"), ("1e400", "C"), ("2147483648", "D"), ("99999999999999999999", "E"),
                         ("-5", "F"), ("10001", "G")], 4)),
         rows=[(2 + i, "KOM-001", D(2022, 8, 10 + i), 60, t, None) for i, t in enumerate("ABCDEFG")],
         koreksi=dropped("Peserta Hadir", "NaN", "inf", "1e400", "2147483648", "99999999999999999999", "-5", "10001"),
         cli=True),
    Case("angka", "persen_tanda_hubung_dan_satuan_orang",
         acts(*day_rows([("80%", "A"), ("-", "B"), ("12 orang", "C"), ("25 guru", "D"), ("dua belas", "E")], 4)),
         rows=[(2, "KOM-001", D(2022, 8, 10), 60, "A", None), (3, "KOM-001", D(2022, 8, 11), 60, "B", None),
               (4, "KOM-001", D(2022, 8, 12), 60, "C", 12), (5, "KOM-001", D(2022, 8, 13), 60, "D", 25),
               (6, "KOM-001", D(2022, 8, 14), 60, "E", None)],
         koreksi=dropped("Peserta Hadir", "80%", "-", "dua belas", metode="dikosongkan")),
    Case("angka", "spasi_ribuan_dan_notasi_ilmiah",
         acts(*day_rows([("1\u00a0234", "A"), ("1 000", "B"), ("1.2E+03", "C")], 4)),
         rows=[(2, "KOM-001", D(2022, 8, 10), 60, "A", 1234), (3, "KOM-001", D(2022, 8, 11), 60, "B", 1000),
               (4, "KOM-001", D(2022, 8, 12), 60, "C", 1200)]),
    Case("angka", "seribu_bertitik_di_kolom_yang_terbukti_inggris",  # `1.000` is not 1 participant
         acts(*day_rows([("1.000", "A"), ("1,234.5", "B"), ("2,500", "C")], 4)),
         rows=[(2, "KOM-001", D(2022, 8, 10), 60, "A", None), (3, "KOM-001", D(2022, 8, 11), 60, "B", None),
               (4, "KOM-001", D(2022, 8, 12), 60, "C", 2500)],
         koreksi=[*dropped("Peserta Hadir", "1.000"), *dropped("Peserta Hadir", "1,234.5", metode="dikosongkan")]),
    Case("angka", "pecahan_peserta_dikosongkan",
         acts(*day_rows([("12,5", "A"), ("7", "B")], 4)),
         rows=[(2, "KOM-001", D(2022, 8, 10), 60, "A", None), (3, "KOM-001", D(2022, 8, 11), 60, "B", 7)],
         koreksi=dropped("Peserta Hadir", "12,5", metode="dikosongkan")),
    Case("angka", "sel_galat_rumus_csv",
         acts(["KOM-001", "15/08/2022", "#DIV/0!", "#N/A", "#VALUE!"], ["KOM-001", "#REF!", "60", "B", "1"],
              ["#N/A", "16/08/2022", "60", "C", "1"], ["KOM-001", "17/08/2022", "Err:502", "D", "#NAME?"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), None, None, None), (5, "KOM-001", D(2022, 8, 17), None, "D", None)],
         karantina={3: "galat_rumus", 4: "galat_rumus"},
         koreksi=[*dropped("Durasi (menit)", "#DIV/0!", "Err:502", metode="dikosongkan_galat_rumus"),
                  *dropped("Topik", "#N/A", metode="dikosongkan_galat_rumus"),
                  *dropped("Peserta Hadir", "#VALUE!", "#NAME?", metode="dikosongkan_galat_rumus")]),
    Case("angka", "sel_galat_rumus_xlsx",
         lambda: sheet([H, ["KOM-001", "15/08/2022", None, "A", 12], ["KOM-001", "16/08/2022", 90, None, None],
                        ["KOM-001", None, 60, "C", 5], [None, "17/08/2022", 60, "D", 5]],
                       errors={(1, 2): "#DIV/0!", (2, 3): "#N/A", (2, 4): "#NUM!", (3, 1): "#REF!", (4, 0): "#N/A"}),
         file="kegiatan.xlsx",
         rows=[(2, "KOM-001", D(2022, 8, 15), None, "A", 12), (3, "KOM-001", D(2022, 8, 16), 90, None, None)],
         karantina={4: "galat_rumus", 5: "galat_rumus"},
         koreksi=[*dropped("Durasi (menit)", "#DIV/0!", metode="dikosongkan_galat_rumus"),
                  *dropped("Topik", "#N/A", metode="dikosongkan_galat_rumus"),
                  *dropped("Peserta Hadir", "#NUM!", metode="dikosongkan_galat_rumus")], cli=True),

    # --- durations -------------------------------------------------------------------------------------------
    # `1,234,567` proves the column English: `1,234` is then 1234 minutes, under the 24-hour bound.
    Case("durasi", "koma_ribuan_1234_dan_1234567_menit",
         acts(*day_rows([("1,234", "A"), ("1,234,567", "B"), ("45", "C")], 2)),
         rows=[(2, "KOM-001", D(2022, 8, 10), 1234, "A", 5), (3, "KOM-001", D(2022, 8, 11), None, "B", 5),
               (4, "KOM-001", D(2022, 8, 12), 45, "C", 5)],
         koreksi=dropped("Durasi (menit)", "1,234,567")),
    Case("durasi", "koma_1234_sendirian_bukan_rapat_semenit",
         acts(*day_rows([("1,234", "A"), ("90", "B")], 2)),
         rows=[(2, "KOM-001", D(2022, 8, 10), None, "A", 5), (3, "KOM-001", D(2022, 8, 11), 90, "B", 5)],
         koreksi=dropped("Durasi (menit)", "1,234")),
    Case("durasi", "nan_inf_1e400_dan_2_pangkat_31",
         acts(*day_rows([("NaN", "A"), ("inf", "B"), ("1e400", "C"), ("2147483648", "D"), ("-inf", "E")], 2)),
         rows=[(2 + i, "KOM-001", D(2022, 8, 10 + i), None, t, 5) for i, t in enumerate("ABCDE")],
         koreksi=[*dropped("Durasi (menit)", "NaN", "inf", "1e400", "2147483648"),
                  *dropped("Durasi (menit)", "-inf", metode="dikosongkan")], cli=True),  # negative: unreadable
    Case("durasi", "lebih_dari_24_jam_dan_negatif",
         acts(*day_rows([("25 jam", "A"), ("1500", "B"), ("24:30", "C"), ("24 jam", "D"), ("-30", "E"),
                         ("-1 jam", "F")], 2)),
         rows=[(2, "KOM-001", D(2022, 8, 10), None, "A", 5), (3, "KOM-001", D(2022, 8, 11), None, "B", 5),
               (4, "KOM-001", D(2022, 8, 12), None, "C", 5), (5, "KOM-001", D(2022, 8, 13), 1440, "D", 5),
               (6, "KOM-001", D(2022, 8, 14), None, "E", 5), (7, "KOM-001", D(2022, 8, 15), None, "F", 5)],
         koreksi=[*dropped("Durasi (menit)", "25 jam", "1500", "24:30"),
                  *dropped("Durasi (menit)", "-30", "-1 jam", metode="dikosongkan")]),
    Case("durasi", "jam_pelajaran_menurut_jenjang",
         acts(["KOM-001", "15/08/2022", "2 JP", "SD", "1"], ["KOM-003", "16/08/2022", "2 JP", "SMP", "1"],
              ["KOM-002", "17/08/2022", "3 jp", "SD tiga", "1"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), 70, "SD", 1), (3, "KOM-003", D(2022, 8, 16), 80, "SMP", 1),
               (4, "KOM-002", D(2022, 8, 17), 105, "SD tiga", 1)],
         koreksi=[("Durasi (menit)", "2 JP", "70", "jam_pelajaran_SD", 1),
                  ("Durasi (menit)", "2 JP", "80", "jam_pelajaran_SMP", 1),
                  ("Durasi (menit)", "3 jp", "105", "jam_pelajaran_SD", 1)]),
    Case("durasi", "kali_menit_dan_bentuk_lain",
         acts(*day_rows([("2 x 45 menit", "A"), ("2x45", "B"), ("1 jam 30 menit", "C"), ("01:30", "D"),
                         ("1,5 jam", "E"), ("90 menit", "F"), ("kurang lebih 1 jam", "G"), ("sebentar", "H")], 2)),
         rows=[(2 + i, "KOM-001", D(2022, 8, 10 + i), m, t, 5)
               for i, (t, m) in enumerate(zip("ABCDEFGH", [90, 90, 90, 90, 90, 90, 60, None]))],
         koreksi=dropped("Durasi (menit)", "sebentar", metode="dikosongkan")),

    # --- text and identifiers --------------------------------------------------------------------------------
    Case("teks", "emoji_rumus_dan_html_disimpan_apa_adanya",
         acts(*day_rows([("Refleksi 😀🎉", "x"), ('=HYPERLINK("http://contoh.test";"Klik")', "x"),
                         ("<script>alert(1)</script>", "x"), ("+62 812-0000", "x")], 3)),
         rows=[(2, "KOM-001", D(2022, 8, 10), 60, "Refleksi 😀🎉", 5),
               (3, "KOM-001", D(2022, 8, 11), 60, '=HYPERLINK("http://contoh.test";"Klik")', 5),
               (4, "KOM-001", D(2022, 8, 12), 60, "<script>alert(1)</script>", 5),
               (5, "KOM-001", D(2022, 8, 13), 60, "+62 812-0000", 5)]),
    Case("teks", "karakter_tak_terlihat_di_id",
         acts(["KOM-001\u200b", "15/08/2022", "60", "Zwsp", "1"], ["\u200fKOM-002", "16/08/2022", "60", "Rtl", "1"],
              ["KOM-003\u00a0", "17/08/2022", "60", "Nbsp", "1"],
              ["\u2066KOM-001\u2069", "18/08/2022", "60", "Isolasi", "1"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Zwsp", 1), (3, "KOM-002", D(2022, 8, 16), 60, "Rtl", 1),
               (4, "KOM-003", D(2022, 8, 17), 60, "Nbsp", 1), (5, "KOM-001", D(2022, 8, 18), 60, "Isolasi", 1)]),
    Case("teks", "sel_sangat_panjang",
         acts(["KOM-001", "15/08/2022", "60", "Refleksi panjang " * 6000, "1"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, ("Refleksi panjang " * 6000).strip(), 1)]),
    Case("teks", "baris_baru_di_dalam_kutip",
         acts(["KOM-001", "15/08/2022", "60", "Baris satu\nbaris dua\r\nbaris tiga", "1"],
              ["KOM-002", "16/08/2022", "60", 'Kutip "ganda"; titik koma', "2"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Baris satu\nbaris dua\r\nbaris tiga", 1),
               (3, "KOM-002", D(2022, 8, 16), 60, 'Kutip "ganda"; titik koma', 2)]),
    Case("teks", "kutip_melengkung_cp1252",
         acts(["KOM-001", "15/08/2022", "60", "Refleksi \u201cGuru\u201d \u2013 caf\u00e9", "1"], encoding="cp1252"),
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Refleksi \u201cGuru\u201d \u2013 caf\u00e9", 1)]),
    Case("teks", "id_kosong_dicari_dari_nama_dan_kabkota",
         acts(["", "Kombel SDN 1 Cileunyi", "KAB. BANDUNG", "15/08/2022", "A"],
              ["", "MGMP Matematika Kota Bandung", "Kota Bandung", "16/08/2022", "B"],
              ["", "", "Kab. Bandung", "17/08/2022", "C"], ["", "Kombel Tidak Ada", "Kab. Bandung", "18/08/2022", "D"],
              header=["ID Komunitas", "Nama Komunitas", "Kabupaten/Kota", "Tanggal", "Topik"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), None, "A", None), (3, "KOM-003", D(2022, 8, 16), None, "B", None)],
         karantina={4: "nilai_wajib_kosong", 5: "komunitas_tidak_dikenal"}),
    Case("teks", "id_tak_dikenal_dan_notasi_ilmiah",
         acts(["KOM-999", "15/08/2022", "60", "A", "1"], ["2.02E+07", "16/08/2022", "60", "B", "1"],
              ["KOM-001", "17/08/2022", "60", "C", "1"]),
         rows=[(4, "KOM-001", D(2022, 8, 17), 60, "C", 1)],
         karantina={2: "komunitas_tidak_dikenal", 3: "komunitas_tidak_dikenal"}),
    Case("teks", "kiriman_ganda_dihitung_sekali",
         acts(["KOM-001", "15/08/2022", "60", "Modul Ajar", "12"],
              ["KOM-001", "15/08/2022", "60", "modul  ajar ", "12"],
              ["KOM-001", "15-08-2022", "90", "MODUL AJAR!", "12"], ["KOM-001", "15/08/2022", "60", "Asesmen", "12"]),
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Modul Ajar", 12), (5, "KOM-001", D(2022, 8, 15), 60, "Asesmen", 12)],
         sudah_ada=2),
    Case("teks", "label_bentuk_dan_moda",
         acts(["KOM-001", "15/08/2022", "A", "Sharing Praktik Baik", "Hybrid"],
              ["KOM-001", "16/08/2022", "B", "Arisan", "Tatap Muka"], ["KOM-001", "17/08/2022", "C", "#N/A", "???"],
              header=["ID Komunitas", "Tanggal", "Topik", "Jenis Kegiatan", "Moda"]),
         sql=KEGIATAN_LABELS,
         rows=[(2, "A", "berbagi praktik baik", "daring"), (3, "B", "lainnya", "luring"), (4, "C", None, None)],
         koreksi=[("Jenis Kegiatan", "#N/A", "", "dikosongkan_galat_rumus", 1), ("Moda", "???", "", "dikosongkan", 1)]),

    # --- registries: ids, NPSN, kab/kota ---------------------------------------------------------------------
    Case("wilayah", "ejaan_kabkota_dan_yang_ambigu",
         acts(["20201001", "SD A", "KAB. BANDUNG"], ["20201002", "SD B", "Kab Bandung"],
              ["20201003", "SD C", "Kabupaten Bandung"],
              ["20201004", "SD D", "Kota Bandung"], ["20201005", "SD E", "Bandung"],
              ["20201006", "SD F", "Kab. Antah Berantah"],
              ["20201007", "SD G", "KOTA BANDUNG "], ["20201008", "SD H", "32.04"],
              header=["NPSN", "Nama Sekolah", "Kabupaten/Kota"]),
         file="sekolah.csv", sql=SEKOLAH,
         rows=[(2, "20201001", "SD A", None, "32.04"), (3, "20201002", "SD B", None, "32.04"),
               (4, "20201003", "SD C", None, "32.04"), (5, "20201004", "SD D", None, "32.73"),
               (8, "20201007", "SD G", None, "32.73"), (9, "20201008", "SD H", None, "32.04")],
         karantina={6: "kabkota_ambigu", 7: "kabkota_tidak_dikenal"}),
    Case("wilayah", "npsn_nol_di_depan_desimal_dan_notasi_ilmiah",
         acts(["00123456", "SD Nol", "SD", "Kab. Bandung"], ["20201234.0", "SD Desimal", "SD", "Kab. Bandung"],
              ["2.02E+07", "SD Ilmiah", "SD", "Kab. Bandung"], ["2,02E+07", "SD Ilmiah Koma", "SMP", "Kab. Bandung"],
              header=["NPSN", "Nama Sekolah", "Jenjang", "Kabupaten/Kota"]),
         file="sekolah.csv", sql=SEKOLAH,
         rows=[(2, "00123456", "SD Nol", "SD", "32.04"), (3, "20201234", "SD Desimal", "SD", "32.04")],
         karantina={4: "nilai_tidak_dikenal", 5: "nilai_tidak_dikenal"}),
    Case("wilayah", "npsn_angka_asli_xlsx",
         lambda: sheet([["NPSN", "Nama Sekolah", "Jenjang", "Kabupaten/Kota"],
                        [20201234, "SD Angka", "SD", "Kab. Bandung"],
                        ["00123457", "SD Teks", "SMP", "Kota Bandung"]]),
         file="sekolah.xlsx", sql=SEKOLAH,
         rows=[(2, "20201234", "SD Angka", "SD", "32.04"), (3, "00123457", "SD Teks", "SMP", "32.73")]),
    Case("wilayah", "registri_komunitas_nilai_bermusuhan",
         acts(["KOM-101", "Kombel A", "Dalam Sekolah", "2.02E+07", "KAB. BANDUNG", "SD", "1.500", "8/15/2022"],
              ["KOM-102", "Kombel B", "Antar Sekolah", "0020123", "Kab Bandung", "SMP", "-3", "9/1/2022"],
              ["", "Kombel C", "Lintas Sekolah", "", "Kab. Garut", "SMA", "NaN", ""],
              ["2.02E+07", "Kombel D", "Dalam Sekolah", "", "Kab. Garut", "SD", "12", "9/2/2022"],
              ["KOM-105", "Kombel E", "Jenis aneh", "", "Kab. Garut", "SD", "12", "9/3/2022"],
              ["KOM-106", "Kombel F", "Dalam Sekolah", "", "Bandung", "SD", "12", "9/4/2022"],
              header=["ID Komunitas", "Nama Komunitas", "Jenis Komunitas", "NPSN", "Kabupaten/Kota", "Jenjang",
                      "Jumlah Anggota", "Tanggal Terdaftar"], delimiter=","),
         file="komunitas_baru.csv", sql=KOMUNITAS,
         rows=[(2, "KOM-101", "Kombel A", "dalam_sekolah", None, "32.04", "SD", 1500, D(2022, 8, 15)),
               (3, "KOM-102", "Kombel B", "antar_sekolah", "0020123", "32.04", "SMP", None, D(2022, 9, 1)),
               (4, derived_id("32.05", "kombel c"), "Kombel C", "antar_sekolah", None, "32.05", "SMA", None, None)],
         karantina={5: "nilai_tidak_dikenal", 6: "nilai_tidak_dikenal", 7: "kabkota_ambigu"},
         koreksi=[*dropped("NPSN", "2.02E+07"), *dropped("Jumlah Anggota", "-3", "NaN")]),

    # --- files -----------------------------------------------------------------------------------------------
    Case("berkas", "akhir_baris_cr_saja_excel_mac",
         acts(["KOM-001", "15/08/2022", "60", "Caf\u00e9", "12"], ["KOM-001", "x", "60", "Y", "5"], end="\r",
              encoding="cp1252"),
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Caf\u00e9", 12)], karantina={3: "tanggal_tidak_terbaca"}),
    Case("berkas", "utf16_tanpa_bom",
         acts(["KOM-001", "15/08/2022", "60", "Modul \u2013 Fase A", "12"], delimiter="\t", encoding="utf-16-le"),
         file="kegiatan.txt", rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Modul \u2013 Fase A", 12)], cli=True),
    Case("berkas", "utf16_dengan_bom_teks_unicode_excel",
         acts(["KOM-001", "15/08/2022", "60", "Refleksi \u201cGP\u201d", "12"], delimiter="\t", encoding="utf-16"),
         file="kegiatan.txt", rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Refleksi \u201cGP\u201d", 12)]),
    Case("berkas", "tsv",
         acts(["KOM-001", "15/08/2022", "60", "Modul, ajar; baru", "12"], delimiter="\t"), file="kegiatan.tsv",
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Modul, ajar; baru", 12)]),
    Case("berkas", "byte_nul_di_tengah_dan_akhir",
         acts(["KOM-001", "15/08/2022", "60", "Mod\x00ul", "12"]).replace(b"Tanggal", b"Tang\x00gal") + b"\x00" * 300,
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Modul", 12)]),
    Case("berkas", "pemisah_campur_aduk",
         b"ID Komunitas;Tanggal;Durasi (menit);Topik\r\nKOM-001;15/08/2022;60;Modul, ajar\r\n"
         b"KOM-002,16/08/2022,60,Topik\r\n",
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "Modul, ajar", None)], karantina={3: "nilai_wajib_kosong"}),
    Case("berkas", "baris_pendek_dan_panjang",
         b"ID Komunitas;Tanggal;Topik\r\nKOM-001;15/08/2022\r\nKOM-002;16/08/2022;B;lebih;lagi\r\n",
         rows=[(2, "KOM-001", D(2022, 8, 15), None, None, None), (3, "KOM-002", D(2022, 8, 16), None, "B", None)]),
    Case("berkas", "sel_tanggal_asli_xlsx",
         lambda: sheet([H, ["KOM-001", None, 60, "A", 12], ["KOM-002", None, 90.0, "B", 7.0]],
                       dates={(1, 1): datetime(2022, 8, 15), (2, 1): datetime(2022, 9, 1, 14, 30)}),
         file="kegiatan.xlsx",
         rows=[(2, "KOM-001", D(2022, 8, 15), 60, "A", 12), (3, "KOM-002", D(2022, 9, 1), 90, "B", 7)]),
    Case("berkas", "kosong", b"", error=("kosong",), cli=True),
    Case("berkas", "hanya_baris_kosong", b"\r\n \r\n;;;\r\n", error=("kosong",)),
    Case("berkas", "foto_berekstensi_csv", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + Random(8).randbytes(5000),
         error=("biner",)),
    Case("berkas", "xlsx_palsu", b"ID Komunitas;Tanggal\nKOM-001;15/08/2022\n", file="kegiatan.xlsx",
         error=("tidak dapat dibaca",)),

    # --- the other kinds -------------------------------------------------------------------------------------
    Case("jenis", "refleksi_nilai_bermusuhan",
         acts(["8/15/2022 10:00:00", "KOM-001", "", "Baik", "Sulit"],
              ["8/16/2022 10:00:00", "KOM-002", "#REF!", "x", ""],
              ["", "KOM-001", "", "y", ""], ["8/17/2022 10:00:00", "KOM-003", "", "", ""],
              ["8/18/2022 10:00:00", "KOM-003", "9/1/2022", "z", "#N/A"],
              header=["Timestamp", "ID Komunitas", "Tanggal Refleksi", "Hal-hal yang sudah berjalan baik", "Tantangan"],
              delimiter=","),
         file="refleksi.csv", sql=REFLEKSI,
         rows=[(2, "KOM-001", D(2022, 8, 15), "2022-07/08", "hal_baik", "Baik"),
               (2, "KOM-001", D(2022, 8, 15), "2022-07/08", "tantangan", "Sulit"),
               (6, "KOM-003", D(2022, 9, 1), "2022-09/10", "hal_baik", "z")],
         karantina={3: "galat_rumus", 4: "nilai_wajib_kosong", 5: "nilai_wajib_kosong"},
         koreksi=dropped("Tantangan", "#N/A", metode="dikosongkan_galat_rumus")),
    Case("jenis", "penggerak_nilai_bermusuhan",
         acts(["A@Guru.Belajar.ID ", "Ani", "KAB. BANDUNG", "Ya", "Kurikulum Merdeka, Asesmen"],
              ["bukan-email", "Budi", "", "Tidak", ""], ["c@guru.belajar.id", "Cici", "Bandung", "Ya", ""],
              ["", "Dodi", "", "", ""], ["e@guru.belajar.id\u200b", "Eka", "", "mungkin", "#N/A"],
              header=["Email", "Nama Lengkap", "Kabupaten/Kota", "Punya akun belajar.id",
                      "Topik Pelatihan Mandiri yang sudah aksi nyata"], delimiter=","),
         file="penggerak.csv", sql=PENGGERAK,
         rows=[(2, "a@guru.belajar.id", "Ani", "32.04", True, True, True),
               (6, "e@guru.belajar.id", "Eka", None, None, False, False)],
         karantina={3: "nilai_tidak_dikenal", 4: "kabkota_ambigu", 5: "nilai_wajib_kosong"},
         koreksi=[("Punya akun belajar.id", "mungkin", "", "dikosongkan", 1),
                  ("Topik Pelatihan Mandiri yang sudah aksi nyata", "#N/A", "", "dikosongkan_galat_rumus", 1)]),
    Case("jenis", "kegiatan_upt_hitungan_besar",
         acts(["Webinar", "Webinar Nasional", "15/08/2022", "", "1.000.000"],
              ["Webinar", "Besar", "16/08/2022", "", "2147483648"],
              ["Luring", "Lokakarya", "17/08/2022", "KAB. BANDUNG", "-1"], ["Monev", "Pantau", "#REF!", "", ""],
              ["", "Tanpa Jenis", "18/08/2022", "", ""], ["Sosialisasi", "Sore", "19/08/2022", "", "1,5"],
              header=["Jenis Kegiatan", "Nama Kegiatan", "Tanggal", "Kabupaten/Kota", "Jumlah Peserta"]),
         file="kegiatan_upt.csv", sql=UPT,
         rows=[(2, "webinar", "Webinar Nasional", D(2022, 8, 15), None, 1000000),
               (3, "webinar", "Besar", D(2022, 8, 16), None, None),
               (4, "peningkatan kapasitas luring", "Lokakarya", D(2022, 8, 17), "32.04", None),
               (7, "sosialisasi", "Sore", D(2022, 8, 19), None, None)],
         karantina={5: "galat_rumus", 6: "nilai_wajib_kosong"},
         koreksi=[*dropped("Jumlah Peserta", "2147483648", "-1"),
                  *dropped("Jumlah Peserta", "1,5", metode="dikosongkan")]),
    Case("jenis", "email_yang_bukan_alamat_dikosongkan",
         acts(["Webinar", "Sesi 1", "15/08/2022", "A@Guru.Belajar.id\u200b"], ["Webinar", "Sesi 1", "15/08/2022", "-"],
              ["Webinar", "Sesi 1", "15/08/2022", "1e400"], ["Webinar", "Sesi 1", "15/08/2022", "b@guru.belajar.id"],
              header=["Jenis Kegiatan", "Nama Kegiatan", "Tanggal", "Email"]),
         file="hadir_upt.csv",
         sql="select k.sumber_baris, k.penggerak_email, u.jumlah_peserta from kehadiran_upt k join kegiatan_upt u "
             "using (id_kegiatan_upt) where k.sumber_file = ? order by 1",
         # One event, two present; a row is new when its attendance is (the two without an address: once).
         rows=[(2, "a@guru.belajar.id", 2), (5, "b@guru.belajar.id", 2)], sudah_ada=1,
         koreksi=dropped("Email", "-", "1e400", metode="dikosongkan")),
    Case("jenis", "survei_kebutuhan_stempel_waktu_as",
         acts(["10/15/22 05:58 PM", "Ani", "ani@x.id", "KAB. BANDUNG", "Asesmen, P5"],
              ["#N/A", "Budi", "b@x.id", "", "Modul"], ["10/16/22 06:00 PM", "Cici", "c@x.id", "", "#REF!"],
              ["10/17/22 07:00 PM", "Dodi", "d@x.id", "Bandung", "Literasi; Numerasi"],
              header=["Timestamp", "Nama Lengkap", "Email", "Kabupaten/Kota",
                      "Topik peningkatan kapasitas yang dibutuhkan"], delimiter=","),
         file="survei.csv", sql=SURVEI,
         rows=[(2, datetime(2022, 10, 15, 17, 58), "ani@x.id", "32.04", "Asesmen"),
               (2, datetime(2022, 10, 15, 17, 58), "ani@x.id", "32.04", "P5")],
         karantina={3: "galat_rumus", 4: "galat_rumus", 5: "kabkota_ambigu"}),
    Case("jenis", "jenis_dipaksa_tidak_cocok",
         acts(["KOM-001", "15/08/2022", "60", "A", "1"]), kind="sekolah", error=("npsn",)),
]


# --- running the table --------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _no_fsync(monkeypatch):
    monkeypatch.setattr("store.cow.fsync", lambda _path: None)


@pytest.fixture(scope="module")
def base(store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = copy_store(store_template, tmp_path_factory.mktemp("hostile_table"))
    load_files(path, [Source.from_path(FIXTURES / "komunitas_dasar.csv")])
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _data(case: Case) -> bytes:
    return case.data() if callable(case.data) else case.data


def _stored(db: Path, case: Case) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """(rows of `case.sql`, karantina (sumber_baris, kode_alasan), koreksi) as stored for the case's file."""
    con = store.open_readonly(db)
    try:
        rows = con.execute(case.sql, [case.file]).fetchall()
        quarantined = con.execute("select sumber_baris, kode_alasan, alasan from karantina where sumber_file = ? "
                                  "order by sumber_baris", [case.file]).fetchall()
        corrected = con.execute("select kolom, nilai_asli, nilai_baru, metode, jumlah_baris from koreksi "
                                "where sumber_file = ?", [case.file]).fetchall()
    finally:
        con.close()
    return rows, quarantined, corrected


def _check_refused(message: str, case: Case) -> None:
    assert f"'{case.file}'" in message, message
    for word in case.error:
        assert word in message, message
    assert "Traceback" not in message and "Error" not in message


@pytest.mark.parametrize("case", CASES, ids=[f"{c.group}-{c.name}" for c in CASES])
def test_hostile_kind(base: Path, tmp_path: Path, case: Case):
    db = copy_store(base, tmp_path)
    source = Source(case.file, _data(case))
    if case.error:
        before, version = _digest(db), store.data_version(db)
        with pytest.raises(LoadError) as info:
            load_files(db, [source], kind=case.kind)
        _check_refused(str(info.value), case)
        assert _digest(db) == before and store.data_version(db) == version
        return
    f = load_files(db, [source], kind=case.kind).files[0]
    rows, quarantined, corrected = _stored(db, case)
    assert rows == case.rows
    assert {r: code for r, code, _ in quarantined} == case.karantina
    assert all(alasan for _, _, alasan in quarantined)  # every quarantined row says why, in words
    assert sorted(corrected) == sorted(case.koreksi)
    # Every row is accounted for: stored, already there (a resubmission), or in karantina with its reason.
    assert f.dikarantina == len(case.karantina) and f.sudah_ada == case.sudah_ada
    assert f.ditambah + f.diperbarui + f.sudah_ada + f.dikarantina == f.baris_total


def test_the_table_covers_at_least_sixty_kinds():
    names = [c.name for c in CASES]
    assert len(set(names)) == len(names) >= 60
    assert {c.group for c in CASES} == {"tanggal", "judul", "angka", "durasi", "teks", "wilayah", "berkas", "jenis"}


CLI_CASES = [c for c in CASES if c.cli]


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.name for c in CLI_CASES])
def test_hostile_kind_through_the_cli(base: Path, tmp_path: Path, case: Case):
    """The same outcome from the real command line: exit 0 and the same stored rows, or exit 2 with the
    Indonesian message and the store byte-identical."""
    db = copy_store(base, tmp_path)
    path = tmp_path / case.file
    path.write_bytes(_data(case))
    before = _digest(db)
    out: subprocess.CompletedProcess = run_loader(db, path)
    assert "Traceback" not in out.stderr
    if case.error:
        assert out.returncode == 2, out.stderr
        _check_refused(out.stderr, case)
        assert "Tidak ada perubahan" in out.stderr and _digest(db) == before
        return
    assert out.returncode == 0, out.stderr
    rows, quarantined, corrected = _stored(db, case)
    assert rows == case.rows
    assert {r: code for r, code, _ in quarantined} == case.karantina
    assert sorted(corrected) == sorted(case.koreksi)
    assert f"dikarantina {len(case.karantina)}" in out.stdout
