"""The loader's stored rows, whole, for the realistic messy fixtures (issue 19 item 4: the loader was made faster;
these rows are what commit 7d7cc19 stored, and what test_load asserts in part): the `;` Google Forms export with
`KAB. BANDUNG` and its resubmission, the PMM TSV, the cp1252 CSV, and the same Forms answers as a US-locale XLSX
(M/D/YYYY timestamps, date cells) and a US-locale CSV with a title block."""
from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from data_loaders.load import Source, load_files
from store.database import open_readonly

FIXTURES = Path(__file__).parent / "fixtures"

SEKOLAH = [
    ["NPSN", "Nama Sekolah", "Bentuk Pendidikan", "Kabupaten/Kota", "Kategori IKM"],
    [20201234, "SD Negeri 1 Cileunyi", "SD", "Kab. Bandung", "Mandiri Berubah"],
    [20205555.0, "SMP Negeri 2 Bogor", "SMP", "Kota Bogor", "Mandiri Belajar"],
]
FORMS_HEADER = ["Timestamp", "Nama Komunitas Belajar", "Kabupaten / Kota", "Tanggal Pelaksanaan Kegiatan",
                "Durasi Kegiatan", "Topik Kegiatan", "Bentuk Kegiatan", "Moda Kegiatan", "Jumlah Peserta"]
# US-locale answers: 8/29/2022 proves month/day; `2 JP` needs the community's jenjang (SD: 35 minutes).
FORMS_US = [
    ["8/29/2022 17:58:00", "KKG Gugus 3 Cileunyi", "KAB. BANDUNG", datetime(2022, 8, 30), "2 JP",
     "Refleksi Modul", "Refleksi", "Luring", "1.500"],
    ["9/1/2022 8:00:00", "Kombel SDN 1 Cileunyi", "Kab Bandung", datetime(2022, 9, 6), "1 jam 30 menit",
     "Projek P5", "Webinar", "Zoom", "15"],
    ["9/2/2022 8:00:00", "Kombel Tidak Ada", "Kab. Bandung", datetime(2022, 9, 7), "60", "Topik", "Diskusi",
     "Luring", "#N/A"],
    ["9/3/2022 8:00:00", "Kombel SDN 1 Cileunyi", "Kota Antah", datetime(2022, 9, 8), "60", "Topik",
     "Diskusi", "Luring", "3"],
]
FORMS_US_CSV = ("Rekap Kegiatan Kombel\n\n" + ",".join(FORMS_HEADER) + "\n"
                "9/14/2022 7:01:02,KKG Gugus 3 Cileunyi,Kabupaten Bandung,9/13/2022,\"1,5 jam\",Modul Ajar,"
                "Sharing,Daring,\"1,234\"\n"
                "9/15/2022 7:01:02,KKG Gugus 3 Cileunyi,Kabupaten Bandung,9/13/2022,90 menit,modul  ajar,"
                "Sharing,Daring,12\n"
                "9/16/2022 7:01:02,Kombel SDN 1 Cileunyi,32.04,2/30/2022,60,Topik,Diskusi,Luring,3\n"
                "9/17/2022 7:01:02,,Kabupaten Bandung,9/14/2022,60,Topik,Diskusi,Luring,3\n")


def _xlsx(rows: list[list], name: str) -> Source:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf)
    ws = wb.add_worksheet()
    datef = wb.add_format({"num_format": "m/d/yyyy"})
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, datetime):
                ws.write_datetime(r, c, v, datef)
            elif v is not None:
                ws.write(r, c, v)
    wb.close()
    return Source(name=name, data=buf.getvalue())


