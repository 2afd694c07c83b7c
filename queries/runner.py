"""Run a named query (`queries/<name>.sql`) with bound parameters and the user's scope.

The region restriction holds by construction (METRICS §8): a query names the tables it reads unqualified,
and a user restricted to some kab/kota (a wali wilayah) gets, ahead of the query, a CTE of each table's own
name that holds only what they may see — `queries/lingkup/<table>.sql`, bound to their kab/kota as
`$lingkup`. So a forgotten filter, a filter only in a comment, or a UNION of an unfiltered half reads those
views, never the tables behind them. The runner refuses, from DuckDB's own parse of the query, any
schema-qualified table (`db.kegiatan`, `main.kegiatan`), any table that has no view and is not in
READ_AS_IS, and any table function but a few that read nothing. A view marked `-- @untuk_semua` is given to
every user (`$lingkup` NULL: all rows): the app's own tables (catalog `app`), which queries name unqualified,
and karantina, whose view places each row in a kab/kota.

Every query file also filters by `$kabkota`, the user's kab/kota filter intersected with their scope, and
is refused if it does not use it (read by the parser: `$kabkota` in a comment does not count); a query
that reads only NON_REGIONAL_TABLES declares `-- @lingkup: semua_wilayah` instead.

Composition (like dbt's `ref`): `{{ name }}` in a query refers to `queries/name.sql` — a full
query, or a partial `_name.sql` (not runnable on its own) — so shared logic such as the
community-week facts is written once. The compiled query defines each file it refers to once, as a
CTE of the same name at the head of its `with` list (dependencies first), and each `{{ name }}`
becomes `select * from name`. A partial that reads a CTE its includer defines (declared
`-- @input: cte_name`) cannot sit at the head: it is defined in the includer's own `with` list,
just before the CTE that refers to it. Only file names are substituted, never user values; those
stay bound parameters. DuckDB materializes a CTE that is read more than once (e.g. _komunitas, _kalender);
measured against the pasted text of before on the national benchmark store, no query got slower, so the
composed CTEs carry no MATERIALIZED / NOT MATERIALIZED hint (partials keep their own, where measured).
Parameters beyond Filters (a search text, ranking weights, ...) are declared with their
default in the query's header, one per line: `-- @default cari: ""` (the value is JSON), so
every query also runs with Filters alone (CLI, snapshot, tests). The domain's ordered lists
(vocab.SQL_LISTS, e.g. `$urutan_komponen`) are bound to every query that uses them.
Never imports streamlit.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import math
import numbers
import os
import re
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from queries.scope import ADMIN, Scope
from vocab import SQL_LISTS

QUERY_DIR = Path(__file__).resolve().parent
SCOPE_DIR = QUERY_DIR / "lingkup"  # the scoped views, one per table: what a restricted user sees of it
# Data tables without a view: they hold nothing of any one region (files are counted by checksum only).
READ_AS_IS = frozenset({"meta", "wilayah", "berkas"})
# Tables a `-- @lingkup: semua_wilayah` query may read: they hold nothing of any one region.
NON_REGIONAL_TABLES = frozenset({"leksikon", "meta", "templat_pesan", "wilayah"})
# Table functions a query may call: they compute rows, they read nothing.
_PURE_TABLE_FUNCTIONS = frozenset({"unnest", "generate_series", "range"})
_DEFAULT = re.compile(r"^--\s*@default\s+([a-z_][a-z0-9_]*)\s*:\s*(.+?)\s*$", re.MULTILINE)
_LINGKUP = re.compile(r"^--\s*@lingkup\s*:\s*(\S+)\s*$", re.MULTILINE)
_FOR_EVERYONE = re.compile(r"^--\s*@untuk_semua\b", re.MULTILINE)
_INPUT = re.compile(r"^--\s*@input\s*:\s*([a-z_][a-z0-9_]*)", re.MULTILINE)
_REF = re.compile(r"\{\{\s*(_?[a-z][a-z0-9_]*)\s*\}\}")
# The opening line of a CTE in a `with` list, as every query file writes it: `name as (`.
_CTE_START = re.compile(r"^[a-z_][a-z0-9_]* as (?:(?:not )?materialized )?\([ \t]*$", re.MULTILINE)
_HEADER = re.compile(r"\A(?:[ \t]*(?:--[^\n]*)?\n)*")  # the leading comment (and blank) lines
_WITH = re.compile(r"with(?:\s+recursive)?\b\s*", re.IGNORECASE)
_PLAIN = duckdb.connect()  # holds no data; converts results (see _frame) and parses queries (see _tree)
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


def _unknown(name: str) -> KeyError:
    return KeyError(f"Kueri '{name}' tidak ada. Pilihan: {', '.join(query_names())}")


class _Composer:
    """Compiles one query of `directory`: its `{{ refs }}` become CTEs, each defined once."""

    def __init__(self, directory: Path, external: frozenset[str] = frozenset()) -> None:
        self.directory = directory
        self.external = external  # full queries read from a materialised result (Hasil), not composed in
        self.sources: dict[str, str] = {}
        self.hoisted: list[str] = []  # the CTEs at the head of the query, dependencies first

    def source(self, name: str) -> str:
        if name not in self.sources:
            path = self.directory / f"{name}.sql"
            if not path.is_file():
                raise _unknown(name)
            self.sources[name] = path.read_text(encoding="utf-8")
        return self.sources[name]

    def refs(self, name: str) -> list[str]:
        return list(dict.fromkeys(_REF.findall(self.source(name))))

    def is_local(self, name: str) -> bool:
        """A partial that reads a CTE of its includer (`-- @input:`): defined inside the includer."""
        return name.startswith("_") and _INPUT.search(self.source(name)) is not None

    def visit(self, name: str, stack: tuple[str, ...] = ()) -> None:
        """Depth first, so a file's dependencies are hoisted before it; a cycle is an error."""
        if name in stack:
            raise ValueError(f"Kueri saling merujuk: {' -> '.join(stack + (name,))}")
        for ref in self.refs(name):
            if ref in self.external:
                if ref not in self.hoisted:
                    self.hoisted.append(ref)
            elif self.is_local(ref):
                self.visit(ref, stack + (name,))
            elif ref not in self.hoisted:
                self.visit(ref, stack + (name,))
                self.hoisted.append(ref)

    def body(self, name: str) -> str:
        """The file's text with its local partials placed and every `{{ ref }}` a CTE reference."""
        text = self.source(name)
        for ref in self.refs(name):
            if self.is_local(ref):
                text = self._place(name, text, ref)
        return _REF.sub(lambda m: f"select * from {m.group(1)}", text)

    def _place(self, name: str, text: str, ref: str) -> str:
        at = next(m.start() for m in _REF.finditer(text) if m.group(1) == ref)
        opening = [m.start() for m in _CTE_START.finditer(text, 0, at)]
        needed = _INPUT.search(self.source(ref)).group(1)
        if not opening or not re.search(rf"^{needed} as ", text[:opening[-1]], re.MULTILINE):
            raise ValueError(f"queries/{name}.sql memakai {ref}, yang membaca CTE {needed}: tulis {{{{ {ref} }}}} "
                             f"di dalam CTE yang didahului CTE {needed}.")
        return text[:opening[-1]] + _cte(ref, self.body(ref)) + ",\n\n" + text[opening[-1]:]

    def compile(self, name: str, views: dict[str, str] | None = None) -> str:
        """The query with its refs hoisted, and `views` (table -> scoped view) ahead of everything."""
        self.visit(name)
        text = self.body(name)
        ctes = [_cte(table, body) for table, body in (views or {}).items()]
        ctes += [_cte(ref, f"select * from {_placeholder(ref)}" if ref in self.external else self.body(ref))
                 for ref in self.hoisted]
        if not ctes:
            return text
        head = _HEADER.match(text).end()
        ctes = ",\n\n".join(ctes)
        main = _WITH.match(text, head)
        if main:  # one `with` list: the hoisted CTEs, then the query's own
            return text[:main.end()].rstrip() + "\n\n" + ctes + ",\n\n" + text[main.end():]
        return text[:head] + "with\n\n" + ctes + "\n\n" + text[head:]


