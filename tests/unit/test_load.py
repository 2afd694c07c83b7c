from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
import xlsxwriter

from data_loaders import apply as apply_mod
from data_loaders.load import LoadError, Source, load_files, preview_mapping
from store import app_state
from store.database import open_readonly

FIXTURES = Path(__file__).parent / "fixtures"
TABLES = ("sekolah", "komunitas", "kegiatan", "kegiatan_mingguan", "komunitas_kegiatan", "refleksi", "penggerak",
          "kegiatan_upt", "kehadiran_upt", "karantina", "koreksi", "app.pemetaan_kolom", "meta")


def src(name: str) -> Source:
    return Source.from_path(FIXTURES / name)


def query(db: Path, sql: str, params=None) -> list[tuple]:
    con = open_readonly(db)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def snapshot(db: Path, skip_meta: bool = True) -> dict[str, list]:
    """Every table's rows (sorted), without load timestamps and the per-load meta keys."""
    con = open_readonly(db)
    try:
        out = {}
        for t in TABLES:
            cols = [r[0] for r in con.execute(f"describe {t}").fetchall()
                    if r[0] not in ("dimuat_pada", "dibuat_pada", "id_karantina")]
            rows = con.execute(f"select {', '.join(cols)} from {t}").fetchall()
            if t == "meta" and skip_meta:
                rows = [r for r in rows if r[0] not in ("data_version", "diperbarui_pada")]
            out[t] = sorted(rows, key=repr)
        return out
    finally:
        con.close()


def xlsx(rows: list[list], name: str) -> Source:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf)
    ws = wb.add_worksheet()
    datef = wb.add_format({"num_format": "dd/mm/yyyy"})
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, datetime):
                ws.write_datetime(r, c, v, datef)
            elif v is not None:
                ws.write(r, c, v)
    ws.write_blank(len(rows) + 5, len(rows[0]) + 3, None, datef)  # formatted empty cell: trailing area
    wb.close()
    return Source(name=name, data=buf.getvalue())


SEKOLAH = [
    ["NPSN", "Nama Sekolah", "Bentuk Pendidikan", "Kabupaten/Kota", "Kategori IKM"],
    [20201234, "SD Negeri 1 Cileunyi", "SD", "Kab. Bandung", "Mandiri Berubah"],
    [20205555.0, "SMP Negeri 2 Bogor", "SMP", "Kota Bogor", "Mandiri Belajar"],
    [20207777, "SMA Negeri 1 Cimahi", "SMA", "32.77", "Mandiri Berbagi"],
    [20208888, "SMK Bina Karya", "SMK", "3204", None],
    [20209999, "SD Negeri 3 Garut", "SD", "Bandung, Kab.", "mandiri belajar"],
]


def load_base(db: Path) -> None:
    load_files(db, [xlsx(SEKOLAH, "sekolah_ikm.xlsx"), src("komunitas_pmm.csv")])


def test_sekolah_xlsx_numeric_npsn_and_spellings(empty_store):
    report = load_files(empty_store, [xlsx(SEKOLAH, "sekolah_ikm.xlsx")])
    f = report.files[0]
    assert (f.jenis_data, f.baris_total, f.ditambah, f.dikarantina) == ("sekolah", 5, 5, 0)
    rows = query(empty_store, "select npsn, jenjang, kode_kabkota, jalur_ikm from sekolah order by npsn")
    assert rows == [("20201234", "SD", "32.04", "mandiri berubah"), ("20205555", "SMP", "32.71", "mandiri belajar"),
                    ("20207777", "SMA", "32.77", "mandiri berbagi"), ("20208888", "SMK", "32.04", None),
                    ("20209999", "SD", "32.04", "mandiri belajar")]


