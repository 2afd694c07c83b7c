"""Run a named query (`queries/<name>.sql`) with bound parameters and the user's scope.

Every query file must filter by `$kabkota`: the runner always binds it to the user's
kab/kota filter intersected with their scope (METRICS §8), and refuses a query that
does not use it, so no caller can forget the region restriction.
Never imports streamlit.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from queries.scope import ADMIN, Scope

QUERY_DIR = Path(__file__).resolve().parent
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class Filters:
    """The common parameters of every output (METRICS §8, §3.4, §3.7)."""

    dari: date
    sampai: date
    kabkota: tuple[str, ...] = ()
    jenis: str | None = None
    jenjang: str | None = None
    ambang: float = 100.0
    libur: tuple[date, ...] = field(default=())  # Mondays of school-holiday weeks


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERY_DIR.glob("*.sql"))


@cache
def sql_text(name: str) -> str:
    if name not in query_names():  # whitelist: a name never becomes a path of the caller's choosing
        raise KeyError(f"Kueri '{name}' tidak ada. Pilihan: {', '.join(query_names())}")
    text = (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")
    if "$kabkota" not in text:
        raise ValueError(f"queries/{name}.sql tidak memfilter $kabkota (lingkup wilayah wajib).")
    return text


def bind_params(name: str, filters: Filters, scope: Scope, extra: dict | None = None) -> dict:
    values = asdict(filters) | (extra or {})
    values["kabkota"] = scope.effective_kabkota(filters.kabkota)
    values["libur"] = list(filters.libur)
    used = set(_PARAM.findall(sql_text(name)))
    missing = used - values.keys()
    if missing:
        raise KeyError(f"Kueri '{name}' butuh parameter: {', '.join(sorted(missing))}")
    return {k: values[k] for k in used}


def run_query(
    con: duckdb.DuckDBPyConnection,
    name: str,
    filters: Filters,
    scope: Scope = ADMIN,
    extra: dict | None = None,
) -> pd.DataFrame:
    """`con` is a connection or cursor on the store (see data_loaders.store.cursor)."""
    return con.execute(sql_text(name), bind_params(name, filters, scope, extra)).df()