def _cte(name: str, body: str) -> str:
    return f"{name} as (\n{body.strip()}\n)"


def _placeholder(name: str) -> str:
    """Where a materialised list's table goes in a query that includes it (a quoted name no file can have)."""
    return f'"hasil:{name}"'


@dataclass(frozen=True)
class _Query:
    text: str
    parameters: tuple[tuple[str, int, int], ...]  # each `$name` in text: (name, UTF-8 byte offset, byte length)
    defaults: dict[str, Any]
    schemas: frozenset[str]  # the schemas (attached stores) it names: `app` for the app's state

    @property
    def used(self) -> set[str]:
        return {p for p, _, _ in self.parameters}


@cache
def _views() -> dict[str, tuple[str, bool]]:
    """table -> (its scoped view, whether every user reads the table through it: `-- @untuk_semua`, for the
    app's tables, which queries name unqualified, and for a view that adds what every query needs)."""
    views = {}
    for path in sorted(SCOPE_DIR.glob("*.sql")):
        body = path.read_text(encoding="utf-8").strip()
        everyone = _FOR_EVERYONE.search(body) is not None
        tables, _ = _reads(_tree(f"lingkup/{path.name}", body))
        if not everyone and any(schema == "app" for schema, _ in tables):
            raise ValueError(f"queries/lingkup/{path.name} membaca status aplikasi (app.*): tandai -- @untuk_semua.")
        views[path.stem] = (body, everyone)
    return views


