"""How tests build stores, for every level: copy the session's empty store, write rows straight into it
(`insert` and the thin `add_*` helpers, provenance filled in) or load export files through the real loader,
then read it as the app does. The rows themselves belong to the test module (or tests/fixtures/<dataset>)."""
from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import count
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from data_loaders.kinds.refleksi import periode as periode_of
from data_loaders.load import Source, load_files
from data_loaders.themes import classify_pending
from queries.runner import Filters, run_query
from queries.scope import ADMIN, Scope
from store import app_state, rollup
from store.database import open_readonly, write_transaction

ROOT = Path(__file__).resolve().parent.parent
LOADED_AT = datetime(2024, 6, 1, 8, 0)
PROVENANCE = ("sumber_file", "sumber_baris", "dimuat_pada")


# --- store files ----------------------------------------------------------------------------------------------

def copy_store(template: Path, directory: Path, name: str = "kombel.duckdb") -> Path:
    """A private copy of a store and its app state: building the schema costs far more than copying the files."""
    path = directory / name
    shutil.copyfile(template, path)
    if app_state.app_path(template).exists():
        shutil.copyfile(app_state.app_path(template), app_state.app_path(path))
    return path


def load_store(path: Path, files: Iterable[Path], *, classify: bool = False) -> Path:
    """Load export files into the store at `path` through the real loader; `classify` then themes the
    reflections whatever the loader's own setting (a no-op once the loader classifies on its own)."""
    load_files(path, [Source.from_path(p) for p in files])
    if classify:
        with write_transaction(path) as con:
            classify_pending(con)
    return path


# --- rows -------------------------------------------------------------------------------------------------------

_has_provenance: dict[str, bool] = {}


def insert(con: duckdb.DuckDBPyConnection, table: str, **values: Any) -> None:
    """One row; a table's provenance columns default to `<table>.csv`, line 2, loaded at LOADED_AT."""
    if table not in _has_provenance:
        columns = {r[0] for r in con.execute(f"describe {table}").fetchall()}
        _has_provenance[table] = set(PROVENANCE) <= columns
    if _has_provenance[table]:
        values = {"sumber_file": f"{table}.csv", "sumber_baris": 2, "dimuat_pada": LOADED_AT, **values}
    con.execute(f"insert into {table} ({', '.join(values)}) values ({', '.join('?' for _ in values)})",
                list(values.values()))


def add_komunitas(
    con: duckdb.DuckDBPyConnection,
    id_komunitas: str,
    *,
    jenis: str | None = "antar_sekolah",
    kode_kabkota: str = "32.04",
    tanggal_terdaftar: date | None = None,
    npsn: str | None = None,
    jenjang: str | None = "SD",
    terdaftar_pmm: bool | None = True,
    nama_komunitas: str | None = None,
    penggerak_nama: str | None = None,
    penggerak_email: str | None = None,
    **extra: Any,
) -> None:
    nama = nama_komunitas or f"Kombel {id_komunitas}"
    insert(con, "komunitas", id_komunitas=id_komunitas, nama_komunitas=nama, nama_normal=nama.casefold(), jenis=jenis,
           npsn=npsn, kode_kabkota=kode_kabkota, jenjang=jenjang, penggerak_nama=penggerak_nama,
           penggerak_email=penggerak_email, jumlah_anggota=10, tanggal_terdaftar=tanggal_terdaftar,
           terdaftar_pmm=terdaftar_pmm, **extra)


_seq = count(1)  # ids and source lines of generated rows, unique across a session


def add_kegiatan(
    con: duckdb.DuckDBPyConnection,
    id_komunitas: str,
    tanggal: date,
    durasi_menit: int | None = None,
    *,
    bentuk: str | None = "belajar bersama",
    moda: str | None = "luring",
    **extra: Any,
) -> None:
    """Written to kegiatan directly: TinyStore.build refreshes the rollups, as a load would."""
    n = next(_seq)
    insert(con, "kegiatan", **{
        "id_kegiatan": f"k{n}", "id_komunitas": id_komunitas, "tanggal": tanggal, "durasi_menit": durasi_menit,
        "topik": f"Topik {n}", "bentuk": bentuk, "moda": moda, "jumlah_peserta": 8, "tautan_dokumentasi": None,
        "sumber_baris": n + 1, **extra})


