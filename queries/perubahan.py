"""What changed since the previous load (issue 16 item 5): a digest per scope comparing the data store after
the latest load with the store as it was just before it.

The "before" store is the version the latest load kept (store.versions: a version is the store as it was
BEFORE the step that made it). It is ATTACHed read-only beside the current store on one connection, and the
same scoped queries run on each, the only difference being the connection's default catalog (`use sebelum`).
So the region scope holds by construction exactly as everywhere else — the runner builds the same scoped views
of the same unqualified tables, and a query that tried to name `sebelum.kegiatan` would be refused — and every
number comes from SQL: `perubahan_komunitas` (each community's berisiko and aktif_4_minggu, the definitions of
weekly_rule and headline) and `kualitas_karantina`. This module only compares the two results by id.

Each store is read for its own default period as of the latest load (runner.default_period with the load's date
as today): what the dashboard showed by default just before the load and what it shows after it. Comparing
both for the after-store's period instead would read a week the earlier store never had as missed by everyone.
An explicit period (the CLI's --dari/--sampai) is used for both stores.

Categories, among the communities the scope and the filters (kab/kota, jenis, jenjang, ambang, libur) select:
berisiko_baru — in both stores, at risk after and not before; aktif_kembali — in both, at risk before and not
after; terdaftar_baru — only after; berhenti — in both, active in the 4 weeks before and not after;
karantina_baru — quarantined rows waiting after that were not there before (by id_karantina, which a copy-on-
write store keeps). Edits made after the load (a mapping) are part of "after".
Never imports streamlit.
"""
from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from queries.runner import Filters, default_period, run_query
from queries.scope import ADMIN, Scope
from store import cow, database, versions
from store.schema import SCHEMA_VERSION

KATEGORI = {  # key -> (label in the summary line, heading of its list)
    "berisiko_baru": ("komunitas baru berisiko", "Baru berisiko"),
    "aktif_kembali": ("aktif kembali", "Aktif kembali"),
    "terdaftar_baru": ("komunitas baru terdaftar", "Baru terdaftar"),
    "berhenti": ("berhenti bertemu (4 minggu tanpa kegiatan)", "Berhenti bertemu"),
    "karantina_baru": ("baris baru dikarantina", "Baris baru dikarantina"),
}
KOLOM_KOMUNITAS = ["id_komunitas", "nama_komunitas", "kode_kabkota", "kabkota"]
KOLOM_KARANTINA = ["id_karantina", "sumber_file", "sumber_baris", "kolom", "alasan", "kode_kabkota", "kabkota"]
KOLOM_TABEL = ["kategori", *KOLOM_KOMUNITAS, *[c for c in KOLOM_KARANTINA if c not in KOLOM_KOMUNITAS]]
BATAS_DAFTAR = 10  # names per category in the text: a WhatsApp message, not a report
_BULAN = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
_SEBELUM = "sebelum"  # the catalog the previous version is attached as


class TidakAdaPembanding(Exception):
    """No store to compare with (first load, versions switched off or pruned, a restore since): the message
    says which, in Indonesian."""


@dataclass(frozen=True)
class Perubahan:
    versi: str  # the version the latest load kept
    unggahan_pada: datetime  # when the latest load was committed
    berkas: tuple[str, ...]  # the files that load added
    periode_sebelum: tuple[date, date]
    periode_sesudah: tuple[date, date]
    daftar: dict[str, pd.DataFrame] = field(default_factory=dict)  # KATEGORI key -> its rows

    def jumlah(self) -> dict[str, int]:
        return {k: len(self.daftar[k]) for k in KATEGORI}

    @property
    def kosong(self) -> bool:
        return not any(self.jumlah().values())

    def teks(self) -> str:
        """Plain text to paste into a WhatsApp group: no markdown, one list per category with changes."""
        sejak = f"sejak unggahan {tanggal(self.unggahan_pada.date())}"
        data = f"data s.d. {tanggal(self.periode_sesudah[1])}"
        if self.kosong:
            return (f"Tidak ada perubahan {sejak} ({data}): tidak ada komunitas baru berisiko, aktif kembali, baru "
                    "terdaftar atau berhenti bertemu, dan tidak ada baris baru dikarantina.")
        n = self.jumlah()
        ringkas = ", ".join(f"{angka(n[k])} {label}" for k, (label, _) in KATEGORI.items() if n[k])
        baris = [f"Perubahan {sejak} ({data}): {ringkas}."]
        for k, (_, judul) in KATEGORI.items():
            df = self.daftar[k]
            if df.empty:
                continue
            baris += ["", f"{judul} ({angka(len(df))}):"]
            if k == "karantina_baru":
                per_berkas = df.groupby("sumber_file", sort=True).size()
                baris += [f"- {nama}: {angka(j)} baris" for nama, j in per_berkas.head(BATAS_DAFTAR).items()]
                sisa = len(per_berkas) - BATAS_DAFTAR
                if sisa > 0:
                    baris.append(f"- dan {angka(sisa)} berkas lainnya")
                continue
            for r in df.head(BATAS_DAFTAR).itertuples():
                baris.append(f"- {r.nama_komunitas or r.id_komunitas} ({r.kabkota or 'kab/kota belum diketahui'})")
            if len(df) > BATAS_DAFTAR:
                baris.append(f"- dan {angka(len(df) - BATAS_DAFTAR)} lainnya")
        return "\n".join(baris)

    def tabel(self) -> pd.DataFrame:
        """Every listed row with its category, for a CSV (one row per community or quarantined row)."""
        parts = [self.daftar[k].assign(kategori=k) for k in KATEGORI if not self.daftar[k].empty]
        if not parts:
            return tabel_kosong()
        return pd.concat(parts, ignore_index=True).reindex(columns=KOLOM_TABEL)


