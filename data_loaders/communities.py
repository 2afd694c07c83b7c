"""Which community a row names: by id, else by normalised name within its kab/kota (METRICS §2), with the
user's mappings and the generic prefixes people add or leave out (`Kombel X` = `Komunitas Belajar X`)."""
from __future__ import annotations

import re
from collections.abc import Iterable

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from data_loaders import normalise as nz
from data_loaders.batch import Batch

# Generic words people put before a community's name, or leave out: `Kombel X` = `Komunitas Belajar X`.
_GENERIC_PREFIXES = ("komunitas belajar ", "kelompok belajar ", "kombel ", "komunitas ", "kb ")


_LOOSE_PREFIX = "^(?:" + "|".join(_GENERIC_PREFIXES) + ")"  # letters and spaces only: no escaping needed
_LOOSE_LINE = re.compile(_LOOSE_PREFIX, re.MULTILINE)


def loose_name(nama_normal: str) -> str:
    for prefix in _GENERIC_PREFIXES:
        if nama_normal.startswith(prefix):
            return nama_normal[len(prefix):]
    return nama_normal


def loose_names(names: list[str]) -> list[str]:
    """`loose_name` of many normalised names (which hold no newline) in one regex pass."""
    return _LOOSE_LINE.sub("", "\n".join(names)).split("\n") if names else []


class CommunityIndex:
    """Communities already in the store (registries of this batch included, they are applied first).

    Names match exactly after normalisation; only when that finds nothing, a match that ignores a generic
    prefix (`Kelompok Belajar`, `Kombel`, ...) is accepted if it is unique."""

    def __init__(self, con: duckdb.DuckDBPyConnection, ids: Iterable[str] = (), names: Iterable[str] = ()):
        """Only communities that the given IDs and normalised names can match are loaded: a national store
        holds hundreds of thousands, a file names a fraction of them."""
        names = list(names)
        wanted = {"_wanted_id": set(ids), "_wanted_name": set(names), "_wanted_loose": set(loose_names(names))}
        for view, values in wanted.items():
            con.register(view, pd.DataFrame({"v": pd.Series(list(values), dtype=object)}))
        # The loose form in SQL: RE2 alternation is leftmost-first, like the prefix order of loose_name.
        rows = con.execute("""
            select id_komunitas, nama_normal, kode_kabkota, loose from (
                select *, regexp_replace(nama_normal, $prefix, '') as loose from komunitas
            )
            where id_komunitas in (select v from _wanted_id) or nama_normal in (select v from _wanted_name)
               or loose in (select v from _wanted_loose)
        """, {"prefix": _LOOSE_PREFIX}).fetchall()
        for view in wanted:
            con.unregister(view)
        self.ids = {r[0] for r in rows}
        self.by_place: dict[tuple[str, str], list[str]] = {}
        self.by_name: dict[str, list[str]] = {}
        self.loose_place: dict[tuple[str, str], list[str]] = {}
        self.loose_name: dict[str, list[str]] = {}
        for ident, nn, kode, loose in rows:
            self.by_place.setdefault((kode, nn), []).append(ident)
            self.by_name.setdefault(nn, []).append(ident)
            self.loose_place.setdefault((kode, loose), []).append(ident)
            self.loose_name.setdefault(loose, []).append(ident)
        for nn, kode, target in con.execute(
            "select nilai_normal, kode_kabkota, target from app.pemetaan where jenis = 'komunitas'"
        ).fetchall():
            # A mapping made for a row without kab/kota ('' context) matches the name anywhere.
            if kode:
                self.by_place[(kode, nn)] = [target]
            else:
                self.by_name[nn] = [target]

    def in_place(self, kode: str, nn: str) -> list[str]:
        return self.by_place.get((kode, nn)) or self.loose_place.get((kode, loose_name(nn)), [])

    def anywhere(self, nn: str) -> list[str]:
        return self.by_name.get(nn) or self.loose_name.get(loose_name(nn), [])


