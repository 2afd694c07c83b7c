"""CLI: python -m data_loaders --db PATH [--dry-run] [--kind KIND] [--kolom CANONICAL=HEADER ...] FILE...
         python -m data_loaders --db PATH --riwayat | --pulihkan VERSI   (store versions: store/versions.py)"""
from __future__ import annotations

import argparse
import getpass
import sys

from data_loaders.load import KINDS, LoadError, Source, chosen_columns, load_files
from store import versions
from store.cli import Parser
from store.cow import StoreBusy, StoreError
from store.database import db_path, restore, set_actor


def main(argv: list[str] | None = None) -> int:
    parser = Parser(
        prog="python -m data_loaders",
        description="Memuat berkas ekspor (CSV/XLSX) ke penyimpanan data dasbor komunitas belajar.",
    )
    parser.add_argument("files", nargs="*", metavar="BERKAS", help="berkas CSV atau XLSX")
    parser.add_argument("--db", help="lokasi penyimpanan data (bawaan: $KOMBEL_DB atau data/kombel.duckdb)")
    parser.add_argument("--dry-run", action="store_true", help="uji coba: laporkan tanpa menyimpan")
    parser.add_argument("--kind", choices=KINDS, help="paksa jenis data semua berkas")
    parser.add_argument("--kolom", action="append", default=[], metavar="KOLOM=JUDUL", type=_column_choice,
                        help="baca kolom berjudul JUDUL sebagai KOLOM (mis. --kolom tanggal=\"Hari Pertemuan\"); "
                             "boleh berulang; diingat untuk berkas berikutnya dengan judul kolom yang sama")
    parser.add_argument("--riwayat", action="store_true",
                        help="tampilkan versi penyimpanan yang tersimpan (kapan, oleh siapa, berkas, baris, ukuran)")
    parser.add_argument("--pulihkan", metavar="VERSI",
                        help="kembalikan penyimpanan ke VERSI dari --riwayat (isi sekarang disimpan dulu sebagai "
                             "versi, jadi pemulihan pun dapat dibatalkan)")
    parser.add_argument("--simpan-versi", type=_count, metavar="N",
                        help=f"jumlah versi yang disimpan (bawaan ${versions.ENV} atau {versions.DEFAULT_KEEP}; "
                             "0 = tidak ada)")
    args = parser.parse_args(argv)
    if args.riwayat and args.pulihkan:
        parser.error("argument --pulihkan: not allowed with argument --riwayat")
    if (args.riwayat or args.pulihkan) and args.files:
        parser.error(f"unrecognized arguments: {' '.join(args.files)}")
    if not (args.riwayat or args.pulihkan or args.files):
        parser.error("the following arguments are required: BERKAS")
    set_actor(f"cli ({_user()})")
    if args.simpan_versi is not None:
        with versions.keeping(args.simpan_versi):
            return _run(args)
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    if args.riwayat:
        print(_history(db_path(args.db)))
        return 0
    if args.pulihkan:
        db = db_path(args.db)
        try:
            version = restore(db, args.pulihkan)
        except versions.VersionNotFound as exc:
            print(f"GAGAL: {exc}", file=sys.stderr)
            return 2
        except StoreBusy as exc:
            print(f"GAGAL: {exc}", file=sys.stderr)
            return 3
        except StoreError as exc:
            print(f"GAGAL: {exc}", file=sys.stderr)
            return 4
        print(f"Penyimpanan {db} dipulihkan ke versi {version.id} (keadaan sebelum {version.tindakan} "
              f"{version.dibuat_pada.replace('T', ' ')}). Isi sebelumnya disimpan sebagai versi baru: batalkan "
              "dengan --pulihkan versi itu (lihat --riwayat).")
        return 0
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


def _count(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' bukan bilangan bulat 0 atau lebih")
    return int(text)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        return "tanpa nama"


def _history(db) -> str:  # noqa: ANN001 - a Path
    """The versions as a table: each is the store BEFORE the step it names."""
    kept = versions.list_versions(db)
    try:
        limit = f"paling banyak {versions.keep_count()}"
    except StoreError:
        limit = f"${versions.ENV} tidak valid"
    head = (f"Versi tersimpan penyimpanan {db}: {len(kept)} ({limit}), "
            f"{versions.ukuran(versions.disk_usage(db))} di {versions.folder(db)}.")
    if not kept:
        return head + "\nBelum ada versi tersimpan: versi dibuat oleh setiap pemuatan berikutnya."
    lines = [head, "Setiap versi adalah isi penyimpanan SEBELUM langkah yang tercatat; --pulihkan VERSI "
             "mengembalikannya.", ""]
    rows = [("VERSI", "WAKTU", "OLEH", "LANGKAH", "BARIS", "UKURAN", "BERKAS")]
    for v in kept:
        files = "; ".join(f"{f.get('nama')} (sha256 {str(f.get('sha256'))[:12]}…)" for f in v.berkas) or "-"
        if v.record.get("dipulihkan_dari"):
            files = f"(dipulihkan ke versi {v.record['dipulihkan_dari']})"
        rows.append((v.id, v.dibuat_pada.replace("T", " ") or "?", v.oleh, v.tindakan, _rows(v),
                     versions.ukuran(v.size), files))
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[6] for r in rows]
    return "\n".join(lines)


def _rows(v: versions.Version) -> str:
    if v.baris_ditambah is not None:
        return f"+{v.baris_ditambah:,}".replace(",", ".")
    change = sum((v.record.get("perubahan_baris") or {}).values())
    return f"{change:+,}".replace(",", ".")


def _column_choice(text: str) -> tuple[str, str]:
    canonical, sep, header = text.partition("=")
    if not sep or not canonical.strip() or not header.strip():
        raise argparse.ArgumentTypeError(f"'{text}' bukan KOLOM=JUDUL (contoh: tanggal=\"Hari Pertemuan\")")
    return canonical.strip(), header.strip()


if __name__ == "__main__":
    sys.exit(main())