def test_komunitas_registry_values_and_quarantine(empty_store):
    report = load_files(empty_store, [src("komunitas_pmm.csv")])
    f = report.files[0]
    assert (f.baris_total, f.ditambah, f.dikarantina) == (12, 10, 2)
    got = dict(query(empty_store, "select id_komunitas, kode_kabkota from komunitas"))
    assert got["KOM-001"] == "32.04" and got["KOM-003"] == "32.73" and got["KOM-004"] == "32.05"
    assert got["KOM-009"] == "32.79"   # bare `Banjar` settled by province Jawa Barat
    assert got["KOM-010"] == "93.01"   # `Merauke, Papua` (2022, before the split) accepted
    row = query(empty_store, "select jenis, jumlah_anggota, tanggal_terdaftar, terdaftar_pmm from komunitas "
                             "where id_komunitas = 'KOM-003'")[0]
    assert row == ("antar_sekolah", 1024, date(2022, 8, 15), True)
    assert query(empty_store, "select jenis, terdaftar_pmm, tanggal_terdaftar from komunitas "
                              "where id_komunitas = 'KOM-004'")[0] == ("daring_pmm", False, None)
    reasons = {(q["sumber_baris"], q["kode_alasan"], q["kolom"], q["nilai"]) for q in f.karantina}
    assert reasons == {(8, "kabkota_ambigu", "Kabupaten/Kota", "Bandung"),
                       (9, "nilai_tidak_dikenal", "Jenis Komunitas", "Komunitas Aneh")}
    stored = query(empty_store, "select sumber_file, sumber_baris, kode_alasan, alasan, baris_json from karantina "
                                "order by sumber_baris")
    assert stored[0][:3] == ("komunitas_pmm.csv", 8, "kabkota_ambigu")
    assert "Kabupaten Bandung atau Kota Bandung" in stored[0][3]
    assert json.loads(stored[0][4])["id_komunitas"] == "KOM-007"


def test_komunitas_without_id_gets_stable_id_and_school_settles_kabkota(empty_store):
    load_files(empty_store, [xlsx(SEKOLAH, "sekolah_ikm.xlsx")])
    data = (b"Nama Komunitas;Jenis Komunitas;NPSN;Kab/Kota\n"
            b"Kombel SDN 1 Cileunyi;Dalam Sekolah;20201234;Bandung\n"
            b"KKG  Gugus 3 cileunyi;Antar Sekolah;;Kab. Bandung\n")
    report = load_files(empty_store, [Source("komunitas_tanpa_id.csv", data)])
    assert report.files[0].ditambah == 2
    ids = query(empty_store, "select id_komunitas, kode_kabkota, nama_normal from komunitas order by nama_normal")
    from data_loaders.kinds.komunitas import derived_id
    assert ids == [(derived_id("32.04", "kkg gugus 3 cileunyi"), "32.04", "kkg gugus 3 cileunyi"),
                   (derived_id("32.04", "kombel sdn 1 cileunyi"), "32.04", "kombel sdn 1 cileunyi")]
    assert ids[0][0].startswith("KB-") and len(ids[0][0]) == 15


def test_registry_update_from_newer_export(empty_store):
    load_files(empty_store, [src("komunitas_pmm.csv")])
    text = (FIXTURES / "komunitas_pmm.csv").read_text().replace("Siti Aminah,siti.aminah@guru.sd.belajar.id,12",
                                                                 "Siti Aminah,siti.aminah@guru.sd.belajar.id,15")
    report = load_files(empty_store, [Source("komunitas_pmm_oktober.csv", text.encode())])
    f = report.files[0]
    assert (f.ditambah, f.diperbarui, f.sudah_ada, f.dikarantina) == (0, 1, 9, 2)
    assert query(empty_store, "select jumlah_anggota, sumber_file from komunitas where id_komunitas = 'KOM-001'") == \
        [(15, "komunitas_pmm_oktober.csv")]