@cache
def _compiled(directory: Path, name: str, restricted: bool, external: frozenset[str] = frozenset()) -> _Query:
    """The query as a user restricted to some kab/kota (`restricted`) or anyone else runs it; the full queries
    it includes that are in `external` read a placeholder table, replaced by their materialised result."""
    if name not in {p.stem for p in directory.glob("*.sql") if not p.stem.startswith("_")}:
        raise _unknown(name)  # whitelist: a name never becomes a path of the caller's choosing
    if external:
        _compiled(directory, name, restricted)  # every check on the whole query first
    composer = _Composer(directory, external)
    own = composer.compile(name)
    tables, functions = _reads(_tree(name, own))
    tables = {(s, t) for s, t in tables if not t.startswith("hasil:")}
    _check_reads(name, tables, functions)
    named = {table for _, table in tables}
    views = {t: body for t, (body, everyone) in _views().items() if t in named and (restricted or everyone)}
    text = composer.compile(name, views) if views else own
    tree = _tree(name, text)
    parameters = _parameters(name, text, tree)
    used = {p for p, _, _ in parameters}
    declared = _LINGKUP.findall(composer.source(name))
    if declared:
        if declared != ["semua_wilayah"]:
            raise ValueError(f"queries/{name}.sql: @lingkup hanya boleh 'semua_wilayah', bukan {declared}.")
        outside = sorted({t for _, t in tables} - NON_REGIONAL_TABLES)
        if outside:
            raise ValueError(
                f"queries/{name}.sql menyatakan @lingkup: semua_wilayah tetapi membaca {', '.join(outside)}; "
                f"tanpa $kabkota hanya boleh membaca {', '.join(sorted(NON_REGIONAL_TABLES))}.")
    elif "kabkota" not in used and not external:
        raise ValueError(f"queries/{name}.sql tidak memfilter $kabkota (lingkup wilayah wajib).")
    defaults = {k: json.loads(v) for k, v in _DEFAULT.findall(text)}
    return _Query(text, parameters, defaults, frozenset(s for s, _ in _reads(tree)[0] if s and s != "main"))


def _check_reads(name: str, tables: set[tuple[str, str]], functions: set[str]) -> None:
    """Refuse what would read past the scoped views (see the module docstring)."""
    qualified = sorted(f"{schema}.{table}" for schema, table in tables if schema)
    unknown = sorted({t for schema, t in tables if not schema} - _views().keys() - READ_AS_IS)
    calls = sorted(f"{f}()" for f in functions - _PURE_TABLE_FUNCTIONS)
    if qualified or unknown or calls:
        raise ValueError(
            f"queries/{name}.sql membaca {', '.join(qualified + unknown + calls)}: kueri hanya boleh menyebut "
            f"tabel tanpa skema yang punya tampilan berlingkup (queries/lingkup/) atau "
            f"{', '.join(sorted(READ_AS_IS))}.")


def _query(name: str, scope: Scope = ADMIN) -> _Query:
    return _compiled(QUERY_DIR, name, scope.restricted)


def schemas(name: str) -> frozenset[str]:
    """The schemas or attached stores the query reads, e.g. `app` (the app's state), through its views."""
    return _query(name).schemas


def sql_text(name: str, scope: Scope = ADMIN) -> str:
    """The compiled query for `scope`: its `{{ refs }}` and the scoped views as CTEs, `$params` unbound."""
    return _query(name, scope).text


def param_defaults(name: str) -> dict:
    """The `-- @default name: <json>` declarations of a query (and of the partials it uses)."""
    return dict(_query(name).defaults)


def _tree(name: str, text: str) -> dict:
    """DuckDB's own parse of the query (json_serialize_sql): what it really reads and binds."""
    with _PLAIN.cursor() as cur:
        tree = json.loads(cur.execute("select json_serialize_sql(?)", [text]).fetchall()[0][0])
    if tree.get("error"):
        raise ValueError(f"queries/{name}.sql tidak bisa diurai: {tree.get('error_message')}")
    if len(tree["statements"]) != 1:
        raise ValueError(f"queries/{name}.sql harus berisi tepat satu perintah select.")
    return tree


