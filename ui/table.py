"""The table used everywhere: st.dataframe with Indonesian labels and formats, plus CSV/XLSX downloads
of exactly the rows shown (no cap). Downloads keep the canonical column names of the query.

Data stays text: every column the grid does not show as a number, date, bar or checkbox is a TextColumn
(never a LinkColumn or ImageColumn, which would turn an uploaded URL into a link or an image), and download
file names pass through `fmt.nama_berkas`."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from queries.export import to_csv_bytes, to_xlsx_bytes
from ui import format as fmt
from ui.guard import PageContext
from vocab import KIND_LABELS, KOMPONEN_LABEL, KOMPONEN_LAPORAN_LABEL

XLSX_ROWS = 1_048_575  # Excel's row limit, less the header
RIBUAN = "%'.,d"  # Streamlit's sprintf: `,` groups thousands, `'.` makes the group separator a dot
KOSONG = "–"  # what an empty cell shows, instead of the grid's "None"

# Indonesian labels for the query columns users see most.
LABELS = {
    "id_komunitas": "ID komunitas", "nama_komunitas": "Komunitas", "jenis": "Jenis", "kode_kabkota": "Kode",
    "kabkota": "Kab/kota", "kode_provinsi": "Kode prov.", "provinsi": "Provinsi",
    "minggu_dievaluasi": "Minggu dinilai", "minggu_terpenuhi": "Minggu terpenuhi",
    "minggu_tanpa_durasi": "Terpenuhi tanpa durasi", "persen_terpenuhi": "% terpenuhi",
    "memenuhi_aturan": "Memenuhi aturan", "minggu_beruntun": "Minggu beruntun", "berisiko": "Berisiko",
    "penggerak_nama": "Penggerak", "penggerak_email": "Email penggerak", "kegiatan_terakhir": "Kegiatan terakhir",
    "bertemu_lagi_pada": "Sudah bertemu lagi (tgl)",
    "kegiatan_pertama": "Kegiatan pertama", "jumlah_kegiatan": "Kegiatan", "minggu_aktif": "Minggu aktif",
    "total_durasi_menit": "Total durasi (menit)", "bulan": "Bulan", "komunitas_aktif": "Komunitas aktif",
    "rata_kegiatan_per_komunitas_aktif": "Rata-rata kegiatan per komunitas aktif",
    "jumlah_komunitas": "Komunitas", "komunitas_dalam_sekolah": "Dalam sekolah",
    "komunitas_antar_sekolah": "Antar sekolah", "komunitas_daring_pmm": "Daring (PMM)",
    "terdaftar_pmm": "Terdaftar PMM", "komunitas_aktif_4_minggu": "Aktif 4 minggu terakhir",
    "persen_aktif_4_minggu": "% aktif 4 minggu", "rata_persen_terpenuhi": "Rata-rata % terpenuhi",
    "komunitas_memenuhi_aturan": "Memenuhi aturan", "sekolah_ikm": "Sekolah IKM",
    "sekolah_ikm_dengan_kombel": "Sekolah IKM dengan kombel", "persen_cakupan_ikm": "% cakupan IKM",
    "jumlah_refleksi": "Refleksi", "sumber_baris": "Baris", "kolom": "Kolom", "nilai": "Nilai",
    "alasan": "Alasan", "kode_alasan": "Kode alasan", "persen_komunitas": "% komunitas",
    "selisih_komunitas": "Selisih komunitas", "contoh_1": "Contoh 1", "contoh_2": "Contoh 2", "contoh_3": "Contoh 3",
    "butir": "Butir", "tema": "Tema", "frasa": "Frasa", "refleksi_terakhir": "Refleksi terakhir",
    "ada_data": "Ada data", "ada_di_daftar_penggerak": "Ada di daftar penggerak",
    "aksi_nyata_asesmen_awal": "Aksi Nyata asesmen awal",
    "aksi_nyata_kurikulum_merdeka": "Aksi Nyata Kurikulum Merdeka",
    "aksi_nyata_pembelajaran_berdiferensiasi": "Aksi Nyata pembelajaran berdiferensiasi",
    "aksi_nyata_perencanaan_pembelajaran": "Aksi Nyata perencanaan pembelajaran", "akun_belajar_id": "Akun belajar.id",
    "catatan": "Catatan", "cek": "Pemeriksaan", "contoh": "Contoh", "contoh_id_karantina": "Contoh ID karantina",
    "contoh_nilai": "Contoh nilai", "dari": "Dari", "sampai": "Sampai", "dari_total": "Dari total", "dasar": "Dasar",
    "dibuat_pada": "Dibuat", "diperbarui_pada": "Diperbarui", "dimuat_pada": "Dimuat", "disimpan_pada": "Disimpan",
    "disimpan_oleh": "Disimpan oleh", "dimensi": "Dimensi", "dipertahankan": "Dipertahankan",
    "id_dipertahankan": "ID dipertahankan", "id_karantina": "ID karantina",
    "disarankan_kalender": "Disarankan kalender", "ejaan": "Ejaan", "ikut_luring_pada": "Ikut luring pada",
    "indikator": "Indikator", "isi_json": "Isi (JSON)", "jawaban": "Jawaban", "jenis_data": "Jenis data",
    "jenis_kegiatan": "Jenis kegiatan", "jenjang": "Jenjang", "judul": "Judul", "jumlah": "Jumlah",
    "jumlah_baris": "Baris", "jumlah_berkas": "Berkas", "jumlah_butir": "Butir", "jumlah_jawaban": "Jawaban",
    "jumlah_komunitas_sebelumnya": "Komunitas (periode lalu)", "jumlah_peserta": "Peserta",
    "jumlah_rencana": "Rencana", "jumlah_terlaksana": "Terlaksana", "jumlah_responden": "Responden",
    "jumlah_topik": "Topik", "kabkota_terjangkau": "Kab/kota terjangkau", "kegiatan_berbagi": "Berbagi praktik",
    "kegiatan_difasilitasi": "Kegiatan difasilitasi", "kegiatan_setelah_luring": "Kegiatan sesudah luring",
    "kegiatan_upt_dihadiri": "Kegiatan UPT dihadiri", "kekurangan": "Kekurangan", "kelompok": "Kelompok",
    "keterangan": "Keterangan", "komponen": "Komponen", "komponen_laporan": "Komponen laporan",
    "komunitas_baru": "Komunitas baru", "komunitas_dievaluasi": "Komunitas dinilai",
    "komunitas_dipimpin": "Komunitas dipimpin", "komunitas_terpenuhi": "Komunitas terpenuhi",
    "kumulatif": "Kumulatif", "layak_daftar_pmm": "Layak daftar PMM", "memenuhi_kriteria_umum": "Kriteria umum",
    "minggu": "Minggu", "minggu_pembanding": "Minggu pembanding", "n_aturan": "Nilai aturan",
    "n_berbagi": "Nilai berbagi", "n_kegiatan": "Nilai kegiatan", "n_pengimbasan": "Nilai pengimbasan",
    "n_upt": "Nilai UPT", "nama_kegiatan": "Nama kegiatan", "nama_sekolah": "Sekolah", "no_kelompok": "Kelompok",
    "npsn": "NPSN", "peringkat": "Peringkat", "peringkat_sebelumnya": "Peringkat lalu", "periode": "Periode",
    "persen": "Persen", "persen_biasa": "% biasanya", "persen_memenuhi_aturan": "% memenuhi aturan",
    "persen_responden": "% responden", "responden_kabkota": "Responden kab/kota", "skor": "Skor",
    "status": "Status", "sudah_mengimbaskan": "Sudah mengimbaskan", "sumber_file": "Berkas", "tanggal": "Tanggal",
    "tanggal_awal": "Tanggal awal", "tanggal_akhir": "Tanggal akhir", "tanggal_terdaftar": "Tanggal terdaftar",
    "teks": "Teks", "topik": "Topik", "total_responden": "Total responden", "versi": "Versi",
    "data_contoh": "Data contoh",
    # IKM target list and participation (ikm_tanpa_komunitas, partisipasi, partisipasi_kabkota; issue 17)
    "jalur_ikm": "Jalur IKM", "nama_antar_sekolah": "Kombel antar sekolah (contoh)", "jumlah_anggota": "Anggota",
    "kegiatan_berpeserta": "Kegiatan dengan jumlah peserta",
    "persen_kegiatan_berpeserta": "% kegiatan dengan jumlah peserta", "median_peserta": "Median peserta",
    "persen_partisipasi": "% partisipasi (median peserta ÷ anggota)",
    "peserta_melebihi_anggota": "Peserta melebihi anggota", "partisipasi_rendah": "Partisipasi rendah",
    "komunitas_berkegiatan": "Komunitas berkegiatan", "median_persen_partisipasi": "Median % partisipasi",
    "komunitas_dinilai": "Komunitas dinilai", "komunitas_partisipasi_rendah": "Partisipasi rendah",
    "persen_partisipasi_rendah": "% partisipasi rendah",
    # RTL follow-through (rtl_tindak_lanjut, rtl_tindak_lanjut_kabkota)
    "tema_rtl": "Tema rencana", "tema_dijalankan": "Tema yang dijalankan", "butir_rtl": "Butir rencana",
    "butir_bertema": "Butir bertema", "kegiatan_berikut": "Kegiatan periode berikut",
    "refleksi_berikut": "Refleksi periode berikut", "dari_berikut": "Periode berikut dari",
    "sampai_berikut": "Periode berikut sampai", "berikut_selesai": "Periode berikut sudah lengkap",
    "komunitas_dengan_rtl": "Komunitas dengan rencana", "dijalankan": "Dijalankan",
    "belum_terlihat": "Belum terlihat", "tidak_ada_data": "Tidak ada data", "persen_dijalankan": "% dijalankan",
    # theme corrections and report versions (reflection_review, koreksi_tema_log, bimonthly_report_versions; issue 18)
    "yakin": "Yakin", "dikoreksi": "Dikoreksi", "jumlah_butir_perlu_ditinjau": "Butir perlu ditinjau",
    "id_refleksi": "ID refleksi", "nomor_butir": "Nomor butir", "tema_lama": "Tema lama", "tema_baru": "Tema baru",
    "oleh": "Oleh", "peran": "Peran", "berlaku": "Berlaku", "dipakai_versi_leksikon": "Dipakai di leksikon versi",
    "id_koreksi": "ID koreksi", "versi_leksikon": "Versi leksikon",
    "penanggung_jawab_nama": "Penanggung jawab", "penanggung_jawab_email": "Email penanggung jawab",
}

# Columns whose values are codes (`hal_baik`, `survei_kebutuhan`): shown by their Indonesian label.
KODE_KOLOM = {
    "jenis": fmt.NILAI_LABEL, "status": fmt.NILAI_LABEL, "komponen": KOMPONEN_LABEL,
    "komponen_laporan": KOMPONEN_LAPORAN_LABEL, "jenis_data": {k: fmt.kalimat(v) for k, v in KIND_LABELS.items()},
    "jenis_kegiatan": {}, "dimensi": {}, "indikator": {}, "cek": {}, "kode_alasan": {},
}

# What a file's column is read as, in the upload's mapping editor: the data's own words (`tanggal`, `hal_baik`).
KOLOM_DATA_LABEL = {
    "nama_komunitas": "Nama komunitas", "nama_sekolah": "Nama sekolah", "penggerak_nama": "Nama penggerak",
    "jumlah_peserta": "Jumlah peserta", "durasi_menit": "Durasi (menit)", "bentuk": "Bentuk kegiatan",
    "moda": "Moda (daring/luring)", "tautan_dokumentasi": "Tautan dokumentasi", "jalur_ikm": "Jalur IKM",
    "penggerak_wa": "WhatsApp penggerak", "narahubung_wa": "WhatsApp narahubung", "jumlah_anggota": "Jumlah anggota",
    "topik_kebutuhan": "Topik kebutuhan", "topik": "Topik kegiatan", "waktu_pengisian": "Waktu pengisian",
    "topik_aksi_nyata": "Topik Aksi Nyata", **{k: f"Refleksi: {v}" for k, v in KOMPONEN_LABEL.items()},
}


def label_kolom(kolom: str) -> str:
    """A query or data column as people read it (`durasi_menit` -> `Durasi (menit)`)."""
    return KOLOM_DATA_LABEL.get(kolom) or LABELS.get(kolom) or fmt.kalimat(kolom.replace("_", " "))


def label_unik(kolom: list[str]) -> dict[str, str]:
    """`label_kolom` of each column, unique within `kolom` (a label two columns share names the column too), so
    a choice made by label maps back to one column."""
    labels = [label_kolom(k) for k in kolom]
    return {k: (f"{label} ({k})" if labels.count(label) > 1 else label) for k, label in zip(kolom, labels)}


def _display(df: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """What st.dataframe shows, and how. The grid formats numbers with printf (dot decimals), so
    numbers that a dot would make ambiguous to an Indonesian reader are shown as Indonesian text;
    counts stay sortable numbers with a `.` thousands separator and percentages stay sortable bars."""
    tampil = df.copy()
    config: dict = {}
    for col in df.columns:
        label = LABELS.get(col) or fmt.kalimat(col.replace("_", " "))
        dtype = df[col].dtype
        if col in KODE_KOLOM:  # people read labels; the downloads keep the stored values
            labels = KODE_KOLOM[col]
            tampil[col] = df[col].map(fmt.nilai) if labels is fmt.NILAI_LABEL else fmt.kode_kolom(df[col], labels)
            config[col] = st.column_config.TextColumn(label)
        elif col.startswith(("persen", "rata_persen")):
            config[col] = st.column_config.ProgressColumn(
                label, min_value=0, max_value=100, format="%.0f %%",
                help="Dibulatkan di tabel; angka persis (satu desimal) ada di unduhan.")
        elif pd.api.types.is_bool_dtype(dtype) or col in ("berisiko", "memenuhi_aturan"):
            config[col] = st.column_config.CheckboxColumn(label)
        elif pd.api.types.is_integer_dtype(dtype):
            # printf with a thousands separator taken from the pad character (`'.`): `1.234` in every browser,
            # where "localized" would follow the browser's language
            config[col] = st.column_config.NumberColumn(label, format=RIBUAN)
        elif pd.api.types.is_float_dtype(dtype):
            tampil[col] = df[col].map(lambda v: fmt.angka(v, 2))
            config[col] = st.column_config.TextColumn(label)
        elif pd.api.types.is_datetime64_any_dtype(dtype) or col.startswith(("tanggal", "kegiatan_")):
            tampil[col] = pd.to_datetime(df[col], errors="coerce")
            config[col] = st.column_config.DateColumn(label, format="DD/MM/YYYY")
        else:
            config[col] = st.column_config.TextColumn(label)
    return tampil, config


def table(page: PageContext, df: pd.DataFrame, key: str, nama_berkas: str, *,
          sembunyikan: tuple[str, ...] = (), depan: tuple[str, ...] = (),
          kosong: str = "Tidak ada baris untuk filter ini.",
          semua: Callable[[], pd.DataFrame] | None = None, jumlah: int | None = None) -> None:
    """Show `df` (columns in `depan` first, `sembunyikan` left out) and offer exactly those rows and
    columns for download, with the stored values (e.g. `daring_pmm`); `key` is the page-prefixed key.

    For a list too long to show (millions of rows), `df` holds only the first rows, `jumlah` the full
    count, and `semua()` fetches every row — only when a download is clicked."""
    if df.empty:
        st.info(kosong)
        return
    nama_berkas = fmt.nama_berkas(nama_berkas)
    shown = [c for c in depan if c in df.columns] + [c for c in df.columns if c not in sembunyikan + depan]
    export = df[shown]
    rows = (lambda: semua()[shown]) if semua else (lambda: export)
    total = jumlah if semua else len(export)
    tampil, config = _display(export)
    st.dataframe(tampil, hide_index=True, column_config=config, key=f"{key}_tabel", placeholder=KOSONG)
    info = page.export_info()
    bar = st.container(horizontal=True, vertical_alignment="center")
    bar.download_button(
        "Unduh CSV", data=lambda: to_csv_bytes(rows()), file_name=f"{nama_berkas}.csv",
        mime="text/csv", key=f"{key}_csv", on_click="ignore", icon=":material/download:",
    )
    if total <= XLSX_ROWS:
        bar.download_button(
            "Unduh XLSX", data=lambda: to_xlsx_bytes(rows(), info), file_name=f"{nama_berkas}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{key}_xlsx", on_click="ignore", icon=":material/download:",
        )
    if semua:
        bar.caption(f"Ditampilkan {fmt.angka(len(export))} baris pertama dari {fmt.angka(total)} baris; unduhan "
                    "berisi semua baris" + ("." if total <= XLSX_ROWS else " (CSV saja: terlalu banyak untuk Excel)."))
    else:
        bar.caption(f"{fmt.angka(len(export))} baris")