def test_google_forms_activities(empty_store):
    load_base(empty_store)
    report = load_files(empty_store, [src("kegiatan_forms_excel.csv")])
    f = report.files[0]
    assert f.pemetaan_kolom["Stempel waktu"] == "waktu_pengisian"
    assert f.pemetaan_kolom["Tanggal Pelaksanaan Kegiatan"] == "tanggal"
    assert f.kolom_diabaikan == ["Catatan"]
    assert (f.baris_total, f.ditambah, f.sudah_ada, f.dikarantina) == (17, 10, 1, 6)
    reasons = {q["sumber_baris"]: q["kode_alasan"] for q in f.karantina}
    assert reasons == {
        10: "kabkota_ambigu",            # bare Bandung, name exists in both Kab. and Kota Bandung
        12: "komunitas_tidak_dikenal",
        13: "kabkota_tidak_dikenal",
        14: "tanggal_tidak_terbaca",
        15: "tanggal_di_luar_rentang",
        18: "nilai_wajib_kosong",
    }  # rows 16 (-30) and 17 ("sebentar saja"): the meeting happened; only its duration is unknown (issue 13)
    rows = query(empty_store, "select sumber_baris, id_komunitas, tanggal, durasi_menit, bentuk, moda "
                              "from kegiatan order by sumber_baris")
    assert rows == [
        (2, "KOM-001", date(2022, 8, 15), 90, "belajar bersama", "luring"),   # row 3 is the same, submitted twice
        (4, "KOM-002", date(2022, 8, 22), 60, "berbagi praktik baik", "luring"),
        (5, "KOM-002", date(2022, 8, 29), 90, "belajar bersama", "daring"),
        (6, "KOM-003", date(2022, 9, 5), 90, "webinar", "daring"),
        (7, "KOM-003", date(2022, 9, 12), None, "belajar bersama", "luring"),
        (8, "KOM-001", date(2022, 9, 19), 45, "refleksi", "luring"),          # `Kab. Bandng` corrected
        (9, "KOM-001", date(2022, 9, 26), 60, "belajar bersama", "luring"),   # bare Bandung settled by the name
        (11, "KOM-011", date(2022, 9, 27), 60, "lainnya", "luring"),
        (16, "KOM-004", date(2022, 10, 6), None, "belajar bersama", "daring"),
        (17, "KOM-004", date(2022, 10, 7), None, "belajar bersama", "daring"),
    ]
    assert f.koreksi == [
        {"kolom": "Kabupaten / Kota", "nilai_asli": "Kab. Bandng", "nilai_baru": "Kabupaten Bandung",
         "metode": "ejaan_mirip", "jumlah_baris": 1},
        {"kolom": "Durasi Kegiatan", "nilai_asli": "-30", "nilai_baru": "", "metode": "dikosongkan", "jumlah_baris": 1},
        {"kolom": "Durasi Kegiatan", "nilai_asli": "sebentar saja", "nilai_baru": "", "metode": "dikosongkan",
         "jumlah_baris": 1},
    ]
    koreksi = "select kolom, nilai_asli, nilai_baru, metode, jumlah_baris from koreksi order by all"
    assert query(empty_store, koreksi) == [
        ("Durasi Kegiatan", "-30", "", "dikosongkan", 1),
        ("Durasi Kegiatan", "sebentar saja", "", "dikosongkan", 1),
        ("Kabupaten / Kota", "Kab. Bandng", "Kabupaten Bandung", "ejaan_mirip", 1),
    ]


def test_duplicates_across_files_and_encodings(empty_store):
    load_base(empty_store)
    report = load_files(empty_store, [src("kegiatan_forms_excel.csv"), src("kegiatan_pmm.tsv"),
                                      src("kegiatan_cp1252.csv")])
    pmm = report.files[1]
    # KOM-001 on 2022-08-15 `Penyusunan Modul Ajar` came in the Forms file already.
    assert (pmm.ditambah, pmm.sudah_ada, pmm.dikarantina) == (2, 1, 1)
    assert pmm.karantina[0]["kode_alasan"] == "komunitas_tidak_dikenal" and pmm.karantina[0]["nilai"] == "KOM-999"
    assert query(empty_store, "select count(*) from kegiatan where id_komunitas = 'KOM-001' "
                              "and tanggal = '2022-08-15'") == [(1,)]
    assert query(empty_store, "select topik, durasi_menit from kegiatan where id_komunitas = 'KOM-006' "
                              "order by tanggal") == [("Diskusi ‘Modul Ajar’ di kafé sekolah", 120),
                                                      ("Sharing praktik – diferensiasi", 60)]