def _nodes(tree: Any):
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            yield node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _parameters(name: str, text: str, tree: dict) -> tuple[tuple[str, int, int], ...]:
    data = text.encode()
    found = {(n["query_location"], n["query_location_length"]): n["identifier"]
             for n in _nodes(tree) if n.get("type") == "VALUE_PARAMETER"}
    for (start, length), param in found.items():
        if data[start:start + length].decode(errors="replace") != f"${param}":  # the parser's own offsets
            raise ValueError(f"queries/{name}.sql: parameter ${param} tidak ditemukan di posisinya.")
    return tuple(sorted(((p, start, length) for (start, length), p in found.items()), key=lambda x: x[1]))


def _reads(tree: dict) -> tuple[set[tuple[str, str]], set[str]]:
    """The tables (schema or catalog, name; lowercase) and table functions the parsed query reads. A name that a
    CTE in scope defines is that CTE, as DuckDB binds it: a CTE is visible in the CTEs after it in its `with`
    list, in the query it heads and in nested queries; not in its own body (unless recursive) nor in earlier
    CTEs. A schema-qualified name is always a table."""
    tables: set[tuple[str, str]] = set()
    functions: set[str] = set()

    def walk(node: Any, ctes: frozenset[str]) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, ctes)
            return
        if not isinstance(node, dict):
            return
        entries = (node.get("cte_map") or {}).get("map") or []
        for entry in entries:
            walk(entry["value"], ctes)
            ctes = ctes | {entry["key"].lower()}
        kind = node.get("type")
        if kind == "RECURSIVE_CTE_NODE":
            ctes = ctes | {node["cte_name"].lower()}
        elif kind in ("BASE_TABLE", "SHOW_REF") and node.get("table_name"):
            table = node["table_name"].lower()
            schema = (node.get("catalog_name") or node.get("schema_name") or "").lower()
            if schema or table not in ctes:
                tables.add((schema, table))
        elif kind == "TABLE_FUNCTION":
            functions.add(node["function"]["function_name"].lower())
        for key, value in node.items():
            if key != "cte_map":
                walk(value, ctes)

    walk(tree, frozenset())
    return tables, functions


def sql_literal(value: Any) -> str:
    """`value` as a DuckDB literal of the type binding it gives (VARCHAR, DATE, DOUBLE, lists, NULL): for
    printing a query to read or paste (`runnable_sql`); the runner itself always binds."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return f"({int(value)})" if value < 0 else str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            return f"'{number}'::DOUBLE"
        return f"({number!r}::DOUBLE)" if number < 0 else f"{number!r}::DOUBLE"
    if isinstance(value, datetime):
        return f"TIMESTAMP '{value.isoformat(sep=' ')}'"
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(sql_literal(v) for v in value) + "]"
    raise TypeError(f"tidak bisa menulis {type(value).__name__} sebagai literal SQL")


def runnable_sql(name: str, params: dict, scope: Scope = ADMIN) -> str:
    """The compiled query with `params` (from bind_params) written in as literals, under a header that lists
    them: text to read, or to run as it is on the store (DuckDB CLI). For printing only."""
    query = _query(name, scope)
    data = query.text.encode()
    for param, start, length in reversed(query.parameters):
        data = data[:start] + sql_literal(params[param]).encode() + data[start + length:]
    header = [f"-- {name}: kueri terkompilasi; nilai parameter yang diikat sudah ditulis di dalam teks:"]
    header += [f"-- ${k} = " + re.sub(r"\r\n|\r|\n", "\n--     ", sql_literal(params[k])) for k in sorted(params)]
    if not params:
        header.append("-- (tanpa parameter)")
    return "\n".join(header) + "\n\n" + data.decode().rstrip() + "\n;\n"


def bind_params(name: str, filters: Filters, scope: Scope, extra: dict | None = None) -> dict:
    query = _query(name, scope)
    values = asdict(filters) | query.defaults | (extra or {})
    values |= {k: list(v) for k, v in SQL_LISTS.items()}  # the domain's lists: never a caller's choice
    values["lingkup"] = list(scope.kabkota) if scope.restricted else None  # the scoped views' region
    values["kabkota"] = scope.effective_kabkota(filters.kabkota)
    values["libur"] = list(filters.libur)
    missing = query.used - values.keys()
    if missing:
        raise KeyError(f"Kueri '{name}' butuh parameter: {', '.join(sorted(missing))}")
    return {k: values[k] for k in query.used}


def run_query(
    con: duckdb.DuckDBPyConnection,
    name: str,
    filters: Filters,
    scope: Scope = ADMIN,
    extra: dict | None = None,
    *,
    hasil: Hasil | None = None,
) -> pd.DataFrame:
    """`con` is a connection or cursor on the store (see store.database.cursor). With `hasil` (the connection's
    materialised results): a list already materialised for these parameters is read from there, and a query
    that includes a full query (`{{ penggerak_ranking }}` in a summary) reads that list materialised, once."""
    params = bind_params(name, filters, scope, extra)
    if hasil is None:
        return _frame(con.sql(sql_text(name, scope), params=params).to_arrow_table())
    for _ in range(3):  # a table evicted by another session between lookup and read: look up again
        try:
            own = hasil.lookup(name, scope, params)
            order, named = _own_order(name, scope.restricted)
            if own is not None and not named - {c.lower() for c in own.columns}:
                return _frame(con.sql(f"select * from {own.qualified} as _hal"
                                      + (f" order by {order}" if order else "")).to_arrow_table())
            text, bound = _reading_lists(hasil, con, name, scope, params)
            return _frame(con.sql(text, params=bound).to_arrow_table())
        except duckdb.CatalogException:
            continue
    return _frame(con.sql(sql_text(name, scope), params=params).to_arrow_table())


def _reading_lists(hasil: Hasil, con: duckdb.DuckDBPyConnection, name: str, scope: Scope,
                   params: dict) -> tuple[str, dict]:
    """The SQL of `name` and its parameters, every full query it includes read from its materialised result (made
    now if needed, itself reading the lists it includes): penggerak_ranking reads penggerak_eligibility's."""
    lists = _lists_in(name)
    if not lists:
        return sql_text(name, scope), params
    variant = _compiled(QUERY_DIR, name, scope.restricted, lists)
    text = variant.text
    for ref in lists:
        made = hasil.table(con, ref, scope, {k: params[k] for k in _query(ref, scope).used})
        text = text.replace(_placeholder(ref), made.qualified)
    return text, {k: params[k] for k in variant.used}


