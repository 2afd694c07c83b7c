"""Header matching (METRICS §2): which canonical column a header as written stands for.

A header matches a canonical column when its compact form (case, spaces, punctuation
dropped) equals a synonym, or when it contains all key words of one of the column's
rules — Google Forms headers are whole questions. Rules are tried in the order below,
so the more specific ones (`Tanggal Terdaftar`, `Mitigasi (risiko)`) come first. English PMM headers
(`Community name`, `Regency/City`, `Duration (minutes)`) match the same way.

A column without a header gets a placeholder name (`untitled`) that never matches anything.
"""
from __future__ import annotations

import functools
import hashlib
import re

from data_loaders.normalise import PELATIHAN_TOPICS, normal_text
from vocab import KOMPONEN

TOPIC_COLUMNS = tuple(PELATIHAN_TOPICS)

# Canonical columns each input kind reads (everything else is ignored and reported).
KIND_COLUMNS: dict[str, tuple[str, ...]] = {
    "sekolah": ("npsn", "nama_sekolah", "jenjang", "kabkota", "provinsi", "jalur_ikm"),
    "penggerak": ("penggerak_email", "penggerak_nama", "kabkota", "provinsi", "akun_belajar_id",
                  *TOPIC_COLUMNS, "topik_aksi_nyata", "penggerak_wa"),
    "komunitas": ("id_komunitas", "nama_komunitas", "jenis", "npsn", "kabkota", "provinsi", "jenjang",
                  "penggerak_nama", "penggerak_email", "jumlah_anggota", "tanggal_terdaftar", "terdaftar_pmm",
                  "penggerak_wa", "narahubung_wa"),
    "kegiatan": ("id_komunitas", "nama_komunitas", "kabkota", "provinsi", "tanggal", "waktu_pengisian",
                 "durasi_menit", "topik", "bentuk", "moda", "jumlah_peserta", "tautan_dokumentasi"),
    "refleksi": ("id_komunitas", "nama_komunitas", "kabkota", "provinsi", "tanggal", "waktu_pengisian",
                 *KOMPONEN),
    "kegiatan_upt": ("jenis_kegiatan", "nama_kegiatan", "tanggal", "kabkota", "provinsi", "jumlah_peserta",
                     "penggerak_email", "penggerak_nama"),
    "survei_kebutuhan": ("waktu_pengisian", "penggerak_nama", "penggerak_email", "kabkota", "provinsi",
                         "topik_kebutuhan"),
}