def test_activity_by_name_without_kabkota_column(empty_store):
    load_base(empty_store)
    data = (b"Nama Kombel,Hari/Tanggal,Durasi\n"
            b"Kombel Cimahi Hebat,\"Rabu, 7 September 2022\",1 jam\n"
            b"Kombel Guru Hebat,7 September 2022,1 jam\n"
            b"Kelompok Belajar Cimahi Hebat,14 September 2022,1 jam\n")
    f = load_files(empty_store, [Source("tanpa_kabkota.csv", data)]).files[0]
    assert (f.ditambah, f.dikarantina) == (2, 1)
    assert f.karantina[0]["kode_alasan"] == "komunitas_ambigu"
    # `Kelompok Belajar X` is the registry's `Kombel X` (a generic prefix only, and unique).
    assert query(empty_store, "select count(*) from kegiatan where id_komunitas = 'KOM-006'") == [(2,)]


def test_refleksi_wide_to_long(empty_store):
    load_base(empty_store)
    f = load_files(empty_store, [src("refleksi_forms.csv")]).files[0]
    assert f.jenis_data == "refleksi"
    assert (f.baris_total, f.ditambah, f.dikarantina) == (4, 2, 2)
    assert {q["kode_alasan"] for q in f.karantina} == {"nilai_wajib_kosong", "komunitas_tidak_dikenal"}
    rows = query(empty_store, "select id_komunitas, tanggal, periode, komponen from refleksi order by 1, 4")
    kom1 = [r for r in rows if r[0] == "KOM-001"]
    assert len(kom1) == 10 and {r[2] for r in kom1} == {"2022-09/10"} and kom1[0][1] == date(2022, 10, 28)
    assert {r[3] for r in kom1} == {"hal_baik", "perlu_ditingkatkan", "ide_solusi", "dampak_peserta_didik",
                                    "dampak_guru_kepsek", "tantangan", "risiko", "mitigasi",
                                    "rencana_tindak_lanjut", "usulan_kegiatan"}
    # No `Tanggal Refleksi`: the submission time is the date; November falls in 2022-11/12.
    assert [r[1:] for r in rows if r[0] == "KOM-002"] == [
        (date(2022, 11, 1), "2022-11/12", "hal_baik"), (date(2022, 11, 1), "2022-11/12", "rencana_tindak_lanjut")]
    mitigasi = query(empty_store, "select jawaban from refleksi where komponen = 'mitigasi'")[0][0]
    assert mitigasi.startswith("Sepakati jadwal fleksibel")


def test_penggerak_multiselect_and_per_topic(empty_store):
    report = load_files(empty_store, [src("penggerak_multiselect.csv"), src("penggerak_per_topik.csv")])
    multi, per_topic = report.files
    assert (multi.ditambah, multi.dikarantina, per_topic.ditambah) == (4, 1, 2)
    rows = dict((r[0], r[1:]) for r in query(empty_store, """
        select penggerak_email, kode_kabkota, akun_belajar_id, aksi_nyata_kurikulum_merdeka,
               aksi_nyata_perencanaan_pembelajaran, aksi_nyata_asesmen_awal, aksi_nyata_pembelajaran_berdiferensiasi
        from penggerak"""))
    assert rows["siti.aminah@guru.sd.belajar.id"] == ("32.04", True, True, True, False, False)  # email lower-cased
    assert rows["dedi.s@guru.sd.belajar.id"] == ("32.04", True, True, True, True, True)
    assert rows["rina.m@guru.smp.belajar.id"] == ("32.73", False, False, False, False, False)
    assert rows["asep@guru.sma.belajar.id"] == ("32.05", True, False, False, True, False)
    assert rows["yuli@guru.smp.belajar.id"] == (None, True, True, True, False, False)
    assert rows["nina@guru.sd.belajar.id"] == (None, False, True, False, False, True)


