"""The bundled sample data: a deterministic generator of realistic, messy exports for one UPT.

BBGP Jawa Barat (province 32, its 27 kab/kota), August-December 2022. The files take the
shapes real inputs take (METRICS §2): an IKM school list and a PMM community registry as
XLSX, a PMM activity export (`,` CSV), a Google Forms activity report exported through Excel
(`;` CSV with BOM, typed names and dates), wide reflection forms (XLSX and CSV), two penggerak
forms (a multi-select cell, and a Google Forms grid with one Sudah/Belum column per topic), a UPT
attendance export and a needs survey (Google Forms CSV, multi-select topics). A small share of
rows is wrong for real reasons (unknown community, ambiguous or unknown kab/kota, unreadable date
or duration) so the quarantine has work to do. `RENCANA_PROGRAM` is the UPT's plan (the guide's
Lampiran timeline), which `ensure_sample_store` stores next to the loaded files.

Only `random.Random(seed)` drives the content (no global random, clock or str hash), and the
XLSX creation date is pinned, so the same seed gives byte-identical files.
"""
from __future__ import annotations

import argparse
import base64
import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from random import Random
from typing import TYPE_CHECKING

import xlsxwriter

if TYPE_CHECKING:
    from data_loaders.load import LoadReport

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "data" / "sample"
KABKOTA_CSV = ROOT / "data" / "reference" / "kabkota.csv"

KODE_PROVINSI = "32"
PROVINSI = "Jawa Barat"
AWAL = date(2022, 8, 1)            # a Monday: the monitoring period starts with a full ISO week
AKHIR = date(2022, 12, 31)
_XLSX_CREATED = datetime(2023, 1, 2, 8, 0, 0)

F_SEKOLAH = "daftar_sekolah_ikm_jabar_2022.xlsx"
F_KOMUNITAS = "dashboard_komunitas_pmm_jabar_2022.xlsx"
F_PENGGERAK = "data_penggerak_komunitas_jabar.csv"
F_KEGIATAN_PMM = "aktivitas_komunitas_pmm_agu-des_2022.csv"
F_KEGIATAN_GFORM = "laporan_kegiatan_kombel_gform.csv"
F_REFLEKSI_1 = "refleksi_kombel_sep-okt_2022.xlsx"
F_REFLEKSI_2 = "refleksi_kombel_nov-des_2022.csv"
F_KEGIATAN_UPT = "daftar_hadir_kegiatan_upt_2022.xlsx"
F_PENGGERAK_2 = "pendataan_penggerak_pelatihan_mandiri.xlsx"
F_SURVEI = "survei_kebutuhan_upgrading_penggerak_agustus_2022.csv"
FILE_NAMES = (F_SEKOLAH, F_KOMUNITAS, F_PENGGERAK, F_KEGIATAN_PMM, F_KEGIATAN_GFORM,
              F_REFLEKSI_1, F_REFLEKSI_2, F_KEGIATAN_UPT, F_PENGGERAK_2, F_SURVEI)

HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")
BULAN_SINGKAT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des")

# ---------------------------------------------------------------------------------------------
# Geography: relative size (schools, communities) and a few real kecamatan per kab/kota.
# ---------------------------------------------------------------------------------------------
_WILAYAH: dict[str, tuple[float, tuple[str, ...]]] = {
    "32.01": (10, ("Cibinong", "Citeureup", "Ciawi", "Cileungsi", "Parung", "Leuwiliang", "Jonggol",
                   "Cisarua", "Dramaga", "Gunung Putri")),
    "32.02": (6, ("Cisaat", "Cibadak", "Palabuhanratu", "Sukaraja", "Cicurug", "Parungkuda", "Jampang Kulon")),
    "32.03": (6, ("Cianjur", "Cipanas", "Cugenang", "Karangtengah", "Ciranjang", "Sukaluyu", "Cibeber")),
    "32.04": (8, ("Cileunyi", "Baleendah", "Soreang", "Majalaya", "Dayeuhkolot", "Banjaran", "Rancaekek",
                  "Ciparay", "Margahayu", "Pangalengan")),
    "32.05": (7, ("Tarogong Kidul", "Tarogong Kaler", "Garut Kota", "Karangpawitan", "Cibatu", "Leles",
                  "Bayongbong", "Wanaraja")),
    "32.06": (5, ("Singaparna", "Manonjaya", "Ciawi", "Rajapolah", "Cikalong", "Salawu", "Sukaraja")),
    "32.07": (4, ("Ciamis", "Cikoneng", "Kawali", "Panjalu", "Banjarsari", "Rancah")),
    "32.08": (4, ("Kuningan", "Cigugur", "Cilimus", "Kadugede", "Luragung", "Jalaksana")),
    "32.09": (6, ("Sumber", "Plered", "Weru", "Arjawinangun", "Palimanan", "Lemahabang", "Astanajapura")),
    "32.10": (4, ("Majalengka", "Jatiwangi", "Kadipaten", "Cigasong", "Rajagaluh", "Talaga")),
    "32.11": (4, ("Sumedang Utara", "Sumedang Selatan", "Jatinangor", "Tanjungsari", "Cimalaka", "Darmaraja")),
    "32.12": (5, ("Indramayu", "Jatibarang", "Haurgeulis", "Karangampel", "Sindang", "Lohbener")),
    "32.13": (4, ("Subang", "Pagaden", "Kalijati", "Pamanukan", "Ciasem", "Jalancagak")),
    "32.14": (3, ("Purwakarta", "Campaka", "Plered", "Jatiluhur", "Bungursari", "Wanayasa")),
    "32.15": (6, ("Karawang Barat", "Karawang Timur", "Cikampek", "Telukjambe Timur", "Rengasdengklok", "Klari")),
    "32.16": (7, ("Cikarang Utara", "Cikarang Selatan", "Tambun Selatan", "Cibitung", "Setu", "Babelan")),
    "32.17": (4, ("Lembang", "Padalarang", "Ngamprah", "Cisarua", "Batujajar", "Cililin", "Parongpong")),
    "32.18": (2, ("Parigi", "Pangandaran", "Cijulang", "Kalipucang", "Padaherang")),
    "32.71": (3, ("Bogor Tengah", "Bogor Utara", "Bogor Barat", "Bogor Selatan", "Tanah Sareal", "Bogor Timur")),
    "32.72": (1.5, ("Cikole", "Citamiang", "Gunungpuyuh", "Warudoyong", "Baros")),
    "32.73": (6, ("Coblong", "Sukajadi", "Antapani", "Buahbatu", "Cibeunying Kidul", "Lengkong", "Arcamanik",
                  "Kiaracondong", "Bojongloa Kaler")),
    "32.74": (1.5, ("Kejaksan", "Lemahwungkuk", "Pekalipan", "Harjamukti", "Kesambi")),
    "32.75": (5, ("Bekasi Timur", "Bekasi Barat", "Bekasi Utara", "Bekasi Selatan", "Rawalumbu", "Jatiasih",
                  "Pondok Gede")),
    "32.76": (4, ("Beji", "Pancoran Mas", "Cimanggis", "Sukmajaya", "Cinere", "Sawangan")),
    "32.77": (2, ("Cimahi Utara", "Cimahi Tengah", "Cimahi Selatan")),
    "32.78": (2, ("Cihideung", "Cipedes", "Tawang", "Indihiang", "Mangkubumi", "Kawalu")),
    "32.79": (1, ("Banjar", "Pataruman", "Purwaharja", "Langensari")),
}

# Single-letter misspellings seen in typed forms; each is within one edit of exactly one
# official name (tests/sample checks this against the whole reference list).
TYPO_KABKOTA: dict[str, tuple[str, ...]] = {
    "32.03": ("Kab. Cianjru",), "32.05": ("Kab. Garutt",), "32.06": ("Kab. Tasikmalya",),
    "32.08": ("Kab. Kuningam",), "32.10": ("Kab. Majalenka",), "32.11": ("Kab. Sumedng",),
    "32.12": ("Kab. Indramyu",), "32.13": ("Kab. Subbang",), "32.14": ("Kab. Purwakata",),
    "32.15": ("Kab. Krawang", "Krawang"), "32.18": ("Kab. Pangandaram",), "32.77": ("Kota Cimahy",),
}
# What people type when they do not know or do not care: unresolvable on purpose.
_KABKOTA_TAK_DIKENAL = ("Jawa Barat", "Jabar", "-", "KBB Jabar", "Priangan")
_TANGGAL_RUSAK = ("31/09/2022", "15/13/2022", "Senin", "minggu ke-2 Oktober", "-", "30/02/2022", "tgl 5")
# Durations no one can turn into minutes: a JP (jam pelajaran) is 35-45 minutes depending on the jenjang.
_DURASI_RUSAK = ("2 JP", "3 JP", "2 x 45 menit", "sepanjang hari", "setengah hari", "pagi s.d. siang")


@dataclass
class Kab:
    kode: str
    nama: str          # official: "Kabupaten Bandung"
    jenis: str         # Kabupaten / Kota
    inti: str          # "Bandung"
    bobot: float
    kecamatan: tuple[str, ...]

    @property
    def label(self) -> str:
        """How dashboards write it: `Kab. Bandung`, `Kota Bandung`."""
        return f"Kab. {self.inti}" if self.jenis == "Kabupaten" else f"Kota {self.inti}"


@dataclass
class Sekolah:
    npsn: str
    nama: str
    jenjang: str
    status: str
    kecamatan: str
    kab: Kab
    jalur: str


@dataclass
class Komunitas:
    id: str
    nama: str
    jenis: str
    kab: Kab
    npsn: str | None
    jenjang: str | None
    penggerak_nama: str
    penggerak_email: str
    anggota: int
    terdaftar: date | None
    pmm: bool
    kebiasaan: str
    saluran: str              # pmm / gform / campur: where its activities get documented
    tanpa_durasi: bool        # never reports a duration


@dataclass
class Kegiatan:
    kom: Komunitas
    tanggal: date
    durasi: int | None
    topik: str
    bentuk: str
    moda: str
    peserta: int
    tautan: str


def _kabkota() -> list[Kab]:
    with open(KABKOTA_CSV, encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["kode_prov"] == KODE_PROVINSI]
    out = []
    for r in rows:
        bobot, kec = _WILAYAH[r["kode_kabkota"]]
        inti = r["nama_kabkota"].split(" ", 1)[1]
        out.append(Kab(r["kode_kabkota"], r["nama_kabkota"], r["jenis"], inti, bobot, kec))
    return out


