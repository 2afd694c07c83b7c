"""`python -m queries NAME --db PATH ...`: run a named query and write CSV (stdout or --out) or XLSX.
`python -m queries NAME --sql ...`: print the compiled query with the parameter values written in (runner.runnable_sql).
`python -m queries snapshot --db PATH --out FILE.zip ...`: every query in one ZIP (queries.snapshot).
`python -m queries perubahan --db PATH [--format teks|csv]`: what changed since the last load (queries.perubahan).

Exit codes: 0 done; 2 wrong usage (unknown query, bad date or option); 1 the store or the
users file cannot be used (missing, unreadable, corrupt, written by a newer version), or the email is not a
registered user, or --out cannot be written. Every message is Indonesian, never a traceback. Never imports
streamlit.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import duckdb

from queries import __version__
from queries.export import export_info, to_csv_bytes, to_xlsx_bytes
from queries.perubahan import TidakAdaPembanding, hitung, tabel_kosong
from queries.runner import Filters, bind_params, default_period, query_names, run_query, runnable_sql, schemas
from queries.scope import ADMIN, NOBODY, Scope, UsersFileError, scope_for, users_file
from queries.scope import registry as users_registry
from queries.snapshot import build_snapshot
from store import cow
from store.app_state import app_path
from store.cli import Parser
from store.database import db_path, open_readonly
from store.meta import get_meta
from vocab import JENIS


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        message = f"tanggal '{text}' tidak valid, tulis sebagai TTTT-BB-HH (mis. 2024-01-31)"
        raise argparse.ArgumentTypeError(message) from None


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="berkas penyimpanan data (bawaan: $KOMBEL_DB atau data/kombel.duckdb)")
    p.add_argument("--dari", type=_date, help="awal periode TTTT-BB-HH (bawaan: kegiatan pertama)")
    p.add_argument("--sampai", type=_date, help="akhir periode TTTT-BB-HH (bawaan: akhir minggu lengkap terakhir)")
    p.add_argument("--kabkota", nargs="+", default=[], metavar="KODE", help="kode kab/kota, mis. 32.04")
    p.add_argument("--jenis", choices=JENIS)
    p.add_argument("--jenjang", help="PAUD/SD/SMP/SMA/SMK/SLB")
    p.add_argument("--ambang", type=float, default=100.0, help="ambang aturan mingguan dalam persen (bawaan 100)")
    p.add_argument("--libur", nargs="+", type=_date, default=[], metavar="TANGGAL", help="Senin minggu libur sekolah")
    p.add_argument("--sebagai", metavar="EMAIL", help="terapkan lingkup wilayah pengguna ini (bawaan: admin)")
    p.add_argument("--pengguna-file", help="berkas peran pengguna (bawaan: $KOMBEL_PENGGUNA atau data/pengguna.toml)")


def _parser() -> argparse.ArgumentParser:
    p = Parser(prog="python -m queries", description="Jalankan kueri dasbor kombel dan tulis hasilnya (CSV/XLSX).",
                epilog="Semua kueri sekaligus dalam satu ZIP: python -m queries snapshot --out FILE.zip ...")
    p.add_argument("name", metavar="NAMA", help="nama kueri, mis. weekly_rule")
    _common(p)
    keluaran = p.add_mutually_exclusive_group()
    keluaran.add_argument("--out", help="tulis ke berkas .csv atau .xlsx (bawaan: CSV ke layar)")
    keluaran.add_argument(
        "--sql", action="store_true",
        help="jangan jalankan kueri: cetak SQL-nya yang sudah dirangkai (bagian bersama sebagai CTE), diawali "
             "komentar berisi nilai setiap parameter, dengan nilai itu tertulis di teksnya, sehingga bisa dibaca atau "
             "dijalankan apa adanya di DuckDB pada berkas penyimpanan data. Nilai mengikuti opsi lain, termasuk "
             "lingkup --sebagai. Penyimpanan data dibuka hanya untuk periode bawaan (bila --dari atau --sampai tidak "
             "diberikan)")
    return p


def _snapshot_parser() -> argparse.ArgumentParser:
    p = Parser(prog="python -m queries snapshot",
                description="Tulis hasil semua kueri (satu CSV per kueri) dan manifest.json ke satu berkas ZIP.")
    _common(p)
    p.add_argument("--out", required=True, help="berkas .zip yang ditulis")
    return p


def _perubahan_parser() -> argparse.ArgumentParser:
    p = Parser(prog="python -m queries perubahan",
               description="Perubahan sejak unggahan terakhir (komunitas baru berisiko, aktif kembali, baru terdaftar, "
                           "berhenti bertemu, baris baru dikarantina), dibandingkan dengan data sebelum unggahan itu.")
    _common(p)
    p.add_argument("--format", choices=("teks", "csv"), default="teks",
                   help="teks: pesan siap tempel ke grup WhatsApp (bawaan); csv: satu baris per komunitas atau baris "
                        "karantina, dengan kategorinya")
    return p


class _Fail(Exception):
    """A clear Indonesian message for the user and the exit code (1 store/users, 2 usage)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _scope_label(scope: Scope) -> str:
    wilayah = "semua kab/kota" if scope.kabkota is None else ", ".join(scope.kabkota) or "tidak ada"
    return f"{scope.peran} {scope.email} ({wilayah})"


