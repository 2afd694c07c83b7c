"""Prefilled Google Form links per community (issue 17 item 4): the UPT's template, the link and QR code of one
community, and the downloadable sheet of a kab/kota (ZIP of PNGs + CSV, or one printable HTML page).

Most quarantined rows come from names and kab/kota typed freely into a Google Form. Google prefills a form from
its URL (`.../viewform?usp=pp_url&entry.111=...`), so each community gets a link that already carries its id —
the loader places a row by id before it ever reads the typed name (data_loaders.communities.resolve_community).
An admin pastes the link Google gives under "Dapatkan link yang sudah diisi" once, with placeholder answers,
and says which `entry.NNN` field is the id, the name and the kab/kota (detected when the placeholders read
ID / NAMA / KABKOTA). It is stored in the app's state (table `formulir_google`). Only an admin sets it: it is
the UPT's form, like the uploads it feeds; everyone may download the sheets of the communities in their scope.

Values are percent-encoded (`quote(..., safe='')`: & # + ? = / and spaces never end or split a field);
the QR codes are made with segno (error correction M). Everything handed out is self-contained: the HTML sheet
carries its QR codes as inline SVG and loads nothing from the network.
"""
from __future__ import annotations

import csv
import functools
import html
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlsplit

import duckdb
import segno

from store import app_state, cow

KUNCI = "komunitas"
PERAN = ("id", "nama", "kabkota")
PERAN_LABEL = {"id": "ID komunitas", "nama": "nama komunitas", "kabkota": "kabupaten/kota"}
# Placeholder answers (compacted: letters and digits, upper case) that say which field is which.
_PENANDA = {
    "id": {"ID", "IDKOMUNITAS", "IDKOMBEL", "KODE", "KODEKOMUNITAS", "KODEKOMBEL", "IDCOMMUNITY"},
    "nama": {"NAMA", "NAMAKOMUNITAS", "NAMAKOMBEL", "KOMUNITAS", "KOMBEL", "NAME"},
    "kabkota": {"KABKOTA", "KABUPATENKOTA", "KABUPATEN", "KOTA", "KAB", "WILAYAH", "KOTAKABUPATEN"},
}
_PATH = re.compile(r"^/forms(?:/u/\d+)?/d/(?:e/)?[A-Za-z0-9_-]{10,}/(?:viewform|formResponse)/?$")
_ENTRY = re.compile(r"^entry\.\d+$")
BATAS_TAUTAN = 2000  # characters: the template is a URL, not a document


class FormulirError(ValueError):
    """A template that cannot be used; the message says why, in Indonesian."""


@dataclass(frozen=True)
class Templat:
    """A parsed prefilled link: the form's address and its `entry.NNN` fields with the answers filled in."""

    alamat: str                            # https://docs.google.com/forms/d/e/<ID>/viewform
    isian: tuple[tuple[str, str], ...]     # (entry.NNN, placeholder answer), in the link's order

    @property
    def entri(self) -> list[str]:
        return [k for k, _ in self.isian if _ENTRY.match(k)]


@dataclass(frozen=True)
class Pengaturan:
    """The stored template and its field roles (`entri_nama`/`entri_kabkota` None: not prefilled)."""

    tautan: str
    entri_id: str
    entri_nama: str | None
    entri_kabkota: str | None
    diubah_pada: datetime | None = None
    diubah_oleh: str | None = None

    @property
    def templat(self) -> Templat:
        return parse(self.tautan)