def _nama_inti_nasional() -> dict[str, int]:
    """How many official kab/kota (whole country) share each bare name: bare names seen once are safe to type."""
    counts: dict[str, int] = {}
    with open(KABKOTA_CSV, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            inti = r["nama_kabkota"].split(" ", 1)[1].casefold()
            counts[inti] = counts.get(inti, 0) + 1
    return counts


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------
_DEPAN_L = ("Asep", "Dedi", "Ujang", "Cecep", "Dadang", "Rudi", "Agus", "Heri", "Wawan", "Yayan", "Tatang",
            "Iwan", "Deden", "Ade", "Budi", "Hendra", "Yusuf", "Ahmad", "Rahmat", "Dodi", "Eko", "Andi",
            "Irfan", "Ridwan", "Fajar", "Dani", "Eman", "Nandang", "Acep", "Endang", "Kurnia", "Hadi")
_DEPAN_P = ("Euis", "Neneng", "Siti", "Rina", "Yuyun", "Iis", "Lilis", "Teti", "Dewi", "Sri", "Nurhayati",
            "Ai", "Entin", "Imas", "Eli", "Wati", "Nining", "Yanti", "Rini", "Tuti", "Erna", "Nia", "Fitri",
            "Rika", "Dian", "Lina", "Neni", "Popon", "Rosita", "Santi", "Ani", "Evi", "Mega", "Sari")
_BELAKANG = ("Suryana", "Hidayat", "Rahmawati", "Sopandi", "Permana", "Nurjanah", "Kurniasih", "Setiawan",
             "Gunawan", "Mulyana", "Hermawan", "Rustandi", "Saepudin", "Supriatna", "Sumarni", "Wahyuni",
             "Kusnadi", "Nurhasanah", "Sulastri", "Hasanah", "Komariah", "Sutisna", "Rohaeti", "Ruhiyat",
             "Suherman", "Maryani", "Sukmawati", "Firmansyah", "Ramdani", "Maulana", "Fauziah", "Lestari",
             "Purnama", "Nugraha", "Kartika", "Suhendar", "Jamilah", "Hamdani", "Saputra", "Handayani")
_GELAR = ("S.Pd.", "S.Pd.", "S.Pd.", "S.Pd., M.Pd.", "S.Pd.SD", "S.Pd.I", "S.Si.", "M.Pd.", "S.Kom.", "")


class _Orang:
    """Unique penggerak identities (name + belajar.id email) for one generation run."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.emails: dict[str, str] = {}

    def baru(self, jenjang: str | None) -> tuple[str, str]:
        rng = self.rng
        depan = rng.choice(_DEPAN_P if rng.random() < 0.6 else _DEPAN_L)
        belakang = rng.choice(_BELAKANG)
        gelar = rng.choice(_GELAR)
        nama = f"{depan} {belakang}" + (f", {gelar}" if gelar else "")
        domain = f"guru.{(jenjang or rng.choice(('sd', 'smp', 'sma'))).lower()}.belajar.id"
        base = rng.choice((f"{depan}.{belakang}", f"{depan}{belakang}", f"{depan}.{belakang[0]}", f"{depan}")).lower()
        email = f"{base}@{domain}"
        n = 1
        while email in self.emails or (base == depan.lower() and n == 1):
            n += 1
            email = f"{base}{rng.randint(1, 99) if n < 5 else n * 7}@{domain}"
        self.emails[email] = nama
        return nama, email


# ---------------------------------------------------------------------------------------------
# Schools (IKM registrants)
# ---------------------------------------------------------------------------------------------
_JENJANG = (("PAUD", 0.20), ("SD", 0.47), ("SMP", 0.17), ("SMA", 0.06), ("SMK", 0.08), ("SLB", 0.02))
_NEGERI = {"PAUD": 0.08, "SD": 0.85, "SMP": 0.6, "SMA": 0.5, "SMK": 0.3, "SLB": 0.4}
_SWASTA = {
    "PAUD": ("TK Aisyiyah Bustanul Athfal", "TK Islam Terpadu Al-Fikri", "PAUD Melati", "KB Tunas Harapan",
             "RA Al-Hidayah", "TK PGRI", "PAUD Mawar", "TK Kartika", "KB Bunda Ceria", "TK Bhayangkari",
             "PAUD Nurul Iman", "TK Tunas Bangsa", "PAUD Al-Ikhlas", "TK Pertiwi"),
    "SD": ("SD Islam Terpadu Al-Ikhlas", "SD Muhammadiyah", "SD IT Nurul Fikri", "SD Kristen BPK Penabur",
           "SD Plus Al-Ghifari", "SD Islam Al-Azhar", "SD Santo Yusup", "SD Mutiara Bunda", "SD Pasundan"),
    "SMP": ("SMP PGRI", "SMP Pasundan", "SMP IT Al-Ikhlas", "SMP Muhammadiyah", "SMP Plus Al-Hasan",
            "SMP Kartika", "SMP Islam Terpadu Daarul Fikri", "SMP Mutiara"),
    "SMA": ("SMA Pasundan", "SMA PGRI", "SMA Muhammadiyah", "SMA IT Al-Multazam", "SMA Plus Al-Azhar",
            "SMA Kartika", "SMA Bina Dharma"),
    "SMK": ("SMK Bina Karya", "SMK PGRI", "SMK Bhakti Nusantara", "SMK Karya Bhakti", "SMK Pasundan",
            "SMK Muhammadiyah", "SMK Informatika", "SMK Farmasi Bhakti Husada", "SMK TI Garuda Nusantara",
            "SMK Yapim", "SMK Kesehatan Bina Medika"),
    "SLB": ("SLB B Budi Asih", "SLB C Sukapura", "SLB Aisyiyah", "SLB Dharma Asih", "SLB Yayasan Bina Putra"),
}
_JALUR = (("mandiri belajar", 0.35), ("mandiri berubah", 0.55), ("mandiri berbagi", 0.10))


def _pick(rng: Random, weighted: Sequence[tuple[str, float]]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _sekolah(rng: Random, kabs: list[Kab], total: int = 3000) -> list[Sekolah]:
    total_bobot = sum(k.bobot for k in kabs)
    used_npsn: set[int] = set()
    out: list[Sekolah] = []
    for kab in kabs:
        n = max(20, round(total * kab.bobot / total_bobot))
        names: set[str] = set()
        nomor: dict[str, int] = {}
        for _ in range(n):
            jenjang = _pick(rng, _JENJANG)
            kec = rng.choice(kab.kecamatan)
            negeri = rng.random() < _NEGERI[jenjang]
            while True:
                if negeri:
                    # Kota schools are numbered city-wide (SMP Negeri 3 Bogor), kabupaten ones per kecamatan.
                    tempat = kab.inti if (kab.jenis == "Kota" and jenjang != "SD") else kec
                    prefix = {"PAUD": "TK Negeri", "SLB": "SLB Negeri"}.get(jenjang, f"{jenjang} Negeri")
                    key = f"{prefix}|{tempat}"
                    nomor[key] = nomor.get(key, 0) + 1
                    if jenjang in ("PAUD", "SLB"):
                        nama = f"{prefix} {tempat}" + (f" {nomor[key]}" if nomor[key] > 1 else "")
                    else:
                        nama = f"{prefix} {nomor[key]} {tempat}"
                else:
                    base = rng.choice(_SWASTA[jenjang])
                    style = rng.random()
                    nama = base if style < 0.3 else f"{base} {kec}" if style < 0.7 else f"{base} {rng.randint(1, 5)} {kec}"
                if nama not in names:
                    break
                negeri = negeri or rng.random() < 0.5
            names.add(nama)
            npsn = rng.randint(20200000, 20299999)
            while npsn in used_npsn:
                npsn = rng.randint(20200000, 20299999)
            used_npsn.add(npsn)
            out.append(Sekolah(str(npsn), nama, jenjang, "Negeri" if negeri else "Swasta", kec, kab, _pick(rng, _JALUR)))
    return out


# ---------------------------------------------------------------------------------------------
# Communities
# ---------------------------------------------------------------------------------------------
_MAPEL_SMP = ("Matematika", "Bahasa Indonesia", "Bahasa Inggris", "IPA", "IPS", "PPKn", "PJOK", "Seni Budaya",
              "Informatika", "Bahasa Sunda", "PAI")
_KREATIF = ("Guru Hebat", "Merdeka Belajar", "Sinergi", "Cerdas Berkarya", "Pelita", "Harmoni", "Bintang",
            "Rumah Belajar", "Tunas", "Guru Bergerak", "Inspirasi")
_DARING = ("Guru Belajar Berdiferensiasi", "Komunitas Guru Penggerak", "Sahabat PMM", "Guru Merdeka",
           "Ruang Berbagi Guru", "Komunitas Literasi Numerasi", "Guru Digital", "Komunitas Guru Inspiratif",
           "Kelas Maya", "Guru PAUD Ceria", "Guru Inklusi Berbagi", "Pejuang Modul Ajar", "Komunitas Asesmen",
           "Guru Kreatif P5", "Guru Sains Berbagi", "Komunitas Guru Matematika", "Guru Bahasa Berkarya",
           "Komunitas Pengajar Vokasi")
# Generic names that really do exist in both a kabupaten and the kota of the same name: a bare
# `Bandung` next to one of these cannot be settled and must be quarantined.
_NAMA_KEMBAR = (("Guru Belajar Bersama", "32.04", "32.73"), ("Komunitas Guru Hebat", "32.01", "32.71"),
                ("Sahabat Literasi", "32.16", "32.75"))
_KEBIASAAN = {
    "dalam_sekolah": (("rutin", 22), ("rutin2", 32), ("pendek", 24), ("tidak_teratur", 10), ("berhenti", 8),
                      ("tidak_aktif", 5)),
    "antar_sekolah": (("rutin", 34), ("rutin2", 18), ("tidak_teratur", 24), ("berhenti", 14), ("tidak_aktif", 10)),
    "daring_pmm": (("rutin", 30), ("rutin2", 18), ("tidak_teratur", 28), ("berhenti", 14), ("tidak_aktif", 10)),
}


def _singkat(nama_sekolah: str) -> str:
    for a, b in (("SD Negeri", "SDN"), ("SMP Negeri", "SMPN"), ("SMA Negeri", "SMAN"), ("SMK Negeri", "SMKN"),
                 ("SLB Negeri", "SLBN"), ("TK Negeri", "TKN")):
        if nama_sekolah.startswith(a):
            return b + nama_sekolah[len(a):]
    return nama_sekolah


def _tanggal_terdaftar(rng: Random, pmm: bool) -> date | None:
    r = rng.random()
    if r < (0.02 if pmm else 0.3):
        return None
    r = rng.random()
    if r < 0.88:
        return date(2022, 7, 1) + timedelta(days=int(rng.triangular(0, 91, 25)))
    if r < 0.97:
        return date(2022, 10, 1) + timedelta(days=rng.randint(0, 91))
    return date(2023, 1, 2) + timedelta(days=rng.randint(0, 50))


def _komunitas(rng: Random, kabs: list[Kab], sekolah: list[Sekolah], orang: _Orang) -> list[Komunitas]:
    by_kode = {k.kode: k for k in kabs}
    names: dict[str, set[str]] = {k.kode: set() for k in kabs}
    out: list[Komunitas] = []
    nomor = [0]

    def add(nama: str, jenis: str, kab: Kab, npsn: str | None, jenjang: str | None,
            penggerak: tuple[str, str] | None = None, saluran: str | None = None) -> None:
        key = _normal(nama)
        if key in names[kab.kode]:
            return
        names[kab.kode].add(key)
        nomor[0] += 1
        pmm = jenis == "daring_pmm" or rng.random() < 0.75
        p_nama, p_email = penggerak or orang.baru(jenjang)
        anggota = {"dalam_sekolah": rng.randint(6, 35 if jenjang in ("SMP", "SMA", "SMK") else 18),
                   "antar_sekolah": rng.randint(15, 70), "daring_pmm": rng.randint(20, 320)}[jenis]
        if saluran is None:
            saluran = (_pick(rng, (("pmm", 70), ("gform", 20), ("campur", 10))) if pmm else "gform")
        out.append(Komunitas(
            id=f"KMB{kab.kode.replace('.', '')}{nomor[0]:05d}", nama=nama, jenis=jenis, kab=kab, npsn=npsn,
            jenjang=jenjang, penggerak_nama=p_nama, penggerak_email=p_email, anggota=anggota,
            terdaftar=_tanggal_terdaftar(rng, pmm), pmm=pmm, kebiasaan=_pick(rng, _KEBIASAAN[jenis]),
            saluran=saluran, tanpa_durasi=rng.random() < 0.05))

    # ~60% in-school communities, one per (distinct) IKM school; PAUD less often.
    pool = [s for s in sekolah if s.jenjang != "PAUD" or rng.random() < 0.45]
    for s in rng.sample(pool, 1200):
        style = rng.random()
        if style < 0.35:
            nama = f"Kombel {s.nama}"
        elif style < 0.6:
            nama = f"Komunitas Belajar {s.nama}"
        elif style < 0.7:
            nama = s.nama
        elif style < 0.85:
            nama = f"Kombel {_singkat(s.nama)}"
        else:
            nama = f"Kombel {rng.choice(_KREATIF)} {_singkat(s.nama)}"
        add(nama, "dalam_sekolah", s.kab, s.npsn, s.jenjang)
    penggerak_sekolah = [(k.penggerak_nama, k.penggerak_email, k.kab.kode, k.jenjang) for k in out]

    def penggerak_lama(kab: Kab, jenjang: str | None) -> tuple[str, str] | None:
        # Some in-school penggerak also lead a between-school or online community (Bab 1 §D).
        if rng.random() >= 0.12:
            return None
        cands = [(n, e) for n, e, kode, j in penggerak_sekolah if kode == kab.kode and (jenjang is None or j == jenjang)]
        return rng.choice(cands) if cands else None

    weights = [k.bobot for k in kabs]
    while sum(1 for k in out if k.jenis == "antar_sekolah") < 500:
        kab = rng.choices(kabs, weights=weights)[0]
        kec = rng.choice(kab.kecamatan)
        r = rng.random()
        if r < 0.42:
            nama, jenjang = f"KKG Gugus {rng.randint(1, 9)} {kec}", "SD"
        elif r < 0.49:
            nama, jenjang = f"KKG {rng.choice(('PAI', 'PJOK', 'Bahasa Inggris'))} {kec}", "SD"
        elif r < 0.72:
            jenjang = rng.choice(("SMP", "SMP", "SMA", "SMK"))
            mapel = rng.choice(_MAPEL_SMP) if jenjang != "SMK" else rng.choice(("Produktif TKJ", "Bahasa Inggris", "Matematika", "Kewirausahaan"))
            rayon = f" Rayon {rng.randint(1, 4)}" if rng.random() < 0.25 else ""
            nama = f"MGMP {mapel} {jenjang}{rayon} {kab.label}"
        elif r < 0.8:
            jenjang = rng.choice(("SD", "SMP", "SMA", "SMK"))
            nama = f"KKKS SD Kecamatan {kec}" if jenjang == "SD" else f"MKKS {jenjang} {kab.label}"
        elif r < 0.92:
            jenjang = "PAUD"
            nama = rng.choice((f"IGTKI Kecamatan {kec}", f"HIMPAUDI Kecamatan {kec}", f"Gugus PAUD {rng.randint(1, 6)} {kec}"))
        else:
            jenjang = "SMP"
            nama = f"MGBK SMP {kab.label}"
        add(nama, "antar_sekolah", kab, None, jenjang, penggerak_lama(kab, jenjang))

    for nama, *kodes in _NAMA_KEMBAR:
        for kode in kodes:
            add(nama, "daring_pmm", by_kode[kode], None, None, saluran="gform")
    while sum(1 for k in out if k.jenis == "daring_pmm") < 300:
        kab = rng.choices(kabs, weights=weights)[0]
        tema = rng.choice(_DARING)
        jenjang = rng.choice((None, None, "SD", "SMP", "SMA", "SMK", "PAUD"))
        nama = rng.choice((f"{tema} {kab.inti}", f"{tema} {kab.label}", f"{tema} {rng.choice(kab.kecamatan)}"))
        add(nama, "daring_pmm", kab, None, jenjang, penggerak_lama(kab, jenjang))
    return out


# ---------------------------------------------------------------------------------------------
# Activities
# ---------------------------------------------------------------------------------------------
_TOPIK = ("Penyusunan Modul Ajar", "Asesmen Diagnostik", "P5", "ATP", "Pembelajaran Berdiferensiasi",
          "Analisis Capaian Pembelajaran", "Pemanfaatan PMM", "Asesmen Formatif dan Sumatif",
          "Literasi dan Numerasi", "Projek Penguatan Profil Pelajar Pancasila", "Penyusunan KOSP",
          "Pembelajaran Berbasis Projek", "Media Pembelajaran Interaktif", "Canva untuk Pembelajaran",
          "Google Classroom", "Pengolahan Nilai Rapor Kurikulum Merdeka", "Teaching at the Right Level (TaRL)",
          "Pembelajaran Sosial Emosional", "Budaya Positif", "Refleksi Pembelajaran", "Lesson Study",
          "Alur Tujuan Pembelajaran", "Merumuskan Tujuan Pembelajaran", "Modul Projek P5",
          "Pelatihan Mandiri PMM", "Aksi Nyata PMM", "Kurikulum Merdeka", "Rapor P5", "Instrumen Asesmen",
          "Pembelajaran Inklusif", "Kearifan Lokal dalam P5", "Bedah CP")
_TOPIK_PAUD = ("Bermain Bermakna", "Asesmen Awal PAUD", "Transisi PAUD ke SD yang Menyenangkan",
               "Modul Ajar PAUD", "Projek P5 PAUD", "Pembelajaran Berbasis Main", "Alur Tujuan Pembelajaran PAUD")
_TOPIK_SMK = ("Teaching Factory", "Penyelarasan Kurikulum dengan DUDI", "Projek Kreatif dan Kewirausahaan",
              "Modul Ajar Produktif")
# What follows a topic when people make it specific, per jenjang (None = mixed online communities).
_PELENGKAP = {
    "SD": ("kelas 1", "kelas 4", "fase A", "fase B", "IPAS", "Matematika", "Bahasa Indonesia"),
    "SMP": ("kelas 7", "fase D", "IPA", "Matematika", "Bahasa Inggris", "IPS"),
    "SMA": ("kelas 10", "fase E", "Kimia", "Sejarah", "Bahasa Inggris"),
    "SMK": ("kelas X", "fase E", "Kewirausahaan", "mapel produktif"),
    "SLB": ("tunarungu", "tunagrahita", "fase A"),
    None: ("semester 1", "Gaya Hidup Berkelanjutan", "Kearifan Lokal", "Matematika", "Bahasa Indonesia"),
}
_BENTUK = (("belajar bersama", 72), ("berbagi praktik baik", 14), ("webinar", 6), ("refleksi", 8))
_LIBUR = {date(2022, 8, 17)}


def _acak(rng: Random, n: int) -> str:
    """n URL-safe characters, as in Drive/YouTube ids."""
    return base64.urlsafe_b64encode(rng.randbytes(n)).decode()[:n]


def _tautan(rng: Random) -> str:
    r = rng.random()
    if r < 0.6:
        return "https://drive.google.com/drive/folders/1" + _acak(rng, 32)
    if r < 0.75:
        return "https://bit.ly/" + _acak(rng, 7).replace("-", "x").replace("_", "K")
    if r < 0.85:
        return "https://www.youtube.com/watch?v=" + _acak(rng, 11)
    if r < 0.93:
        return "https://www.instagram.com/p/" + _acak(rng, 11) + "/"
    return "https://docs.google.com/document/d/1" + _acak(rng, 43) + "/edit"


def _durasi(rng: Random, kom: Komunitas, bentuk: str, pendek: bool) -> int | None:
    if kom.tanpa_durasi or rng.random() < 0.05:
        return None
    if pendek:
        return rng.choice((30, 30, 35, 40, 45, 45))
    if bentuk == "webinar":
        return rng.choice((90, 120, 120, 150))
    return rng.choice({"dalam_sekolah": (60, 60, 60, 75, 90, 90, 120), "antar_sekolah": (90, 120, 120, 150, 180, 240),
                       "daring_pmm": (60, 90, 90, 120)}[kom.jenis])


def _kegiatan_satu(rng: Random, kom: Komunitas, tanggal: date, pendek: bool, topik_sebelum: str | None) -> Kegiatan:
    bentuk = _pick(rng, _BENTUK)
    if kom.jenis == "daring_pmm" and rng.random() < 0.15:
        bentuk = "webinar"
    pelengkap = _PELENGKAP.get(kom.jenjang, ())
    if kom.jenjang == "PAUD" and rng.random() < 0.6:
        topik = rng.choice(_TOPIK_PAUD)
    elif kom.jenjang == "SMK" and rng.random() < 0.35:
        topik = rng.choice(_TOPIK_SMK)
    else:
        topik = rng.choice(_TOPIK)
    # Communities often continue a topic over several meetings.
    if topik_sebelum and rng.random() < 0.3:
        topik = topik_sebelum
    elif pelengkap and rng.random() < 0.25:
        topik = f"{topik} {rng.choice(pelengkap)}"
    luring = {"dalam_sekolah": 0.92, "antar_sekolah": 0.75, "daring_pmm": 0.05}[kom.jenis]
    moda = "daring" if bentuk == "webinar" or rng.random() >= luring else "luring"
    share = {"dalam_sekolah": (0.6, 1.0), "antar_sekolah": (0.4, 0.9), "daring_pmm": (0.1, 0.5)}[kom.jenis]
    peserta = max(3, round(kom.anggota * rng.uniform(*share)))
    tautan = _tautan(rng) if rng.random() < 0.85 else ""
    return Kegiatan(kom, tanggal, _durasi(rng, kom, bentuk, pendek), topik, bentuk, moda, peserta, tautan)


def _kegiatan(rng: Random, komunitas: list[Komunitas]) -> list[Kegiatan]:
    out: list[Kegiatan] = []
    for kom in komunitas:
        h = kom.kebiasaan
        if h == "tidak_aktif":
            continue
        if kom.terdaftar and kom.terdaftar <= AKHIR:
            mulai = max(AWAL, kom.terdaftar - timedelta(days=rng.randint(0, 10)))
        elif kom.terdaftar:
            mulai = AWAL + timedelta(days=rng.randint(20, 100))
        else:
            mulai = AWAL + timedelta(days=rng.randint(0, 21))
        berhenti = date(2022, 10, 1) + timedelta(days=rng.randint(0, 60)) if h == "berhenti" else None
        sekolah = kom.jenis == "dalam_sekolah"
        # Fixed meeting days: schools Mon-Sat, between-school groups lean to Friday/Saturday.
        hari_tetap = rng.sample(range(6), 2) if kom.jenis != "antar_sekolah" else [rng.choice((3, 4, 5, 5, 5)), rng.choice((0, 1, 2))]
        senin = mulai - timedelta(days=mulai.weekday())
        topik = None
        while senin <= AKHIR:
            libur_sekolah = senin >= date(2022, 12, 19)
            if h in ("rutin", "berhenti"):
                hari = [hari_tetap[0]] if rng.random() < 0.92 else []
                if rng.random() < 0.85:
                    hari.append(rng.choice([d for d in range(7) if d != hari_tetap[0]]))
            elif h == "rutin2":
                hari = [d for d in hari_tetap if rng.random() < 0.92]
                if rng.random() < 0.55:
                    hari.append(rng.choice([d for d in range(6) if d not in hari_tetap]))
            elif h == "pendek":
                hari = rng.sample(range(6), rng.choices((0, 1, 2, 3), weights=(5, 22, 50, 23))[0])
            else:
                hari = rng.sample(range(7), rng.choices((0, 1, 2, 3), weights=(30, 33, 23, 14))[0])
            if libur_sekolah and rng.random() < (0.85 if sekolah else 0.4):
                hari = []
            for d in sorted(set(hari)):
                tgl = senin + timedelta(days=d)
                if tgl < mulai or tgl > AKHIR or tgl in _LIBUR or (berhenti and tgl >= berhenti):
                    continue
                keg = _kegiatan_satu(rng, kom, tgl, h == "pendek", topik)
                topik = keg.topik
                out.append(keg)
            senin += timedelta(days=7)
    return out


# ---------------------------------------------------------------------------------------------
# How people type things in forms
# ---------------------------------------------------------------------------------------------
def _normal(s: str) -> str:
    """Name matching key (METRICS §2): casefold, punctuation removed, spaces collapsed."""
    return " ".join(re.sub(r"[^\w\s]", " ", s.casefold()).split())


def _ketik_nama(rng: Random, nama: str) -> str:
    r = rng.random()
    if r < 0.55:
        return nama
    if r < 0.7:
        return nama.upper()
    if r < 0.8:
        return nama.lower()
    if r < 0.9:
        return nama.replace(" ", "  ", 1) + " "
    return " " + nama.title()


def _ketik_kabkota(rng: Random, kab: Kab, inti_aman: bool) -> str:
    inti = kab.inti
    if kab.jenis == "Kota":
        return rng.choice((f"Kota {inti}", f"KOTA {inti.upper()}", f"kota {inti.lower()}", f"{inti}, Kota",
                           f"Kota {inti}", f"Kota {inti}") + ((inti,) if inti_aman else ()))
    return rng.choice((f"KAB. {inti.upper()}", f"Kab. {inti}", f"Kabupaten {inti}", f"{inti}, Kab.", f"Kab {inti}",
                       f"kab. {inti.lower()}", f"KABUPATEN {inti.upper()}", f"Kab. {inti}")
                      + ((inti, inti) if inti_aman else ()))


def _ketik_tanggal(rng: Random, d: date) -> str:
    r = rng.random()
    if r < 0.45:
        return d.strftime("%d/%m/%Y")
    if r < 0.55:
        return f"{d.day}/{d.month}/{d.year}"
    if r < 0.7:
        return f"{HARI[d.weekday()]}, {d.day} {BULAN[d.month - 1]} {d.year}"
    if r < 0.82:
        return f"{d.day} {BULAN[d.month - 1]} {d.year}"
    if r < 0.9:
        return f"{d.day:02d} {BULAN_SINGKAT[d.month - 1]} {d.year}"
    if r < 0.97:
        return d.strftime("%d-%m-%Y")
    return f"{d.day}/{d.month}/{d.year % 100:02d}"


def _ketik_durasi(rng: Random, menit: int | None) -> str:
    if menit is None:
        return ""
    jam, sisa = divmod(menit, 60)
    r = rng.random()
    if r < 0.4 or jam == 0:
        return f"{menit} menit" if rng.random() < 0.85 else str(menit)
    if sisa == 0:
        return f"{jam} jam"
    if sisa == 30 and r < 0.7:
        return f"{jam},5 jam"
    return f"{jam} jam {sisa} menit"


def _nama_salah(rng: Random, kom: Komunitas, dikenal: set[str]) -> str:
    """A community name as someone typed it that matches no registered community."""
    kandidat = [
        _singkat(kom.nama.replace("Komunitas Belajar ", "").replace("Kombel ", "")),
        kom.nama.replace("Gugus ", "Gugus 0") if "Gugus" in kom.nama else f"Kombel {kom.kab.inti} {rng.randint(1, 30)}",
        kom.nama.replace("Kombel", "Kelompok Belajar").replace("Komunitas Belajar", "KB"),
        f"Komunitas {rng.choice(_KREATIF)} {rng.choice(kom.kab.kecamatan)}",
    ]
    for nama in rng.sample(kandidat, len(kandidat)):
        if _normal(nama) not in dikenal:
            return nama
    return f"Kombel Baru {rng.randint(100, 999)}"


# ---------------------------------------------------------------------------------------------
# Reflection answers: phrase banks per komponen, several wordings per METRICS §6 theme.
# ---------------------------------------------------------------------------------------------
_HAL_BAIK = {
    "pertemuan rutin terjadwal": (
        "Pertemuan kombel rutin dilaksanakan setiap minggu", "Jadwal belajar bersama sudah disepakati dan berjalan tiap Jumat",
        "kegiatan terlaksana sesuai jadwal yang disusun", "Anggota sudah terbiasa kumpul seminggu sekali",
        "pertemuan berkala berjalan lancar", "Ada jadwal tetap untuk belajar bersama setiap Sabtu"),
    "partisipasi dan antusiasme anggota": (
        "Anggota sangat antusias mengikuti kegiatan", "kehadiran guru hampir 100%", "Semangat rekan-rekan guru untuk belajar tinggi",
        "Peserta aktif bertanya dan berdiskusi", "banyak guru yang mau terlibat", "Antusiasme anggota luar biasa"),
    "berbagi praktik baik antar guru": (
        "Guru saling berbagi praktik baik pembelajaran di kelas", "ada sesi sharing pengalaman mengajar tiap pertemuan",
        "Rekan guru mau menularkan ilmu dari pelatihan", "saling tukar pengalaman antar anggota",
        "Guru yang sudah paham membimbing yang belum"),
    "pemahaman Kurikulum Merdeka dan P5": (
        "Pemahaman guru tentang Kurikulum Merdeka meningkat", "Guru mulai memahami konsep P5 dan cara pelaksanaannya",
        "Sudah bisa menganalisis CP menjadi TP dan ATP", "Guru lebih paham filosofi merdeka belajar",
        "Projek penguatan profil pelajar Pancasila sudah berjalan"),
    "penyusunan modul ajar/perangkat ajar": (
        "Modul ajar berhasil disusun bersama", "Guru sudah bisa membuat modul ajar sendiri",
        "Perangkat ajar untuk semester ganjil selesai dibuat", "tersusunnya ATP dan modul ajar tiap fase",
        "Modul projek sudah jadi dan siap dipakai"),
    "pemanfaatan PMM dan teknologi": (
        "Guru aktif mengakses Platform Merdeka Mengajar", "banyak anggota yang sudah menyelesaikan pelatihan mandiri di PMM",
        "Video inspirasi di PMM dijadikan bahan diskusi", "Guru mulai menggunakan Canva dan Google Form",
        "Aksi nyata sudah diunggah ke PMM"),
    "penerapan diferensiasi dan asesmen": (
        "Guru sudah mencoba pembelajaran berdiferensiasi di kelas", "Asesmen diagnostik dilakukan di awal pembelajaran",
        "pemetaan kebutuhan belajar siswa sudah dilakukan", "guru mulai menerapkan asesmen formatif",
        "pembelajaran disesuaikan dengan gaya belajar murid"),
    "dukungan kepala sekolah": (
        "Kepala sekolah sangat mendukung kegiatan kombel", "kepala sekolah ikut hadir dan memberi arahan",
        "Sekolah menyediakan waktu khusus untuk kombel", "Ada dukungan dari kepala sekolah berupa fasilitas dan konsumsi",
        "Pimpinan sekolah selalu memberi motivasi"),
    "kolaborasi dengan narasumber/sekolah lain": (
        "Mengundang narasumber dari guru penggerak", "Kolaborasi dengan sekolah lain dalam satu gugus",
        "Ada pendampingan dari pengawas dan fasilitator BBGP", "berjejaring dengan komunitas di kecamatan lain",
        "Belajar dari praktisi dan sekolah penggerak"),
    "dokumentasi dan pelaporan kegiatan": (
        "Setiap kegiatan didokumentasikan dengan baik", "Notulen dan daftar hadir selalu dibuat",
        "Laporan kegiatan rutin diunggah ke Google Drive", "dokumentasi foto dan video tersimpan rapi",
        "Kegiatan dilaporkan lewat google form BBGP"),
    "umum/tidak spesifik": (
        "Semua kegiatan berjalan dengan baik", "Alhamdulillah lancar", "Kegiatan sudah berjalan cukup baik",
        "kebersamaan terjaga", "Secara umum sudah baik"),
}
_PERLU = {
    "konsistensi jadwal pertemuan": (
        "Jadwal pertemuan belum konsisten", "Pertemuan sering diundur", "Perlu jadwal yang lebih teratur",
        "kegiatan kadang tidak rutin tiap minggu", "Frekuensi pertemuan perlu ditambah"),
    "partisipasi/keaktifan anggota": (
        "Masih ada anggota yang pasif", "Kehadiran anggota belum maksimal", "Keaktifan guru senior perlu ditingkatkan",
        "Belum semua guru mau berbagi", "beberapa anggota hanya hadir tanpa berkontribusi"),
    "dokumentasi kegiatan": (
        "Dokumentasi kegiatan belum rapi", "Notulen sering tidak dibuat", "Pelaporan kegiatan masih terlambat",
        "bukti kegiatan belum diunggah", "Administrasi kombel perlu dibenahi"),
    "pemahaman Kurikulum Merdeka": (
        "Pemahaman tentang Kurikulum Merdeka masih kurang", "Guru masih bingung membedakan CP, TP dan ATP",
        "Konsep P5 belum dipahami semua guru", "Masih banyak istilah kurikulum baru yang belum dimengerti",
        "Pemahaman guru tentang kurikulum merdeka perlu diperdalam lagi"),
    "penggunaan PMM": (
        "Pemanfaatan PMM masih rendah", "Banyak guru belum login PMM", "Pelatihan mandiri di PMM belum diselesaikan",
        "Komunitas belum terdaftar di PMM", "fitur komunitas di PMM belum digunakan"),
    "waktu/beban kerja guru": (
        "Waktu pertemuan terbatas karena jam mengajar padat", "Guru terbebani tugas administrasi",
        "Sulit mencari waktu luang bersama", "Kegiatan bentrok dengan jadwal sekolah", "beban kerja guru banyak"),
    "dukungan kepala sekolah": (
        "Dukungan kepala sekolah perlu ditingkatkan", "Kepala sekolah belum pernah hadir", "Belum ada SK kombel dari sekolah",
        "kurang perhatian dari pimpinan sekolah"),
    "sarana/jaringan internet": (
        "Jaringan internet di sekolah kurang stabil", "Sarana prasarana seperti proyektor terbatas",
        "Sinyal susah kalau pertemuan daring", "Laptop dan perangkat belum memadai", "kuota internet guru terbatas"),
    "implementasi hasil kombel di kelas": (
        "Hasil diskusi belum diterapkan di kelas", "Perlu tindak lanjut praktik di kelas",
        "Modul ajar yang dibuat belum diujicobakan", "Penerapan di kelas belum konsisten",
        "hasil belajar bersama perlu dipraktikkan"),
    "kualitas materi/narasumber": (
        "Materi pertemuan kurang variatif", "Perlu narasumber yang lebih kompeten", "Topik diskusi sering berulang",
        "Bahan belajar masih terbatas", "Kualitas materi perlu ditingkatkan"),
    "asesmen dan pembelajaran berdiferensiasi": (
        "Penerapan pembelajaran berdiferensiasi masih sulit", "Guru belum terampil membuat asesmen diagnostik",
        "Pengolahan hasil asesmen belum optimal", "Diferensiasi konten dan proses belum berjalan",
        "Penyusunan instrumen asesmen formatif perlu dilatih"),
}
# Dampak themes: (wordings, weight for peserta didik, weight for guru/kepala sekolah).
_DAMPAK: dict[str, tuple[tuple[str, ...], int, int]] = {
    "siswa lebih aktif dan termotivasi": ((
        "Siswa lebih aktif di kelas", "Peserta didik lebih semangat belajar", "Murid senang dan antusias mengikuti pembelajaran",
        "Anak-anak lebih berani bertanya dan mengemukakan pendapat", "motivasi belajar siswa meningkat"), 10, 1),
    "peningkatan hasil belajar/literasi-numerasi": ((
        "Hasil belajar siswa meningkat", "Kemampuan literasi siswa membaik", "Nilai asesmen siswa naik",
        "Kemampuan numerasi anak meningkat", "siswa yang belum lancar membaca berkurang"), 7, 1),
    "pembelajaran sesuai kebutuhan siswa": ((
        "Pembelajaran lebih sesuai dengan kebutuhan dan minat siswa", "Siswa belajar sesuai tahap capaiannya",
        "Kebutuhan belajar murid lebih terlayani", "Anak mendapat perhatian sesuai gaya belajarnya"), 6, 2),
    "kompetensi dan kepercayaan diri guru": ((
        "Guru lebih percaya diri mengajar", "Kompetensi guru meningkat", "Guru lebih siap menerapkan Kurikulum Merdeka",
        "wawasan guru bertambah", "Guru lebih terampil mengelola kelas"), 1, 10),
    "guru lebih kreatif dengan media/teknologi": ((
        "Guru lebih kreatif membuat media pembelajaran", "Guru mulai memakai teknologi dalam mengajar",
        "Pembelajaran lebih menarik dengan media digital", "Guru bisa membuat video pembelajaran sendiri"), 3, 7),
    "budaya kolaborasi antar guru": ((
        "Terbangun budaya saling berbagi antar guru", "Guru lebih kompak dan saling membantu",
        "Kolaborasi antar guru mapel meningkat", "Hubungan antar rekan sejawat lebih akrab",
        "Guru tidak sungkan bertanya kepada teman"), 0, 8),
    "kepala sekolah lebih memahami dan mendukung": ((
        "Kepala sekolah lebih memahami kebutuhan guru", "Kepala sekolah makin mendukung program kombel",
        "Kepala sekolah ikut belajar bersama guru", "Pimpinan sekolah lebih paham Kurikulum Merdeka"), 0, 5),
    "perencanaan pembelajaran lebih baik": ((
        "Perencanaan pembelajaran lebih matang", "Modul ajar tersusun lebih baik",
        "Guru membuat modul ajar yang lebih terarah", "Persiapan mengajar lebih baik"), 1, 6),
    "karakter dan profil pelajar Pancasila": ((
        "Karakter siswa lebih baik melalui kegiatan P5", "Siswa lebih mandiri dan bergotong royong",
        "Profil pelajar Pancasila mulai tampak pada siswa", "Siswa lebih peduli lingkungan setelah projek P5",
        "sikap disiplin siswa meningkat"), 6, 1),
    "dampak belum terlihat": ((
        "Dampak belum terlihat karena baru berjalan", "Belum terlalu terasa", "Belum bisa diukur",
        "masih dalam proses", "dampaknya belum signifikan"), 2, 2),
}
_RTL = {
    "menyusun jadwal pertemuan rutin": (
        "Menyusun jadwal pertemuan rutin tiap minggu", "Membuat kalender kegiatan kombel satu semester",
        "Menetapkan hari khusus untuk belajar bersama", "Menjadwalkan ulang pertemuan secara konsisten"),
    "praktik di kelas dan observasi/lesson study": (
        "Menerapkan hasil kombel di kelas masing-masing", "Melaksanakan lesson study",
        "Observasi kelas antar teman sejawat", "Praktik mengajar dan saling mengamati", "open class bersama anggota"),
    "menyusun dan merevisi modul ajar": (
        "Menyusun modul ajar semester genap", "Merevisi modul ajar yang sudah dibuat", "Membuat modul P5 dan ATP",
        "Melengkapi perangkat ajar", "Menyempurnakan modul ajar sesuai masukan"),
    "menghadirkan narasumber/pelatihan": (
        "Mengundang narasumber ahli", "Mengadakan workshop untuk anggota", "Menghadirkan guru penggerak sebagai pemateri",
        "In house training (IHT) Kurikulum Merdeka", "mengikutsertakan anggota dalam pelatihan BBGP"),
    "optimalisasi PMM": (
        "Mendorong semua anggota aktif di PMM", "Menyelesaikan pelatihan mandiri di PMM", "Mendaftarkan komunitas ke PMM",
        "Mengunggah aksi nyata ke PMM", "Memanfaatkan fitur komunitas di PMM"),
    "diseminasi praktik baik": (
        "Berbagi praktik baik ke sekolah lain", "Mendiseminasikan hasil kombel kepada guru lain",
        "Membuat video praktik baik dan membagikannya", "Pengimbasan ke gugus lain", "menulis artikel praktik baik"),
    "memperbaiki dokumentasi dan pelaporan": (
        "Memperbaiki dokumentasi kegiatan", "Membuat notulen setiap pertemuan", "Menyusun laporan kegiatan bulanan",
        "Mengarsipkan bukti kegiatan di drive bersama"),
    "kolaborasi dengan kepala sekolah/pengawas/mitra": (
        "Berkoordinasi dengan kepala sekolah dan pengawas", "Menjalin kerja sama dengan sekolah mitra",
        "Melibatkan pengawas dalam kegiatan kombel", "Kolaborasi dengan dinas pendidikan"),
    "asesmen diagnostik dan diferensiasi": (
        "Melaksanakan asesmen diagnostik di awal semester", "Menerapkan pembelajaran berdiferensiasi",
        "Menyusun instrumen asesmen", "Memetakan kebutuhan belajar murid"),
    "program literasi dan numerasi": (
        "Membuat program literasi dan numerasi", "Gerakan membaca 15 menit sebelum belajar", "Pojok baca di setiap kelas",
        "Penguatan numerasi kelas rendah"),
    "evaluasi dan refleksi berkala": (
        "Melakukan refleksi setiap akhir bulan", "Evaluasi program kombel secara berkala", "Refleksi bersama setelah praktik",
        "Monitoring dan evaluasi kegiatan"),
}
_RISIKO = {
    "jadwal bentrok/waktu terbatas": (
        "Jadwal bentrok dengan kegiatan sekolah", "Waktu guru terbatas", "Bentrok dengan kegiatan dinas",
        "kesibukan guru di akhir semester (PAS, rapor)", "tidak ada waktu luang"),
    "menurunnya partisipasi/semangat anggota": (
        "Semangat anggota menurun", "Anggota jenuh", "kehadiran makin berkurang", "Anggota tidak aktif lagi",
        "motivasi guru naik turun"),
    "kendala jaringan/listrik/perangkat": (
        "Sinyal internet tidak stabil", "Listrik padam saat kegiatan", "Perangkat laptop rusak atau terbatas",
        "kuota habis saat zoom"),
    "keterbatasan dana": (
        "Tidak ada anggaran untuk kegiatan", "Dana terbatas untuk konsumsi dan narasumber", "Biaya transportasi anggota",
        "belum ada dukungan dana BOS"),
    "mutasi/pergantian guru atau kepala sekolah": (
        "Mutasi kepala sekolah", "Penggerak pindah tugas", "Pergantian guru honorer", "Guru pensiun"),
    "resistensi/perbedaan pemahaman": (
        "Ada guru yang menolak perubahan", "Perbedaan pemahaman antar anggota", "Guru senior sulit menerima hal baru",
        "masih nyaman dengan kurikulum lama"),
    "kegiatan hanya formalitas/tidak berkelanjutan": (
        "Kegiatan hanya formalitas", "Kombel berhenti di tengah jalan", "Tidak berkelanjutan setelah program selesai",
        "Sekedar menggugurkan kewajiban"),
    "beban administrasi guru": (
        "Beban administrasi guru bertambah", "Tugas tambahan guru banyak", "Laporan yang harus dibuat terlalu banyak"),
    "kurang dukungan pimpinan": (
        "Kurang dukungan dari kepala sekolah", "Tidak ada dukungan dari dinas", "Pimpinan kurang peduli"),
    "kesiapan dan keberagaman siswa": (
        "Kemampuan siswa sangat beragam", "Siswa belum siap dengan pembelajaran baru",
        "Siswa belum terbiasa belajar mandiri", "Banyak siswa belum lancar membaca"),
    "jarak dan akses lokasi": (
        "Jarak antar sekolah jauh", "Akses jalan ke lokasi sulit", "Lokasi pertemuan jauh dari sekolah anggota",
        "Transportasi sulit saat musim hujan"),
}
_MITIGASI = {
    "kesepakatan jadwal fleksibel": (
        "Menyepakati jadwal yang fleksibel", "Mengatur ulang jadwal sesuai kesepakatan",
        "Pertemuan dilaksanakan setelah KBM selesai", "Membuat jadwal bergilir"),
    "pertemuan daring/hybrid dan materi offline": (
        "Pertemuan dilakukan secara daring jika tidak bisa tatap muka", "Kegiatan hybrid (luring dan daring)",
        "Materi diunduh terlebih dahulu agar bisa dipelajari offline", "Diskusi lewat grup WhatsApp"),
    "pembagian peran anggota": (
        "Pembagian tugas yang jelas kepada anggota", "Membentuk struktur pengurus kombel",
        "Setiap anggota bergiliran menjadi pemateri", "Mendelegasikan tugas"),
    "apresiasi dan motivasi anggota": (
        "Memberikan apresiasi kepada anggota aktif", "Memberi sertifikat bagi peserta", "Saling memotivasi antar anggota",
        "reward bagi guru yang berbagi"),
    "koordinasi dengan kepala sekolah/pengawas/dinas": (
        "Koordinasi dengan kepala sekolah", "Berkomunikasi dengan pengawas", "Meminta dukungan dinas pendidikan",
        "Audiensi dengan Disdik"),
    "penganggaran dana": (
        "Mengusulkan anggaran kegiatan di RKAS", "Iuran sukarela anggota", "Memanfaatkan dana BOS", "Mencari sponsor"),
    "pendampingan/mentoring sebaya": (
        "Pendampingan oleh guru penggerak", "Mentoring sebaya", "Guru yang sudah paham membimbing rekan lainnya",
        "Coaching antar teman sejawat"),
    "sosialisasi dan pendekatan personal": (
        "Pendekatan personal kepada anggota yang pasif", "Sosialisasi manfaat kombel", "Mengajak secara persuasif",
        "Memberikan pemahaman tentang pentingnya belajar bersama"),
    "monitoring dan evaluasi berkala": (
        "Monitoring dan evaluasi berkala", "Evaluasi kegiatan setiap bulan", "Refleksi rutin untuk perbaikan",
        "Memantau kehadiran anggota"),
    "dokumentasi dan berbagi materi": (
        "Materi dibagikan lewat Google Drive", "Merekam kegiatan agar bisa ditonton ulang", "Membuat bank materi bersama",
        "Dokumentasi disimpan di drive bersama"),
    "penyediaan sarana": (
        "Menyediakan proyektor dan wifi sekolah", "Pengadaan perangkat TIK", "Meminjam laptop sekolah",
        "Memasang jaringan internet"),
}
_USULAN_LAIN = ("Workshop pembuatan media pembelajaran", "Studi banding ke sekolah penggerak",
                "Lomba praktik baik antar kombel", "Pelatihan Canva dan video pembelajaran", "Bimtek penyusunan KOSP",
                "Temu penggerak komunitas se-kabupaten")
_UMUM = ("Terima kasih atas bimbingan BBGP", "Semoga kombel kami terus berkembang", "cukup", "sudah baik", "-",
         "Tidak ada", "Mantap", "belum ada", "Lanjutkan", "Sesuai arahan")
# (komponen, column header, bank, share of blank answers)
PROMPTS: tuple[tuple[str, str, str, float], ...] = (
    ("hal_baik", "Hal-hal yang sudah berjalan baik", "hal_baik", 0.01),
    ("perlu_ditingkatkan", "Hal yang perlu ditingkatkan", "perlu", 0.02),
    ("ide_solusi", "Ide solusi", "mitigasi", 0.12),
    ("dampak_peserta_didik", "Dampak komunitas belajar untuk peserta didik", "dampak_pd", 0.03),
    ("dampak_guru_kepsek", "Dampak komunitas belajar untuk guru dan kepala sekolah", "dampak_guru", 0.04),
    ("tantangan", "Tantangan yang dihadapi", "risiko", 0.06),
    ("risiko", "Risiko yang mungkin muncul", "risiko", 0.04),
    ("mitigasi", "Mitigasi (risiko)", "mitigasi", 0.05),
    ("rencana_tindak_lanjut", "Rencana tindak lanjut", "rtl", 0.02),
    ("usulan_kegiatan", "Usulan kegiatan", "usulan", 0.15),
)
_SINGKATAN = ((r"\byang\b", "yg"), (r"\bdengan\b", "dgn"), (r"\buntuk\b", "utk"), (r"\bsudah\b", "sdh"),
              (r"\bbelum\b", "blm"), (r"\bkepala sekolah\b", "kepsek"), (r"\b[Kk]urikulum [Mm]erdeka\b", "KM"),
              (r"\bnarasumber\b", "narsum"), (r"\bPlatform Merdeka Mengajar\b", "PMM"), (r"\btidak\b", "tdk"),
              (r"\bkarena\b", "krn"), (r"\bpertemuan\b", "pertemuan"), (r"\bSudah\b", "Sdh"), (r"\bBelum\b", "Blm"))
_TAMBAHAN = {
    "hal_baik": (" di komunitas kami", " meskipun belum maksimal", " sejak bulan Agustus"),
    "perlu": (" di komunitas kami", " (masih perlu perbaikan)"),
    "rtl": (" pada semester genap", " secara bertahap", " mulai bulan depan"),
    "usulan": (" pada semester genap", " tahun depan"),
    "dampak_pd": (" walaupun belum merata", " terutama di kelas rendah"),
    "dampak_guru": (" secara bertahap", " walaupun belum semua"),
}


def _bank(nama: str) -> list[tuple[tuple[str, ...], float]]:
    """(wordings, weight) per theme of one phrase bank."""
    if nama == "dampak_pd":
        return [(v[0], v[1]) for v in _DAMPAK.values()]
    if nama == "dampak_guru":
        return [(v[0], v[2]) for v in _DAMPAK.values()]
    src = {"hal_baik": _HAL_BAIK, "perlu": _PERLU, "mitigasi": _MITIGASI, "risiko": _RISIKO, "rtl": _RTL,
           "usulan": {**_RTL, "usulan": _USULAN_LAIN}}[nama]
    # Earlier themes are said more often: the top five per komponen should stand out.
    return [(v, 1.0 / (1 + 0.25 * i)) for i, v in enumerate(src.values())]


def _salah_ketik(rng: Random, teks: str) -> str:
    kata = teks.split(" ")
    idx = [i for i, w in enumerate(kata) if len(w) > 4 and w.isalpha()]
    if not idx:
        return teks
    i = rng.choice(idx)
    w = kata[i]
    j = rng.randint(1, len(w) - 2)
    kata[i] = (w[:j] + w[j + 1] + w[j] + w[j + 2:]) if rng.random() < 0.5 else (w[:j] + w[j + 1:])
    return " ".join(kata)


def _butir(rng: Random, bank: str, banks: dict[str, list[tuple[tuple[str, ...], float]]]) -> str:
    if rng.random() < 0.05:
        return rng.choice(_UMUM)
    wordings = rng.choices([w for w, _ in banks[bank]], weights=[x for _, x in banks[bank]])[0]
    teks = rng.choice(wordings)
    if bank in _TAMBAHAN and rng.random() < 0.15:
        teks += rng.choice(_TAMBAHAN[bank])
    if bank in ("rtl", "usulan") and rng.random() < 0.2:
        teks = "Akan " + teks[0].lower() + teks[1:]
    if rng.random() < 0.07:
        teks = _salah_ketik(rng, teks)
    return teks


def _jawaban(rng: Random, bank: str, banks: dict[str, list[tuple[tuple[str, ...], float]]]) -> str:
    n = rng.choices((1, 2, 3, 4, 5), weights=(35, 25, 22, 12, 6))[0]
    items: list[str] = []
    for _ in range(n):
        b = _butir(rng, bank, banks)
        if b not in items:
            items.append(b)
    if len(items) > 1 and any(i in _UMUM for i in items):
        items = [i for i in items if i not in _UMUM] or items[:1]
    gaya = rng.random()
    if len(items) == 1:
        teks = items[0] + ("." if rng.random() < 0.3 else "")
    elif gaya < 0.35:
        sep = rng.choice((". ", ") ", ". "))
        teks = "\n".join(f"{i}{sep}{t}" for i, t in enumerate(items, 1))
    elif gaya < 0.55:
        tanda = rng.choice(("- ", "- ", "• ", "* "))
        teks = "\n".join(tanda + t for t in items)
    elif gaya < 0.8:
        teks = "; ".join(items)
    else:
        rest = [t[0].lower() + t[1:] for t in items[1:]]
        teks = ", ".join([items[0]] + rest[:-1]) + " dan " + rest[-1]
    if rng.random() < 0.35:
        for pola, ganti in _SINGKATAN:
            if rng.random() < 0.7:
                teks = re.sub(pola, ganti, teks)
    if rng.random() < 0.1:
        teks = teks.lower()
    return teks


# ---------------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------------
def _workbook(path: Path) -> xlsxwriter.Workbook:
    wb = xlsxwriter.Workbook(str(path), {"in_memory": True})
    wb.set_properties({"created": _XLSX_CREATED, "author": "BBGP Jawa Barat"})
    return wb


def _write_xlsx(path: Path, sheet: str, headers: list[str], rows: list[list[object]]) -> None:
    wb = _workbook(path)
    ws = wb.add_worksheet(sheet)
    bold = wb.add_format({"bold": True})
    fmt_date = wb.add_format({"num_format": "dd/mm/yyyy"})
    fmt_dt = wb.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
    ws.write_row(0, 0, headers, bold)
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row):
            if v is None or v == "":
                continue
            if isinstance(v, datetime):
                ws.write_datetime(r, c, v, fmt_dt)
            elif isinstance(v, date):
                ws.write_datetime(r, c, datetime.combine(v, time()), fmt_date)
            elif isinstance(v, (int, float)):
                ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, str(v))
    wb.close()


def _write_csv(path: Path, headers: list[str], rows: list[list[object]], *, delimiter: str = ",",
               encoding: str = "utf-8", lineterminator: str = "\n") -> None:
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator=lineterminator)
        w.writerow(headers)
        w.writerows(rows)


def _stempel(rng: Random, d: date, batas: date | None = None) -> datetime:
    """When the form was sent: the same evening or within three days of the event."""
    lag = rng.choices((0, 1, 2, 3), weights=(6, 3, 1, 1))[0]
    hari = min(d + timedelta(days=lag), batas) if batas else d + timedelta(days=lag)
    jam = rng.randint(13, 22) if hari == d else rng.randint(6, 22)
    return datetime.combine(hari, time(jam, rng.randint(0, 59), rng.randint(0, 59)))


def _fmt_stempel(t: datetime) -> str:
    return t.strftime("%d/%m/%Y %H:%M:%S")


def _file_sekolah(path: Path, sekolah: list[Sekolah]) -> None:
    headers = ["No", "NPSN", "Nama Sekolah", "Bentuk Pendidikan", "Status Sekolah", "Kecamatan",
               "Kabupaten/Kota", "Provinsi", "Kategori IKM"]
    rows = [[i, int(s.npsn), s.nama, s.jenjang, s.status, f"Kec. {s.kecamatan}", s.kab.label, f"Prov. {PROVINSI}",
             s.jalur.title()] for i, s in enumerate(sekolah, 1)]
    _write_xlsx(path, "Pendaftar IKM", headers, rows)


def _file_komunitas(path: Path, komunitas: list[Komunitas]) -> None:
    headers = ["ID Komunitas", "Nama Komunitas", "Jenis Komunitas", "NPSN", "Kabupaten/Kota", "Provinsi", "Jenjang",
               "Nama Penggerak", "Email Penggerak", "Jumlah Anggota", "Tanggal Terdaftar", "Status PMM"]
    label = {"dalam_sekolah": "Dalam Sekolah", "antar_sekolah": "Antar Sekolah", "daring_pmm": "Daring"}
    rows = [[k.id, k.nama, label[k.jenis], int(k.npsn) if k.npsn else None, k.kab.label, PROVINSI, k.jenjang or "",
             k.penggerak_nama, k.penggerak_email, k.anggota, k.terdaftar, "Terdaftar" if k.pmm else "Belum Terdaftar"]
            for k in komunitas]
    _write_xlsx(path, "Komunitas", headers, rows)


_TOPIK_PM = ("Kurikulum Merdeka", "Perencanaan Pembelajaran", "Asesmen Awal", "Pembelajaran Berdiferensiasi")


def _nomor_wa(seed: int, komunitas: list[Komunitas]) -> dict[str, object]:
    """Each penggerak's answer to the WhatsApp question, as people type it (issue 16). The numbers are obviously
    fictitious: 0812-0000-NNNN, NNNN counting up per penggerak (0813-0000-NNNN as a second number), never a real
    subscriber's. ~85% give one, ~12% leave it blank, a few type something that is no number (a correction on
    load). A separate Random, so the rest of the sample stays as it was."""
    rng = Random(f"{seed}-nomor-wa")
    out: dict[str, object] = {}
    for n, email in enumerate(sorted({k.penggerak_email for k in komunitas}), 1):
        x = rng.random()
        if x < 0.12:
            continue
        if x < 0.14:
            out[email] = rng.choice(("-", "belum ada", "tidak punya WA"))
            continue
        nomor = f"{n:04d}"
        out[email] = rng.choice((f"0812-0000-{nomor}", f"+62 812 0000 {nomor}", f"08120000{nomor}",
                                 f"0812 0000 {nomor} (WA)", f"62812-0000-{nomor}", f"0812 0000 {nomor}",
                                 f"0812-0000-{nomor} / 0813-0000-{nomor}", int(f"8120000{nomor}")))
    return out


def _file_penggerak(rng: Random, path: Path, path_grid: Path, komunitas: list[Komunitas], sekolah: list[Sekolah],
                    aman: dict[str, bool], nomor_wa: dict[str, object]) -> None:
    """Two forms: ~80% answered the UPT's form (topics in one multi-select cell), ~20% a second pendataan
    form whose topic question is a Google Forms grid: one `Question [Topik]` column per topic, Sudah/Belum.
    Both end with the WhatsApp question (`_nomor_wa`); in the XLSX some numbers are number cells, as Excel
    keeps `81200001234` typed without quotes."""
    first: dict[str, Komunitas] = {}
    for k in komunitas:
        first.setdefault(k.penggerak_email, k)
    nama_sekolah = {s.npsn: s.nama for s in sekolah}
    sekolah_kab: dict[str, list[str]] = {}
    for s in sekolah:
        sekolah_kab.setdefault(s.kab.kode, []).append(s.nama)
    rows, grid = [], []
    order = list(first.values())
    rng.shuffle(order)
    for k in order:
        if rng.random() < 0.70:       # eligible (METRICS §7): account + the first two topics
            akun = True
            topik = [t for i, t in enumerate(_TOPIK_PM) if i < 2 or rng.random() < 0.5]
        else:
            akun = rng.random() >= 0.3
            topik = [t for t in _TOPIK_PM if rng.random() < 0.45]
            if akun and {"Kurikulum Merdeka", "Perencanaan Pembelajaran"} <= set(topik):
                topik.remove(rng.choice(("Kurikulum Merdeka", "Perencanaan Pembelajaran")))
        if rng.random() < 0.2:
            waktu = datetime(2022, 9, 12, 7) + timedelta(seconds=rng.randint(0, 86400 * 30))
            asal = nama_sekolah.get(k.npsn or "") or rng.choice(sekolah_kab[k.kab.kode])
            grid.append([waktu, k.penggerak_email, _ketik_nama(rng, k.penggerak_nama),
                         _ketik_kabkota(rng, k.kab, aman[k.kab.kode]), asal, "Sudah" if akun else "Belum",
                         *("Sudah" if t in topik else "Belum" for t in _TOPIK_PM), nomor_wa.get(k.penggerak_email)])
            continue
        waktu = datetime(2022, 8, 1, 8) + timedelta(seconds=rng.randint(0, 86400 * 40))
        rows.append([_fmt_stempel(waktu), k.penggerak_email, k.penggerak_nama, k.kab.label,
                     "Ya" if akun else "Tidak", ", ".join(topik), nomor_wa.get(k.penggerak_email)])
    rows.sort(key=lambda r: datetime.strptime(r[0], "%d/%m/%Y %H:%M:%S"))
    _write_csv(path, ["Stempel waktu", "Email belajar.id", "Nama Lengkap", "Asal Kabupaten/Kota",
                      "Memiliki akun belajar.id?", "Topik Pelatihan Mandiri yang sudah sampai Aksi Nyata",
                      "Nomor WhatsApp (aktif)"], rows)
    grid.sort(key=lambda r: r[0])
    _write_xlsx(path_grid, "Jawaban Formulir 1",
                ["Stempel waktu", "Alamat email", "Nama lengkap (beserta gelar)", "Kabupaten/Kota tempat bertugas",
                 "Asal sekolah", "Apakah Bapak/Ibu sudah memiliki akun belajar.id?",
                 *(f"Status Pelatihan Mandiri di PMM sampai Aksi Nyata [{t}]" for t in _TOPIK_PM), "No. HP/WA"], grid)


def _file_kegiatan_pmm(path: Path, kegiatan: list[Kegiatan]) -> None:
    headers = ["ID Komunitas", "Nama Komunitas", "Kabupaten/Kota", "Provinsi", "Tanggal Kegiatan", "Topik",
               "Bentuk Kegiatan", "Moda", "Durasi (menit)", "Jumlah Peserta", "Tautan Dokumentasi"]
    rows = [[g.kom.id, g.kom.nama, g.kom.kab.label, PROVINSI, g.tanggal.isoformat(), g.topik, g.bentuk.title(),
             g.moda.title(), "" if g.durasi is None else g.durasi, g.peserta, g.tautan]
            for g in sorted(kegiatan, key=lambda g: (g.tanggal, g.kom.id))]
    _write_csv(path, headers, rows)


def _file_kegiatan_gform(rng: Random, path: Path, kegiatan: list[Kegiatan], nama_per_kab: dict[str, set[str]],
                         aman: dict[str, bool], kembar: set[str]) -> None:
    rows: list[tuple[datetime, list[str]]] = []
    for g in kegiatan:
        kom = g.kom
        nama = _ketik_nama(rng, kom.nama)
        kab = rng.choice(TYPO_KABKOTA[kom.kab.kode]) if kom.kab.kode in TYPO_KABKOTA and rng.random() < 0.03 \
            else _ketik_kabkota(rng, kom.kab, aman[kom.kab.kode])
        tanggal = _ketik_tanggal(rng, g.tanggal)
        durasi = _ketik_durasi(rng, g.durasi)
        r = rng.random()
        salah = True
        if r < 0.008:
            nama = _nama_salah(rng, kom, nama_per_kab[kom.kab.kode])
        elif r < 0.014:
            tanggal = rng.choice(_TANGGAL_RUSAK)
        elif r < 0.016:
            kab = rng.choice(_KABKOTA_TAK_DIKENAL)
        elif r < 0.019:
            durasi = rng.choice(_DURASI_RUSAK)
        elif kom.id in kembar and rng.random() < 0.3:
            kab = kom.kab.inti               # bare `Bandung` next to a name both Bandungs have
        else:
            salah = False
            if rng.random() < 0.005 and not aman[kom.kab.kode]:
                kab = kom.kab.inti           # bare but settled: the name exists in one candidate only
        moda = ("Luring" if rng.random() < 0.6 else "Tatap muka") if g.moda == "luring" else rng.choice(("Daring", "Daring", "Online"))
        stempel = _stempel(rng, g.tanggal)
        row = [_fmt_stempel(stempel), kom.penggerak_email, nama, kab, tanggal, g.topik,
               g.bentuk.title() if rng.random() < 0.8 else g.bentuk.capitalize(), moda, durasi,
               str(g.peserta), g.tautan]
        rows.append((stempel, row))
        if not salah and rng.random() < 0.02:    # double submission (the "Kirim" button pressed twice / resent)
            dup = list(row)
            later = stempel + timedelta(minutes=rng.randint(1, 600))
            dup[0] = _fmt_stempel(later)
            dup[2] = _ketik_nama(rng, kom.nama)
            rows.append((later, dup))
    rows.sort(key=lambda r: r[0])
    headers = ["Stempel waktu", "Alamat email", "Nama Komunitas Belajar", "Kabupaten / Kota",
               "Tanggal Pelaksanaan Kegiatan", "Topik Kegiatan", "Bentuk Kegiatan", "Moda Kegiatan", "Durasi Kegiatan",
               "Jumlah Peserta", "Bukti Kegiatan (link)"]
    # Excel's "CSV UTF-8" in an Indonesian locale: `;` delimiter, BOM, CRLF.
    _write_csv(path, headers, [r for _, r in rows], delimiter=";", encoding="utf-8-sig", lineterminator="\r\n")


def _refleksi_rows(rng: Random, komunitas: list[Komunitas], aktif: dict[str, int], awal: date, akhir: date,
                   nama_per_kab: dict[str, set[str]], aman: dict[str, bool]) -> list[tuple[datetime, date | None, list[object]]]:
    banks = {b: _bank(b) for b in ("hal_baik", "perlu", "mitigasi", "risiko", "rtl", "usulan", "dampak_pd", "dampak_guru")}
    out = []
    for kom in komunitas:
        # Active communities reflect far more often: ~60% of all communities overall.
        p = 0.64 if aktif.get(kom.id, 0) >= 8 else 0.4 if aktif.get(kom.id, 0) else 0.1
        if rng.random() >= p:
            continue
        tgl = awal + timedelta(days=rng.randint(0, (akhir - awal).days))
        stempel = _stempel(rng, tgl, batas=akhir)
        nama = _ketik_nama(rng, kom.nama)
        if rng.random() < 0.006:
            nama = _nama_salah(rng, kom, nama_per_kab[kom.kab.kode])
        answers = []
        for _komponen, _header, bank, kosong in PROMPTS:
            answers.append("" if rng.random() < kosong else _jawaban(rng, bank, banks))
        tanggal_refleksi = tgl if rng.random() < 0.9 else None
        out.append((stempel, tanggal_refleksi, [kom.penggerak_email, nama, _ketik_kabkota(rng, kom.kab, aman[kom.kab.kode])] + answers))
    out.sort(key=lambda r: r[0])
    return out


_REFLEKSI_HEADERS = ["Stempel waktu", "Alamat email", "Nama Komunitas Belajar", "Kabupaten/Kota", "Tanggal Refleksi"]


def _file_refleksi_xlsx(path: Path, rows: list[tuple[datetime, date | None, list[object]]]) -> None:
    headers = _REFLEKSI_HEADERS + [h for _, h, _, _ in PROMPTS]
    _write_xlsx(path, "Form Responses 1", headers, [[t, *r[:3], d, *r[3:]] for t, d, r in rows])


def _file_refleksi_csv(path: Path, rows: list[tuple[datetime, date | None, list[object]]]) -> None:
    headers = _REFLEKSI_HEADERS + [h for _, h, _, _ in PROMPTS]
    _write_csv(path, headers, [[_fmt_stempel(t), *r[:3], d.strftime("%d/%m/%Y") if d else "", *r[3:]] for t, d, r in rows])


# The UPT's plan (guide, Lampiran timeline) as (bulan, vocab.JENIS_KEGIATAN_UPT value, planned events).
# Against the attendance export it shows a realistic mix: the second online upgrading planned for October
# slipped to November, one kab/kota's sosialisasi came late and one never happened, no monitoring in August
# and fewer visits than planned in December.
RENCANA_PROGRAM: tuple[tuple[str, str, int], ...] = (
    ("2022-08", "webinar", 1), ("2022-08", "sosialisasi", 27), ("2022-08", "monitoring", 4),
    ("2022-09", "peningkatan kapasitas daring", 1), ("2022-09", "monitoring", 10),
    ("2022-10", "peningkatan kapasitas daring", 1), ("2022-10", "berbagi praktik baik", 1), ("2022-10", "refleksi", 4),
    ("2022-10", "monitoring", 8),
    ("2022-11", "peningkatan kapasitas luring", 4), ("2022-11", "monitoring", 10),
    ("2022-12", "berbagi praktik baik", 1), ("2022-12", "refleksi", 4), ("2022-12", "monitoring", 6),
)
_SOSIALISASI_TERLAMBAT = "32.18"     # Kab. Pangandaran: in September instead of August
_SOSIALISASI_TERLEWAT = "32.79"      # Kota Banjar: not reached at all


def _file_kegiatan_upt(rng: Random, path: Path, komunitas: list[Komunitas], kabs: list[Kab],
                       jumlah_kegiatan: dict[str, int], refleksi_emails: list[set[str]]) -> None:
    """Attendance exports following the guide's Lampiran timeline (Aug-Dec 2022)."""
    by_kode = {k.kode: k for k in kabs}
    penggerak: dict[str, tuple[str, Kab]] = {}
    for k in komunitas:
        penggerak.setdefault(k.penggerak_email, (k.penggerak_nama, k.kab))
    emails = list(penggerak)
    per_email: dict[str, int] = {}
    for k in komunitas:
        per_email[k.penggerak_email] = per_email.get(k.penggerak_email, 0) + jumlah_kegiatan.get(k.id, 0)
    tamu = _Orang(rng)
    tamu.emails = dict.fromkeys(emails, "")     # guests never reuse a penggerak's address
    rows: list[list[object]] = []

    def event(jenis: str, nama: str, tgl: date, kab: Kab | None, hadir: list[str], tamu_n: int = 0) -> None:
        for e in hadir:
            rows.append([jenis, nama, tgl, kab.label if kab else "", e, penggerak[e][0]])
        for _ in range(tamu_n):    # kepala sekolah / pengawas who are not penggerak
            n, e = tamu.baru(rng.choice(("sd", "smp", "sma")))
            rows.append([jenis, nama, tgl, kab.label if kab else "", e, n])

    for i, kab in enumerate(kabs):
        if kab.kode == _SOSIALISASI_TERLEWAT:
            continue
        local = [e for e in emails if penggerak[e][1] is kab]
        tgl = date(2022, 9, 6) if kab.kode == _SOSIALISASI_TERLAMBAT else date(2022, 8, 2) + timedelta(days=i % 10)
        event("Sosialisasi", f"Sosialisasi Komunitas Belajar {kab.label}", tgl,
              kab, [e for e in local if rng.random() < 0.3], rng.randint(3, 12))
    event("Webinar", "Webinar Penggerak Komunitas Belajar BBGP Jawa Barat", date(2022, 8, 24), None,
          [e for e in emails if rng.random() < 0.45], 40)
    for tgl, judul in ((date(2022, 9, 14), "Sesi 1: Merancang Program Komunitas Belajar"),
                       (date(2022, 11, 9), "Sesi 2: Asesmen dan Pembelajaran Berdiferensiasi")):
        event("Upgrading Daring", f"Upgrading Daring Penggerak Kombel {judul}", tgl, None,
              [e for e in emails if rng.random() < 0.35])
    # Offline upgrading: the most active penggerak (activities facilitated), four regional batches.
    teraktif = sorted(emails, key=lambda e: (-per_email.get(e, 0), e))[:160]
    regions = (("32.73", ("32.73", "32.04", "32.17", "32.77", "32.11", "32.03")),
               ("32.78", ("32.78", "32.06", "32.05", "32.07", "32.79", "32.18")),
               ("32.74", ("32.74", "32.09", "32.08", "32.10", "32.12", "32.13", "32.14", "32.15")),
               ("32.71", ("32.71", "32.01", "32.02", "32.72", "32.16", "32.75", "32.76")))
    for n, (host, kodes) in enumerate(regions, 1):
        hadir = [e for e in teraktif if penggerak[e][1].kode in kodes]
        event("Upgrading Luring", f"Upgrading Luring Penggerak Komunitas Belajar Angkatan {n}",
              date(2022, 11, 1) + timedelta(days=7 * (n - 1)), by_kode[host], hadir)
    for tgl, seri in ((date(2022, 10, 12), 1), (date(2022, 12, 7), 2)):
        event("Sharing Praktik Baik", f"Sharing Praktik Baik Penggerak Komunitas Belajar Seri {seri}", tgl, None,
              [e for e in emails if rng.random() < 0.25])
    for (tgl0, label), aktif in zip(((date(2022, 10, 25), "September-Oktober"), (date(2022, 12, 13), "November-Desember")),
                                    refleksi_emails):
        for n, (host, kodes) in enumerate(regions):
            hadir = [e for e in emails if e in aktif and penggerak[e][1].kode in kodes and rng.random() < 0.5]
            event("Refleksi", f"Refleksi Komunitas Belajar Periode {label}", tgl0 + timedelta(days=n), by_kode[host], hadir)
    # Monitoring visits: none in August (sosialisasi month), fewer in December (school holidays).
    for tgl0, n_kab in ((date(2022, 9, 19), 10), (date(2022, 10, 17), 8), (date(2022, 11, 21), 10),
                        (date(2022, 12, 5), 4)):
        for i, kab in enumerate(rng.sample(kabs, n_kab)):
            local = [e for e in emails if penggerak[e][1] is kab]
            event("Monitoring", f"Monitoring Komunitas Belajar {kab.label}", tgl0 + timedelta(days=i % 5), kab,
                  rng.sample(local, min(len(local), rng.randint(4, 12))), rng.randint(0, 2))
    _write_xlsx(path, "Daftar Hadir", ["Jenis Kegiatan", "Nama Kegiatan", "Tanggal", "Kabupaten/Kota", "Email", "Nama"], rows)