def _rows(db: Path, sql: str) -> list[tuple]:
    con = open_readonly(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _load_all(db: Path) -> None:
    load_files(db, [_xlsx(SEKOLAH, "sekolah_ikm.xlsx"), Source.from_path(FIXTURES / "komunitas_pmm.csv")])
    load_files(db, [Source.from_path(FIXTURES / name)
                    for name in ("kegiatan_forms_excel.csv", "kegiatan_pmm.tsv", "kegiatan_cp1252.csv")])
    load_files(db, [_xlsx([FORMS_HEADER, *FORMS_US], "forms_us.xlsx"),
                    Source(name="forms_us.csv", data=FORMS_US_CSV.encode("utf-8"))])


def test_stored_kegiatan_rows(empty_store):
    _load_all(empty_store)
    got = _rows(empty_store, """
        select sumber_file, sumber_baris, id_komunitas, tanggal, durasi_menit, topik, bentuk, moda, jumlah_peserta,
               tautan_dokumentasi, id_kegiatan
        from kegiatan order by sumber_file, sumber_baris""")
    assert got == EXPECTED_KEGIATAN


def test_stored_quarantine_and_corrections(empty_store):
    _load_all(empty_store)
    assert _rows(empty_store, """
        select sumber_file, sumber_baris, kolom, nilai, kode_alasan, alasan from karantina
        order by sumber_file, sumber_baris""") == EXPECTED_KARANTINA
    assert _rows(empty_store, "select kolom, nilai_asli, nilai_baru, metode, jumlah_baris from koreksi "
                              "order by all") == EXPECTED_KOREKSI
    assert _rows(empty_store, "select sumber_file, baris_total, ditambah, sudah_ada, dikarantina from berkas "
                              "order by 1") == EXPECTED_BERKAS


def test_summaries_match_the_stored_rows(empty_store):
    """The weekly summary and first/last activity, against the rows just stored."""
    _load_all(empty_store)
    weekly = _rows(empty_store, """
        select id_komunitas, minggu, jumlah_kegiatan, total_durasi_menit from kegiatan_mingguan order by 1, 2""")
    assert weekly == _rows(empty_store, """
        select id_komunitas, date_trunc('week', tanggal)::date, count(*), coalesce(sum(durasi_menit), 0)
        from kegiatan group by all order by 1, 2""")
    assert len(weekly) >= 8
    assert _rows(empty_store, "select * from komunitas_kegiatan order by 1") == _rows(
        empty_store, "select id_komunitas, min(tanggal), max(tanggal) from kegiatan group by 1 order by 1")


# What commit 7d7cc19 stored (test_load asserts the Forms file's rows and reasons the same way).
_AMBIGU = ("Kab/kota 'Bandung' ambigu (Kabupaten Bandung atau Kota Bandung); tulis 'Kab.' atau 'Kota' di depan "
           "namanya.")
EXPECTED_KEGIATAN = [
    ('forms_us.csv', 4, 'KOM-002', date(2022, 9, 13), 90, 'Modul Ajar',
     'berbagi praktik baik', 'daring', None, None, '13961f59b82ad97acfa9cb65078d9477'),
    ('forms_us.xlsx', 2, 'KOM-002', date(2022, 8, 30), 70, 'Refleksi Modul',
     'refleksi', 'luring', 1500, None, '7370e62174e624bda655700d963742dc'),
    ('forms_us.xlsx', 3, 'KOM-001', date(2022, 9, 6), 90, 'Projek P5',
     'webinar', 'daring', 15, None, '2149e07b325829693291ebf47b50737f'),
    ('kegiatan_cp1252.csv', 2, 'KOM-006', date(2022, 8, 17), 120, 'Diskusi ‘Modul Ajar’ di kafé sekolah',
     None, 'luring', None, None, '07d48cbc841e8601591ffdaacecd2cdb'),
    ('kegiatan_cp1252.csv', 3, 'KOM-006', date(2022, 8, 24), 60, 'Sharing praktik – diferensiasi',
     None, 'luring', None, None, 'fa66b872a8c0c1c6a58bf047cd2f9957'),
    ('kegiatan_forms_excel.csv', 2, 'KOM-001', date(2022, 8, 15), 90, 'Penyusunan Modul Ajar',
     'belajar bersama', 'luring', 12, 'https://drive.google.com/a1', '495638f417d891ea561afb025664ec08'),
    ('kegiatan_forms_excel.csv', 4, 'KOM-002', date(2022, 8, 22), 60, 'Asesmen Diagnostik',
     'berbagi praktik baik', 'luring', 20, None, 'fa276f0f6d308b6bd6aa69fc4bb7a6fb'),
    ('kegiatan_forms_excel.csv', 5, 'KOM-002', date(2022, 8, 29), 90, 'Pembelajaran Berdiferensiasi',
     'belajar bersama', 'daring', 18, None, 'e67da2668a553595e91b99e0e69141dd'),
    ('kegiatan_forms_excel.csv', 6, 'KOM-003', date(2022, 9, 5), 90, 'ATP',
     'webinar', 'daring', 30, 'https://youtu.be/x', 'a1c2b4cf023912fceac932796a60e205'),
    ('kegiatan_forms_excel.csv', 7, 'KOM-003', date(2022, 9, 12), None, 'P5',
     'belajar bersama', 'luring', None, None, 'f48daa1cc5fa4ee51c070bdfe6cabf6a'),
    ('kegiatan_forms_excel.csv', 8, 'KOM-001', date(2022, 9, 19), 45, 'Refleksi Modul Ajar',
     'refleksi', 'luring', 10, None, '0bc5c197c1f2b1e63748076d6468b2e4'),
    ('kegiatan_forms_excel.csv', 9, 'KOM-001', date(2022, 9, 26), 60, 'Asesmen Formatif',
     'belajar bersama', 'luring', 10, None, '6704b068fce2a73e5ca890ab7f553b52'),
    ('kegiatan_forms_excel.csv', 11, 'KOM-011', date(2022, 9, 27), 60, 'Projek P5',
     'lainnya', 'luring', 7, None, 'c1e4c6acdd46706855114470eb55995a'),
    ('kegiatan_forms_excel.csv', 16, 'KOM-004', date(2022, 10, 6), None, 'Numerasi',
     'belajar bersama', 'daring', 5, None, '9a1a01e20338f9040a482f65f3c89f66'),
    ('kegiatan_forms_excel.csv', 17, 'KOM-004', date(2022, 10, 7), None, 'Numerasi',
     'belajar bersama', 'daring', 5, None, '45b07a441c887267788514f9ebe9026b'),
    ('kegiatan_pmm.tsv', 3, 'KOM-005', date(2022, 8, 16), 60, 'Asesmen Diagnostik',
     'belajar bersama', 'luring', 9, None, '725e322a6723e84bfe5a2b4caec6b12d'),
    ('kegiatan_pmm.tsv', 4, 'KOM-005', date(2022, 8, 23), None, 'Asesmen Diagnostik lanjutan',
     'berbagi praktik baik', 'luring', 9, None, '289fb3c916a802adcf4b847a4155731b'),
]
EXPECTED_KARANTINA = [
    ('forms_us.csv', 6, 'Tanggal Pelaksanaan Kegiatan', '2/30/2022',
     'tanggal_tidak_terbaca', "Tanggal '2/30/2022' tidak terbaca."),
    ('forms_us.csv', 7, 'Nama Komunitas Belajar', None,
     'nilai_wajib_kosong', "Kolom wajib 'Nama Komunitas Belajar' kosong."),
    ('forms_us.xlsx', 4, 'Nama Komunitas Belajar', 'Kombel Tidak Ada',
     'komunitas_tidak_dikenal', "Komunitas 'Kombel Tidak Ada' tidak ditemukan di Kabupaten Bandung."),
    ('forms_us.xlsx', 5, 'Kabupaten / Kota', 'Kota Antah',
     'kabkota_tidak_dikenal', "Kab/kota 'Kota Antah' tidak dikenal."),
    ('kegiatan_forms_excel.csv', 10, 'Kabupaten / Kota', 'Bandung',
     'kabkota_ambigu', _AMBIGU),
    ('kegiatan_forms_excel.csv', 12, 'Nama Komunitas Belajar', 'Kombel Tidak Terdaftar',
     'komunitas_tidak_dikenal', "Komunitas 'Kombel Tidak Terdaftar' tidak ditemukan di Kabupaten Garut."),
    ('kegiatan_forms_excel.csv', 13, 'Kabupaten / Kota', 'Kab. Antah Berantah',
     'kabkota_tidak_dikenal', "Kab/kota 'Kab. Antah Berantah' tidak dikenal."),
    ('kegiatan_forms_excel.csv', 14, 'Tanggal Pelaksanaan Kegiatan', 'kemarin sore',
     'tanggal_tidak_terbaca', "Tanggal 'kemarin sore' tidak terbaca."),
    ('kegiatan_forms_excel.csv', 15, 'Tanggal Pelaksanaan Kegiatan', '5 Oktober 1922',
     'tanggal_di_luar_rentang', "Tanggal '5 Oktober 1922' di luar rentang tahun 2000–2100."),
    ('kegiatan_forms_excel.csv', 18, 'Nama Komunitas Belajar', None,
     'nilai_wajib_kosong', "Kolom wajib 'Nama Komunitas Belajar' kosong."),
    ('kegiatan_pmm.tsv', 5, 'ID Komunitas', 'KOM-999',
     'komunitas_tidak_dikenal', "Komunitas 'KOM-999' tidak ditemukan."),
    ('komunitas_pmm.csv', 8, 'Kabupaten/Kota', 'Bandung',
     'kabkota_ambigu', _AMBIGU),
    ('komunitas_pmm.csv', 9, 'Jenis Komunitas', 'Komunitas Aneh',
     'nilai_tidak_dikenal', "Nilai 'Komunitas Aneh' pada kolom 'Jenis Komunitas' tidak dikenal."),
]
EXPECTED_KOREKSI = [
    ('Durasi Kegiatan', '-30', '', 'dikosongkan', 1),
    ('Durasi Kegiatan', '2 JP', '70', 'jam_pelajaran_SD', 1),
    ('Durasi Kegiatan', 'sebentar saja', '', 'dikosongkan', 1),
    ('Jumlah Peserta', '#N/A', '', 'dikosongkan_galat_rumus', 1),
    ('Jumlah Peserta', '1,234', '', 'dikosongkan_tidak_wajar', 1),
    ('Kabupaten / Kota', 'Kab. Bandng', 'Kabupaten Bandung', 'ejaan_mirip', 1),
]
EXPECTED_BERKAS = [
    ('forms_us.csv', 4, 1, 1, 2),
    ('forms_us.xlsx', 4, 2, 0, 2),
    ('kegiatan_cp1252.csv', 2, 2, 0, 0),
    ('kegiatan_forms_excel.csv', 17, 10, 1, 6),
    ('kegiatan_pmm.tsv', 4, 2, 1, 1),
    ('komunitas_pmm.csv', 12, 10, 0, 2),
    ('sekolah_ikm.xlsx', 2, 2, 0, 0),
]