def parse(tautan: str) -> Templat:
    """The template a pasted link stands for, or FormulirError naming what is wrong with it."""
    teks = "".join(str(tautan or "").split())  # a link copied across lines from a chat comes with breaks
    if not teks:
        raise FormulirError("Tempelkan tautan formulir yang sudah diisi (dari Google Forms: menu ⋮ → "
                            "Dapatkan link yang sudah diisi).")
    if len(teks) > BATAS_TAUTAN:
        raise FormulirError(f"Tautan terlalu panjang ({len(teks)} karakter); batasnya {BATAS_TAUTAN}. "
                            "Tempelkan hanya tautan formulirnya.")
    if "://" not in teks:
        teks = "https://" + teks
    try:
        bagian = urlsplit(teks)
    except ValueError:
        raise FormulirError("Teks yang ditempelkan bukan tautan (URL) yang dapat dibaca.") from None
    host = (bagian.hostname or "").lower()
    if host in ("forms.gle", "goo.gl"):
        raise FormulirError("Tautan pendek (forms.gle) tidak memuat isian formulir. Di Google Forms pilih menu ⋮ → "
                            "Dapatkan link yang sudah diisi, isi jawaban contoh, lalu salin tautan panjangnya.")
    if bagian.scheme not in ("https", "http") or host != "docs.google.com" or not _PATH.match(bagian.path):
        raise FormulirError("Tautan harus tautan Google Forms (https://docs.google.com/forms/…/viewform?…), "
                            f"bukan '{_pendek(teks)}'.")
    isian = tuple(parse_qsl(bagian.query, keep_blank_values=True))
    if not any(_ENTRY.match(k) for k, _ in isian):
        raise FormulirError("Tautan ini tidak memuat isian formulir (entry.…=…). Di Google Forms pilih menu ⋮ → "
                            "Dapatkan link yang sudah diisi, isi ID, nama komunitas, dan kab/kota dengan jawaban "
                            "contoh (mis. ID, NAMA, KABKOTA), lalu salin tautannya.")
    alamat = f"https://docs.google.com{bagian.path.rstrip('/').rsplit('/', 1)[0]}/viewform"
    return Templat(alamat, tuple((k, v) for k, v in isian if k != "usp"))


def _pendek(teks: str, n: int = 60) -> str:
    return teks if len(teks) <= n else teks[:n] + "…"


def detect(templat: Templat) -> dict[str, str | None]:
    """Which entry field holds the id, name and kab/kota, read from the placeholder answers (None: unknown)."""
    hasil: dict[str, str | None] = dict.fromkeys(PERAN)
    for kunci, nilai in templat.isian:
        if not _ENTRY.match(kunci):
            continue
        padat = re.sub(r"[^A-Z0-9]", "", nilai.upper())
        for peran in PERAN:
            if hasil[peran] is None and padat in _PENANDA[peran]:
                hasil[peran] = kunci
                break
    return hasil


def check(tautan: str, entri_id: str | None, entri_nama: str | None, entri_kabkota: str | None) -> Pengaturan:
    """The settings as stored, or FormulirError: a bad link, no id field, a field not in the link, a field
    given two roles."""
    templat = parse(tautan)
    if not entri_id:
        raise FormulirError("Pilih isian formulir untuk ID komunitas: tanpa ID, baris jawaban tetap dicocokkan "
                            "lewat nama yang diketik.")
    pilihan = {"id": entri_id, "nama": entri_nama or None, "kabkota": entri_kabkota or None}
    for peran, kunci in pilihan.items():
        if kunci is not None and kunci not in templat.entri:
            raise FormulirError(f"Isian '{kunci}' untuk {PERAN_LABEL[peran]} tidak ada di tautan; pilih salah satu "
                                f"dari: {', '.join(templat.entri)}.")
    dipakai = [k for k in pilihan.values() if k]
    if len(set(dipakai)) < len(dipakai):
        raise FormulirError("Satu isian formulir dipilih untuk dua hal; ID, nama, dan kab/kota harus isian yang "
                            "berbeda.")
    teks = "".join(str(tautan).split())
    return Pengaturan(teks if "://" in teks else "https://" + teks, entri_id, pilihan["nama"], pilihan["kabkota"])


def _bersih(nilai: object) -> str:
    if nilai is None or nilai != nilai:
        return ""
    return " ".join(str(nilai).split())