def test_kegiatan_upt_attendance(empty_store):
    f = load_files(empty_store, [src("kegiatan_upt_hadir.csv")]).files[0]
    assert f.jenis_data == "kegiatan_upt"
    assert (f.baris_total, f.ditambah, f.sudah_ada, f.dikarantina) == (8, 6, 1, 1)
    events = query(empty_store, "select jenis_kegiatan, tanggal, kode_kabkota, jumlah_peserta from kegiatan_upt "
                                "order by tanggal")
    assert events == [("webinar", date(2022, 8, 10), None, 3),
                      ("peningkatan kapasitas luring", date(2022, 9, 20), "32.04", 2),
                      ("berbagi praktik baik", date(2022, 10, 5), "32.73", 1)]
    assert query(empty_store, "select count(*) from kehadiran_upt") == [(6,)]
    # A second attendance export of the same webinar adds its new participant and the count follows.
    more = (b"Jenis Kegiatan,Nama Kegiatan,Tanggal,Kabupaten/Kota,Email\n"
            b"Webinar,Webinar Pengenalan Kombel,10/08/2022,,nina@guru.sd.belajar.id\n"
            b"Webinar,Webinar Pengenalan Kombel,10/08/2022,,rina.m@guru.smp.belajar.id\n")
    g = load_files(empty_store, [Source("hadir_susulan.csv", more)]).files[0]
    assert (g.ditambah, g.sudah_ada) == (1, 1)
    assert query(empty_store, "select jumlah_peserta from kegiatan_upt where jenis_kegiatan = 'webinar'") == [(4,)]


def test_missing_required_column_names_column_and_headers(empty_store):
    with pytest.raises(LoadError) as exc:
        load_files(empty_store, [src("kegiatan_tanpa_tanggal.csv")], kind="kegiatan")
    msg = str(exc.value)
    assert "kegiatan_tanpa_tanggal.csv" in msg and "'tanggal'" in msg
    assert "'ID Komunitas', 'Topik Kegiatan', 'Durasi (menit)', 'Moda'" in msg


def test_unknown_kind_and_undetectable_file(empty_store):
    with pytest.raises(LoadError, match="Jenis data 'rapat'"):
        load_files(empty_store, [src("komunitas_pmm.csv")], kind="rapat")
    with pytest.raises(LoadError, match="hobi.csv"):
        load_files(empty_store, [Source("hobi.csv", b"Nama,Hobi\nAni,Membaca\n")])


def test_atomic_batch_with_unreadable_second_file(empty_store):
    load_base(empty_store)
    before_bytes = empty_store.read_bytes()
    before = snapshot(empty_store, skip_meta=False)
    with pytest.raises(LoadError, match="rusak.xlsx"):
        load_files(empty_store, [src("kegiatan_forms_excel.csv"), Source("rusak.xlsx", b"PK\x03\x04rusak")])
    with pytest.raises(LoadError, match="kegiatan_tanpa_tanggal.csv"):
        load_files(empty_store, [src("kegiatan_pmm.tsv"), src("kegiatan_tanpa_tanggal.csv")], kind="kegiatan")
    assert empty_store.read_bytes() == before_bytes
    assert snapshot(empty_store, skip_meta=False) == before


def test_failure_during_apply_changes_nothing(empty_store, monkeypatch):
    load_base(empty_store)
    before = snapshot(empty_store, skip_meta=False)

    def boom(batch):
        raise RuntimeError("disk penuh")
    monkeypatch.setitem(apply_mod.APPLY, "refleksi", boom)
    with pytest.raises(RuntimeError):
        load_files(empty_store, [src("kegiatan_forms_excel.csv"), src("refleksi_forms.csv")])
    assert snapshot(empty_store, skip_meta=False) == before


