"""Theme corrections of reflection items (issue 18): a reviewer sets an item's theme — or "tidak bertema" — singly or
for a selection, and admin/pimpinan corrections later teach the classifier.

A correction is a row of the app's state (store.app_state table `koreksi_tema`, append-only: who, when, old -> new;
the newest per item wins), written through the app state's own copy-on-write lock, so a click never waits for a
load. queries/_reflection_items.sql applies it over the classifier's theme at once, so every count, ranking, draft
and download follows. An item is known by (id_refleksi, butir): the answer's content hash and the item's text, which
survive reloads and reclassification.

Who may correct: admin and pimpinan everywhere; a wali wilayah (`lingkup` = their kab/kota codes) only items of
their region, checked against the data as it is now (as edits/kontak.py). A wali's correction overrides the item
but never becomes a shared example: the classifier serves every region. `terapkan` makes the admin/pimpinan
corrections not yet used a new lexicon version (Lexicon.dengan_koreksi) through edits/lexicon.save_and_reclassify.
This layer does not know about logins; messages are for people (Indonesian). Never imports streamlit.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

import pandas as pd

from data_loaders import themes
from edits import lexicon as lexicon_edits
from store import app_state
from store.database import open_readonly
from vocab import ADMIN, KOMPONEN_LABEL, PIMPINAN, ROLES, WALI_WILAYAH

TIDAK_BERTEMA = themes.LAINNYA  # "tidak bertema": the item fits no theme of its komponen
PENGAJAR = (ADMIN, PIMPINAN)  # whose corrections become shared examples
BATAS_SEKALIGUS = 5000  # items in one correction: a selection on a page, not a bulk relabelling


class KoreksiError(ValueError):
    """A correction that cannot be stored; the message says why, in Indonesian."""


def tema_label(tema: str) -> str:
    return "Tidak bertema" if tema == TIDAK_BERTEMA else tema


def pilihan_tema(lex: themes.Lexicon, komponen: str) -> list[str]:
    """The themes an item of `komponen` may be set to: its lexicon group's, then tidak bertema."""
    group = lex.group_of(komponen)
    return [*(t.nama for t in group.tema), TIDAK_BERTEMA] if group else [TIDAK_BERTEMA]


def _kunci(rows: Iterable[object]) -> list[tuple[str, str]]:
    """(id_refleksi, butir) of each row given as a pair or a mapping; duplicates once, in order."""
    out: list[tuple[str, str]] = []
    for row in rows:
        if isinstance(row, Mapping):
            pair = (row.get("id_refleksi"), row.get("butir"))
        else:
            pair = tuple(row)[:2]  # type: ignore[arg-type]
        if len(pair) != 2 or not all(isinstance(v, str) and v for v in pair):
            raise KoreksiError("Butir yang dipilih tidak dikenali; muat ulang halaman lalu pilih lagi.")
        out.append((pair[0], pair[1]))
    return list(dict.fromkeys(out))


def _butir(db: Path, kunci: list[tuple[str, str]]) -> tuple[dict[tuple[str, str], tuple], themes.Lexicon]:
    """(id_refleksi, butir) -> (komponen, kode_kabkota, nama_komunitas, classifier's tema) of the items as stored
    now (current lexicon version), and the current lexicon."""
    con = open_readonly(db)
    try:
        con.register("_kunci", pd.DataFrame(kunci, columns=["id_refleksi", "butir"]))
        rows = con.execute(
            """
            select b.id_refleksi, b.butir, any_value(r.komponen), any_value(k.kode_kabkota),
                   any_value(coalesce(k.nama_komunitas, r.id_komunitas)), any_value(b.tema)
            from butir_refleksi as b
            inner join _kunci as q on q.id_refleksi = b.id_refleksi and q.butir = b.butir
            inner join refleksi as r on r.id_refleksi = b.id_refleksi
            left join komunitas as k on k.id_komunitas = r.id_komunitas
            where b.versi_leksikon = (select max(nilai::integer) from meta where kunci = 'versi_leksikon')
            group by b.id_refleksi, b.butir
            """).fetchall()
        _, lex = themes.current_lexicon(con)
    finally:
        con.close()
    return {(r[0], r[1]): r[2:] for r in rows}, lex