def _scope(args: argparse.Namespace) -> Scope:
    """ADMIN without --sebagai; otherwise the user's scope (an unknown user is refused)."""
    if not args.sebagai:
        return ADMIN
    registry = users_file(args.pengguna_file)
    try:  # the users list of the app state beside --db once edited on the Pengguna page, else the file
        scope = scope_for(args.sebagai, registry, db_path(args.db))
        alasan = users_registry(registry, db_path(args.db)).ditolak.get(args.sebagai.strip().casefold())
    except UsersFileError as e:
        raise _Fail(str(e)) from None
    if alasan:  # listed, but left out for an unknown role or kab/kota code: say which
        raise _Fail(alasan)
    if scope == NOBODY:
        raise _Fail(f"'{args.sebagai}' tidak terdaftar di daftar pengguna ({registry}, atau halaman Pengguna); "
                    "tidak ada data yang boleh dilihat.")
    return scope


def _open(args: argparse.Namespace) -> duckdb.DuckDBPyConnection:
    path = db_path(args.db)
    if not path.is_file():
        raise _Fail(f"penyimpanan data {path} tidak ditemukan. Muat data dulu (python -m data_loaders).")
    try:
        return open_readonly(path)
    except cow.StoreError as e:  # unreadable, corrupt, or written by a newer version
        raise _Fail(str(e)) from None
    except duckdb.Error as e:
        raise _Fail(f"penyimpanan data {path} tidak bisa dibuka: {e}") from None


def _filters(con: duckdb.DuckDBPyConnection | None, args: argparse.Namespace, scope: Scope) -> Filters:
    dari, sampai = args.dari, args.sampai
    if dari is None or sampai is None:
        default_dari, default_sampai = default_period(con, scope)
        dari, sampai = dari or default_dari, sampai or default_sampai
    if dari > sampai:
        raise _Fail(f"--dari ({dari}) sesudah --sampai ({sampai})", 2)
    return Filters(
        dari=dari, sampai=sampai, kabkota=tuple(args.kabkota), jenis=args.jenis, jenjang=args.jenjang,
        ambang=args.ambang, libur=tuple(args.libur),
    )


def _out(args: argparse.Namespace, suffixes: tuple[str, ...]) -> Path | None:
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in suffixes:
        raise _Fail(f"--out harus berakhiran {' atau '.join(suffixes)}, bukan '{out.name}'", 2)
    return out


def _snapshot(args: argparse.Namespace, con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters,
              out: Path) -> None:
    data = build_snapshot(con, filters, scope, diperbarui_pada=get_meta(con, "diperbarui_pada"),
                          app_version=__version__)
    out.write_bytes(data)
    print(f"Cuplikan {_scope_label(scope)} ditulis ke {out}", file=sys.stderr)


def _print_sql(args: argparse.Namespace, scope: Scope) -> None:
    """--sql: the store is opened only for the default period."""
    con = _open(args) if args.dari is None or args.sampai is None else None
    try:
        filters = _filters(con, args, scope)
    finally:
        if con is not None:
            con.close()
    text = runnable_sql(args.name, bind_params(args.name, filters, scope), scope)
    if "app" in schemas(args.name):  # the app's state: attached as `app` by the dashboard, not by the DuckDB CLI
        text = (f"-- Membaca status aplikasi (app.*): di DuckDB CLI jalankan dulu\n"
                f"--   ATTACH '{app_path(db_path(args.db))}' AS app (READ_ONLY);\n") + text
    sys.stdout.write(text)
    sys.stdout.flush()