# ---------------------------------------------------------------------------------------------
# Needs survey (Bab 2 §B.7), August 2022, ahead of the upgrading sessions
# ---------------------------------------------------------------------------------------------
# The form's checkbox options in form order, with how often penggerak across the province tick them.
_OPSI_KEBUTUHAN: tuple[tuple[str, float], ...] = (
    ("Asesmen diagnostik", 9), ("Projek Penguatan Profil Pelajar Pancasila (P5)", 10), ("Modul ajar", 9),
    ("Pembelajaran berdiferensiasi", 8), ("ATP dan CP", 7), ("Asesmen formatif dan sumatif", 5),
    ("Literasi dan numerasi", 6), ("Pemanfaatan PMM", 5), ("Media pembelajaran digital", 4),
    ("Pengolahan rapor Kurikulum Merdeka", 3), ("Penyusunan KOSP", 3), ("Kepemimpinan pembelajaran", 3),
    ("Pengelolaan komunitas belajar", 4), ("Pembelajaran sosial emosional", 2),
    ("Teaching at the Right Level (TaRL)", 2),
)
# What each kab/kota asks for more than the province does, so "most requested" differs per kab/kota.
_KEBUTUHAN_DAERAH: dict[str, tuple[str, ...]] = {
    "32.01": ("Pemanfaatan PMM", "Literasi dan numerasi"), "32.02": ("Literasi dan numerasi",),
    "32.03": ("Literasi dan numerasi", "Teaching at the Right Level (TaRL)"), "32.04": ("Modul ajar",),
    "32.05": ("Asesmen diagnostik",), "32.06": ("Pemanfaatan PMM",),
    "32.07": ("Projek Penguatan Profil Pelajar Pancasila (P5)",), "32.08": ("Pembelajaran berdiferensiasi",),
    "32.09": ("ATP dan CP",), "32.10": ("Modul ajar",), "32.11": ("Kepemimpinan pembelajaran",),
    "32.12": ("Literasi dan numerasi",), "32.13": ("Asesmen diagnostik",),
    "32.14": ("Projek Penguatan Profil Pelajar Pancasila (P5)",), "32.15": ("Pengolahan rapor Kurikulum Merdeka",),
    "32.16": ("Media pembelajaran digital",), "32.17": ("Pembelajaran berdiferensiasi",),
    "32.18": ("Pemanfaatan PMM",), "32.71": ("Kepemimpinan pembelajaran",),
    "32.72": ("Asesmen formatif dan sumatif",),
    "32.73": ("Media pembelajaran digital", "Pembelajaran berdiferensiasi"), "32.74": ("Penyusunan KOSP",),
    "32.75": ("Asesmen formatif dan sumatif",), "32.76": ("Pengelolaan komunitas belajar",),
    "32.77": ("Pembelajaran sosial emosional",),
    "32.78": ("Projek Penguatan Profil Pelajar Pancasila (P5)",), "32.79": ("ATP dan CP",),
}
# Typed into the form's "Lainnya:" box; Google Forms appends it after the ticked options.
_KEBUTUHAN_LAINNYA = ("Penelitian Tindakan Kelas (PTK)", "Pembuatan video pembelajaran",
                      "Media pembelajaran (Canva, Quizizz, Wordwall)", "Bahasa Sunda di Kurikulum Merdeka",
                      "Penulisan praktik baik", "Coding dan berpikir komputasional", "Pembelajaran inklusif")
