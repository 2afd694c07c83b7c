"""The table used everywhere: st.dataframe with Indonesian labels and formats, plus CSV/XLSX downloads
of exactly the rows shown (no cap). Downloads keep the canonical column names of the query.

Data stays text: every column the grid does not show as a number, date, bar or checkbox is a TextColumn
(never a LinkColumn or ImageColumn, which would turn an uploaded URL into a link or an image), and download
file names pass through `fmt.nama_berkas`."""
from __future__ import annotations

import dataclasses
import hashlib
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from queries.export import to_csv_bytes, to_xlsx_bytes
from queries.runner import PageRequest
from ui import data
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
    "selisih_komunitas": "Selisih komunitas", "persen_komunitas_sebelumnya": "% komunitas periode sebelumnya",
    "contoh_1": "Contoh 1", "contoh_2": "Contoh 2", "contoh_3": "Contoh 3",
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
          semua: Callable[[], pd.DataFrame] | None = None, jumlah: int | None = None,
          keterangan: str | None = None) -> None:
    """Show `df` (columns in `depan` first, `sembunyikan` left out) and offer exactly those rows and
    columns for download, with the stored values (e.g. `daring_pmm`); `key` is the page-prefixed key.

    For a list too long to show (millions of rows), `df` holds only the first rows, `jumlah` the full
    count, and `semua()` fetches every row — only when a download is clicked. `keterangan` (if given) replaces
    the caption beside the downloads, e.g. for a page of a list that is not its first rows."""
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
    if keterangan:
        bar.caption(keterangan)
    elif semua:
        bar.caption(f"Ditampilkan {fmt.angka(len(export))} baris pertama dari {fmt.angka(total)} baris; unduhan "
                    "berisi semua baris" + ("." if total <= XLSX_ROWS else " (CSV saja: terlalu banyak untuk Excel)."))
    else:
        bar.caption(f"{fmt.angka(len(export))} baris")


# --- Paged tables: lists that grow with the country (350,000 communities) -------------------------------------
# The page holds one screenful, sorted/searched/filtered in DuckDB (queries.runner.run_page); the full list
# exists only in a download, made when asked for. Up to LANGSUNG rows the download button makes the file at the
# click (as `table` does); above that a "Siapkan unduhan" button streams the rows to a temporary file in batches,
# with a progress bar, and then offers it.
UKURAN_HALAMAN = 50
LANGSUNG = 100_000  # rows a download makes in one go, at the click (one Arrow batch: the same bytes as `table`)
BARIS_PER_BATCH = 100_000
_TANPA_URUT = ""  # the sort choice "the list's own order"


def rows(page: PageContext, name: str, request: PageRequest, extra: dict | None = None,
         **filter_overrides: object) -> tuple[pd.DataFrame, int]:
    """The rows of query `name` that `request` asks for (cached) and how many match in all: a page's summaries
    and short lists read a list query this way rather than fetching it whole."""
    filters = dataclasses.replace(page.filters, **filter_overrides) if filter_overrides else page.filters
    return data.cached_page(str(page.path), page.version, name, filters, page.scope,
                            tuple(sorted((extra or {}).items())), request)


def _reset(key: str) -> None:
    st.session_state[f"{key}_hal"] = 1


def _csv_file(page: PageContext, name: str, extra: tuple, request: PageRequest, total: int, shown: list[str],
              tambah: Callable[[pd.DataFrame], pd.DataFrame] | None, progress=None) -> Path:
    """The full list as CSV in a temporary file, written batch by batch (header and BOM once)."""
    out = Path(tempfile.mkstemp(prefix="kombel-unduhan-", suffix=".csv")[1])
    done = 0
    with out.open("wb") as f:
        for i, batch in enumerate(data.batches(str(page.path), page.version, name, page.filters, page.scope, extra,
                                               request, BARIS_PER_BATCH)):
            batch = tambah(batch) if tambah else batch
            body = to_csv_bytes(batch[shown], bom=i == 0)
            f.write(body if i == 0 else body.split(b"\r\n", 1)[1])  # a later batch without the header line
            done += len(batch)
            if progress is not None:
                progress.progress(min(1.0, done / max(total, 1)),
                                  text=f"Menyiapkan unduhan: {fmt.angka(done)} dari {fmt.angka(total)} baris")
        if done == 0:  # no rows: the header alone, as `table` would write it
            f.write(to_csv_bytes(pd.DataFrame(columns=shown)))
    return out


def _full(page: PageContext, name: str, extra: tuple, request: PageRequest, shown: list[str],
          tambah: Callable[[pd.DataFrame], pd.DataFrame] | None) -> pd.DataFrame:
    parts = [tambah(b) if tambah else b for b in data.batches(str(page.path), page.version, name, page.filters,
                                                             page.scope, extra, request, BARIS_PER_BATCH)]
    return pd.concat(parts, ignore_index=True)[shown] if parts else pd.DataFrame(columns=shown)