@cache
def _lists_in(name: str) -> frozenset[str]:
    """The full queries (not `_partials`) that `name` includes directly: read from their materialised result."""
    return frozenset(ref for ref in _Composer(QUERY_DIR).refs(name) if not ref.startswith("_"))


# --- Materialised results: a list computed once, paged many times (issue 19) ------------------------------------
# At national scale a list query (penggerak_ranking: 3.5 s) was run again for every page, sort, search, count and
# summary of it. The first time a list is needed for given (query, bound parameters, scope) on a connection, its
# whole result goes into a table of an in-memory catalog `hasil` attached to that connection (every cursor of it
# sees it); every later read is a scan of that table, with the query's own order applied again (a top-N of the
# page: 50-90 ms for 350,000 rows nationally; storing a row_number of that order cost 0.3-0.45 s per list).
# The results live with the connection of one data version (a load opens a new one); a list that reads the app's
# state (`app.`) is also keyed by the app version attached (`set_app_version`), so nothing stale is ever read.
# The total is bounded by bytes, as DuckDB counts its in-memory tables (duckdb_memory(), spilled blocks included),
# least recently used first out. A wali's result is computed through the scoped views, as
# run_query does; the key holds the scope, so it never serves admin or another region.
HASIL_ENV = "KOMBEL_HASIL_MB"
HASIL_MB = 256
_SERIAL = itertools.count(1)


@dataclass(frozen=True)
class Materialised:
    qualified: str  # hasil."t_..."
    columns: tuple[str, ...]  # the query's output columns


