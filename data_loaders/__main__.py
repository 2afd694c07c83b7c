"""CLI: python -m data_loaders --db PATH [--dry-run] [--kind KIND] FILE..."""
from __future__ import annotations

import sys

from data_loaders.load import KINDS, LoadError, Source, load_files
from store.cli import Parser
from store.cow import StoreBusy, StoreError
from store.database import db_path


def main(argv: list[str] | None = None) -> int:
    parser = Parser(
        prog="python -m data_loaders",
        description="Memuat berkas ekspor (CSV/XLSX) ke penyimpanan data dasbor komunitas belajar.",
    )
    parser.add_argument("files", nargs="+", metavar="BERKAS", help="berkas CSV atau XLSX")
    parser.add_argument("--db", help="lokasi penyimpanan data (bawaan: $KOMBEL_DB atau data/kombel.duckdb)")
    parser.add_argument("--dry-run", action="store_true", help="uji coba: laporkan tanpa menyimpan")
    parser.add_argument("--kind", choices=KINDS, help="paksa jenis data semua berkas")
    args = parser.parse_args(argv)
    try:
        sources = [Source.from_path(f) for f in args.files]
        report = load_files(db_path(args.db), sources, kind=args.kind, dry_run=args.dry_run)
    except LoadError as exc:
        print(f"GAGAL: {exc}\nTidak ada perubahan yang disimpan.", file=sys.stderr)
        return 2
    except StoreBusy as exc:
        print(f"GAGAL: {exc}", file=sys.stderr)
        return 3
    except StoreError as exc:  # disk full, read-only folder, corrupt or newer store: the store is as it was
        print(f"GAGAL: {exc}", file=sys.stderr)
        return 4
    print(report.to_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