def add_sekolah(
    con: duckdb.DuckDBPyConnection, npsn: str, *, kode_kabkota: str = "32.04", jenjang: str = "SD", **extra: Any
) -> None:
    insert(con, "sekolah", **{"npsn": npsn, "nama_sekolah": f"SD Negeri {npsn}", "jenjang": jenjang,
                              "kode_kabkota": kode_kabkota, "jalur_ikm": "mandiri berubah",
                              "sumber_file": "sekolah.xlsx", **extra})


def add_refleksi(
    con: duckdb.DuckDBPyConnection,
    id_komunitas: str,
    tanggal: date,
    komponen: str = "hal_baik",
    *,
    jawaban: str = "Pertemuan rutin berjalan baik",
    periode: str | None = None,
    id_refleksi: str | None = None,
    **extra: Any,
) -> None:
    """`periode` defaults to the two-month block of `tanggal`, as the loader sets it."""
    n = next(_seq)
    insert(con, "refleksi", **{
        "id_refleksi": id_refleksi or f"r{n}", "id_komunitas": id_komunitas, "tanggal": tanggal,
        "periode": periode or periode_of(tanggal), "komponen": komponen, "jawaban": jawaban,
        "sumber_baris": n + 1, **extra})


def add_penggerak(
    con: duckdb.DuckDBPyConnection, penggerak_email: str, *, penggerak_nama: str | None = None,
    kode_kabkota: str | None = None, **extra: Any,
) -> None:
    insert(con, "penggerak", penggerak_email=penggerak_email, penggerak_nama=penggerak_nama,
           kode_kabkota=kode_kabkota, **extra)


# --- tiny hand-made stores ------------------------------------------------------------------------------------

@dataclass
class TinyStore:
    """A store file plus a read-only connection opened after the rows were written."""

    path: Path
    _con: duckdb.DuckDBPyConnection | None = field(default=None, repr=False)

    def build(self, fill: Callable[[duckdb.DuckDBPyConnection], None]) -> TinyStore:
        with write_transaction(self.path) as con:
            fill(con)
            rollup.rebuild(con)  # add_kegiatan writes kegiatan directly, as the loader's refresh would not see
        return self

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            self._con = open_readonly(self.path)
        return self._con

    def run(self, name: str, scope: Scope = ADMIN, **filters: Any) -> pd.DataFrame:
        return run_query(self.con, name, Filters(**filters), scope)

    def rows(self, name: str, key: str = "id_komunitas", **filters: Any) -> dict[str, dict[str, Any]]:
        """Rows keyed by `key`, with NA turned into None so tests compare plain values."""
        df = self.run(name, **filters).astype(object)
        df = df.where(df.notna(), None)
        return {r[key]: r for r in df.to_dict("records")}

    def close(self) -> None:
        if self._con is not None:
            self._con.close()


def new_store(template: Path, directory: Path) -> TinyStore:
    return TinyStore(copy_store(template, directory))


def module_store(fill: Callable[[duckdb.DuckDBPyConnection], None]):
    """A fixture: one store per test module, filled once and only read by its tests."""

    @pytest.fixture(scope="module")
    def store(store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TinyStore]:
        built = new_store(store_template, tmp_path_factory.mktemp("store")).build(fill)
        yield built
        built.close()

    return store


def store_contents(db: Path) -> dict[str, list[str]]:
    """Every row of every table (sorted), the meta row a commit stamps with a fresh id (data_version) aside."""
    con = duckdb.connect(":memory:")
    try:
        con.execute("attach ? as db (read_only)", [str(db)])
        tables = [t for (t,) in con.execute(
            "select table_name from duckdb_tables() where database_name = 'db' order by 1").fetchall()]
        out = {}
        for t in tables:
            where = " where kunci <> 'data_version'" if t == "meta" else ""
            out[t] = sorted(repr(r) for r in con.execute(f'select * from db."{t}"{where}').fetchall())
        return out
    finally:
        con.close()
