"""Shared helpers: realistic generated loads (big enough to take seconds) and a store fingerprint."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path
from random import Random

from store import database as store
from tests.support import ROOT

KABKOTA = ("KAB. BANDUNG", "Kota Bandung", "Kabupaten Garut", "KAB BOGOR", "Kota Bekasi", "Kab. Cirebon",
           "Kota Tasikmalaya", "Kabupaten Sumedang")
TOPIK = ("Penyusunan Modul Ajar", "Asesmen Diagnostik", "Projek Penguatan Profil Pelajar Pancasila",
         "Pembelajaran Berdiferensiasi", "Refleksi Pembelajaran", "Literasi dan Numerasi")
_VOLATILE_META = ("data_version", "diperbarui_pada")


def write_komunitas(path: Path, n: int, seed: int, start: int = 0) -> None:
    """A PMM community registry export (`,` CSV), communities KOM-<start>..KOM-<start+n-1>."""
    rng = Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["ID Komunitas", "Nama Komunitas", "Jenis Komunitas", "NPSN", "Kabupaten/Kota", "Provinsi",
                    "Jenjang", "Nama Penggerak", "Email Penggerak", "Jumlah Anggota", "Tanggal Terdaftar",
                    "Status PMM"])
        for i in range(start, start + n):
            w.writerow([f"KOM-{i:06d}", f"Kombel Gugus {i} {rng.choice(TOPIK)[:10]}", "Antar Sekolah", "",
                        rng.choice(KABKOTA), "Jawa Barat", rng.choice(("SD", "SMP", "SMA")), "Siti Aminah",
                        f"guru{i}@guru.sd.belajar.id", rng.randint(3, 40),
                        f"{rng.randint(1, 28):02d}/0{rng.randint(6, 9)}/2022", rng.choice(("Ya", "Belum"))])


def write_kegiatan(path: Path, rows: int, communities: int, seed: int) -> None:
    """A PMM activity export (`,` CSV) spread over Aug–Dec 2022 for KOM-000000..communities-1."""
    rng = Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["ID Komunitas", "Tanggal", "Durasi (menit)", "Topik", "Jenis Kegiatan", "Moda",
                    "Peserta Hadir", "Tautan Dokumentasi"])
        for i in range(rows):
            w.writerow([f"KOM-{rng.randrange(communities):06d}",
                        f"2022-{rng.randint(8, 12):02d}-{rng.randint(1, 28):02d}", rng.choice((60, 90, 120, "")),
                        f"{rng.choice(TOPIK)} {rng.randrange(400)}", "Belajar Bersama",
                        rng.choice(("Luring", "Daring")), rng.randint(3, 30), f"https://drive.google.com/{i}"])


def loader_cmd(db: Path, *files: Path) -> list[str]:
    return [sys.executable, "-m", "data_loaders", "--db", str(db), *map(str, files)]


def run_loader(db: Path, *files: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(loader_cmd(db, *files), cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def fingerprint(path: Path) -> dict[str, tuple[int, int]]:
    """Per table: (row count, order-independent checksum of every row).

    Load timestamps (TIMESTAMP columns and the meta keys a commit stamps) differ between two runs of
    the same load, so they are left out; everything else must match exactly. Reading every column of
    every table also makes DuckDB verify the block checksums of the whole file.
    """
    con = store.open_readonly(path)
    try:
        tables = [t for (t,) in con.execute(
            "select table_name from duckdb_tables() where database_name = 'db' order by 1").fetchall()]
        out: dict[str, tuple[int, int]] = {}
        for table in tables:
            cols = [c for (c,) in con.execute(
                "select column_name from duckdb_columns() where database_name = 'db' and table_name = ? "
                "and data_type not like 'TIMESTAMP%' order by column_index", [table]).fetchall()]
            where = f" where kunci not in {_VOLATILE_META}" if table == "meta" else ""
            row = ", ".join(f'"{c}"' for c in cols)
            count, checksum = con.execute(
                f'select count(*), coalesce(sum(hash({row}))::hugeint, 0) from "{table}"{where}').fetchone()
            out[table] = (int(count), int(checksum))
        return out
    finally:
        con.close()


def temp_copies(path: Path) -> list[Path]:
    """Private copies a load writes next to the store (left behind only by a killed process)."""
    return sorted(path.parent.glob(f".{path.name}.*.tmp*"))
