#!/bin/sh
# Inputs made by a real program: Google-Forms-style CSVs re-saved by LibreOffice Calc the way a clerk does
# (RECIPES.md, "Spreadsheet files as people make them"). Run from anywhere; needs `soffice`
# (Debian libreoffice-calc-nogui) and python3. Rewrites every file of this folder it makes; commit them.
#
#   gform_id.csv         a Google Form answered in Indonesian: `Stempel waktu` 15/10/2022 17:58:00, dates 15/10/2022
#   gform_en.csv         the same form downloaded from an English-locale Google account: `Timestamp`
#                        2022/10/15 5:58:00 PM GMT+7, dates 10/15/2022 (month first)
#   lo_<ui>_<source>.csv gform_*.csv opened in LibreOffice and saved again as CSV:
#                        ui en = the default English interface (writes dates 10/15/22 05:58 PM),
#                        ui id = an Indonesian interface (id-ID locale: writes 15/10/22 17:58);
#                        source impor_id = gform_id.csv imported as Indonesian (language 1057),
#                        impor_en = gform_id.csv imported with the default English language (1033),
#                        gform_en = gform_en.csv imported as English (1033).
#                        (gform_id imported as English under an Indonesian interface is left out: LibreOffice
#                        itself turns 09/10/2022 into 10 September and writes 10/09/22; nothing can undo that.)
#   lo_impor_id.xlsx     gform_id.csv imported as Indonesian and saved as XLSX (real date cells)
#   galat_rumus.csv      an activity list with formulas that fail (=1/0, =NA(), =SQRT(-1), ...)
#   lo_galat_rumus.xlsx  ... saved by LibreOffice with formulas evaluated: error cells (<c t="e">)
#   lo_galat_rumus.csv   ... and as CSV (error texts #DIV/0!, #N/A, Err:502)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$here" <<'PY'
import sys
from datetime import date, datetime, timedelta
here = sys.argv[1]
KOMUNITAS = [("Kombel Cileunyi Hebat", "Kab. Bandung"), ("KKG Gugus 2 Garut", "Kabupaten Garut")]
DURASI = ["90", "60 menit", "1,5 jam", "2 jam", "45"]
BENTUK = ["Belajar Bersama", "Berbagi Praktik Baik", "Refleksi"]
MODA = ["Luring", "Daring"]
rows = []
for i in range(40):
    tanggal = date(2022, 8, 1) + timedelta(days=int(i * 3.6))
    stempel = datetime(tanggal.year, tanggal.month, tanggal.day) + timedelta(
        days=1, hours=7 + (i * 5) % 13, minutes=(i * 13) % 60, seconds=(i * 29) % 60)
    nama, kab = KOMUNITAS[i % 2]
    rows.append((stempel, nama, kab, tanggal, DURASI[i % 5], f"Pertemuan {i + 1:02d}", BENTUK[i % 3], MODA[i % 2],
                 str(5 + i % 20)))

def write(path, header, fmt_stempel, fmt_tanggal):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(header) + "\r\n")
        for s, nama, kab, t, dur, topik, bentuk, moda, peserta in rows:
            cells = [fmt_stempel(s), nama, kab, fmt_tanggal(t), dur, topik, bentuk, moda, peserta]
            f.write(",".join(f'"{c}"' if "," in c else c for c in cells) + "\r\n")

rest = ["Nama Komunitas Belajar", "Kabupaten/Kota", "Tanggal Pelaksanaan Kegiatan", "Durasi Kegiatan",
        "Topik Kegiatan", "Bentuk Kegiatan", "Moda Kegiatan", "Jumlah Peserta"]
write(f"{here}/gform_id.csv", ["Stempel waktu", *rest],
      lambda s: s.strftime("%d/%m/%Y %H:%M:%S"), lambda t: t.strftime("%d/%m/%Y"))
write(f"{here}/gform_en.csv", ["Timestamp", *rest],
      lambda s: f"{s:%Y/%m/%d} {(s.hour - 1) % 12 + 1}:{s:%M:%S} {'AM' if s.hour < 12 else 'PM'} GMT+7",
      lambda t: f"{t.month}/{t.day}/{t.year}")

with open(f"{here}/galat_rumus.csv", "w", encoding="utf-8", newline="") as f:
    f.write("ID Komunitas,Tanggal,Durasi (menit),Topik,Peserta Hadir\r\n"
            "KOM-001,15/10/2022,=1/0,Rumus durasi,12\r\n"
            "KOM-001,16/10/2022,90,=NA(),=SQRT(-1)\r\n"
            "KOM-001,=1/0,60,Tanggal rumus,7\r\n"
            "KOM-001,18/10/2022,=NA(),Baris utuh,9\r\n")
PY

convert() {  # convert UI IMPORT_LANGUAGE SOURCE FORMAT OUT [MORE_IMPORT_OPTIONS]
    home="$work/home_$5"
    mkdir -p "$home/.config/libreoffice/4/user" "$work/out"
    if [ "$1" = id ]; then
        cat > "$home/.config/libreoffice/4/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>id-ID</value></prop></item>
</oor:items>
XCU
    fi
    # CSV import: comma (44), double quote (34), UTF-8 (76), from line 1, default column types, language $2
    # (1057 Indonesian, 1033 English US), then $6. CSV export: comma, double quote, UTF-8.
    case "$4" in csv) target="csv:Text - txt - csv (StarCalc):44,34,76" ;; *) target="$4" ;; esac
    rm -rf "$work/out"/*
    HOME="$home" soffice --headless --infilter="CSV:44,34,76,1,,$2${6:-}" --convert-to "$target" \
        --outdir "$work/out" "$here/$3" >/dev/null 2>&1
    mv "$work/out"/* "$here/$5"
}

convert en 1057 gform_id.csv csv lo_en_impor_id.csv
convert en 1033 gform_id.csv csv lo_en_impor_en.csv
convert id 1057 gform_id.csv csv lo_id_impor_id.csv
convert en 1033 gform_en.csv csv lo_en_gform_en.csv
convert id 1033 gform_en.csv csv lo_id_gform_en.csv
convert en 1057 gform_id.csv xlsx lo_impor_id.xlsx
# Formulas evaluated (token 13), special numbers such as dates left as text (token 8).
convert en 1057 galat_rumus.csv xlsx lo_galat_rumus.xlsx ,false,false,false,false,false,false,true
convert en 1057 galat_rumus.csv csv lo_galat_rumus.csv ,false,false,false,false,false,false,true
ls -l "$here"