# (canonical, kinds it applies to or None for all, alternatives: each a tuple of words that must all occur)
_RULES: list[tuple[str, tuple[str, ...] | None, tuple[tuple[str, ...], ...]]] = [
    ("waktu_pengisian", None, (("timestamp",), ("stempel", "waktu"), ("waktu", "pengisian"), ("tanda", "waktu"),
                               ("waktu", "submit"), ("cap", "waktu"))),
    ("tanggal_terdaftar", None, (("terdaftar", "sejak"), ("tanggal", "terdaftar"), ("tanggal", "pendaftaran"),
                                 ("tanggal", "daftar"), ("tgl", "terdaftar"), ("tanggal", "registrasi"),
                                 ("registration", "date"), ("registered",), ("date", "registered"))),
    ("terdaftar_pmm", None, (("terdaftar", "pmm"), ("status", "pmm"), ("registrasi", "pmm"))),
    ("mitigasi", ("refleksi",), (("mitigasi",), ("antisipasi",))),
    ("hal_baik", ("refleksi",), (("berjalan", "baik"), ("hal", "baik"), ("sudah", "baik"))),
    ("perlu_ditingkatkan", ("refleksi",), (("ditingkatkan",), ("perlu", "tingkat"), ("perbaikan",),
                                          ("diperbaiki",))),
    ("ide_solusi", ("refleksi",), (("ide",), ("solusi",), ("gagasan",))),
    ("dampak_peserta_didik", ("refleksi",), (("dampak", "peserta", "didik"), ("dampak", "siswa"),
                                            ("dampak", "murid"))),
    ("dampak_guru_kepsek", ("refleksi",), (("dampak", "guru"), ("dampak", "kepala"), ("dampak", "kepsek"),
                                          ("dampak", "pendidik"))),
    ("tantangan", ("refleksi",), (("tantangan",), ("kendala",), ("hambatan",))),
    ("risiko", ("refleksi",), (("risiko",), ("resiko",))),
    ("rencana_tindak_lanjut", ("refleksi",), (("tindak", "lanjut"), ("rtl",), ("rencana",))),
    ("usulan_kegiatan", ("refleksi",), (("usulan",), ("usul",), ("saran", "kegiatan"))),
    ("tanggal", None, (("tanggal",), ("tgl",), ("hari", "tanggal"), ("date",), ("activity", "date"))),
    ("topik_kebutuhan", ("survei_kebutuhan",), (("dibutuhkan",), ("kebutuhan",), ("butuhkan",), ("diperlukan",),
                                                ("topik", "peningkatan"), ("topik", "upgrading"))),
    ("id_komunitas", None, (("id", "komunitas"), ("kode", "komunitas"), ("id", "kombel"), ("kode", "kombel"),
                            ("id", "komunitas", "belajar"), ("community", "id"), ("community", "code"))),
    ("npsn", None, (("npsn",),)),
    ("penggerak_email", None, (("email",), ("surel",), ("e", "mail"), ("mail",))),
    ("akun_belajar_id", ("penggerak",), (("akun",),)),
    ("topik_aksi_nyata", ("penggerak",), (("topik", "pelatihan"), ("aksi", "nyata"), ("pelatihan", "mandiri"))),
    ("durasi_menit", None, (("durasi",), ("lama",), ("lamanya",), ("alokasi", "waktu"), ("duration",))),
    ("jumlah_peserta", None, (("jumlah", "peserta"), ("peserta", "hadir"), ("anggota", "hadir"),
                              ("jumlah", "hadir"), ("jml", "peserta"), ("kehadiran",), ("participants",),
                              ("participant",), ("attendees",), ("attendance",))),
    ("jumlah_anggota", None, (("jumlah", "anggota"), ("jml", "anggota"), ("banyak", "anggota"), ("members",),
                              ("member",))),
    ("tautan_dokumentasi", None, (("tautan",), ("link",), ("dokumentasi",), ("bukti",), ("url",),
                                  ("documentation",))),
    ("moda", None, (("moda",), ("daring",), ("luring",), ("mode",), ("online",), ("offline",))),
    ("jenis_kegiatan", ("kegiatan_upt",), (("jenis", "kegiatan"), ("jenis",), ("kategori", "kegiatan"),
                                          ("tipe", "kegiatan"), ("activity", "type"), ("event", "type"))),
    ("nama_kegiatan", ("kegiatan_upt",), (("nama", "kegiatan"), ("judul",), ("kegiatan",), ("acara",))),
    ("bentuk", ("kegiatan",), (("bentuk", "kegiatan"), ("jenis", "kegiatan"), ("bentuk",), ("activity", "type"),
                               ("format",))),
    ("jenis", None, (("jenis", "komunitas"), ("tipe", "komunitas"), ("jenis", "kombel"), ("kategori", "komunitas"),
                     ("tipe", "kombel"), ("community", "type"))),
    ("jenjang", None, (("jenjang",), ("bentuk", "pendidikan"), ("level",), ("education", "level"))),
    ("jalur_ikm", None, (("ikm",), ("jalur",))),
    ("nama_sekolah", None, (("nama", "sekolah"), ("satuan", "pendidikan"), ("sekolah",), ("school",))),
    ("topik", None, (("topik",), ("materi",), ("tema",), ("judul",), ("topic",), ("title",))),
    ("penggerak_nama", None, (("penggerak",), ("fasilitator",), ("ketua",), ("koordinator",), ("facilitator",))),
    ("nama_komunitas", None, (("nama", "komunitas"), ("nama", "kombel"), ("komunitas",), ("kombel",),
                              ("community", "name"), ("community",))),
    ("penggerak_nama", ("penggerak", "kegiatan_upt", "survei_kebutuhan"),
     (("nama", "lengkap"), ("nama", "peserta"), ("nama",))),
    ("provinsi", None, (("provinsi",), ("propinsi",), ("prov",), ("province",))),
    ("kabkota", None, (("kabupaten",), ("kota",), ("kab",), ("kabkota",), ("kabupatenkota",), ("kotakabupaten",),
                       ("kodya",), ("wilayah",), ("regency",), ("city",))),
]