def _query(args: argparse.Namespace, con: duckdb.DuckDBPyConnection, scope: Scope, filters: Filters,
           out: Path | None) -> None:
    df = run_query(con, args.name, filters, scope)
    if out is None:
        sys.stdout.buffer.write(to_csv_bytes(df, bom=False))
        sys.stdout.buffer.flush()
        return
    if out.suffix.lower() == ".csv":
        data = to_csv_bytes(df)
    else:
        shown = {
            "kabkota": ", ".join(args.kabkota), "jenis": args.jenis, "jenjang": args.jenjang,
            "ambang": f"{args.ambang:g} %", "libur": ", ".join(d.isoformat() for d in args.libur),
        }
        info = export_info(args.name, filters.dari, filters.sampai, shown, _scope_label(scope),
                           get_meta(con, "diperbarui_pada"))
        data = to_xlsx_bytes(df, info)
    out.write_bytes(data)
    print(f"{len(df)} baris ditulis ke {out}", file=sys.stderr)


def _perubahan(args: argparse.Namespace, scope: Scope) -> None:
    """Each store's own default period as of the latest load, unless --dari and --sampai fix one for both."""
    if (args.dari is None) != (args.sampai is None):
        raise _Fail("untuk perubahan, berikan --dari dan --sampai bersama (atau keduanya tidak)", 2)
    if args.dari is not None and args.dari > args.sampai:
        raise _Fail(f"--dari ({args.dari}) sesudah --sampai ({args.sampai})", 2)
    path = db_path(args.db)
    if not path.is_file():
        raise _Fail(f"penyimpanan data {path} tidak ditemukan. Muat data dulu (python -m data_loaders).")
    periode = (args.dari, args.sampai) if args.dari is not None else None
    filters = Filters(dari=date.today(), sampai=date.today(), kabkota=tuple(args.kabkota), jenis=args.jenis,
                      jenjang=args.jenjang, ambang=args.ambang, libur=tuple(args.libur))
    try:
        hasil = hitung(path, filters, scope, periode)
    except TidakAdaPembanding as e:  # not an error for a scheduled job: there is just nothing to compare yet
        if args.format == "csv":
            sys.stdout.buffer.write(to_csv_bytes(tabel_kosong(), bom=False))
            print(str(e), file=sys.stderr)
        else:
            sys.stdout.buffer.write(f"{e}\n".encode())
        sys.stdout.flush()
        return
    except cow.StoreError as e:
        raise _Fail(str(e)) from None
    data = to_csv_bytes(hasil.tabel(), bom=False) if args.format == "csv" else f"{hasil.teks()}\n".encode()
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    is_snapshot = argv[:1] == ["snapshot"]
    if argv[:1] == ["perubahan"]:
        args = _perubahan_parser().parse_args(argv[1:])
        try:
            _perubahan(args, _scope(args))
        except _Fail as e:
            print(f"python -m queries: galat: {e}", file=sys.stderr)
            return e.code
        except duckdb.Error as e:  # a damaged block met while a query reads
            err = cow.translate(e, db_path(args.db), writing=False)
            if err is None:
                raise
            print(f"python -m queries: galat: {err}", file=sys.stderr)
            return 1
        return 0
    args = _snapshot_parser().parse_args(argv[1:]) if is_snapshot else _parser().parse_args(argv)
    try:
        if is_snapshot:
            out = _out(args, (".zip",))
        else:
            if args.name not in query_names():
                raise _Fail(f"kueri '{args.name}' tidak dikenal. Pilihan: {', '.join(query_names())}", 2)
            out = _out(args, (".csv", ".xlsx"))
        scope = _scope(args)
        if not is_snapshot and args.sql:
            _print_sql(args, scope)
            return 0
        con = _open(args)
        try:
            filters = _filters(con, args, scope)
            (_snapshot if is_snapshot else _query)(args, con, scope, filters, out)
        finally:
            con.close()
    except _Fail as e:
        print(f"python -m queries: galat: {e}", file=sys.stderr)
        return e.code
    except duckdb.Error as e:  # a damaged block met while the query reads (the header was readable)
        err = cow.translate(e, db_path(args.db), writing=False)
        if err is None:
            raise
        print(f"python -m queries: galat: {err}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"python -m queries: galat: {args.out} tidak dapat ditulis: {e.strerror or e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
