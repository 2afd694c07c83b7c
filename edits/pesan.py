"""Ready-to-send follow-up messages (issue 16 item 2): the template, the message for one community, its
`wa.me` or `mailto:` link, the CSV for bulk tools, and the record of exports that carry WhatsApp numbers.

The shipped template (TEMPLAT_BAWAAN) is used until an admin or pimpinan saves their own (app state table
`templat_pesan`, one small write). A template names its blanks with placeholders ({nama_komunitas}, ...); an
unknown one, a format spec or an unbalanced brace is refused with an Indonesian message naming it, so a saved
template always renders. Nothing is sent from the server: the links open the user's own WhatsApp or mail app.
Everything here is plain text; the UI shows it without interpreting Markdown or HTML.
"""
from __future__ import annotations

import csv
import io
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote

from store import app_state

KUNCI_TINDAK_LANJUT = "tindak_lanjut"
EKSPOR_PESAN = "pesan_tindak_lanjut"

# The guide (Panduan Pengelolaan Komunitas Belajar UPT 2022): communities meet "secara rutin, umumnya setiap
# minggu minimal 1 (satu) jam".
TEMPLAT_BAWAAN = (
    "Yth. Bapak/Ibu {nama_penggerak},\n\n"
    "Salam hangat dari UPT. Kami mencatat komunitas belajar {nama_komunitas} ({kabkota}) belum mengadakan "
    "pertemuan selama {minggu_terlewat} minggu terakhir; pertemuan terakhir yang tercatat: {pertemuan_terakhir}.\n\n"
    "Sesuai panduan pengelolaan komunitas belajar, komunitas belajar bertemu secara rutin, umumnya setiap minggu "
    "minimal 1 (satu) jam. Apakah ada kendala yang dapat kami bantu agar pertemuan berjalan kembali?\n\n"
    "Terima kasih atas perhatian dan kerja sama Bapak/Ibu."
)
PLACEHOLDER = {
    "nama_komunitas": "nama komunitas",
    "nama_penggerak": "nama penggerak (tanpa sapaan; tulis Bapak/Ibu di templat)",
    "minggu_terlewat": "jumlah minggu tanpa pertemuan",
    "pertemuan_terakhir": "tanggal pertemuan terakhir",
    "kabkota": "kabupaten/kota",
    "tautan_formulir": "tautan formulir terisi untuk komunitas ini (kosong bila admin belum memasang templat formulir "
                       "di Kualitas Data)",
}
SUBJEK_EMAIL = "Tindak lanjut pertemuan komunitas belajar {nama_komunitas}"
BATAS_PANJANG = 2000  # characters; a wa.me link with a longer text gets unwieldy in a phone's browser
_BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")
_NOMOR = re.compile(r"^62\d{8,13}$")  # the stored form (data_loaders.normalise.parse_wa), checked again here
_EMAIL = re.compile(r"^[^\s@<>\"]+@[^\s@<>\"]+\.[^\s@<>\"]+$")


class TemplatError(ValueError):
    """A template that cannot be used; the message says why, in Indonesian."""


@dataclass(frozen=True)
class Pesan:
    """One community's message and how to send it: `tautan` is a wa.me link, a mailto: link, or None."""

    id_komunitas: str
    nama_komunitas: str
    nama_penggerak: str
    teks: str
    nomor_wa: str | None
    email: str | None
    tautan: str | None

    @property
    def lewat(self) -> str | None:
        """'whatsapp', 'email' or None: the channel the link opens."""
        if self.tautan is None:
            return None
        return "whatsapp" if self.tautan.startswith("https://wa.me/") else "email"