def tabel_kosong() -> pd.DataFrame:
    """The CSV's columns with no row (nothing changed, or nothing to compare with)."""
    return pd.DataFrame({c: pd.Series([], dtype="object") for c in KOLOM_TABEL})


def angka(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def tanggal(d: date) -> str:
    return f"{d.day} {_BULAN[d.month - 1]} {d.year}"


def versi_unggahan_terakhir(db: Path) -> versions.Version:
    """The version the latest load kept: the store just before that load. Refused (TidakAdaPembanding) when there
    is none, or when a restore or the removal of sample data came after it (the store is then not that load's)."""
    for v in versions.list_versions(db):
        tindakan = v.record.get("tindakan")
        if tindakan == "muat":
            return v
        if tindakan in ("pulihkan", "hapus_contoh"):
            raise TidakAdaPembanding(
                f"Setelah unggahan terakhir ada {v.tindakan} ({v.dibuat_pada.replace('T', ' ')}), jadi data sekarang "
                "bukan hasil unggahan itu; perbandingan tersedia lagi setelah unggahan berikutnya.")
    if versions.keep_count() <= 0:
        raise TidakAdaPembanding("Versi penyimpanan tidak disimpan (KOMBEL_VERSI=0), jadi tidak ada data sebelum "
                                 "unggahan terakhir untuk dibandingkan.")
    raise TidakAdaPembanding("Belum ada unggahan sebelumnya untuk dibandingkan: perbandingan muncul setelah "
                             "unggahan berikutnya (versi sebelum unggahan tidak ada atau sudah terhapus).")


def hitung(db: Path, filters: Filters | None = None, scope: Scope = ADMIN,
           periode: tuple[date, date] | None = None) -> Perubahan:
    """The digest for `scope` and the non-period `filters`; `periode` fixes one period for both stores."""
    db = Path(db)
    versi = versi_unggahan_terakhir(db)
    skema = versi.versi_skema
    if skema is not None and skema < SCHEMA_VERSION:
        raise TidakAdaPembanding(f"Data sebelum unggahan terakhir (versi {versi.id}) memakai skema lama "
                                 f"(v{skema}); perbandingan tersedia lagi setelah unggahan berikutnya.")
    try:
        unggahan_pada = datetime.fromisoformat(versi.dibuat_pada)
    except ValueError:
        unggahan_pada = datetime.fromtimestamp(versi.path.stat().st_mtime)
    con = database.open_readonly(db)
    try:
        dasar = filters or Filters(dari=date.today(), sampai=date.today())
        hari = unggahan_pada.date()
        try:  # every read of the previous version: pruned meanwhile or damaged = nothing to compare, said plainly
            with cow.translated(versi.path, writing=False):
                con.execute(f"attach ? as {_SEBELUM} (read_only)", [str(versi.path)])
                sebelum = con.cursor()
                sebelum.execute(f"use {_SEBELUM}")
                if run_query(sebelum, "data_info", dasar).jumlah_berkas.iloc[0] == 0:
                    raise TidakAdaPembanding("Unggahan terakhir adalah unggahan pertama: belum ada data sebelumnya "
                                             "untuk dibandingkan.")
                p_sebelum = periode or default_period(sebelum, scope, today=hari)
                f_sebelum = dataclasses.replace(dasar, dari=p_sebelum[0], sampai=p_sebelum[1])
                komunitas_lalu = run_query(sebelum, "perubahan_komunitas", f_sebelum, scope)
                karantina_lalu = run_query(sebelum, "kualitas_karantina", f_sebelum, scope)
        except cow.StoreError as e:
            raise TidakAdaPembanding(f"Data sebelum unggahan terakhir (versi {versi.id}) tidak bisa dibaca: {e}") \
                from None
        sesudah = database.cursor(con)
        p_sesudah = periode or default_period(sesudah, scope, today=hari)
        f_sesudah = dataclasses.replace(dasar, dari=p_sesudah[0], sampai=p_sesudah[1])
        daftar = _komunitas(komunitas_lalu, run_query(sesudah, "perubahan_komunitas", f_sesudah, scope))
        baru = run_query(sesudah, "kualitas_karantina", f_sesudah, scope)
        daftar["karantina_baru"] = baru.loc[~baru.id_karantina.isin(karantina_lalu.id_karantina), KOLOM_KARANTINA] \
            .sort_values(["sumber_file", "sumber_baris", "id_karantina"]).reset_index(drop=True)
    finally:
        with contextlib.suppress(duckdb.Error):
            con.close()
    return Perubahan(versi.id, unggahan_pada, tuple(b.get("nama", "") for b in versi.berkas), p_sebelum,
                     p_sesudah, daftar)


def _komunitas(sebelum: pd.DataFrame, sesudah: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The community categories: a comparison of the two results by id_komunitas, nothing recomputed."""
    lalu = sebelum.set_index("id_komunitas")[["berisiko", "aktif_4_minggu"]]
    ada = sesudah.id_komunitas.isin(lalu.index)
    berisiko_lalu = sesudah.id_komunitas.map(lalu.berisiko).fillna(False).astype(bool)
    aktif_lalu = sesudah.id_komunitas.map(lalu.aktif_4_minggu).fillna(False).astype(bool)
    berisiko, aktif = sesudah.berisiko.astype(bool), sesudah.aktif_4_minggu.astype(bool)
    pilih = {
        "berisiko_baru": ada & berisiko & ~berisiko_lalu,
        "aktif_kembali": ada & ~berisiko & berisiko_lalu,
        "terdaftar_baru": ~ada,
        "berhenti": ada & ~aktif & aktif_lalu,
    }
    return {k: sesudah.loc[m, KOLOM_KOMUNITAS].reset_index(drop=True) for k, m in pilih.items()}