_MODA_UPGRADING = (("Daring (Zoom/PMM)", 5), ("Luring", 3), ("Kombinasi daring dan luring", 4))


def _file_survei(rng: Random, path: Path, komunitas: list[Komunitas], aman: dict[str, bool]) -> None:
    """Google Forms' own CSV download (`,`, no BOM): ~600 penggerak answering in August."""
    first: dict[str, Komunitas] = {}
    for k in komunitas:
        first.setdefault(k.penggerak_email, k)
    opsi = [o for o, _ in _OPSI_KEBUTUHAN]
    rows: list[tuple[datetime, list[str]]] = []
    for k in first.values():
        if rng.random() >= 0.315:
            continue
        bobot = [w + (12 if o in _KEBUTUHAN_DAERAH[k.kab.kode] else 0) for o, w in _OPSI_KEBUTUHAN]
        n = rng.choices((1, 2, 3, 4, 5, 6), weights=(8, 22, 30, 22, 12, 6))[0]
        dipilih: set[str] = set()
        while len(dipilih) < n:
            dipilih.add(rng.choices(opsi, weights=bobot)[0])
        jawaban = [o for o in opsi if o in dipilih]
        if rng.random() < 0.06:
            jawaban.append(rng.choice(_KEBUTUHAN_LAINNYA))
        r = rng.random()
        if r < 0.02 and k.kab.kode in TYPO_KABKOTA:
            kab = rng.choice(TYPO_KABKOTA[k.kab.kode])
        elif r < 0.025:
            kab = rng.choice(_KABKOTA_TAK_DIKENAL)
        else:
            kab = _ketik_kabkota(rng, k.kab, aman[k.kab.kode])
        # The link went out at the first sosialisasi (2 August); most answer in the first days.
        hari = min(int(rng.expovariate(1 / 6)), 28)
        waktu = datetime(2022, 8, 3, 7) + timedelta(days=hari, seconds=rng.randint(0, 15 * 3600))
        rows.append((waktu, [_fmt_stempel(waktu), k.penggerak_email, _ketik_nama(rng, k.penggerak_nama), kab,
                             k.jenjang or rng.choice(("SD", "SMP", "SMA")), ", ".join(jawaban),
                             _pick(rng, _MODA_UPGRADING)]))
    rows.sort(key=lambda r: r[0])
    _write_csv(path, ["Stempel waktu", "Alamat email", "Nama Lengkap", "Asal Kabupaten/Kota", "Jenjang yang diampu",
                      "Topik peningkatan kapasitas yang dibutuhkan", "Moda upgrading yang diharapkan"],
               [r for _, r in rows])


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------
def generate(out_dir: Path = SAMPLE_DIR, seed: int = 2022) -> list[Path]:
    """Write the sample exports into `out_dir`; the same seed gives byte-identical files."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = Random(seed)
    kabs = _kabkota()
    nasional = _nama_inti_nasional()
    aman = {k.kode: nasional[k.inti.casefold()] == 1 for k in kabs}
    sekolah = _sekolah(rng, kabs)
    komunitas = _komunitas(rng, kabs, sekolah, _Orang(rng))
    nama_per_kab: dict[str, set[str]] = {k.kode: set() for k in kabs}
    for k in komunitas:
        nama_per_kab[k.kab.kode].add(_normal(k.nama))
    kembar = {k.id for k in komunitas if k.nama in {n for n, *_ in _NAMA_KEMBAR}}
    kegiatan = _kegiatan(rng, komunitas)
    jumlah: dict[str, int] = {}
    for g in kegiatan:
        jumlah[g.kom.id] = jumlah.get(g.kom.id, 0) + 1

    pmm, gform = [], []
    for g in kegiatan:
        s = g.kom.saluran
        (pmm if s == "pmm" or (s == "campur" and rng.random() < 0.5) else gform).append(g)

    paths = [out_dir / f for f in FILE_NAMES]
    _file_sekolah(paths[0], sekolah)
    _file_komunitas(paths[1], komunitas)
    _file_penggerak(rng, paths[2], paths[8], komunitas, sekolah, aman, _nomor_wa(seed, komunitas))
    _file_kegiatan_pmm(paths[3], pmm)
    _file_kegiatan_gform(rng, paths[4], gform, nama_per_kab, aman, kembar)
    ref1 = _refleksi_rows(rng, komunitas, jumlah, date(2022, 9, 26), date(2022, 10, 31), nama_per_kab, aman)
    ref2 = _refleksi_rows(rng, komunitas, jumlah, date(2022, 11, 28), date(2022, 12, 23), nama_per_kab, aman)
    _file_refleksi_xlsx(paths[5], ref1)
    _file_refleksi_csv(paths[6], ref2)
    _file_kegiatan_upt(rng, paths[7], komunitas, kabs, jumlah, [{r[2][0] for r in ref1}, {r[2][0] for r in ref2}])
    _file_survei(rng, paths[9], komunitas, aman)
    return paths


def ensure_sample_store(db: Path, progress: Callable[[float, str], None] | None = None, *,
                        sample_dir: Path = SAMPLE_DIR) -> LoadReport | None:
    """Fill an empty store with the sample data (marked `data_contoh = 1`, one transaction) and the app's state
    with the sample programme plan (`RENCANA_PROGRAM`); None when anything was ever loaded."""
    from data_loaders.load import Source, load_files
    from edits.program_plan import save_plan
    from store.database import ensure_store, open_readonly

    db = Path(db)
    ensure_store(db)
    con = open_readonly(db)
    try:
        loaded = con.execute("select count(*) from berkas").fetchall()[0][0]
    finally:
        con.close()
    if loaded:
        return None
    tell = progress or (lambda _f, _m: None)
    paths = [Path(sample_dir) / name for name in FILE_NAMES]
    if not all(p.exists() for p in paths):
        tell(0.0, "Membuat berkas data contoh...")
        paths = generate(sample_dir)
    report = load_files(db, [Source.from_path(p) for p in paths], meta={"data_contoh": "1"}, progress=tell)
    save_plan(db, RENCANA_PROGRAM, "data contoh")
    sample_contacts(db)
    sample_form(db)
    return report


# A prefilled Google Form template (issue 17 item 4), so the per-community links and QR codes show on a first
# start. The form id is fictitious ("CONTOH"): the links open Google's "form not found" page.
SAMPLE_FORM = ("https://docs.google.com/forms/d/e/1FAIpQLSeDATACONTOHBBGPJABARbukanformulirsungguhan/viewform"
               "?usp=pp_url&entry.1000001=ID&entry.1000002=NAMA&entry.1000003=KABKOTA")
SAMPLE_FORM_BY = "data contoh"  # formulir_google.diubah_oleh (sample.remove deletes it)


def sample_form(db: Path) -> None:
    from edits import formulir

    p = formulir.detect(formulir.parse(SAMPLE_FORM))
    formulir.save(db, SAMPLE_FORM, p["id"], p["nama"], p["kabkota"], oleh=SAMPLE_FORM_BY)


# Sample contact log (issue 16): a few communities "contacted" after they fell silent, so Aturan Mingguan's log and
# its outcome show on a first start — some met again within 3 weeks, some did not, some too recent to tell.
SAMPLE_CONTACTS_BY = "data contoh"  # kontak.dicatat_oleh of these entries (sample.remove deletes them)
_SAMPLE_CONTACTS_SQL = """
with jeda as (
    select id_komunitas, tanggal, lead(tanggal) over (partition by id_komunitas order by tanggal) as berikut
    from kegiatan
),
akhir as (select max(tanggal) as batas from kegiatan),
kembali as (  -- a gap of 3-5 weeks: contacted 2 weeks in, met again 1-3 weeks after the contact
    select 'kembali' as jenis, id_komunitas, min(tanggal) + 14 as tanggal_kontak from jeda
    where date_diff('day', tanggal, berikut) between 21 and 35 group by id_komunitas
),
diam as (  -- stopped for good (last activity 6+ weeks before the data end): contacted 2 weeks after
    select 'diam' as jenis, id_komunitas, max(tanggal) + 14 as tanggal_kontak from kegiatan, akhir
    group by id_komunitas, batas having max(tanggal) <= batas - 42
),
baru as (  -- silent for 2-5 weeks at the data end: contacted a week before it, too recent to tell
    select 'baru' as jenis, id_komunitas, batas - 7 as tanggal_kontak from kegiatan, akhir
    group by id_komunitas, batas having max(tanggal) between batas - 35 and batas - 14
)
select jenis, id_komunitas, tanggal_kontak from (
    select *, row_number() over (partition by jenis order by hash(id_komunitas), id_komunitas) as n
    from (select * from kembali union all select * from diam union all select * from baru)
)
where n <= case jenis when 'kembali' then 5 when 'diam' then 3 else 2 end
order by tanggal_kontak, id_komunitas
"""


def sample_contacts(db: Path) -> int:
    """Write the sample contact log (fictitious, marked 'data contoh'); returns the number of entries."""
    from edits.kontak import SALURAN, catat_kontak, catat_tanggapan
    from store.database import open_readonly

    con = open_readonly(Path(db))
    try:
        rows = con.execute(_SAMPLE_CONTACTS_SQL).fetchall()
    finally:
        con.close()
    for n, (jenis, id_komunitas, tanggal) in enumerate(rows):
        catat_kontak(db, [id_komunitas], saluran=SALURAN[n % 3], tanggal_kontak=tanggal, oleh=SAMPLE_CONTACTS_BY,
                     lingkup=None, catatan="Data contoh: penggerak diingatkan jadwal pertemuan mingguan.")
        if jenis == "kembali" and n % 2 == 0:
            app_con = open_readonly(Path(db))
            try:
                id_kontak = app_con.execute("select max(id) from app.kontak").fetchall()[0][0]
            finally:
                app_con.close()
            catat_tanggapan(db, id_kontak, tanggapan="Data contoh: pertemuan dijadwalkan ulang minggu depan.",
                            tanggal=tanggal + timedelta(days=1), oleh=SAMPLE_CONTACTS_BY, lingkup=None)
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sample",
                                     description="Membuat berkas data contoh (BBGP Jawa Barat, Agustus-Desember 2022).")
    parser.add_argument("--out", type=Path, default=SAMPLE_DIR, help="folder tujuan (bawaan: data/sample)")
    parser.add_argument("--seed", type=int, default=2022, help="benih acak (bawaan: 2022)")
    args = parser.parse_args(argv)
    for p in generate(args.out, args.seed):
        print(f"{p}  ({p.stat().st_size:,} byte)")
    return 0

