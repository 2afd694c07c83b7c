"""The wali's contact log (issue 16): "dihubungi" for one or many communities at once, and a later "tanggapan".

Both write the app's state (store.app_state tables `kontak`, `tanggapan`) through its own copy-on-write lock, never
the data store's: a click is stored in milliseconds and never waits for a running load. The communities are looked
up in the data as it is now (a read-only view; a load replacing the file does not disturb it) to check the
writer's region and to keep each entry's kab/kota, which scopes it for reading (queries/lingkup/kontak.sql).

The caller passes who writes (`oleh`) and their region (`lingkup`: the kab/kota codes of a wali wilayah, None for
every other role): this layer does not know about logins (queries.scope.Scope is above it). Messages are for
people (Indonesian).
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path

from store import app_state
from store.database import open_readonly

SALURAN = ("whatsapp", "telepon", "email", "tatap_muka", "lainnya")
SALURAN_LABEL = {"whatsapp": "WhatsApp", "telepon": "Telepon", "email": "Email", "tatap_muka": "Tatap muka",
                 "lainnya": "Lainnya"}
PANJANG_CATATAN = 1000  # characters: a note, not a document
# A date typed a day ahead is a time-zone slip (the server's "today" may be UTC); further ahead is a mistake.
_TOLERANSI_MASA_DEPAN = timedelta(days=1)


class KontakError(ValueError):
    """A contact or answer that cannot be stored; the message says why, in Indonesian."""


def _teks(nilai: str | None, apa: str, wajib: bool = False) -> str | None:
    bersih = " ".join(str(nilai or "").split())  # one line: the log is a table
    if wajib and not bersih:
        raise KontakError(f"{apa} wajib diisi.")
    if len(bersih) > PANJANG_CATATAN:
        raise KontakError(f"{apa} terlalu panjang ({len(bersih)} karakter); paling banyak {PANJANG_CATATAN}.")
    return bersih or None


def _tanggal(nilai: date, apa: str, hari_ini: date | None) -> date:
    if isinstance(nilai, datetime):
        nilai = nilai.date()
    if not isinstance(nilai, date):
        raise KontakError(f"{apa} tidak terbaca; pilih tanggal dari kalender.")
    if nilai > (hari_ini or date.today()) + _TOLERANSI_MASA_DEPAN:
        raise KontakError(f"{apa} {nilai:%d-%m-%Y} ada di masa depan; isi tanggal saat kontak terjadi.")
    return nilai


def _oleh(oleh: str) -> str:
    return str(oleh or "").strip() or "tidak diketahui"


def _dalam_lingkup(kode: str | None, lingkup: Iterable[str] | None) -> bool:
    return lingkup is None or (kode is not None and kode in set(lingkup))


def _komunitas(db: Path, ids: list[str]) -> dict[str, tuple[str | None, str]]:
    """id -> (kode_kabkota, nama) of the communities as loaded now; the ones not found are absent."""
    con = open_readonly(db)
    try:
        rows = con.execute("select id_komunitas, kode_kabkota, nama_komunitas from komunitas "
                           "where list_contains(?, id_komunitas)", [ids]).fetchall()
    finally:
        con.close()
    return {r[0]: (r[1], r[2] or r[0]) for r in rows}


def catat_kontak(db: Path, id_komunitas: Iterable[str], *, saluran: str, tanggal_kontak: date,
                 catatan: str | None = None, oleh: str, lingkup: Iterable[str] | None,
                 hari_ini: date | None = None) -> str:
    """Record that each community was contacted (one entry each); returns the confirmation.

    KontakError, with nothing written, for no community, an unknown channel, a future date, a community not in the
    data or (for a wali, `lingkup` given) outside their kab/kota."""
    ids = list(dict.fromkeys(str(i).strip() for i in id_komunitas if str(i or "").strip()))
    if not ids:
        raise KontakError("Pilih sedikitnya satu komunitas yang dihubungi.")
    if saluran not in SALURAN:
        raise KontakError(f"Saluran '{saluran}' tidak dikenal. Pilihan: "
                          f"{', '.join(SALURAN_LABEL[s] for s in SALURAN)}.")
    tanggal_kontak = _tanggal(tanggal_kontak, "Tanggal kontak", hari_ini)
    catatan = _teks(catatan, "Catatan")
    oleh = _oleh(oleh)
    lingkup = None if lingkup is None else tuple(lingkup)
    db = Path(db)
    dikenal = _komunitas(db, ids)
    tidak_ada = [i for i in ids if i not in dikenal]
    if tidak_ada:
        raise KontakError(f"Komunitas {', '.join(tidak_ada[:5])} tidak ada di data; muat ulang halaman. "
                          "Tidak ada yang dicatat.")
    di_luar = [dikenal[i][1] for i in ids if not _dalam_lingkup(dikenal[i][0], lingkup)]
    if di_luar:
        raise KontakError(f"{', '.join(di_luar[:5])} di luar wilayah Anda; Anda hanya dapat mencatat kontak "
                          "untuk komunitas di kab/kota Anda. Tidak ada yang dicatat.")
    sekarang = datetime.now().replace(microsecond=0)
    with app_state.write(db) as con:
        awal = con.execute("select coalesce(max(id), 0) from kontak").fetchall()[0][0]
        con.executemany("insert into kontak values (?, ?, ?, ?, ?, ?, ?, ?)", [
            [awal + n, i, dikenal[i][0], oleh, sekarang, saluran, tanggal_kontak, catatan]
            for n, i in enumerate(ids, start=1)])
    nama = dikenal[ids[0]][1] if len(ids) == 1 else f"{len(ids)} komunitas"
    return (f"{nama} dicatat sudah dihubungi lewat {SALURAN_LABEL[saluran]} pada "
            f"{tanggal_kontak.day}-{tanggal_kontak.month:02d}-{tanggal_kontak.year}.")


def catat_tanggapan(db: Path, id_kontak: int, *, tanggapan: str, tanggal: date, oleh: str,
                    lingkup: Iterable[str] | None, hari_ini: date | None = None) -> str:
    """Record the answer to a contact; returns the confirmation. KontakError for an unknown contact, one outside the
    writer's kab/kota, an empty answer, or a date before the contact or in the future."""
    teks = _teks(tanggapan, "Tanggapan", wajib=True)
    tanggal = _tanggal(tanggal, "Tanggal tanggapan", hari_ini)
    oleh = _oleh(oleh)
    lingkup = None if lingkup is None else tuple(lingkup)
    try:
        id_kontak = int(id_kontak)
    except (TypeError, ValueError):
        raise KontakError("Pilih kontak yang ditanggapi dari daftar.") from None
    with app_state.write(Path(db)) as con:
        row = next(iter(con.execute("select kode_kabkota, tanggal_kontak from kontak where id = ?",
                                    [id_kontak]).fetchall()), None)
        if row is None or not _dalam_lingkup(row[0], lingkup):  # outside the region: as if it did not exist
            raise KontakError("Kontak itu tidak ada di catatan Anda; muat ulang halaman.")
        if tanggal < row[1]:
            raise KontakError(f"Tanggal tanggapan {tanggal:%d-%m-%Y} sebelum tanggal kontak "
                              f"{row[1]:%d-%m-%Y}; periksa tanggalnya.")
        con.execute("insert into tanggapan select coalesce(max(id), 0) + 1, ?, ?, ?, ?, ? from tanggapan",
                    [id_kontak, teks, tanggal, oleh, datetime.now().replace(microsecond=0)])
    return "Tanggapan dicatat."
