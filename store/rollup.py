"""Summaries of kegiatan that queries read instead of the 15-million-row table (issue 7):

- kegiatan_mingguan: each community's activities summed per ISO week (Monday) — the weekly rule;
- kegiatan_bulanan: the same per calendar month, with counts and durations per bentuk and per moda — the
  activity, completeness and penggerak queries;
- komunitas_kegiatan: each community's first and last activity;
- penggerak_ringkas: per penggerak (the communities' normalised penggerak_email), what the Penggerak page needs
  of all the communities they lead — kept from komunitas, not kegiatan (see `refresh_penggerak`).

They must always equal what the SQL below computes from kegiatan, so they are rewritten inside the same
write transaction as every change to kegiatan: the loader calls `add_inserted` with the rows it inserted (kegiatan
only grows, except that a merge of two communities moves one's rows to the other: `refresh`, which recomputes
from kegiatan, for the receiver, `forget` for the one that is gone), a schema migration or a bulk writer such as
bench/generate.py calls `rebuild`. They hold counts, sums, minima and maxima only (so `add_inserted` can merge
them); which week meets the rule is decided in queries/.

Rows are kept in community order: the queries group them per community, and on rows sorted that way DuckDB's
joins and aggregates run 2-3x faster (weekly_rule 1.0 s instead of 2.2 s at national scale). A load appends
its recomputed rows at the end, sorted; once appended rows reach a fifth of a table, it is rewritten in
order. kegiatan itself grows in date order, so the recomputation reads only the touched dates.
"""
from __future__ import annotations

import duckdb

from store.meta import get_meta, set_meta

# Per bentuk and per moda value the loader writes (data_loaders.normalise parse_bentuk / parse_moda): the
# count and the known durations (0 when none), for activity_breakdown and penggerak_ranking (schema v7). A value
# outside these lists (never from the loader; a bulk writer could) is counted in jumlah_bentuk_lain /
# jumlah_moda_lain, and the queries read that community-month from kegiatan, so the summary stays exact.
BENTUK = (("belajar_bersama", "belajar bersama"), ("berbagi", "berbagi praktik baik"), ("webinar", "webinar"),
          ("refleksi", "refleksi"), ("lainnya", "lainnya"))
MODA = (("luring", "luring"), ("daring", "daring"))


def _rincian() -> str:
    counts = [f"count(*) filter (where g.bentuk = '{v}')::integer as jumlah_{c}" for c, v in BENTUK]
    counts.append("count(*) filter (where g.bentuk not in ({}))::integer as jumlah_bentuk_lain".format(
        ", ".join(f"'{v}'" for _, v in BENTUK)))
    durations = [f"coalesce(sum(g.durasi_menit) filter (where g.bentuk = '{v}'), 0)::bigint as durasi_{c}"
                 for c, v in BENTUK]
    moda = [f"count(*) filter (where g.moda = '{v}')::integer as jumlah_{c}" for c, v in MODA]
    moda.append("count(*) filter (where g.moda not in ({}))::integer as jumlah_moda_lain".format(
        ", ".join(f"'{v}'" for _, v in MODA)))
    moda += [f"coalesce(sum(g.durasi_menit) filter (where g.moda = '{v}'), 0)::bigint as durasi_{c}" for c, v in MODA]
    return ",\n        ".join(counts + durations + moda)


# (table, period column, DuckDB date_trunc unit, aggregate columns)
_PERIODE = (
    ("kegiatan_mingguan", "minggu", "week", """
        count(*)::integer as jumlah_kegiatan,
        coalesce(sum(g.durasi_menit), 0)::bigint as total_durasi_menit,
        count(g.durasi_menit)::integer as jumlah_berdurasi,
        min(g.tanggal) as tanggal_pertama,
        max(g.tanggal) as tanggal_terakhir"""),
    ("kegiatan_bulanan", "bulan", "month", """
        count(*)::integer as jumlah_kegiatan,
        coalesce(sum(g.durasi_menit), 0)::bigint as total_durasi_menit,
        count(g.durasi_menit)::integer as jumlah_berdurasi,
        -- no link, or a blank one: ltrim(x) = '' is trim's own test for blank at a tenth of its cost
        count(*) filter (where g.tautan_dokumentasi is null or ltrim(g.tautan_dokumentasi) = '')::integer
            as jumlah_tanpa_dokumentasi,
        """ + _rincian()),
)


