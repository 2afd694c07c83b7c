"""The domain's fixed lists, in one place: input kinds, reflection and report components, community types,
UPT event kinds and roles — their codes, their order and their Indonesian labels.

Python imports these; SQL that needs a list or its order gets it as a bound parameter (queries.runner binds
every SQL_LISTS entry, e.g. `$urutan_komponen`), so no list is written twice.
Imports nothing of the project: every layer may use it.
"""
from __future__ import annotations

# Input kinds, in the order a load applies them (registries before what refers to them).
KINDS = ("sekolah", "penggerak", "komunitas", "kegiatan", "refleksi", "kegiatan_upt", "survei_kebutuhan")
KIND_LABELS = {
    "sekolah": "daftar sekolah IKM",
    "penggerak": "daftar penggerak",
    "komunitas": "daftar komunitas",
    "kegiatan": "laporan kegiatan komunitas",
    "refleksi": "refleksi komunitas",
    "kegiatan_upt": "kegiatan/kehadiran UPT",
    "survei_kebutuhan": "survei kebutuhan penggerak",
}

# Reflection components (METRICS §6), in the order of the reflection form.
KOMPONEN = (
    "hal_baik", "perlu_ditingkatkan", "ide_solusi", "dampak_peserta_didik", "dampak_guru_kepsek",
    "tantangan", "risiko", "mitigasi", "rencana_tindak_lanjut", "usulan_kegiatan",
)
KOMPONEN_LABEL = {
    "hal_baik": "Hal baik",
    "perlu_ditingkatkan": "Perlu ditingkatkan",
    "ide_solusi": "Ide solusi",
    "dampak_peserta_didik": "Dampak bagi peserta didik",
    "dampak_guru_kepsek": "Dampak bagi guru & kepala sekolah",
    "tantangan": "Tantangan",
    "risiko": "Risiko",
    "mitigasi": "Mitigasi",
    "rencana_tindak_lanjut": "Rencana tindak lanjut",
    "usulan_kegiatan": "Usulan kegiatan",
}

# Components of the bimonthly report to the centre (guide Bab 3 §E), in the report's order, and the
# reflection components each one counts.
KOMPONEN_LAPORAN = ("hal_baik", "perlu_ditingkatkan", "dampak", "rencana_tindak_lanjut", "risiko", "mitigasi")
KOMPONEN_LAPORAN_LABEL = {
    "hal_baik": "Hal-hal yang sudah berjalan baik",
    "perlu_ditingkatkan": "Hal yang perlu ditingkatkan",
    "dampak": "Dampak bagi peserta didik, guru dan kepala sekolah",
    "rencana_tindak_lanjut": "Rencana tindak lanjut",
    "risiko": "Risiko",
    "mitigasi": "Mitigasi risiko",
}
KOMPONEN_SUMBER = {k: (k,) for k in KOMPONEN_LAPORAN} | {"dampak": ("dampak_peserta_didik", "dampak_guru_kepsek")}

# Community types (METRICS §1 komunitas.jenis).
JENIS = ("dalam_sekolah", "antar_sekolah", "daring_pmm")
JENIS_LABEL = {"dalam_sekolah": "Dalam sekolah", "antar_sekolah": "Antar sekolah", "daring_pmm": "Daring (PMM)"}

JENJANG = ("PAUD", "SD", "SMP", "SMA", "SMK", "SLB")

# Kinds of UPT event (guide, Lampiran; kegiatan_upt.jenis_kegiatan), in the Lampiran's order.
JENIS_KEGIATAN_UPT = (
    "webinar", "peningkatan kapasitas daring", "peningkatan kapasitas luring", "berbagi praktik baik",
    "refleksi", "sosialisasi", "monitoring",
)

# Roles (METRICS §8).
ADMIN, PIMPINAN, WALI_WILAYAH = "admin", "pimpinan", "wali_wilayah"
ROLES = (ADMIN, PIMPINAN, WALI_WILAYAH)
PERAN_LABEL = {ADMIN: "Admin", PIMPINAN: "Pimpinan UPT", WALI_WILAYAH: "Wali wilayah"}

# RTL follow-through (docs/ATURAN.md "Tindak lanjut RTL"): the reflection komponen whose items count as what a
# community did (classified into tema_topik by data_loaders/topik.py, read by queries/_rtl_tindak_lanjut.sql).
KOMPONEN_BUKTI_RTL = ("hal_baik",)

# Lists the runner binds for SQL that orders by them (`list_position($urutan_komponen, komponen)`).
SQL_LISTS = {"urutan_komponen": list(KOMPONEN), "urutan_komponen_laporan": list(KOMPONEN_LAPORAN),
             "urutan_jenis_kegiatan_upt": list(JENIS_KEGIATAN_UPT),
             "komponen_bukti_rtl": list(KOMPONEN_BUKTI_RTL)}