def check_template(teks: str) -> str:
    """The template as stored (trimmed), or TemplatError naming what is wrong."""
    isi = str(teks or "").strip()
    if not isi:
        raise TemplatError("Templat pesan tidak boleh kosong.")
    if len(isi) > BATAS_PANJANG:
        raise TemplatError(f"Templat pesan terlalu panjang ({len(isi)} karakter); batasnya {BATAS_PANJANG}.")
    try:
        bagian = list(string.Formatter().parse(isi))
    except ValueError:
        raise TemplatError(
            "Templat pesan memuat kurung kurawal '{' atau '}' yang tidak berpasangan. Tulis penanda seperti "
            "{nama_komunitas}; untuk kurung kurawal biasa tulis '{{' atau '}}'.") from None
    dikenal = ", ".join("{" + k + "}" for k in PLACEHOLDER)
    for _, nama, spesifikasi, konversi in bagian:
        if nama is None:
            continue
        if nama not in PLACEHOLDER:
            tampil = "{" + nama + "}" if nama else "{}"
            raise TemplatError(f"Penanda {tampil} pada templat pesan tidak dikenal. Penanda yang dapat dipakai: "
                               f"{dikenal}.")
        if spesifikasi or konversi:
            raise TemplatError(f"Penanda {{{nama}}} pada templat pesan hanya boleh ditulis apa adanya, tanpa "
                               "tambahan seperti ':' atau '!'.")
    return isi


def tanggal_panjang(d: date | None) -> str:
    """`2022-11-07` -> `7 November 2022`; None -> 'belum tercatat'."""
    if d is None or d != d:  # NaT/NaN from a DataFrame
        return "belum tercatat"
    return f"{d.day} {_BULAN[d.month - 1]} {d.year}"