class Hasil:
    """The materialised lists of one connection (see above). Thread-safe: two sessions asking for the same list
    at once compute it once (the second waits for the first)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, max_bytes: int | None = None, app_version: str = "") -> None:
        if max_bytes is None:
            max_bytes = int(float(os.environ.get(HASIL_ENV, "").strip() or HASIL_MB) * 1024 * 1024)
        self.max_bytes = max_bytes
        self.computed = 0  # materialisations made (tests: a second page does not compute the list again)
        # The version of the app's state attached to the connection (ui/data.py): part of the key of a list that
        # reads `app.` (kontak_hasil), so an edit re-attached there is seen at once; other lists stay.
        self.app_version = app_version
        self._con = con
        self._lock = threading.Lock()
        self._tables: OrderedDict[str, Materialised] = OrderedDict()
        self._app_keys: set[str] = set()  # keys of the lists that read the app's state
        self._busy: dict[str, threading.Event] = {}
        con.execute("attach if not exists ':memory:' as hasil")

    @staticmethod
    def key(name: str, scope: Scope, params: dict, app_version: str = "") -> str:
        raw = repr((name, scope.restricted, scope.kabkota, sorted(params.items()), app_version))
        return hashlib.sha256(raw.encode()).hexdigest()[:24]

    def _key(self, name: str, scope: Scope, params: dict) -> str:
        return self.key(name, scope, params, self.app_version if "app" in schemas(name) else "")

    def set_app_version(self, app_version: str) -> None:
        """A newer app's state is attached: the lists that read it go (the others were computed from the same data
        and stay). A reader still scanning one keeps reading it; a lookup in between makes it again."""
        with self._lock:
            self.app_version = app_version
            gone = [self._tables.pop(k) for k in self._app_keys if k in self._tables]
            self._app_keys.clear()
        if gone:
            cur = self._con.cursor()
            try:
                for table in gone:
                    cur.execute(f"drop table if exists {table.qualified}")
            finally:
                cur.close()

    def lookup(self, name: str, scope: Scope, params: dict) -> Materialised | None:
        key = self._key(name, scope, params)
        with self._lock:
            found = self._tables.get(key)
            if found is not None:
                self._tables.move_to_end(key)
            return found

    def table(self, con: duckdb.DuckDBPyConnection, name: str, scope: Scope, params: dict) -> Materialised:
        """The materialised result of `name` for these bound parameters: made now, or by whoever made it first."""
        key = self._key(name, scope, params)
        while True:
            with self._lock:
                found = self._tables.get(key)
                if found is not None:
                    self._tables.move_to_end(key)
                    return found
                waiting = self._busy.get(key)
                if waiting is None:
                    done = self._busy[key] = threading.Event()
                    serial = next(_SERIAL)  # a fresh name: a dropped table's name may still be being dropped
            if waiting is None:
                break
            waiting.wait()  # made by another session (or it failed: then this one tries)
        try:
            made = self._make(con, name, scope, params, f'hasil."t_{key}_{serial}"')
            with self._lock:
                self._tables[key] = made
                if "app" in schemas(name):
                    self._app_keys.add(key)
                self.computed += 1
        finally:
            with self._lock:
                self._busy.pop(key, None)
            done.set()
        self._evict(con, keep=key)
        return made

    def _make(self, con, name: str, scope: Scope, params: dict, qualified: str) -> Materialised:
        text, bound = _reading_lists(self, con, name, scope, params)
        con.execute(f"create table {qualified} as select * from (\n{text}\n) as _hal", bound)
        return Materialised(qualified, tuple(con.sql(f"select * from {qualified}").columns))

    def bytes(self, con: duckdb.DuckDBPyConnection) -> int:
        """What the materialised tables take, as DuckDB counts them (in memory and spilled)."""
        return int(con.execute(
            "select coalesce(sum(memory_usage_bytes + temporary_storage_bytes), 0) from duckdb_memory() "
            "where tag = 'IN_MEMORY_TABLE'").fetchall()[0][0])

    def _evict(self, con: duckdb.DuckDBPyConnection, keep: str) -> None:
        """Least recently used out until the total fits (the list just made stays, however large)."""
        while self.bytes(con) > self.max_bytes:
            with self._lock:
                old = next((k for k in self._tables if k != keep), None)
                if old is None:
                    return
                gone = self._tables.pop(old)
            con.execute(f"drop table if exists {gone.qualified}")

    def names(self) -> list[str]:
        """The keys held, least recently used first (tests)."""
        with self._lock:
            return list(self._tables)


def _frame(table: pa.Table) -> pd.DataFrame:
    """The result as DuckDB's `.df()` would give it, but with the text columns converted by Arrow:
    `.df()` spends about 4x as long on text (0.4 s CPU for 350,000 rows of three text columns)."""
    text = [f.name for f in table.schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
            or pa.types.is_string_view(f.type)]
    rest = [c for c in table.column_names if c not in text]
    parts = [table.select(text).to_pandas()] if text else []
    if rest or not text:
        # A plain in-memory connection keeps the row order (the store's connections may not: see
        # store.cow.readonly_config) and gives the other columns exactly .df()'s dtypes.
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
    return period_from_info(run_query(con, "data_info", Filters(dari=today, sampai=today), scope), today)


def period_from_info(info: pd.DataFrame, today: date | None = None) -> tuple[date, date]:
    """`default_period` from data_info's row (a caller that has it already: ui/data.py runs data_info once)."""
    today = today or date.today()
    row = info.iloc[0]
    first = None if pd.isna(row.tanggal_awal) else pd.Timestamp(row.tanggal_awal).date()
    last = None if pd.isna(row.tanggal_akhir) else pd.Timestamp(row.tanggal_akhir).date()
    sampai = _last_sunday(min(last, today) if last else today)
    if first is None or first > sampai:
        return sampai - timedelta(weeks=8, days=-1), sampai
    return first, sampai


