"""CLI: python -m data_loaders --db PATH [--dry-run] [--kind KIND] [--kolom CANONICAL=HEADER ...] FILE..."""
from __future__ import annotations

import argparse
import sys

from data_loaders.load import KINDS, LoadError, Source, chosen_columns, load_files
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
    parser.add_argument("--kolom", action="append", default=[], metavar="KOLOM=JUDUL", type=_column_choice,
                        help="baca kolom berjudul JUDUL sebagai KOLOM (mis. --kolom tanggal=\"Hari Pertemuan\"); "
                             "boleh berulang; diingat untuk berkas berikutnya dengan judul kolom yang sama")
    args = parser.parse_args(argv)
    try:
        sources = [Source.from_path(f) for f in args.files]
        db = db_path(args.db)
        mappings = chosen_columns(db, sources, args.kind, dict(args.kolom)) if args.kolom else None
        report = load_files(db, sources, kind=args.kind, dry_run=args.dry_run, column_mappings=mappings)
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


def _column_choice(text: str) -> tuple[str, str]:
    canonical, sep, header = text.partition("=")
    if not sep or not canonical.strip() or not header.strip():
        raise argparse.ArgumentTypeError(f"'{text}' bukan KOLOM=JUDUL (contoh: tanggal=\"Hari Pertemuan\")")
    return canonical.strip(), header.strip()


if __name__ == "__main__":
    sys.exit(main())