def _summary(unit: str, column: str, aggregates: str, source: str = "kegiatan") -> str:
    return f"""
        select g.id_komunitas, date_trunc('{unit}', g.tanggal)::date as {column}, {aggregates}
        from {source} as g
    """


def refresh(con: duckdb.DuckDBPyConnection, added: str) -> None:
    """Bring the summaries up to date after the rows of relation `added` (id_komunitas, tanggal) were loaded
    into kegiatan (inserted, or found there already): every community-period they fall in is recomputed."""
    lo, hi = con.execute(f"select min(tanggal), max(tanggal) from {added}").fetchall()[0]
    if lo is None:
        return
    for table, column, unit, aggregates in _PERIODE:
        con.execute(f"""
            create or replace temp table _periode_berubah as
            select distinct id_komunitas, date_trunc('{unit}', tanggal)::date as {column} from {added}
        """)
        # Bounds as bound constants, so that only the row groups of kegiatan's touched dates are read.
        first, last, last_day = con.execute(f"""
            select date_trunc('{unit}', $lo::date)::date, date_trunc('{unit}', $hi::date)::date,
                   (date_trunc('{unit}', $hi::date) + interval 1 {unit})::date - 1
        """, {"lo": lo, "hi": hi}).fetchall()[0]
        con.execute(f"""
            delete from {table} as f using _periode_berubah as u
            where f.{column} between $first and $last
                and f.id_komunitas = u.id_komunitas and f.{column} = u.{column}
        """, {"first": first, "last": last})
        appended = con.execute(f"""
            insert into {table}
            {_summary(unit, column, aggregates)}
            semi join _periode_berubah as u
                on u.id_komunitas = g.id_komunitas and u.{column} = date_trunc('{unit}', g.tanggal)::date
            where g.tanggal between $first and $last_day
            group by all
            order by 1, 2
        """, {"first": first, "last_day": last_day}).fetchall()[0][0]
        con.execute("drop table _periode_berubah")
        _keep_in_order(con, table, column, appended)
    # First and last activity: the old values and the added rows, merged (kegiatan only grows).
    _merge_first_last(con, f"select id_komunitas, min(tanggal), max(tanggal) from {added} group by id_komunitas")