def link(pengaturan: Pengaturan, id_komunitas: str, nama: object = None, kabkota: object = None) -> str:
    """The community's prefilled link: the template's other answers as they are, the three fields replaced by
    the community's values (left out when empty, so the respondent fills them in)."""
    templat = pengaturan.templat
    nilai = {pengaturan.entri_id: _bersih(id_komunitas)}
    if pengaturan.entri_nama:
        nilai[pengaturan.entri_nama] = _bersih(nama)
    if pengaturan.entri_kabkota:
        nilai[pengaturan.entri_kabkota] = _bersih(kabkota)
    if not nilai[pengaturan.entri_id]:
        raise ValueError("id_komunitas kosong")
    bagian = ["usp=pp_url"]
    for kunci, isi in templat.isian:
        isi = nilai.get(kunci, isi)
        if isi:
            bagian.append(f"{kunci}={quote(isi, safe='')}")
    return f"{templat.alamat}?{'&'.join(bagian)}"


@functools.lru_cache(maxsize=2048)
def qr(tautan: str) -> segno.QRCode:
    """Made once per link (the mask choice is most of the cost): the ZIP's PNG and its page's SVG share it.
    Error correction M: a printed sheet still scans with a fold or a smudge."""
    return segno.make(tautan, error="m", micro=False)


def qr_png(tautan: str, scale: int = 6) -> bytes:
    buf = io.BytesIO()
    qr(tautan).save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()


def qr_svg(tautan: str) -> str:
    """An inline <svg> element (no XML declaration) with a viewBox and no fixed size, so the page's CSS scales
    the whole code, quiet zone included (a fixed width/height would be clipped, not scaled)."""
    return qr(tautan).svg_inline(scale=1, border=4, omitsize=True)


# --- The sheet of one kab/kota --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Baris:
    id_komunitas: str
    nama_komunitas: str
    kabkota: str
    tautan: str


def rows(pengaturan: Pengaturan, komunitas: Iterable[Mapping[str, object]]) -> list[Baris]:
    """One row per community (id_komunitas, nama_komunitas, kabkota as the query gives them)."""
    hasil = []
    for k in komunitas:
        ident = _bersih(k.get("id_komunitas"))
        if not ident:
            continue
        nama, kab = _bersih(k.get("nama_komunitas")), _bersih(k.get("kabkota"))
        hasil.append(Baris(ident, nama, kab, link(pengaturan, ident, nama, kab)))
    return hasil


def _aman_csv(teks: str) -> str:
    """A cell a spreadsheet would read as a formula (=, +, -, @ first) gets a leading apostrophe."""
    return "'" + teks if teks[:1] in ("=", "+", "-", "@") else teks


def csv_bytes(daftar: Iterable[Baris]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["id_komunitas", "nama_komunitas", "kabkota", "tautan"])
    for b in daftar:
        w.writerow([_aman_csv(b.id_komunitas), _aman_csv(b.nama_komunitas), _aman_csv(b.kabkota), b.tautan])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel reads the names' accents right


def nama_berkas(teks: str, batas: int = 40) -> str:
    """A file-name-safe ASCII slug: 'Kombel Guru & Siswa #1' -> 'kombel-guru-siswa-1'."""
    ascii_ = unicodedata.normalize("NFKD", teks).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    return slug[:batas].strip("-") or "komunitas"