def paged_table(page: PageContext, name: str, key: str, nama_berkas: str, *, extra: dict | None = None,
                saring: tuple[tuple[str, object], ...] = (), cari_di: tuple[str, ...] = (),
                upto: tuple[tuple[str, object], ...] = (), present: tuple[str, ...] = (),
                urut_bawaan: tuple[tuple[str, bool], ...] = (), kolom: tuple[str, ...] | None = None,
                sembunyikan: tuple[str, ...] = (), depan: tuple[str, ...] = (),
                kosong: str = "Tidak ada baris untuk filter ini.",
                tambah: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
                pilih: str | None = None, id_kolom: str = "id_komunitas",
                ukuran: int = UKURAN_HALAMAN) -> int:
    """The rows of query `name` one page at a time, with a search box (over `cari_di`), a sort column and
    direction, the page number and "Menampilkan 51–100 dari 12.345", and CSV/XLSX downloads of every row that
    matches (`saring`, `upto`, `present`: filters on output columns as in queries.runner.PageRequest, e.g.
    ("berisiko", True)); `urut_bawaan` sorts ahead of the query's own order until a column is chosen, `kolom`
    (if given) are the only columns shown and downloaded. `tambah` adds columns to a
    page (and to each batch of a download), e.g. the latest contact. With `pilih` (a session-state key holding a
    list of `id_kolom` values) rows can be picked, and the picks survive paging, sorting and searching.
    Returns the number of matching rows."""
    items = tuple(sorted((extra or {}).items()))
    hal_key, cari_key, urut_key, turun_key = (f"{key}_hal", f"{key}_cari", f"{key}_urut", f"{key}_turun")
    st.session_state.setdefault(hal_key, 1)
    if cari_di:
        cari = st.text_input("Cari", key=cari_key, placeholder="Cari nama…", on_change=_reset, args=(key,),
                             max_chars=200, icon=":material/search:")
    else:
        cari = ""
    urut = st.session_state.get(urut_key) or _TANPA_URUT
    turun = bool(st.session_state.get(turun_key))
    dasar = PageRequest(sort=tuple(urut_bawaan), search=cari or "", search_in=cari_di, where=tuple(saring),
                        upto=tuple(upto), present=tuple(present), limit=ukuran)
    request = dataclasses.replace(dasar, sort=((urut, turun),) if urut else dasar.sort,
                                  offset=(int(st.session_state[hal_key]) - 1) * ukuran)
    try:
        rows, total = data.cached_page(str(page.path), page.version, name, page.filters, page.scope, items, request)
    except ValueError:  # a sort column from an older session that this list no longer has: its own order
        st.session_state[urut_key] = _TANPA_URUT
        request = dasar
        rows, total = data.cached_page(str(page.path), page.version, name, page.filters, page.scope, items, request)
    halaman = max(1, -(-total // ukuran))
    if rows.empty and total:  # the page number lies past the end (the list got shorter): its last page
        st.session_state[hal_key] = halaman
        request = dataclasses.replace(request, offset=(halaman - 1) * ukuran)
        rows, total = data.cached_page(str(page.path), page.version, name, page.filters, page.scope, items, request)
    if not total:
        st.info("Tidak ada baris yang cocok dengan pencarian." if cari else kosong)
        return 0
    asal = set(rows.columns)  # the query's own columns: the ones it can sort by
    rows = tambah(rows) if tambah else rows
    if kolom is not None:
        shown = [c for c in kolom if c in rows.columns]
    else:
        shown = [c for c in depan if c in rows.columns] + [c for c in rows.columns if c not in sembunyikan + depan]
    tampil, config = _display(rows[shown])
    if pilih is None:
        st.dataframe(tampil, hide_index=True, column_config=config, key=f"{key}_tabel", placeholder=KOSONG)
    else:
        _pilihan(tampil, config, rows, key, pilih, id_kolom, request)

    mulai = request.offset + 1
    bar = st.container(horizontal=True, vertical_alignment="center")
    if halaman > 1:
        if int(st.session_state[hal_key]) > halaman:
            st.session_state[hal_key] = halaman
        bar.number_input("Halaman", min_value=1, max_value=halaman, step=1, key=hal_key, width=150,
                         help=f"{fmt.angka(halaman)} halaman, {fmt.angka(ukuran)} baris per halaman.")
    labels = label_unik([c for c in shown if c in asal])
    pilihan_urut = [_TANPA_URUT, *labels]
    if st.session_state.get(urut_key) not in pilihan_urut:
        st.session_state[urut_key] = _TANPA_URUT
    bar.selectbox("Urutkan menurut", options=pilihan_urut, key=urut_key, on_change=_reset, args=(key,),
                  format_func=lambda c: "Urutan bawaan daftar" if c == _TANPA_URUT else labels[c], width=260)
    bar.toggle("Menurun", key=turun_key, on_change=_reset, args=(key,), disabled=not urut)
    bar.caption(f"Menampilkan {fmt.angka(mulai)}–{fmt.angka(mulai + len(rows) - 1)} dari {fmt.angka(total)}")

    nama_berkas = fmt.nama_berkas(nama_berkas)
    semua = dataclasses.replace(request, limit=None, offset=0)
    unduh = st.container(horizontal=True, vertical_alignment="center")
    info = page.export_info()
    if total <= LANGSUNG:
        unduh.download_button(
            "Unduh CSV", data=lambda: to_csv_bytes(_full(page, name, items, semua, shown, tambah)),
            file_name=f"{nama_berkas}.csv", mime="text/csv", key=f"{key}_csv", on_click="ignore",
            icon=":material/download:")
    else:
        tanda = hashlib.sha256(repr((name, page.version, page.filters, page.scope, items, semua, shown)).encode()
                               ).hexdigest()
        siap = st.session_state.get(f"{key}_berkas")
        if unduh.button(f"Siapkan unduhan CSV ({fmt.angka(total)} baris)", key=f"{key}_siapkan",
                        icon=":material/file_download:"):
            progress = st.progress(0.0, text="Menyiapkan unduhan…")
            if siap:  # the file prepared before (other filters) is no longer offered
                Path(siap[1]).unlink(missing_ok=True)
            siap = (tanda, str(_csv_file(page, name, items, semua, total, shown, tambah, progress)))
            st.session_state[f"{key}_berkas"] = siap
            progress.empty()
        if siap and siap[0] == tanda and Path(siap[1]).is_file():
            berkas = Path(siap[1])
            unduh.download_button("Unduh CSV", data=berkas.read_bytes, file_name=f"{nama_berkas}.csv",
                                  mime="text/csv", key=f"{key}_csv", on_click="ignore", icon=":material/download:")
    if total <= XLSX_ROWS:
        unduh.download_button(
            "Unduh XLSX", data=lambda: to_xlsx_bytes(_full(page, name, items, semua, shown, tambah), info),
            file_name=f"{nama_berkas}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{key}_xlsx", on_click="ignore", icon=":material/download:")
    unduh.caption(f"{fmt.angka(total)} baris" + ("" if total <= XLSX_ROWS else
                                                  " (CSV saja: terlalu banyak untuk Excel)"))
    return total


def _pilihan(tampil: pd.DataFrame, config: dict, rows: pd.DataFrame, key: str, pilih: str, id_kolom: str,
             request: PageRequest) -> None:
    """The page's rows with a checkbox each; st.session_state[pilih] (ids) holds the picks of every page."""
    ids = [str(i) for i in rows[id_kolom]]
    dipilih = [str(i) for i in st.session_state.get(pilih) or ()]
    # A widget per page view and per picks on it: its default selection is read from the picks when it first
    # shows, so picks made elsewhere (the message choice, "Pilih semua yang tampil") show as ticks too.
    di_sini = sorted(set(ids) & set(dipilih))
    tabel_key = f"{key}_tabel_" + hashlib.sha256(repr((request, ids, di_sini)).encode()).hexdigest()[:12]

    def _ubah() -> None:
        rows_picked = st.session_state[tabel_key]["selection"]["rows"]
        picked = {ids[r] for r in rows_picked if r < len(ids)}
        lama = [i for i in st.session_state.get(pilih) or () if i not in ids]
        st.session_state[pilih] = lama + [i for i in ids if i in picked]

    def _semua() -> None:
        lama = [str(i) for i in st.session_state.get(pilih) or ()]
        st.session_state[pilih] = lama + [i for i in ids if i not in lama]

    def _hapus() -> None:
        st.session_state[pilih] = []

    st.dataframe(tampil, hide_index=True, column_config=config, key=tabel_key, placeholder=KOSONG,
                 on_select=_ubah, selection_mode="multi-row",
                 selection_default={"selection": {"rows": [r for r, i in enumerate(ids) if i in dipilih]}})
    bar = st.container(horizontal=True, vertical_alignment="center")
    bar.button(f"Pilih semua yang tampil ({fmt.angka(len(ids))})", key=f"{key}_pilih_semua", on_click=_semua)
    bar.button("Hapus pilihan", key=f"{key}_hapus_pilihan", on_click=_hapus, disabled=not dipilih)
    bar.caption(f"{fmt.angka(len(dipilih))} dipilih")