# --- Paging: one page of a query's rows and their total count, sorted and searched in DuckDB ------------------
# A page shows 50 rows of lists that reach 350,000 at national scale: sorting all of them and converting them to
# pandas is most of such a query's time. `run_page` wraps the compiled query (never edits its SQL): a WHERE on
# its output columns, an ORDER BY (the chosen column, then the query's own order) and LIMIT/OFFSET, all bound.
# Column names come only from the query's own output columns and are quoted; user text is always a parameter.

@dataclass(frozen=True)
class PageRequest:
    """Which rows of a query a page shows. `sort`: (output column, descending) pairs, ahead of the query's own
    order; `search`: text looked for (case-insensitive, literally) in `search_in`; `where`: (output column,
    value) pairs — the column equals the value (None: is NULL), or, for a tuple/list of values, holds one of
    them (None among them: or is NULL); `upto`: (output column, value) pairs, the column <= value; `present`:
    output columns that must not be NULL."""

    sort: tuple[tuple[str, bool], ...] = ()
    search: str = ""
    search_in: tuple[str, ...] = ()
    where: tuple[tuple[str, Any], ...] = ()
    upto: tuple[tuple[str, Any], ...] = ()
    present: tuple[str, ...] = ()
    limit: int | None = 50
    offset: int = 0


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def output_columns(con: duckdb.DuckDBPyConnection, name: str, filters: Filters, scope: Scope = ADMIN,
                   extra: dict | None = None) -> list[str]:
    """The query's output columns, from DuckDB's binding of it (nothing is run)."""
    return list(con.sql(sql_text(name, scope), params=bind_params(name, filters, scope, extra)).columns)


@cache
def _own_order(name: str, restricted: bool) -> tuple[str, frozenset[str]]:
    """The query's top-level ORDER BY as SQL text (empty if none) and the columns it names, read from DuckDB's
    parse: re-applied after a chosen sort so ties keep the query's order, and so a page is a slice of the list
    as `run_query` gives it (a subquery's ORDER BY does not order the query around it)."""
    text = _compiled(QUERY_DIR, name, restricted).text
    tree = _tree(name, text)
    orders = [m for m in tree["statements"][0]["node"].get("modifiers", []) if m["type"] == "ORDER_MODIFIER"]
    if not orders:
        return "", frozenset()
    named = frozenset(n["column_names"][-1].lower() for n in _nodes(orders) if n.get("type") == "COLUMN_REF")
    with _PLAIN.cursor() as cur:
        stub = json.loads(cur.execute("select json_serialize_sql('select 1 order by 1')").fetchall()[0][0])
        stub["statements"][0]["node"]["modifiers"] = orders
        sql = cur.execute("select json_deserialize_sql(?)", [json.dumps(stub)]).fetchall()[0][0]
    return sql[sql.upper().index(" ORDER BY ") + len(" ORDER BY "):], named