ALL = ["penggerak_multiselect.csv", "kegiatan_forms_excel.csv", "refleksi_forms.csv", "kegiatan_upt_hadir.csv",
       "komunitas_pmm.csv", "kegiatan_pmm.tsv"]


def test_idempotent_reload_including_quarantine(empty_store):
    first = load_files(empty_store, [src(n) for n in ALL])
    once = snapshot(empty_store)
    second = load_files(empty_store, [src(n) for n in ALL])
    assert snapshot(empty_store) == once
    for a, b in zip(first.files, second.files):
        assert (b.ditambah, b.diperbarui, b.dikarantina) == (0, 0, a.dikarantina)
        assert b.sudah_ada == b.baris_total - b.dikarantina
    assert query(empty_store, "select count(*) from berkas") == [(12,)]
    assert query(empty_store, "select count(distinct sha256) from berkas") == [(6,)]


def test_registries_applied_first_whatever_the_order(empty_store):
    report = load_files(empty_store, [src("kegiatan_forms_excel.csv"), src("komunitas_pmm.csv")])
    assert [f.sumber_file for f in report.files] == ["kegiatan_forms_excel.csv", "komunitas_pmm.csv"]
    assert report.files[0].ditambah == 10


def test_dry_run_changes_nothing_and_reports_the_same(empty_store):
    load_files(empty_store, [src("komunitas_pmm.csv")])
    before_bytes = empty_store.read_bytes()
    dry = load_files(empty_store, [src("kegiatan_forms_excel.csv"), src("refleksi_forms.csv")], dry_run=True)
    assert dry.dry_run and empty_store.read_bytes() == before_bytes
    real = load_files(empty_store, [src("kegiatan_forms_excel.csv"), src("refleksi_forms.csv")])
    assert [(f.ditambah, f.sudah_ada, f.dikarantina, f.karantina, f.koreksi) for f in dry.files] == \
        [(f.ditambah, f.sudah_ada, f.dikarantina, f.karantina, f.koreksi) for f in real.files]
    assert "UJI COBA" in dry.to_text()


def test_progress_meta_and_berkas(empty_store):
    seen = []
    load_files(empty_store, [src("komunitas_pmm.csv"), src("kegiatan_pmm.tsv")],
               progress=lambda f, m: seen.append((f, m)), meta={"data_contoh": "1"})
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(seen) >= 5
    assert all(isinstance(m, str) and m for _, m in seen)
    assert query(empty_store, "select nilai from meta where kunci = 'data_contoh'") == [("1",)]
    import hashlib
    sha = hashlib.sha256((FIXTURES / "komunitas_pmm.csv").read_bytes()).hexdigest()
    assert query(empty_store, "select jenis_data, baris_total, ditambah, dikarantina from berkas where sha256 = ?",
                 [sha]) == [("komunitas", 12, 10, 2)]


def test_confirmed_mapping_is_remembered_for_the_same_shape(empty_store):
    load_base(empty_store)
    data = b"Kode;Tgl;Catatan\nKOM-001;01/09/2022;rapat\n"
    mapping = {"Kode": "id_komunitas", "Tgl": "tanggal", "Catatan": "topik"}
    f = load_files(empty_store, [Source("rekap_agustus.csv", data)], kind="kegiatan",
                   column_mappings={"rekap_agustus.csv": mapping}).files[0]
    assert (f.pemetaan_kolom, f.ditambah) == (mapping, 1)
    # A later file of the same shape needs neither the kind nor the mapping.
    later = b"kode;TGL;catatan\nKOM-001;08/09/2022;rapat\n"
    g = load_files(empty_store, [Source("rekap_september.csv", later)]).files[0]
    assert (g.jenis_data, g.ditambah) == ("kegiatan", 1)
    assert query(empty_store, "select count(*) from app.pemetaan_kolom") == [(1,)]