def zip_bytes(daftar: list[Baris], judul: str) -> bytes:
    """One PNG per community (named by id and name) + the CSV + the printable HTML page."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        dipakai: set[str] = set()
        for b in daftar:
            nama = f"qr/{nama_berkas(b.id_komunitas, 30)}_{nama_berkas(b.nama_komunitas)}.png"
            n = 2
            while nama in dipakai:  # two ids that slug alike still get a file each
                nama = nama.removesuffix(".png").rsplit("~", 1)[0] + f"~{n}.png"
                n += 1
            dipakai.add(nama)
            z.writestr(nama, qr_png(b.tautan))
        z.writestr("tautan_formulir.csv", csv_bytes(daftar))
        z.writestr("lembar_qr.html", html_sheet(daftar, judul))
    return buf.getvalue()


_CSS = """
body{font-family:Arial,Helvetica,sans-serif;margin:16px;color:#111}
h1{font-size:18px;margin:0 0 4px} p.ket{font-size:12px;margin:0 0 12px;color:#333}
.grid{display:grid;grid-template-columns:repeat(3,1fr);gap:10px}
.kartu{border:1px solid #999;border-radius:6px;padding:8px;text-align:center;break-inside:avoid;
page-break-inside:avoid}
.kartu svg{width:150px;height:150px} .nama{font-weight:bold;font-size:13px;margin:4px 0 2px}
.id,.kab{font-size:11px;color:#333} .url{font-size:7px;word-break:break-all;color:#555;margin-top:4px}
@media print{body{margin:8mm} .grid{gap:6mm}}
"""


def html_sheet(daftar: list[Baris], judul: str) -> str:
    """A self-contained printable page: one card per community with its QR code (inline SVG), name, id,
    kab/kota and the link written out. Every text from data is escaped."""
    kartu = []
    for b in daftar:
        kartu.append(
            '<div class="kartu">' + qr_svg(b.tautan)
            + f'<div class="nama">{html.escape(b.nama_komunitas or "(tanpa nama)")}</div>'
            + f'<div class="id">ID: {html.escape(b.id_komunitas)}</div>'
            + f'<div class="kab">{html.escape(b.kabkota)}</div>'
            + f'<div class="url">{html.escape(b.tautan)}</div></div>')
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        f"<title>{html.escape(judul)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{html.escape(judul)}</h1>"
        '<p class="ket">Pindai kode QR komunitas Anda untuk membuka formulir yang sudah terisi ID, nama komunitas, '
        "dan kabupaten/kota. Jangan ubah ID komunitas pada formulir.</p>"
        f'<div class="grid">{"".join(kartu)}</div></body></html>')


# --- Stored settings ------------------------------------------------------------------------------------------

def read(db: Path) -> Pengaturan | None:
    """The stored settings, None when none are stored (or the app's state predates them). A store that cannot
    be read raises store.cow.StoreError (Indonesian)."""
    path = app_state.app_path(Path(db))
    if not path.exists():
        return None
    con = duckdb.connect(":memory:")
    try:
        with cow.translated(path, writing=False):
            con.execute("attach ? as app (read_only)", [str(path)])
            ada = con.execute("select count(*) from duckdb_tables() where database_name = 'app' "
                              "and table_name = 'formulir_google'").fetchall()[0][0]
            if not ada:
                return None
            row = con.execute("select tautan, entri_id, entri_nama, entri_kabkota, diubah_pada, diubah_oleh "
                              "from app.formulir_google where kunci = ?", [KUNCI]).fetchall()
    finally:
        con.close()
    if not row:
        return None
    try:
        check(*row[0][:4])
    except FormulirError:
        return None  # saved only after checking; a row edited by hand is ignored rather than breaking the page
    return Pengaturan(*row[0])


def save(db: Path, tautan: str, entri_id: str | None, entri_nama: str | None, entri_kabkota: str | None,
         oleh: str) -> str:
    """Check and store the template; returns the success message."""
    p = check(tautan, entri_id, entri_nama, entri_kabkota)
    with app_state.write(Path(db)) as con:
        con.execute("delete from formulir_google where kunci = ?", [KUNCI])
        con.execute("insert into formulir_google values (?, ?, ?, ?, ?, ?, ?)",
                    [KUNCI, p.tautan, p.entri_id, p.entri_nama, p.entri_kabkota,
                     datetime.now().replace(microsecond=0), str(oleh or "").strip() or "tidak diketahui"])
    return "Templat tautan formulir disimpan."


def remove(db: Path) -> str:
    with app_state.write(Path(db)) as con:
        con.execute("delete from formulir_google where kunci = ?", [KUNCI])
    return "Templat tautan formulir dihapus."