def merged_ids(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Community ids a user merged into another (edits/mappings.py merge_komunitas): merged id -> kept id."""
    return dict(con.execute(
        "select nilai_normal, target from app.pemetaan where jenis = 'id_komunitas'").fetchall())


def resolve_community(batch: Batch) -> pd.Series:
    """id_komunitas per row, by ID when given, else by normalised name within the resolved kab/kota."""
    if batch.has("id_komunitas"):
        ids = nz.map_unique(batch.col("id_komunitas"), nz.clean_id)[0]
    else:  # a Google Form names its community: no pass over a million empty ids
        ids = pd.Series(np.full(len(batch.frame), None, dtype=object), index=batch.frame.index, dtype=object)
    any_id = bool(ids.notna().any())
    if any_id and (merged := merged_ids(batch.con)):
        # An id merged into another lands on the kept one, recorded like any other mapping.
        hit = ids.isin(list(merged))
        for old, n in ids[hit].value_counts().items():
            batch.correct("id_komunitas", old, merged[old], "pemetaan", int(n))
        ids = ids.where(~hit, ids.map(merged))
    names = batch.col("nama_komunitas")
    normal, _ = nz.map_unique(names.where(ids.isna(), None) if any_id else names, nz.normal_text)
    batch.reject(ids.isna() & names.isna(), "nama_komunitas" if batch.has("nama_komunitas") else "id_komunitas",
                 "nilai_wajib_kosong")
    by_id = ids.notna()
    known = ids.isin(_known_ids(batch.con, ids.dropna().unique())) if any_id else by_id
    batch.reject(by_id & ~known, "id_komunitas", "komunitas_tidak_dikenal")
    result = ids.where(by_id & known, None).astype(object)

    by_name = ~by_id & names.notna() & batch.ok
    if not by_name.any():
        return result
    batch.tick("mencocokkan nama komunitas")
    none = pd.Series(np.full(len(names), None, dtype=object), index=names.index, dtype=object)
    codes, cands = batch.kabkota(required=False) if batch.has("kabkota") else (none, none)
    kab = batch.col("kabkota")
    # Most rows name one community exactly: settled by a join in DuckDB. The rest (no exact hit, several,
    # a user's pemetaan, an unsettled kab/kota) go through _match_name, per distinct key.
    exact = _exact_hits(batch.con, normal, codes, by_name & (kab.isna() | codes.notna()), names)
    slow = by_name & exact.isna()
    found = pd.Series(exact.to_numpy(dtype=object), index=names.index, dtype=object)
    code = pd.Series(np.full(len(names), None, dtype=object), index=names.index, dtype=object)
    note = pd.Series(np.full(len(names), None, dtype=object), index=names.index, dtype=object)
    if slow.any():
        index = CommunityIndex(batch.con, names=normal[slow].dropna().unique())
        group, keys = nz.factorize_rows(normal[slow], codes[slow], cands[slow], kab[slow])
        ident = np.empty(len(keys), dtype=object)
        reason = np.empty(len(keys), dtype=object)
        detail = np.empty(len(keys), dtype=object)
        for i, key in enumerate(keys):
            ident[i], reason[i], detail[i] = _match_name(batch, index, *key)
        rows = slow.to_numpy()
        found.iloc[rows] = ident[group]
        code.iloc[rows] = reason[group]
        note.iloc[rows] = detail[group]
    on_kabkota = code.isin(["kabkota_ambigu", "kabkota_tidak_dikenal"])
    batch.reject(code.notna() & on_kabkota, "kabkota", code, note)
    batch.reject(code.notna() & ~on_kabkota, "nama_komunitas", code, note)
    result = result.where(~by_name, found)
    return result.where(batch.ok, None)


def _known_ids(con: duckdb.DuckDBPyConnection, ids: np.ndarray) -> set[str]:
    if not len(ids):
        return set()
    con.register("_wanted_id", pa.table({"v": pa.array(ids, type=pa.string())}))
    rows = con.execute("select id_komunitas from komunitas where id_komunitas in (select v from _wanted_id)")
    known = {r[0] for r in rows.fetchall()}
    con.unregister("_wanted_id")
    return known


def _exact_hits(con: duckdb.DuckDBPyConnection, normal: pd.Series, codes: pd.Series, mask: pd.Series,
                names: pd.Series | None = None) -> pd.Series:
    """Per row of mask, the one community whose normalised name equals the row's, in the row's kab/kota when
    it has one (anywhere otherwise), as `CommunityIndex.in_place`/`anywhere` would find it; None when there
    is not exactly one such community or a pemetaan row decides the name (those take the slow path).

    `names`: the names as written, whose normalised form `normal` is on the rows of mask (their codes are known
    from the reader): the join then runs once per distinct (name, kab/kota) instead of once per row."""
    values = np.full(len(normal), None, dtype=object)
    rows = np.flatnonzero(mask.to_numpy())
    if not len(rows):
        return pd.Series(values, index=normal.index, dtype=object)
    name_codes = nz.factor_codes(names if names is not None else normal)[rows]
    place_codes, places = pd.factorize(codes.iloc[rows])  # a few hundred kab/kota: ints from here on
    pair, first = pd.factorize(name_codes * (len(places) + 1) + (place_codes + 1))
    at = np.empty(len(first), dtype=np.int64)
    at[pair[::-1]] = np.arange(len(pair) - 1, -1, -1)  # the first row of each pair
    picked = pa.array(rows[at], type=pa.int64())
    con.register("_cari", pa.table({
        "i": pa.array(np.arange(len(at)), type=pa.int64()),
        # Taken in Arrow: `normal` is usually Arrow-backed already, so no Python string is made.
        "nn": pa.array(normal, type=pa.string(), from_pandas=True).take(picked),
        "kode": pa.array(codes, type=pa.string(), from_pandas=True).take(picked),
    }))
    # Rows without a kab/kota look the name up anywhere; a Google Form names the kab/kota on every row.
    anywhere = """
            union all
            select r.i, r.nn, r.kode, m.id_komunitas
            from _cari r join (
                select nama_normal, count(*) as n, min(id_komunitas) as id_komunitas from komunitas group by all
            ) m on m.nama_normal = r.nn
            where r.kode is null and m.n = 1
    """ if bool((place_codes < 0).any()) else ""
    # Communities are counted per name (and place) first: 350,000 rows, then one plain equality join
    # per distinct (name, kab/kota) instead of a join followed by a group-by over a million rows.
    hits = con.execute(f"""
        with di_tempat as (
            select nama_normal, kode_kabkota, count(*) as n, min(id_komunitas) as id_komunitas
            from komunitas group by all
        ),
        cocok as (
            select r.i, r.nn, r.kode, t.id_komunitas
            from _cari r join di_tempat t on t.nama_normal = r.nn and t.kode_kabkota = r.kode
            where t.n = 1
            {anywhere}
        )
        select c.i, c.id_komunitas
        from cocok c
        anti join (select nilai_normal, coalesce(kode_kabkota, '') as kode
                   from app.pemetaan where jenis = 'komunitas') p
            on p.nilai_normal = c.nn and p.kode = coalesce(c.kode, '')
    """).fetchnumpy()
    con.unregister("_cari")
    found = np.full(len(at) + 1, None, dtype=object)  # the extra last slot: no hit
    found[hits["i"]] = hits["id_komunitas"].astype(object)
    values[rows] = found[pair]
    return pd.Series(values, index=normal.index, dtype=object)


def _match_name(batch: Batch, index: CommunityIndex, nn: str, kode: str | None,
                cands: tuple[str, ...] | None, kab: str | None) -> tuple[str | None, str | None, str | None]:
    """(id, reason code, detail) for one distinct (name, kab/kota) of a file."""
    names = batch.resolver.names
    if kab is None:  # no kab/kota given: the name must be unique
        hits = index.anywhere(nn)
        if len(hits) == 1:
            return hits[0], None, None
        return None, "komunitas_ambigu" if hits else "komunitas_tidak_dikenal", ""
    if kode is not None:
        hits = index.in_place(kode, nn)
        if len(hits) == 1:
            return hits[0], None, None
        return None, "komunitas_ambigu" if hits else "komunitas_tidak_dikenal", names[kode]
    if cands:  # ambiguous bare kab/kota: settled when the name exists in exactly one candidate
        hits = [h for c in cands for h in index.in_place(c, nn)]
        if len(hits) == 1:
            return hits[0], None, None
        detail = " atau ".join(names[c] for c in cands)
        return None, "kabkota_ambigu", detail
    return None, "kabkota_tidak_dikenal", None