def test_quarantine_resolved_after_user_mapping(empty_store):
    load_base(empty_store)
    data_bad = b"Nama Komunitas,Tanggal,Topik,Kabupaten/Kota\nKombel Cileunyi Satu,2022-09-01,P5,Kab. Bandung\n"
    f = load_files(empty_store, [Source("nama_lain.csv", data_bad)]).files[0]
    assert f.karantina[0]["kode_alasan"] == "komunitas_tidak_dikenal"
    with app_state.write(empty_store) as con:
        con.execute("insert into pemetaan values ('komunitas', 'kombel cileunyi satu', '32.04', 'KOM-001', now())")
    g = load_files(empty_store, [Source("nama_lain.csv", data_bad)]).files[0]
    assert (g.ditambah, g.dikarantina) == (1, 0)
    assert query(empty_store, "select count(*) from karantina where diselesaikan_pada is not null") == [(1,)]
    # The same activity exported by ID is now a duplicate.
    data = b"ID Komunitas,Tanggal,Topik\nKOM-001,01/09/2022,P5\n"
    assert load_files(empty_store, [Source("pmm.csv", data)]).files[0].sudah_ada == 1


def test_preview_mapping():
    found = preview_mapping(src("kegiatan_forms_excel.csv"))
    assert found.kind == "kegiatan" and found.mapping["Nama Komunitas Belajar"] == "nama_komunitas"
    assert found.ignored == ["Catatan"] and found.missing == [] and not found.remembered
    assert preview_mapping(src("kegiatan_upt_hadir.csv"), kind="kegiatan_upt").mapping["Email"] == "penggerak_email"
    with pytest.raises(LoadError):
        preview_mapping(Source("x.xlsx", b"junk"))


def test_report_text_is_indonesian(empty_store):
    load_base(empty_store)
    text = load_files(empty_store, [src("kegiatan_forms_excel.csv")]).to_text()
    assert "== kegiatan_forms_excel.csv — jenis data: kegiatan" in text
    assert "'Tanggal Pelaksanaan Kegiatan' -> tanggal" in text
    assert "Kolom diabaikan: 'Catatan'" in text
    assert "Baris: 17 | ditambah 10 | diperbarui 0 | sudah ada 1 | dikarantina 6" in text
    assert "durasi_tidak_valid" not in text  # an unusable duration is dropped, the meeting kept
    assert "Durasi Kegiatan: '-30' -> (dikosongkan) (dikosongkan, 1 baris)" in text
    assert "'Kab. Bandng' -> 'Kabupaten Bandung' (ejaan_mirip, 1 baris)" in text


def test_komunitas_xlsx_date_cells_and_serials(empty_store):
    rows = [
        ["ID Komunitas", "Nama Komunitas", "Jenis Komunitas", "Kabupaten/Kota", "Tanggal Terdaftar", "Jumlah Anggota"],
        [1001.0, "Kombel SDN 2 Garut", "Dalam Sekolah", "Kab. Garut", datetime(2022, 7, 20), 12.0],
        [1002, "KKG Gugus 1 Garut", "Antar Sekolah", "Kab. Garut", 44788, 30],
        [1003, "Kombel Lama", "Antar Sekolah", "Kab. Garut", "15/08/1922", 30],
    ]
    f = load_files(empty_store, [xlsx(rows, "dashboard_pmm.xlsx")]).files[0]
    assert (f.ditambah, f.dikarantina) == (2, 1)
    assert f.karantina[0]["kode_alasan"] == "tanggal_di_luar_rentang"
    assert query(empty_store, "select id_komunitas, tanggal_terdaftar, jumlah_anggota from komunitas order by 1") == [
        ("1001", date(2022, 7, 20), 12), ("1002", date(2022, 8, 15), 30)]
