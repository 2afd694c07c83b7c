"""Run a named query (`queries/<name>.sql`) with bound parameters and the user's scope.

Every query file must filter by `$kabkota`: the runner always binds it to the user's
kab/kota filter intersected with their scope (METRICS §8), and refuses a query that
does not use it, so no caller can forget the region restriction.

Composition (like dbt's `ref`): `{{ name }}` in a query is replaced by the text of
`queries/name.sql` — a full query, or a partial `_name.sql` (not runnable on its own) —
so shared logic such as the community-week facts is written once. Only file names are
substituted, never user values; those stay bound parameters.
Parameters beyond Filters (a search text, ranking weights, ...) are declared with their
default in the query's header, one per line: `-- @default cari: ""` (the value is JSON), so
every query also runs with Filters alone (CLI, snapshot, tests).
Never imports streamlit.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from queries.scope import ADMIN, Scope

QUERY_DIR = Path(__file__).resolve().parent
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")  # header comments may name parameters a query does not bind
_DEFAULT = re.compile(r"^--\s*@default\s+([a-z_][a-z0-9_]*)\s*:\s*(.+?)\s*$", re.MULTILINE)
_REF = re.compile(r"\{\{\s*(_?[a-z][a-z0-9_]*)\s*\}\}")
_PLAIN = duckdb.connect()  # holds no data; converts results (see _frame)
# Results pass through Arrow (see _frame). Arrow's default allocator keeps freed memory for reuse, which at
# national scale grew a server's memory from 1.7 GB to 8.4 GB over the pages; the system allocator returns it.
pa.set_memory_pool(pa.system_memory_pool())


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
    """Runnable queries; `_partial.sql` files are only building blocks."""
    return sorted(p.stem for p in QUERY_DIR.glob("*.sql") if not p.stem.startswith("_"))


def _expand(name: str, stack: tuple[str, ...] = ()) -> str:
    if name in stack:
        raise ValueError(f"Kueri saling merujuk: {' -> '.join(stack + (name,))}")
    path = QUERY_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"Kueri '{name}' tidak ada. Pilihan: {', '.join(query_names())}")
    text = path.read_text(encoding="utf-8")
    return _REF.sub(lambda m: _expand(m.group(1), stack + (name,)), text)


@cache
def sql_text(name: str) -> str:
    """The query with its `{{ refs }}` expanded."""
    if name not in query_names():  # whitelist: a name never becomes a path of the caller's choosing
        raise KeyError(f"Kueri '{name}' tidak ada. Pilihan: {', '.join(query_names())}")
    text = _expand(name)
    if "$kabkota" not in text:
        raise ValueError(f"queries/{name}.sql tidak memfilter $kabkota (lingkup wilayah wajib).")
    return text


@cache
def param_defaults(name: str) -> dict:
    """The `-- @default name: <json>` declarations of a query (and of the partials it uses)."""
    return {k: json.loads(v) for k, v in _DEFAULT.findall(sql_text(name))}


def bind_params(name: str, filters: Filters, scope: Scope, extra: dict | None = None) -> dict:
    values = asdict(filters) | param_defaults(name) | (extra or {})
    values["kabkota"] = scope.effective_kabkota(filters.kabkota)
    values["libur"] = list(filters.libur)
    used = set(_PARAM.findall(_COMMENT.sub("", sql_text(name))))
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
    """`con` is a connection or cursor on the store (see store.database.cursor)."""
    return _frame(con.sql(sql_text(name), params=bind_params(name, filters, scope, extra)).to_arrow_table())


def _frame(table: pa.Table) -> pd.DataFrame:
    """The result as DuckDB's `.df()` would give it, but with the text columns converted by Arrow:
    `.df()` spends about 4x as long on text (0.4 s CPU for 350,000 rows of three text columns)."""
    text = [f.name for f in table.schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
            or pa.types.is_string_view(f.type)]
    rest = [c for c in table.column_names if c not in text]
    parts = [table.select(text).to_pandas()] if text else []
    if rest or not text:
        # A plain in-memory connection keeps the row order (the store's connections may not: see
        # store.readonly_config) and gives the other columns exactly .df()'s dtypes.
        with _PLAIN.cursor() as plain:
            parts.append(plain.from_arrow(table.select(rest)).df())
    return pd.concat(parts, axis=1)[table.column_names] if len(parts) > 1 else parts[0]


def _last_sunday(d: date) -> date:
    """The last Sunday on or before `d`: the end of the last complete ISO week."""
    return d - timedelta(days=d.isoweekday() % 7)


def default_period(
    con: duckdb.DuckDBPyConnection, scope: Scope = ADMIN, today: date | None = None
) -> tuple[date, date]:
    """All loaded activity in the user's scope, up to the last complete week.

    dari = the first activity date; sampai = the last Sunday on or before
    min(last activity date, today). With no activity (or all of it in the current,
    incomplete week): the 8 complete weeks ending on that Sunday.
    """
    today = today or date.today()
    # data_info ignores the period: any Filters will do.
    info = run_query(con, "data_info", Filters(dari=today, sampai=today), scope).iloc[0]
    first = None if pd.isna(info.tanggal_awal) else pd.Timestamp(info.tanggal_awal).date()
    last = None if pd.isna(info.tanggal_akhir) else pd.Timestamp(info.tanggal_akhir).date()
    sampai = _last_sunday(min(last, today) if last else today)
    if first is None or first > sampai:
        return sampai - timedelta(weeks=8, days=-1), sampai
    return first, sampai
