"""The `meta` table every store carries: key/value bookkeeping (schema version, data version, ...)."""
from __future__ import annotations

import duckdb


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    has_meta = con.execute(
        "select count(*) from information_schema.tables "
        "where table_name = 'meta' and table_catalog = current_database()"
    ).fetchall()[0][0]
    if not has_meta:
        return 0
    row = next(iter(con.execute("select nilai from meta where kunci = 'schema_version'").fetchall()), None)
    return int(row[0]) if row else 0


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("insert or replace into meta values (?, ?)", [key, value])


def get_meta(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = next(iter(con.execute("select nilai from meta where kunci = ?", [key]).fetchall()), None)
    return row[0] if row else None