def catat(db: Path, butir_rows: Iterable[object], tema_baru: str, oleh: str, peran: str,
          lingkup: Iterable[str] | None) -> str:
    """Set the theme of each item (`butir_rows`: (id_refleksi, butir) pairs or mappings with those keys) to
    `tema_baru` (a theme of the item's komponen, or TIDAK_BERTEMA); returns the confirmation.

    KoreksiError, with nothing written, for no item, an unknown role, an item not in the data, a theme that is not
    one of the item's komponen, or (a wali: `lingkup` given) an item outside their kab/kota. Setting the theme the
    classifier gave confirms it (a row: the item becomes yakin); an item whose newest correction already says
    `tema_baru` is left as it is."""
    if peran not in ROLES:
        raise KoreksiError("Peran Anda tidak dapat mengoreksi tema butir refleksi.")
    if peran == WALI_WILAYAH and lingkup is None:
        raise KoreksiError("Wilayah Anda tidak diketahui; koreksi tidak dicatat. Hubungi admin UPT.")
    kunci = _kunci(butir_rows)
    if not kunci:
        raise KoreksiError("Pilih sedikitnya satu butir yang temanya akan ditetapkan.")
    if len(kunci) > BATAS_SEKALIGUS:
        raise KoreksiError(f"Terlalu banyak butir sekaligus ({len(kunci):,}); paling banyak "
                           f"{BATAS_SEKALIGUS:,} butir per koreksi.".replace(",", "."))
    tema_baru = " ".join(str(tema_baru or "").split())
    if not tema_baru:
        raise KoreksiError("Pilih tema yang akan ditetapkan (atau 'Tidak bertema').")
    oleh = str(oleh or "").strip() or "tidak diketahui"
    wilayah = None if lingkup is None else set(lingkup)
    db = Path(db)
    dikenal, lex = _butir(db, kunci)
    hilang = [b for b in kunci if b not in dikenal]
    if hilang:
        raise KoreksiError(f"{len(hilang)} butir tidak ada lagi di data (mis. '{hilang[0][1][:80]}'); data mungkin "
                           "baru dimuat ulang. Muat ulang halaman; tidak ada yang dicatat.")
    if wilayah is not None:
        di_luar = sorted({dikenal[b][2] for b in kunci if dikenal[b][1] not in wilayah})
        if di_luar:
            raise KoreksiError(f"Butir dari {', '.join(di_luar[:5])} di luar wilayah Anda; Anda hanya dapat mengoreksi "
                               "butir komunitas di kab/kota Anda. Tidak ada yang dicatat.")
    salah = sorted({dikenal[b][0] for b in kunci if tema_baru not in pilihan_tema(lex, dikenal[b][0])})
    if salah:
        nama = ", ".join(KOMPONEN_LABEL.get(k, k) for k in salah)
        raise KoreksiError(f"Tema '{tema_baru}' bukan tema komponen {nama}; pilih tema dari daftar komponen itu "
                           "atau 'Tidak bertema'. Tidak ada yang dicatat.")
    sekarang = datetime.now()
    with app_state.write(db) as con:
        # the theme in force now: the newest correction (read under the lock), else the classifier's
        con.register("_kunci", pd.DataFrame(kunci, columns=["id_refleksi", "butir"]))
        terkini = dict(((r[0], r[1]), r[2]) for r in con.execute(
            "select c.id_refleksi, c.butir, arg_max(c.tema_baru, c.id) from koreksi_tema as c "
            "inner join _kunci as q on q.id_refleksi = c.id_refleksi and q.butir = c.butir "
            "group by c.id_refleksi, c.butir").fetchall())
        baris = []
        for b in kunci:
            # the classifier's own theme may be confirmed (a verdict: the item becomes yakin); only a correction
            # already saying tema_baru makes a new row pointless
            if terkini.get(b) != tema_baru:
                lama = terkini.get(b, dikenal[b][3])
                baris.append([b[0], b[1], dikenal[b][0], dikenal[b][1], lama, tema_baru, oleh, peran, sekarang])
        if baris:
            awal = con.execute("select coalesce(max(id), 0) from koreksi_tema").fetchall()[0][0]
            con.executemany("insert into koreksi_tema values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null)",
                            [[awal + n, *r] for n, r in enumerate(baris, start=1)])
    sama = len(kunci) - len(baris)
    if not baris:
        return f"Tidak ada yang berubah: {'butir itu' if sama == 1 else f'{sama} butir itu'} sudah bertema " \
               f"'{tema_label(tema_baru)}'."
    pesan = f"{len(baris)} butir ditetapkan ke tema '{tema_label(tema_baru)}'."
    if sama:
        pesan += f" {sama} butir lain sudah bertema itu."
    return pesan


def belum_dipakai(db: Path) -> list[tuple[int, themes.Koreksi]]:
    """The admin/pimpinan corrections no lexicon version has used yet, the newest per item: (id, Koreksi)."""
    con = open_readonly(db)
    try:
        rows = con.execute(
            """
            select max(id), arg_max(komponen, id), butir, arg_max(tema_baru, id)
            from app.koreksi_tema
            where peran in (select unnest(?::varchar[])) and dipakai_versi_leksikon is null
            group by id_refleksi, butir
            order by max(id)
            """, [list(PENGAJAR)]).fetchall()
    finally:
        con.close()
    return [(r[0], themes.Koreksi(komponen=r[1], butir=r[2], tema=r[3])) for r in rows]


def terapkan(db: Path, progress: lexicon_edits.Progress | None = None) -> str:
    """Save a new lexicon version = the current lexicon taught the admin/pimpinan corrections not used yet, reclassify
    every item with it (edits/lexicon.save_and_reclassify, with progress), and mark those corrections used by that
    version. A wali's corrections are never used (they stay overrides of their own items)."""
    db = Path(db)
    koreksi = belum_dipakai(db)
    if not koreksi:
        raise KoreksiError("Belum ada koreksi admin/pimpinan yang baru untuk diterapkan.")
    con = open_readonly(db)
    try:
        _, lex = themes.current_lexicon(con)
    finally:
        con.close()
    baru = lex.dengan_koreksi([k for _, k in koreksi])
    versi, jumlah = lexicon_edits.save_and_reclassify(
        db, baru, f"{len(koreksi)} koreksi tema dijadikan contoh", progress)
    # The version holds them now; marking is a second short write (a failure here only offers them again, and
    # a correction taught twice is the same example).
    with app_state.write(db) as con:
        con.execute("update koreksi_tema set dipakai_versi_leksikon = ? "
                    "where dipakai_versi_leksikon is null and peran in (select unnest(?::varchar[])) and id <= ?",
                    [versi, list(PENGAJAR), max(i for i, _ in koreksi)])
    return (f"Leksikon versi {versi} tersimpan dengan {len(koreksi)} koreksi sebagai contoh; "
            f"{jumlah:,} butir refleksi dikelompokkan ulang.".replace(",", "."))
