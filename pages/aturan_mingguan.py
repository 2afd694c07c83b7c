"""Aturan Mingguan: threshold and holiday weeks, how often communities meet, the follow-up list,
and the community × week grid of one kab/kota."""
from __future__ import annotations

import streamlit as st

from queries.runner import PageRequest
from ui import charts, empty_state, kontak, libur, pesan, require_scope
from ui import format as fmt
from ui.filters import AMBANG_BATAS, AMBANG_BAWAAN, AMBANG_KEY, LIBUR_KEY, holiday_options, persistent
from ui.table import paged_table, rows, table

page = require_scope("Aturan Mingguan")
if page.kosong:
    empty_state(page)

with st.expander("Pengaturan aturan mingguan", icon=":material/tune:"):
    persistent(
        st.number_input, "Ambang: persen minggu terpenuhi agar komunitas dianggap memenuhi aturan",
        key=AMBANG_KEY, **AMBANG_BATAS, value=AMBANG_BAWAAN, step=5.0,
        help="Panduan meminta komunitas bertemu setiap minggu (100 %). Ambang berlaku di semua halaman.",
    )
    senin = holiday_options(page)
    persistent(
        st.multiselect, "Minggu libur sekolah (tidak dinilai)", key=LIBUR_KEY, allowed=senin, options=senin,
        format_func=fmt.minggu, placeholder="Tidak ada minggu libur",
        help="Minggu libur tidak dihitung dan tidak memutus rangkaian minggu beruntun. Berlaku di semua halaman.",
    )

# The heading and histogram from an aggregate (jenis × 10-point band), not from a row per community (issue 19).
sebaran = page.query("weekly_rule_sebaran")
dinilai = sebaran.dropna(subset=["kelas"])
memenuhi = int(sebaran["komunitas_memenuhi_aturan"].sum())
berisiko = int(sebaran["komunitas_berisiko"].sum())

st.subheader(
    f"{fmt.angka(memenuhi)} dari {fmt.angka(int(dinilai['jumlah_komunitas'].sum()))} komunitas memenuhi aturan "
    f"mingguan; {fmt.angka(berisiko)} berisiko berhenti"
)
libur.tawarkan(page)  # unmarked weeks that look like holidays: offered, applied only when accepted
if dinilai.empty:
    st.info("Belum ada minggu lengkap yang dapat dinilai pada periode ini.")
else:
    charts.show(charts.histogram(
        dinilai.assign(persen_terpenuhi=dinilai["kelas"].astype(int) * 10), "persen_terpenuhi", "jumlah_komunitas",
        judul="Seberapa rutin komunitas bertemu",
        sub=f"Jumlah komunitas menurut % minggu terpenuhi, {page.periode}", label_x="% minggu terpenuhi",
        warna="jenis", peta_warna=charts.WARNA_JENIS_LABEL), key="aturan_sebaran")
per_kabkota = st.expander("Per kabupaten/kota", key="aturan_per_kabkota", on_change="rerun")
with per_kabkota:  # the weekly rule per kab/kota once more (~1.2 s nationally, issue 19): only when opened
    if per_kabkota.open:
        progres = page.query("progress_kabkota")[
            ["kode_kabkota", "kabkota", "jumlah_komunitas", "komunitas_memenuhi_aturan", "rata_persen_terpenuhi"]]
        table(page, progres, "aturan_kabkota", "aturan_mingguan_per_kabkota", sembunyikan=("kode_kabkota",))

st.subheader("Daftar tindak lanjut")
st.caption("Komunitas berisiko (dua minggu terakhir tanpa pertemuan) di urutan teratas, yang baru saja berhenti "
           "lebih dulu; yang sudah bertemu lagi sesudah minggu terakhir yang dinilai ada di bawahnya, dengan "
           "tanggalnya. Hubungi penggeraknya. Jika minggu-minggu terakhir periode adalah libur sekolah, tandai di "
           "Pengaturan aturan mingguan agar tidak dihitung.")
hanya_berisiko = persistent(st.toggle, "Hanya yang berisiko", key="aturan_hanya_berisiko")
saring = (("berisiko", True),) if hanya_berisiko else ()
# In the query's order (weekly_rule_followup.sql): silent at-risk first, met-again below them; one page at a
# time, with dihubungi_pada (the latest recorded contact, issue 16) and a checkbox per row for the messages.
panjang = paged_table(
    page, "weekly_rule_followup", "aturan_tindak_lanjut", "daftar_tindak_lanjut", saring=saring,
    cari_di=("nama_komunitas", "kabkota", "penggerak_nama", "penggerak_email"), sembunyikan=("kode_kabkota",),
    depan=("nama_komunitas", "kabkota", "berisiko", "bertemu_lagi_pada", "minggu_beruntun", "kegiatan_terakhir",
           "persen_terpenuhi", "penggerak_nama", "penggerak_email"),
    kosong="Tidak ada komunitas berisiko untuk filter ini.", tambah=kontak.penanda(page), pilih=pesan.DIPILIH_KEY)
if st.session_state.get("aturan_tindak_lanjut_cari"):
    panjang = None  # the count of what the search found, not of the list the messages offer
pesan.tampilkan(page, saring, panjang, berisiko)  # ready-to-send messages for picked communities (issue 16 item 2)
rendah = st.expander("Partisipasi rendah", key="aturan_partisipasi", on_change="rerun")
with rendah:  # a table apart, not a column of the list: it reads every activity of the period (docs/ATURAN.md)
    if rendah.open:
        st.caption("Median peserta per kegiatan di bawah 50 % anggota, dengan minimal 3 kegiatan yang mencatat "
                   "jumlah peserta. Ajak penggeraknya membahas cara melibatkan anggota.")
        paged_table(page, "partisipasi", "aturan_partisipasi_rendah", "partisipasi_rendah",
                    saring=(("partisipasi_rendah", True),), cari_di=("nama_komunitas", "kabkota"),
                    sembunyikan=("kode_kabkota", "partisipasi_rendah"),
                    kosong="Tidak ada komunitas dengan partisipasi rendah untuk filter ini.")
kontak.bagian(page, berisiko)  # the contact log and whether contacting worked (issue 16 items 3-4)

st.subheader("Minggu demi minggu per komunitas")
pilihan = list(page.filters.kabkota) or list(page.kabkota_names)
if hanya_berisiko:
    st.caption("Hanya komunitas berisiko (sesuai pilihan di atas).")
kode = st.selectbox("Kabupaten/kota", options=pilihan, format_func=lambda k: page.kabkota_names.get(k, k),
                    key="aturan_grid_kabkota", bind="query-params")
if kode:
    grid = page.query("weekly_grid", kabkota=(kode,))
    if hanya_berisiko:  # the at-risk communities of this one kab/kota (hundreds at most)
        berisiko_di_sini = rows(page, "weekly_rule_followup", PageRequest(where=saring, limit=None),
                                kabkota=(kode,))[0]
        grid = grid[grid["id_komunitas"].isin(berisiko_di_sini["id_komunitas"])]
    if grid.empty:
        st.info("Tidak ada minggu yang dinilai untuk kab/kota ini pada periode dan filter yang dipilih.")
    else:
        nama = page.kabkota_names.get(kode, kode)
        charts.show(charts.week_grid(grid, judul=f"Status mingguan komunitas di {nama}", sub=page.periode),
                    key="aturan_grid")