def minggu_terlewat(kegiatan_terakhir: date | None, acuan: date, minggu_dievaluasi: int | None = None) -> int:
    """Whole weeks from the last meeting to `acuan` (the period's end); for a community never seen meeting,
    the weeks the period evaluated."""
    if kegiatan_terakhir is None or kegiatan_terakhir != kegiatan_terakhir:
        return int(minggu_dievaluasi or 0)
    return max(0, (acuan - kegiatan_terakhir).days // 7)


def render(templat: str, nilai: Mapping[str, object]) -> str:
    """The message: the (checked) template with every placeholder filled; a value is inserted as text, never
    read as a placeholder itself."""
    isi = check_template(templat)
    lengkap = {k: _bersih(nilai.get(k)) for k in PLACEHOLDER}
    return isi.format_map(lengkap)


def _bersih(nilai: object) -> str:
    if nilai is None or nilai != nilai:
        return ""
    return " ".join(str(nilai).split())  # a line break typed into a name stays out of the message layout


def tautan_wa(nomor: str, teks: str) -> str:
    """`https://wa.me/62…?text=…`, the whole text percent-encoded (& ? # + emoji included)."""
    if not _NOMOR.match(str(nomor or "")):
        raise ValueError(f"nomor WhatsApp tidak valid: {nomor!r}")
    return f"https://wa.me/{nomor}?text={quote(teks, safe='')}"


def tautan_email(email: str, subjek: str, teks: str) -> str:
    """`mailto:` with subject and body, percent-encoded (spaces as %20, which mail apps read; not '+')."""
    alamat = str(email or "").strip()
    if not _EMAIL.match(alamat):
        raise ValueError(f"alamat email tidak valid: {email!r}")
    return f"mailto:{quote(alamat, safe='@')}?subject={quote(subjek, safe='')}&body={quote(teks, safe='')}"


def pesan(templat: str, baris: Mapping[str, object], acuan: date, nomor_wa: str | None = None) -> Pesan:
    """The message for one follow-up row (weekly_rule_followup's columns) and its link: WhatsApp when a number
    is known, else e-mail when an address is, else none. `acuan` is the period's end."""
    nama_penggerak = _bersih(baris.get("penggerak_nama")) or "penggerak komunitas"
    nama_komunitas = _bersih(baris.get("nama_komunitas")) or "(tanpa nama)"
    terakhir = _tanggal(baris.get("kegiatan_terakhir"))
    nilai = {
        "nama_komunitas": nama_komunitas,
        "nama_penggerak": nama_penggerak,
        "minggu_terlewat": minggu_terlewat(terakhir, acuan, _bulat(baris.get("minggu_dievaluasi"))),
        "pertemuan_terakhir": tanggal_panjang(terakhir),
        "kabkota": _bersih(baris.get("kabkota")) or "-",
        "tautan_formulir": _bersih(baris.get("tautan_formulir")),  # ui/formulir.py adds it (issue 17 item 4)
    }
    teks = render(templat, nilai)
    nomor = nomor_wa if nomor_wa and _NOMOR.match(str(nomor_wa)) else None
    email = _bersih(baris.get("penggerak_email")) or None
    if email and not _EMAIL.match(email):
        email = None
    if nomor:
        tautan = tautan_wa(nomor, teks)
    elif email:
        tautan = tautan_email(email, SUBJEK_EMAIL.format(nama_komunitas=nama_komunitas), teks)
    else:
        tautan = None
    return Pesan(str(baris.get("id_komunitas")), nama_komunitas, nama_penggerak, teks, nomor, email, tautan)


def _tanggal(x: object) -> date | None:
    if x is None or x != x:
        return None
    if isinstance(x, datetime):
        return x.date()
    if isinstance(x, date):
        return x
    if hasattr(x, "date"):  # pandas Timestamp
        return x.date()
    return date.fromisoformat(str(x)[:10])


def _bulat(x: object) -> int | None:
    return None if x is None or x != x else int(x)


def csv_bytes(daftar: Iterable[Pesan], dengan_nomor: bool) -> bytes:
    """number + name + message, one row per community, for bulk-sending tools (UTF-8 with BOM so Excel reads
    the names and emoji right). Without `dengan_nomor` the number column is left out."""
    buf = io.StringIO()
    kolom = (["nomor_wa"] if dengan_nomor else []) + ["nama_penggerak", "nama_komunitas", "email", "pesan"]
    w = csv.writer(buf)
    w.writerow(kolom)
    for p in daftar:
        baris = [p.nama_penggerak, p.nama_komunitas, p.email or "", p.teks]
        w.writerow(([p.nomor_wa or ""] if dengan_nomor else []) + [_aman_csv(x) for x in baris])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _aman_csv(teks: str) -> str:
    """A cell a spreadsheet would read as a formula (=, +, -, @ first) gets a leading apostrophe."""
    return "'" + teks if teks[:1] in ("=", "+", "-", "@") else teks


def save_template(db: Path, teks: str, oleh: str) -> str:
    """Store the follow-up template (checked first); returns the success message."""
    isi = check_template(teks)
    with app_state.write(Path(db)) as con:
        con.execute("delete from templat_pesan where kunci = ?", [KUNCI_TINDAK_LANJUT])
        con.execute("insert into templat_pesan values (?, ?, ?, ?)",
                    [KUNCI_TINDAK_LANJUT, isi, datetime.now().replace(microsecond=0), oleh or "tidak diketahui"])
    return "Templat pesan disimpan."


def reset_template(db: Path) -> str:
    """Back to the shipped template."""
    with app_state.write(Path(db)) as con:
        con.execute("delete from templat_pesan where kunci = ?", [KUNCI_TINDAK_LANJUT])
    return "Templat pesan dikembalikan ke bawaan."


def template_in_use(isi_tersimpan: str | None) -> str:
    """The saved template (query templat_pesan's `isi`) when there is a usable one, else the shipped one."""
    if isi_tersimpan:
        try:
            return check_template(isi_tersimpan)
        except TemplatError:
            pass  # saved only after checking; a row edited by hand falls back rather than breaking the page
    return TEMPLAT_BAWAAN


def record_export(db: Path, oleh: str, lingkup: str, jumlah_baris: int, jumlah_nomor: int,
                  ekspor: str = EKSPOR_PESAN) -> None:
    """Record an export that carries WhatsApp numbers (personal data): who, when, how many rows."""
    with app_state.write(Path(db)) as con:
        con.execute("insert into log_ekspor values (?, ?, ?, ?, ?, ?)",
                    [datetime.now().replace(microsecond=0), oleh or "tidak diketahui", ekspor, lingkup,
                     int(jumlah_baris), int(jumlah_nomor)])


def export_csv(db: Path, daftar: Iterable[Pesan], *, dengan_nomor: bool, oleh: str, lingkup: str) -> bytes:
    """The CSV for bulk tools; one that carries numbers is recorded first (log_ekspor), so no number leaves
    unrecorded — if recording fails, this raises and nothing is handed out."""
    daftar = list(daftar)
    jumlah_nomor = sum(1 for p in daftar if p.nomor_wa) if dengan_nomor else 0
    if jumlah_nomor:
        record_export(db, oleh, lingkup, len(daftar), jumlah_nomor)
    return csv_bytes(daftar, dengan_nomor)