def paged_sql(con: duckdb.DuckDBPyConnection, name: str, filters: Filters, scope: Scope = ADMIN,
              extra: dict | None = None, request: PageRequest = PageRequest(), *,
              count: bool = True, hasil: Hasil | None = None) -> tuple[str, dict]:
    """The wrapped query and its parameters (see `run_page`); `count=False` leaves out the total (downloads).
    With `hasil`, it reads the list's materialised result (made now if it is not there yet)."""
    params = bind_params(name, filters, scope, extra)
    made = hasil.table(con, name, scope, params) if hasil is not None else None
    columns = list(made.columns) if made else list(con.sql(sql_text(name, scope), params=params).columns)
    if made:
        params = {}  # the table holds the result: the query's own parameters are not needed again
    known = {c.lower(): c for c in columns}

    def column(c: str) -> str:
        if not isinstance(c, str) or c.lower() not in known:
            raise ValueError(f"Kolom '{c}' tidak ada di hasil kueri {name}; pilihan: {', '.join(columns)}.")
        return _ident(known[c.lower()])

    conditions = []
    for i, (col, value) in enumerate(request.where):
        key = f"_hal_w{i}"
        if isinstance(value, (list, tuple, set, frozenset)):
            values = sorted(value, key=str) if isinstance(value, (set, frozenset)) else list(value)
            known_values = [v for v in values if v is not None]
            tests = [f"{column(col)} is null"] if None in values else []
            if known_values:  # (an empty list parameter has no element type to compare with)
                tests.append(f"list_contains(${key}, {column(col)})")
                params[key] = known_values
            conditions.append("(" + " or ".join(tests) + ")" if tests else "false")
        elif value is None:
            conditions.append(f"{column(col)} is null")
        else:
            conditions.append(f"{column(col)} = ${key}")
            params[key] = value
    for i, (col, value) in enumerate(request.upto):
        conditions.append(f"{column(col)} <= $_hal_u{i}")
        params[f"_hal_u{i}"] = value
    conditions += [f"{column(col)} is not null" for col in request.present]
    if request.search.strip() and request.search_in:
        text = " || ' ' || ".join(f"coalesce(cast({column(c)} as varchar), '')" for c in request.search_in)
        conditions.append(f"contains(lower({text}), lower($_hal_cari))")
        params["_hal_cari"] = request.search.strip()
    own, named = _own_order(name, scope.restricted)
    if named - set(known):
        raise ValueError(f"queries/{name}.sql diurutkan menurut kolom yang tidak dikeluarkannya: "
                         f"{', '.join(sorted(named - set(known)))}; tidak bisa dipecah per halaman.")
    order = [f"{column(c)} {'desc' if desc else 'asc'} nulls last" for c, desc in request.sort]
    order += [own] if own else []
    total = ", count(*) over () as _hal_jumlah" if count else ""
    if made:
        sql = f"select *{total} from {made.qualified} as _hal"
    else:
        sql = f"select *{total} from (\n{sql_text(name, scope)}\n) as _hal"
    if conditions:
        sql += "\nwhere " + "\n  and ".join(conditions)
    if order:
        sql += "\norder by " + ", ".join(order)
    if request.limit is not None:
        sql += "\nlimit $_hal_batas offset $_hal_lewati"
        params["_hal_batas"] = max(0, int(request.limit))
        params["_hal_lewati"] = max(0, int(request.offset))
    return sql, params


def run_page(con: duckdb.DuckDBPyConnection, name: str, filters: Filters, scope: Scope = ADMIN,
             extra: dict | None = None, request: PageRequest = PageRequest(), *,
             hasil: Hasil | None = None) -> tuple[pd.DataFrame, int]:
    """One page of the query's rows (as `run_query` types them) and how many rows match `request` in all.
    One statement: the total is `count(*) over ()` of the filtered rows, read off the page's first row (an
    offset past the end asks once more, for the count alone). With `hasil`: read from the list materialised."""
    for attempt in range(3):
        try:
            sql, params = paged_sql(con, name, filters, scope, extra, request, hasil=hasil)
            table = con.sql(sql, params=params).to_arrow_table()
            if table.num_rows:
                total = int(table.column("_hal_jumlah")[0].as_py())
            else:
                total = _count(con, name, filters, scope, extra, request, hasil)
            return _frame(table.drop_columns(["_hal_jumlah"])), total
        except duckdb.CatalogException:  # evicted by another session meanwhile: made again (or, last, unmaterialised)
            hasil = hasil if attempt < 1 else None
    raise AssertionError("unreachable")


def _count(con: duckdb.DuckDBPyConnection, name: str, filters: Filters, scope: Scope, extra: dict | None,
           request: PageRequest, hasil: Hasil | None = None) -> int:
    sql, params = paged_sql(con, name, filters, scope, extra, replace(request, sort=(), limit=None), count=False,
                            hasil=hasil)
    return int(con.execute(f"select count(*) from ({sql})", params).fetchall()[0][0])


def page_batches(con: duckdb.DuckDBPyConnection, name: str, filters: Filters, scope: Scope = ADMIN,
                 extra: dict | None = None, request: PageRequest = PageRequest(), batch_rows: int = 50_000, *,
                 hasil: Hasil | None = None):
    """Every row matching `request` (its limit and offset ignored), in its order, as frames of up to `batch_rows`
    rows (an Arrow record batch reader underneath): a download streamed to a file, never held whole. With
    `hasil`: read from the list materialised (the reader keeps reading it even if it is evicted meanwhile)."""
    sql, params = paged_sql(con, name, filters, scope, extra, replace(request, limit=None, offset=0), count=False,
                            hasil=hasil)
    reader = con.sql(sql, params=params).to_arrow_reader(batch_rows)
    for batch in reader:
        if batch.num_rows:
            yield _frame(pa.Table.from_batches([batch]))