# Compact synonyms that need no key words (and the canonical names themselves, for our templates).
_SYNONYMS = {
    "kabkota": "kabkota", "kodekabkota": "kabkota", "kabupatenkota": "kabkota", "kotakabupaten": "kabkota",
    "kabkot": "kabkota",
    "tanggal": "tanggal", "tgl": "tanggal", "haritanggal": "tanggal", "tanggalrefleksi": "tanggal",
    "timestamp": "waktu_pengisian", "stempelwaktu": "waktu_pengisian",
}


_UNTITLED = re.compile(r"^\(kolom \d+ tanpa judul\)$")

# Phone / WhatsApp columns (issue 16): how forms ask for a number (`No. HP/WA`, `Nomor WhatsApp`, `Kontak (WA)`,
# `Telepon/WA`). A header naming a contact person is the community's narahubung, one naming someone else (the
# school, its head, an operator) is nobody we keep, and an unqualified one is the penggerak's own.
_PHONE_WORDS = frozenset({"wa", "whatsapp", "hp", "handphone", "hape", "telepon", "telpon", "telp", "tlp", "ponsel",
                          "seluler", "phone", "nohp", "nowa", "nomorhp", "nomorwa", "notelp"})
_CONTACT_PERSON = (("narahubung",), ("cp",), ("pic",), ("contact", "person"), ("kontak", "person"),
                   ("penanggung", "jawab"))
_OTHER_OWNER = frozenset({"sekolah", "kepala", "kepsek", "operator", "pengawas", "ortu", "orang", "siswa", "kantor",
                          "dinas", "instansi"})


def _phone_column(header: str, kind: str) -> str | None:
    """The phone column a header stands for; '' for a phone header this kind does not keep (it must not fall
    through to another rule: `Nomor HP Penggerak` is no name), None for a header that is not about a phone."""
    words = set(normal_text(header).split())
    if not words & _PHONE_WORDS and "whats app" not in normal_text(header):
        return None
    if words & {"email", "surel"}:
        return None  # `Email / No. WA`: the address is the key the rules know
    allowed = KIND_COLUMNS[kind]
    if any(all(w in words for w in alt) for alt in _CONTACT_PERSON):
        canonical = "narahubung_wa"
    elif words & _OTHER_OWNER:
        return ""
    else:
        canonical = "penggerak_wa"
    return canonical if canonical in allowed else ""


def untitled(position: int) -> str:
    """The name of a column whose header cell is empty (position from 0)."""
    return f"(kolom {position + 1} tanpa judul)"


def compact(header: str) -> str:
    return normal_text(header).replace(" ", "")


@functools.lru_cache(maxsize=8192)  # a file's headers are matched for every kind, and again per candidate row
def match_header(header: str, kind: str) -> str | None:
    if _UNTITLED.match(header):  # our own placeholder: its words (`judul`) say nothing about the column
        return None
    allowed = KIND_COLUMNS[kind]
    c = compact(header)
    if c in _SYNONYMS and _SYNONYMS[c] in allowed:
        return _SYNONYMS[c]
    if (phone := _phone_column(header, kind)) is not None:
        return phone or None
    if kind == "penggerak":
        topics = _topics_named(header)
        if len(topics) == 1:
            return topics[0]
        if len(topics) > 1:
            return "topik_aksi_nyata"
    for canonical in allowed:
        if c == canonical.replace("_", ""):
            return canonical
    words = set(normal_text(header).split())
    for canonical, kinds, alternatives in _RULES:
        if canonical not in allowed or (kinds is not None and kind not in kinds):
            continue
        if any(all(w in words for w in alt) for alt in alternatives):
            return canonical
    return None


def _topics_named(header: str) -> list[str]:
    words = set(normal_text(header).split())
    return [col for col, alts in PELATIHAN_TOPICS.items()
            if any(all(w in words for w in alt) for alt in alts if alt != ("km",))]