def add_inserted(con: duckdb.DuckDBPyConnection, inserted: str) -> None:
    """Bring the summaries up to date after exactly the rows of relation `inserted` were inserted into kegiatan,
    kegiatan being otherwise unchanged (`refresh` when rows may also have moved). Every summary column is a count,
    a sum, a min or a max, so each touched community-period is its old row merged with the inserted rows' own
    aggregate: kegiatan is not read again (a recomputation reads every activity of each touched community-period,
    a month of a whole province for a monthly export), and the touched periods need not be listed first. Rows of
    the file that were there already are not in `inserted`: the summaries count them already."""
    lo, hi = con.execute(f"select min(tanggal), max(tanggal) from {inserted}").fetchall()[0]
    if lo is None:
        return
    columns = {table: con.execute(f"select column_name, column_type from (describe {table})").fetchall()
               for table, *_ in _PERIODE}
    if any(_merge_of(c, column) is None for (table, column, *_) in _PERIODE for c, _ in columns[table]):
        refresh(con, inserted)  # a column added later that is not a count, sum, min or max: recompute
        return
    for table, column, unit, aggregates in _PERIODE:
        con.execute(f"""
            create or replace temp table _tambahan as
            {_summary(unit, column, aggregates, source=inserted)}
            group by all
        """)
        first, last = con.execute(
            f"select date_trunc('{unit}', $lo::date)::date, date_trunc('{unit}', $hi::date)::date",
            {"lo": lo, "hi": hi}).fetchall()[0]
        # Old rows of the touched periods (none when the file brings new weeks or months): bounds as constants, so
        # that row groups of other periods are skipped.
        old = con.execute(f"""
            create or replace temp table _lama as
            select f.* from {table} as f
            semi join _tambahan as u on f.id_komunitas = u.id_komunitas and f.{column} = u.{column}
            where f.{column} between $first and $last
        """, {"first": first, "last": last}).fetchall()[0][0]
        rows = "_tambahan"
        if old:
            merged = ", ".join(c if _merge_of(c, column) == "key" else f"{_merge_of(c, column)}({c})::{t} as {c}"
                               for c, t in columns[table])
            on = f"u.id_komunitas = l.id_komunitas and u.{column} = l.{column}"
            rows = f"""(
                select {merged}
                from (select * from _lama union all select u.* from _tambahan as u semi join _lama as l on {on})
                group by id_komunitas, {column}
                union all
                select u.* from _tambahan as u anti join _lama as l on {on}
            )"""
            con.execute(f"""
                delete from {table} as f using _lama as l
                where f.{column} between $first and $last
                    and f.id_komunitas = l.id_komunitas and f.{column} = l.{column}
            """, {"first": first, "last": last})
        appended = con.execute(f"insert into {table} select * from {rows} order by 1, 2").fetchall()[0][0]
        con.execute("drop table _lama")
        if table == "kegiatan_mingguan":  # the weeks' first and last dates give each community's, below
            con.execute("alter table _tambahan rename to _tambahan_minggu")
        else:
            con.execute("drop table _tambahan")
        _keep_in_order(con, table, column, appended)
    _merge_first_last(con, """
        select id_komunitas, min(tanggal_pertama), max(tanggal_terakhir) from _tambahan_minggu group by id_komunitas
    """)
    con.execute("drop table _tambahan_minggu")


def _merge_of(name: str, period: str) -> str | None:
    """How a summary column of two sets of rows merges, by its name: None when it is not known to merge."""
    if name in ("id_komunitas", period):
        return "key"
    if name == "tanggal_pertama":
        return "min"
    if name == "tanggal_terakhir":
        return "max"
    return "sum" if name.startswith(("jumlah_", "durasi_", "total_durasi_")) else None


def _merge_first_last(con: duckdb.DuckDBPyConnection, added: str) -> None:
    """komunitas_kegiatan after activities were added to kegiatan, `added` being a query of their communities'
    (id_komunitas, first date, last date): old values and added ones, merged (kegiatan only grows)."""
    con.execute(f"""
        create or replace temp table _komunitas_berubah as
        with a as materialized ({added})
        select id_komunitas, min(tanggal_pertama) as tanggal_pertama, max(tanggal_terakhir) as tanggal_terakhir
        from (
            select k.* from komunitas_kegiatan as k semi join a on a.id_komunitas = k.id_komunitas
            union all
            select * from a
        )
        group by id_komunitas
    """)
    con.execute("""
        delete from komunitas_kegiatan as k using _komunitas_berubah as b where k.id_komunitas = b.id_komunitas
    """)
    con.execute("insert into komunitas_kegiatan select * from _komunitas_berubah")
    con.execute("drop table _komunitas_berubah")


def _keep_in_order(con: duckdb.DuckDBPyConnection, table: str, column: str, appended: int) -> None:
    key = f"rollup_ditambahkan_{table}"
    pending = int(get_meta(con, key) or 0) + appended
    if pending * 5 >= con.execute(f"select count(*) from {table}").fetchall()[0][0]:
        con.execute(f"create or replace temp table _urut as select * from {table} order by id_komunitas, {column}")
        con.execute(f"delete from {table}")
        con.execute(f"insert into {table} select * from _urut order by id_komunitas, {column}")
        con.execute("drop table _urut")
        pending = 0
    set_meta(con, key, str(pending))