def map_headers(headers: list[str], kind: str,
                confirmed: dict[str, str] | None = None) -> tuple[dict[str, str], list[str]]:
    """(header as written -> canonical, ignored headers). Each canonical column is taken once, first header wins;
    a confirmed mapping (from the user) overrides the automatic one; '' in it means "ignore this header"."""
    confirmed = confirmed or {}
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for h in headers:
        if h in confirmed and confirmed[h] and confirmed[h] in KIND_COLUMNS[kind]:
            mapping[h] = confirmed[h]
            taken.add(confirmed[h])
    for h in headers:
        if h in mapping or h in confirmed:
            continue
        canonical = match_header(h, kind)
        if canonical and canonical not in taken:
            mapping[h] = canonical
            taken.add(canonical)
    ignored = [h for h in headers if h not in mapping]
    return mapping, ignored


def shape_hash(headers: list[str]) -> str:
    """Identifies a file shape (its normalised header row) for remembered mappings."""
    return hashlib.sha1("\x1f".join(compact(h) for h in headers).encode()).hexdigest()[:16]


# A kind is recognised by the columns only it has; the score counts them.
_SIGNATURE: dict[str, tuple[str, ...]] = {
    "sekolah": ("npsn", "nama_sekolah", "jalur_ikm"),
    "penggerak": ("akun_belajar_id", "topik_aksi_nyata", *TOPIC_COLUMNS),
    "komunitas": ("jenis", "jumlah_anggota", "tanggal_terdaftar", "terdaftar_pmm", "penggerak_nama", "npsn"),
    "kegiatan": ("tanggal", "durasi_menit", "topik", "bentuk", "moda", "tautan_dokumentasi", "jumlah_peserta"),
    "refleksi": KOMPONEN,
    "kegiatan_upt": ("jenis_kegiatan", "nama_kegiatan", "penggerak_email"),
    "survei_kebutuhan": ("topik_kebutuhan",),
}
_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "sekolah": (("npsn",), ("nama_sekolah", "jalur_ikm", "jenjang")),
    "penggerak": (("penggerak_email",), ("akun_belajar_id", "topik_aksi_nyata", *TOPIC_COLUMNS)),
    "komunitas": (("nama_komunitas", "id_komunitas"),
                  ("jenis", "jumlah_anggota", "tanggal_terdaftar", "terdaftar_pmm")),
    "kegiatan": (("id_komunitas", "nama_komunitas"), ("tanggal", "waktu_pengisian")),
    "refleksi": (("id_komunitas", "nama_komunitas"), KOMPONEN),
    "kegiatan_upt": (("jenis_kegiatan",), ("tanggal",)),
    "survei_kebutuhan": (("topik_kebutuhan",),),
}


def detect(headers: list[str]) -> str | None:
    return _detect(headers)[0]


def _detect(headers: list[str]) -> tuple[str | None, int]:
    """(kind, how many of its columns the headers map), or (None, 0)."""
    best, best_score = None, 0
    for kind in KIND_COLUMNS:
        mapped = set(map_headers(headers, kind)[0].values())
        if not all(mapped & set(group) for group in _NEEDS[kind]):
            continue
        score = len(mapped & set(_SIGNATURE[kind]))
        if kind == "refleksi":
            score *= 2  # a reflection form also has a date and a community; its prompts decide
        if kind == "kegiatan_upt" and mapped & {"id_komunitas", "nama_komunitas"}:
            continue
        if score > best_score:
            best, best_score = kind, score
    return best, (len(set(map_headers(headers, best)[0].values())) if best else 0)


HEADER_SEARCH_ROWS = 10   # a title block above the header row is a few lines
_LONGEST_HEADER = 500     # longer cells are text, not a header (and cost time to match)


def header_row(rows: list[list[str | None]]) -> int:
    """Which of a sheet's first rows is the header: the first row when it names the columns of some kind (as
    before), else the row among the first ten that maps the most canonical columns for some kind (title
    blocks above it: `Rekap Kegiatan Kombel`, the UPT's name, a blank line), else the first row."""
    def score(row: list[str | None]) -> int:
        cells = [c for c in row if c and len(c) <= _LONGEST_HEADER]
        return _detect(cells)[1] if cells else 0

    if not rows or score(rows[0]):
        return 0
    best, best_score = 0, 0
    for i, row in enumerate(rows[1:HEADER_SEARCH_ROWS], start=1):
        if (n := score(row)) > best_score:
            best, best_score = i, n
    return best