def rebuild(con: duckdb.DuckDBPyConnection, only: tuple[str, ...] | None = None) -> None:
    """Recompute every summary from kegiatan (`only`: just these periodic ones, e.g. a migration that added
    columns to kegiatan_bulanan, whose first and last activity are unchanged)."""
    for table, column, unit, aggregates in _PERIODE:
        if only is not None and table not in only:
            continue
        con.execute(f"delete from {table}")
        con.execute(f"insert into {table} {_summary(unit, column, aggregates)} group by all order by 1, 2")
        set_meta(con, f"rollup_ditambahkan_{table}", "0")
    if only is None or "penggerak_ringkas" in only:
        con.execute("delete from penggerak_ringkas")
        con.execute(f"insert into penggerak_ringkas {_PENGGERAK} group by 1 order by 1")
    if only is not None:
        return
    con.execute("delete from komunitas_kegiatan")
    con.execute("""
        insert into komunitas_kegiatan
        select id_komunitas, min(tanggal_pertama), max(tanggal_terakhir)
        from kegiatan_mingguan
        group by id_komunitas
        order by id_komunitas
    """)


def forget(con: duckdb.DuckDBPyConnection, ids: list[str]) -> None:
    """Drop the summaries of communities that no longer have any activity (their rows were moved to another
    community by a merge, edits/mappings.py merge_komunitas, which `refresh`es the receiving one)."""
    for table in ("kegiatan_mingguan", "kegiatan_bulanan", "komunitas_kegiatan"):
        con.execute(f"delete from {table} where list_contains(?, id_komunitas)", [ids])


# penggerak_ringkas (schema v9, issue 19 item 2): one row per penggerak email as the communities give it
# (lower(trim()), blank left out), over ALL the communities they lead, whatever a filter: the name, the kab/kota
# list, the count, the names and the latest registration date. queries/_penggerak_eligibility.sql takes a row as
# is when every one of those communities is in scope (no jenis/jenjang filter, each kab/kota in $kabkota, every
# registration on or before $sampai) and recomputes the others from komunitas: on the default view that is
# almost none, so the 350,000-row group-by with its lists runs only for the few left.
_PENGGERAK = """
    select
        lower(trim(k.penggerak_email)) as penggerak_email,
        min(k.penggerak_nama) as penggerak_nama,
        list_sort(list_distinct(list(k.kode_kabkota))) as kode_komunitas,
        count(*)::integer as jumlah_komunitas,
        array_to_string(list_sort(list(k.nama_komunitas)), '; ') as komunitas_dipimpin,
        max(k.tanggal_terdaftar) as terdaftar_terakhir
    from komunitas as k
    where nullif(trim(k.penggerak_email), '') is not null
"""


def refresh_penggerak(con: duckdb.DuckDBPyConnection, ids: str | list[str]) -> None:
    """Bring penggerak_ringkas up to date after the communities `ids` (a relation with id_komunitas, or a list)
    were inserted, changed or deleted in komunitas. Recomputed: the penggerak those communities name now, and
    any whose row no longer counts their communities right — the one a community was taken from (another
    email, or deleted by a merge) loses one, and a penggerak that gained one is named now."""
    if isinstance(ids, list):
        con.execute("create or replace temp table _penggerak_ids as select unnest(?::varchar[]) as id_komunitas",
                    [ids])
        ids = "_penggerak_ids"
    con.execute(f"""
        create or replace temp table _penggerak_berubah as
        select lower(trim(k.penggerak_email)) as penggerak_email
        from komunitas as k
        semi join {ids} as i on i.id_komunitas = k.id_komunitas
        where nullif(trim(k.penggerak_email), '') is not null
        union
        select coalesce(n.penggerak_email, r.penggerak_email)
        from (
            select lower(trim(penggerak_email)) as penggerak_email, count(*) as jumlah
            from komunitas
            where nullif(trim(penggerak_email), '') is not null
            group by 1
        ) as n
        full outer join penggerak_ringkas as r on r.penggerak_email = n.penggerak_email
        where n.jumlah is distinct from r.jumlah_komunitas
    """)
    con.execute("""
        delete from penggerak_ringkas where penggerak_email in (select penggerak_email from _penggerak_berubah)
    """)
    con.execute(f"""
        insert into penggerak_ringkas
        {_PENGGERAK}
            and lower(trim(k.penggerak_email)) in (select penggerak_email from _penggerak_berubah)
        group by 1
        order by 1
    """)
    con.execute("drop table _penggerak_berubah")
    con.execute("drop table if exists _penggerak_ids")
