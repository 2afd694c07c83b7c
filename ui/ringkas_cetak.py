"""The printable brief (issue 17 item 5): one self-contained HTML file for one scope and period — headline
figures, a map (or bars) of the weekly rule per kab/kota, the per-kab/kota table, the weekly trend, the top
reflection themes and the at-risk list — for meetings with Dinas, pengawas and principals, printed or offline.

Self-contained on purpose: inline CSS (A4 print rules with page breaks), charts drawn here as inline SVG from the
query results (no Plotly/kaleido, no browser needed on the server), the system font stack, and no URL of any kind,
so it opens and prints with the network off. Every number comes from a query run through the runner with the
page's Filters and Scope (a wali's brief holds only their kab/kota); Python only lays them out. Every text from
data goes through `html.escape`: an uploaded name is shown as typed, never read as markup.
Pure: never imports streamlit.
"""
from __future__ import annotations

import dataclasses
import html
import math
from datetime import date, datetime

import duckdb
import pandas as pd
from plotly.colors import sample_colorscale

from queries.runner import Filters, run_query
from queries.scope import Scope
from ui import format as fmt
from ui.peta_geometri import lingkup, luas, nama_pendek
from vocab import KOMPONEN, KOMPONEN_LABEL

BATAS_BERISIKO = 30  # at-risk communities listed; the rest are counted
TEMA_PER_KOMPONEN = 3
KOMPONEN_RINGKAS = ("hal_baik", "perlu_ditingkatkan", "tantangan", "rencana_tindak_lanjut")
KELAS_PETA = 10
# The dashboard map's bands (ui/charts.WARNA_PETA, the same formula; a unit test keeps them equal).
WARNA_PETA = sample_colorscale("Blues", [0.12 + 0.88 * (i + 0.5) / KELAS_PETA for i in range(KELAS_PETA)])
WARNA_TANPA_NILAI = "#DDDDDD"
WARNA_TERPENUHI, WARNA_TIDAK = "#009E73", "#D55E00"
MAKS_LABEL_NAMA = 40
LEBAR_PETA = 640


def e(x: object) -> str:
    return html.escape(str(x), quote=True)


def _warna(s: str) -> str:
    """plotly's 'rgb(r, g, b)' as '#rrggbb' (plain hex reads the same in every viewer)."""
    if s.startswith("#"):
        return s
    r, g, b = (int(float(v)) for v in s[s.index("(") + 1:s.index(")")].split(","))
    return f"#{r:02x}{g:02x}{b:02x}"


def _kelas(nilai: float | None) -> int | None:
    if nilai is None or pd.isna(nilai):
        return None
    return min(int(max(0.0, min(float(nilai), 100.0)) / 100 * KELAS_PETA), KELAS_PETA - 1)


def peta_svg(progres: pd.DataFrame, nilai: str = "rata_persen_terpenuhi") -> str:
    """A choropleth of a percentage per kab/kota as inline SVG, fitted to the kab/kota of `progres` on the
    provinces they belong to; '' when none has a boundary (the caller then draws bars)."""
    geo = lingkup(tuple(progres["kode_kabkota"]))
    if geo is None:
        return ""
    df = progres[progres["kode_kabkota"].isin(geo.bentuk)].drop_duplicates("kode_kabkota")
    x0, y0, x1, y1 = geo.batas
    tepi = max(x1 - x0, y1 - y0) * 0.03
    rasio = 1 / math.cos(math.radians((y0 + y1) / 2))
    skala = LEBAR_PETA / (x1 - x0 + 2 * tepi)
    tinggi = (y1 - y0 + 2 * tepi) * rasio * skala
    if tinggi > 620:  # a tall region: fit the height instead
        skala *= 620 / tinggi
        tinggi = 620.0
    lebar = (x1 - x0 + 2 * tepi) * skala

    def xy(x: float, y: float) -> tuple[float, float]:
        return (x - x0 + tepi) * skala, (y1 + tepi - y) * rasio * skala

    def jalur(cincin) -> str:
        bagian = []
        for xs, ys in cincin:
            titik = [xy(x, y) for x, y in zip(xs, ys)]
            bagian.append("M" + "L".join(f"{a:.1f},{b:.1f}" for a, b in titik) + "Z")
        return "".join(bagian)

    out = [f'<svg class="peta" viewBox="0 0 {lebar:.0f} {tinggi + 40:.0f}" width="{lebar:.0f}" '
           f'height="{tinggi + 40:.0f}" role="img" aria-label="Peta pemenuhan aturan mingguan per kab/kota">']
    for rings in geo.provinsi:
        out.append(f'<path d="{jalur(rings)}" fill="#F3F3F3" stroke="none"/>')
    urut = sorted(df.itertuples(index=False), key=lambda r: r.kode_kabkota not in geo.berlubang)
    for r in urut:  # kab/kota holding an enclave first, so the enclave is drawn on top
        k = _kelas(getattr(r, nilai))
        warna = WARNA_TANPA_NILAI if k is None else _warna(WARNA_PETA[k])
        out.append(f'<path d="{jalur(geo.bentuk[r.kode_kabkota])}" fill="{warna}" stroke="#FFFFFF" '
                   f'stroke-width="0.7"><title>{e(r.kabkota)}: {e(fmt.persen(getattr(r, nilai)))}</title></path>')
    for rings in geo.provinsi:
        out.append(f'<path d="{jalur(rings)}" fill="none" stroke="#555555" stroke-width="1.1"/>')
    # Names and values where they fit, largest kab/kota first (a label that would overlap one placed is left out).
    nilai_ = pd.to_numeric(df[nilai], errors="coerce")
    calon = set(df["kode_kabkota"]) if len(df) <= MAKS_LABEL_NAMA else set(
        df.loc[nilai_.rank(method="first") <= 5, "kode_kabkota"]) | set(
        df.loc[nilai_.rank(method="first", ascending=False) <= 5, "kode_kabkota"])
    kotak: list[tuple[float, float, float, float]] = []
    tak_muat = 0
    for r in sorted(df.itertuples(index=False), key=lambda r: -sum(luas(*c) for c in geo.bentuk[r.kode_kabkota])):
        if r.kode_kabkota not in calon:
            continue
        nama, teks = nama_pendek(str(r.kabkota)), fmt.persen(getattr(r, nilai))
        x, y = xy(*geo.label[r.kode_kabkota])
        w, h = 2.9 * max(len(nama), len(teks)) + 2, 12
        if not all(abs(x - a) >= w + aw or abs(y - b) >= h + ah for a, b, aw, ah in kotak):
            tak_muat += 1
            continue
        kotak.append((x, y, w, h))
        k = _kelas(getattr(r, nilai))
        gelap = k is not None and k >= KELAS_PETA * 0.6
        warna, halo = ("#FFFFFF", "#08306B") if gelap else ("#1A1A1A", "#FFFFFF")
        out.append(f'<text x="{x:.1f}" y="{y - 2:.1f}" text-anchor="middle" class="label" fill="{warna}" '
                   f'stroke="{halo}">{e(nama)}<tspan x="{x:.1f}" dy="11">{e(teks)}</tspan></text>')
    # The colour key: ten bands, 0–100 %.
    y, kiri = tinggi + 8, 14  # on white under the map; the first tick's text needs room on the left
    out.append(f'<rect x="0" y="{tinggi:.1f}" width="{lebar:.1f}" height="40" fill="#FFFFFF"/>')
    lebar_pita = min(lebar - 2 * kiri, 400) / KELAS_PETA
    for i, w in enumerate(WARNA_PETA):
        out.append(f'<rect x="{kiri + i * lebar_pita:.1f}" y="{y:.0f}" width="{lebar_pita:.1f}" height="10" '
                   f'fill="{_warna(w)}"/>')
    for i in range(0, KELAS_PETA + 1, 2):
        out.append(f'<text x="{kiri + i * lebar_pita:.1f}" y="{y + 24:.0f}" text-anchor="middle" class="skala">'
                   f'{e(fmt.persen(i * 10, 0))}</text>')
    out.append("</svg>")
    catatan = []
    if tak_muat:
        catatan.append(f"{fmt.angka(tak_muat)} nama kab/kota tidak muat di peta; nilainya ada di tabel.")
    if nilai_.isna().any():
        catatan.append("Abu-abu: belum ada minggu yang dinilai.")
    return "".join(out) + "".join(f'<p class="catatan">{e(c)}</p>' for c in catatan)


def batang_svg(label: list[str], nilai: list[float | None], *, warna: str = "#0072B2", lebar: int = 640,
               aria: str = "") -> str:
    """Horizontal bars of percentages (0–100 %), one per label, with the value written after the bar."""
    tinggi_baris, kiri = 22, 190
    ruang = lebar - kiri - 60
    out = [f'<svg class="batang" viewBox="0 0 {lebar} {tinggi_baris * len(label) + 6}" width="{lebar}" '
           f'height="{tinggi_baris * len(label) + 6}" role="img" aria-label="{e(aria)}">']
    for i, (nama, v) in enumerate(zip(label, nilai)):
        y = i * tinggi_baris + 3
        nama = nama if len(nama) <= 30 else nama[:29] + "…"
        out.append(f'<text x="{kiri - 6}" y="{y + 14}" text-anchor="end" class="sumbu">{e(nama)}</text>')
        panjang = 0.0 if v is None or pd.isna(v) else max(0.0, min(float(v), 100.0)) / 100 * ruang
        out.append(f'<rect x="{kiri}" y="{y + 2}" width="{panjang:.1f}" height="{tinggi_baris - 6}" fill="{warna}"/>')
        out.append(f'<text x="{kiri + panjang + 4:.1f}" y="{y + 14}" class="sumbu">{e(fmt.persen(v))}</text>')
    out.append("</svg>")
    return "".join(out)


def kolom_svg(minggu: list[date], nilai: list[float], *, lebar: int = 640, tinggi: int = 150) -> str:
    """The weekly trend: one column per week (% of communities meeting), 0–100 %."""
    if not minggu:
        return ""
    bawah, kiri = 22, 34
    ruang = tinggi - bawah - 8
    w = (lebar - kiri - 24) / len(minggu)  # room on the right for the last week's date
    out = [f'<svg class="tren" viewBox="0 0 {lebar} {tinggi}" width="{lebar}" height="{tinggi}" role="img" '
           'aria-label="Persen komunitas yang bertemu per minggu">']
    for p in (0, 50, 100):
        y = 8 + ruang * (1 - p / 100)
        out.append(f'<line x1="{kiri}" x2="{lebar - 24}" y1="{y:.1f}" y2="{y:.1f}" stroke="#DDDDDD"/>'
                   f'<text x="{kiri - 4}" y="{y + 4:.1f}" text-anchor="end" class="skala">{e(fmt.persen(p, 0))}</text>')
    langkah = max(1, math.ceil(len(minggu) / 8))
    for i, (m, v) in enumerate(zip(minggu, nilai)):
        h = ruang * max(0.0, min(float(v), 100.0)) / 100
        x = kiri + i * w
        out.append(f'<rect x="{x + 1:.1f}" y="{8 + ruang - h:.1f}" width="{max(w - 2, 1):.1f}" height="{h:.1f}" '
                   f'fill="{WARNA_TERPENUHI}"><title>{e(fmt.tanggal(m))}: {e(fmt.persen(v))}</title></rect>')
        if i % langkah == 0:
            out.append(f'<text x="{x + w / 2:.1f}" y="{tinggi - 6}" text-anchor="middle" class="skala">'
                       f'{e(fmt.tanggal(m))}</text>')
    out.append("</svg>")
    return "".join(out)


CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif;
       color: #1A1A1A; margin: 0 auto; max-width: 190mm; padding: 10mm 0; font-size: 10.5pt; line-height: 1.35; }
h1 { font-size: 17pt; margin: 0 0 2mm; } h2 { font-size: 13pt; margin: 6mm 0 2mm; border-bottom: 1.5px solid #0072B2;
padding-bottom: 1mm; } h3 { font-size: 11pt; margin: 3mm 0 1mm; }
.meta { color: #444; margin: 0; font-size: 9.5pt; }
.contoh { border: 2px solid #D55E00; color: #8A2E00; padding: 2mm 3mm; font-weight: 600; margin: 3mm 0; }
.peringatan { border-left: 4px solid #E69F00; background: #FFF6E0; padding: 2mm 3mm; margin: 2mm 0; }
.kartu { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm; margin: 3mm 0; }
.kartu > div { border: 1px solid #BBB; border-radius: 2mm; padding: 2.5mm 3mm; break-inside: avoid; }
.kartu .judul { font-size: 9pt; color: #444; } .kartu .angka { font-size: 18pt; font-weight: 700; }
.kartu .rinci { font-size: 9pt; color: #444; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
th, td { border-bottom: 1px solid #DDD; padding: 1.2mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #F2F2F2; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
thead { display: table-header-group; } tr { break-inside: avoid; }
svg { max-width: 100%; height: auto; display: block; margin: 2mm 0; }
svg text { font-family: inherit; } .label { font-size: 9px; paint-order: stroke; stroke-width: 2.5px;
stroke-linejoin: round; } .skala, .sumbu { font-size: 9px; fill: #333; }
.catatan { font-size: 8.5pt; color: #555; margin: 1mm 0; }
.tema { display: grid; grid-template-columns: 1fr 1fr; gap: 2mm 6mm; } .tema section { break-inside: avoid; }
section.blok { break-inside: avoid; }
.baru { break-before: page; }
footer { margin-top: 6mm; font-size: 8.5pt; color: #555; border-top: 1px solid #DDD; padding-top: 2mm; }
@page { size: A4; margin: 12mm 12mm 14mm; }
@media print { body { padding: 0; max-width: none; } h2 { break-after: avoid; } }
"""


def _kartu(judul: str, kunci: str, angka: str, rinci: str = "") -> str:
    return (f'<div><div class="judul">{e(judul)}</div><div class="angka" data-kunci="{e(kunci)}">{e(angka)}</div>'
            f'<div class="rinci">{e(rinci)}</div></div>')


def _periode_refleksi(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> tuple[str, date, date] | None:
    """The latest two-month reflection period that overlaps the brief's period (the Refleksi page's default)."""
    ada = run_query(con, "reflection_periods", filters, scope)
    for r in ada.iloc[::-1].itertuples():
        dari, sampai = pd.Timestamp(r.dari).date(), pd.Timestamp(r.sampai).date()
        if dari <= filters.sampai and sampai >= filters.dari:
            return str(r.periode), dari, sampai
    return None


def build_brief(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope, *, lingkup_nama: str | None = None,
                diperbarui_pada: str | None = None, data_contoh: bool = False,
                dibuat_pada: datetime | None = None, batas: int = BATAS_BERISIKO) -> bytes:
    """The brief's HTML (UTF-8 bytes). Its title names the kab/kota it covers (the scope ∩ the sidebar's choice),
    unless `lingkup_nama` is given; the scope itself is enforced by the runner on every query."""
    dibuat_pada = dibuat_pada or datetime.now()
    if lingkup_nama is None:
        efektif = scope.effective_kabkota(filters.kabkota)
        lingkup_nama = "Semua kab/kota UPT" if efektif is None else \
            (", ".join(fmt.nama_kabkota(k) for k in efektif) or "Tidak ada kab/kota")
    periode = fmt.periode(filters.dari, filters.sampai)
    h = run_query(con, "headline", filters, scope).iloc[0]
    progres = run_query(con, "progress_kabkota", filters, scope)
    tren = run_query(con, "weekly_trend", filters, scope).dropna(subset=["persen_terpenuhi"])
    curiga = run_query(con, "minggu_mencurigakan", filters, scope)
    tindak = run_query(con, "weekly_rule_followup", filters, scope)
    berisiko = tindak[tindak["berisiko"].fillna(False).astype(bool)]

    bagian: list[str] = []
    dipilih = [f"Periode {periode}"]
    if filters.jenis:
        dipilih.append(f"Jenis: {fmt.jenis(filters.jenis)}")
    if filters.jenjang:
        dipilih.append(f"Jenjang: {filters.jenjang}")
    dipilih.append(f"Ambang aturan mingguan {fmt.persen(filters.ambang, 0)} minggu")
    if filters.libur:
        dipilih.append(f"{fmt.angka(len(filters.libur))} minggu ditandai libur")
    bagian.append(f"<header><h1>Ringkasan Komunitas Belajar — {e(lingkup_nama)}</h1>"
                  f"<p class='meta'>{e(' · '.join(dipilih))}</p>"
                  f"<p class='meta'>Data per {e(diperbarui_pada or '–')} · dicetak "
                  f"{e(fmt.tanggal(dibuat_pada.date()))} {dibuat_pada:%H.%M}</p></header>")
    if data_contoh:
        bagian.append("<p class='contoh'>DATA CONTOH buatan, bukan data sebenarnya.</p>")

    jk = h.jumlah_komunitas
    bagian.append("<h2>Gambaran umum</h2><div class='kartu'>" + "".join([
        _kartu("Komunitas belajar", "jumlah_komunitas", fmt.angka(jk), "terdaftar sampai akhir periode"),
        _kartu("Terdaftar di PMM", "terdaftar_pmm", fmt.angka(h.terdaftar_pmm),
               f"{fmt.persen(100 * h.terdaftar_pmm / jk if jk else None)} dari semua komunitas"),
        _kartu("Aktif 4 minggu terakhir", "komunitas_aktif_4_minggu", fmt.angka(h.komunitas_aktif_4_minggu),
               f"{fmt.persen(h.persen_aktif_4_minggu)} dari semua komunitas"),
        _kartu("Memenuhi aturan mingguan", "komunitas_memenuhi_aturan", fmt.angka(h.komunitas_memenuhi_aturan),
               f"{fmt.persen(h.persen_memenuhi_aturan)} dari {fmt.angka(h.komunitas_dievaluasi)} yang dinilai"),
        _kartu("Refleksi periode ini", "jumlah_refleksi", fmt.angka(h.jumlah_refleksi), "komunitas × periode"),
        _kartu("Cakupan sekolah IKM", "persen_cakupan_ikm", fmt.persen(h.persen_cakupan_ikm),
               f"{fmt.angka(h.sekolah_ikm_dengan_kombel)} dari {fmt.angka(h.sekolah_ikm)} sekolah"),
    ]) + "</div>")
    for r in curiga.itertuples():
        bagian.append(f"<p class='peringatan'>Minggu {e(fmt.minggu(pd.Timestamp(r.minggu).date()))}: hanya "
                      f"{e(fmt.persen(r.persen_terpenuhi))} komunitas bertemu "
                      f"(biasanya {e(fmt.persen(r.persen_biasa))}) — mungkin libur sekolah yang belum ditandai; "
                      "angka di atas menghitungnya sebagai minggu biasa.</p>")

    # The weekly rule per kab/kota: a map for three or more, bars for one or two (a map would be one blob).
    dinilai = progres.sort_values("rata_persen_terpenuhi", ascending=False, na_position="last")
    gambar = peta_svg(progres) if len(progres) >= 3 else ""
    if not gambar and not progres.empty:
        gambar = batang_svg([nama_pendek(str(n)) for n in dinilai["kabkota"]], list(dinilai["rata_persen_terpenuhi"]),
                            warna=WARNA_TERPENUHI, aria="Rata-rata persen minggu terpenuhi per kab/kota")
    bagian.append("<section class='blok'><h2>Pemenuhan aturan mingguan per kab/kota</h2>"
                  f"<p class='catatan'>Rata-rata % minggu terpenuhi per komunitas, {e(periode)}.</p>{gambar}</section>")
    if not tren.empty:
        bagian.append("<section class='blok'><h3>Persen komunitas yang bertemu, per minggu</h3>"
                      + kolom_svg([pd.Timestamp(m).date() for m in tren["minggu"]], list(tren["persen_terpenuhi"]))
                      + "</section>")
    baris = "".join(
        f"<tr><td>{e(r.kabkota)}</td><td class='n'>{e(fmt.angka(r.jumlah_komunitas))}</td>"
        f"<td class='n'>{e(fmt.angka(r.komunitas_aktif_4_minggu))} ({e(fmt.persen(r.persen_aktif_4_minggu))})</td>"
        f"<td class='n'>{e(fmt.persen(r.rata_persen_terpenuhi))}</td>"
        f"<td class='n'>{e(fmt.angka(r.komunitas_memenuhi_aturan))}</td>"
        f"<td class='n'>{e(fmt.persen(r.persen_cakupan_ikm))}</td>"
        f"<td class='n'>{e(fmt.angka(r.jumlah_refleksi))}</td></tr>"
        for r in dinilai.itertuples())
    bagian.append("<h2>Tabel per kab/kota</h2><table class='kabkota'><thead><tr><th>Kab/kota</th>"
                  "<th class='n'>Komunitas</th><th class='n'>Aktif 4 minggu</th><th class='n'>Rata-rata % minggu "
                  "terpenuhi</th><th class='n'>Memenuhi aturan</th><th class='n'>Cakupan IKM</th>"
                  f"<th class='n'>Refleksi</th></tr></thead><tbody>{baris}</tbody></table>")

    # Top reflection themes of the latest reflection period within the brief's period.
    pr = _periode_refleksi(con, filters, scope)
    if pr is None:
        bagian.append("<h2>Tema refleksi teratas</h2><p>Belum ada refleksi pada periode ini.</p>")
    else:
        nama_p, dari_p, sampai_p = pr
        tema = run_query(con, "reflection_theme_ranking", dataclasses.replace(filters, dari=dari_p, sampai=sampai_p),
                         scope)
        tema = tema[tema["tema"] != "lainnya"]
        kotak_tema = []
        for k in sorted(KOMPONEN_RINGKAS, key=KOMPONEN.index):
            t = tema[tema["komponen"] == k].sort_values("peringkat").head(TEMA_PER_KOMPONEN)
            isi = "".join(f"<li>{e(r.tema)} — {e(fmt.persen(r.persen_komunitas))} komunitas "
                          f"({e(fmt.angka(r.jumlah_komunitas))})</li>" for r in t.itertuples()) \
                or "<li>Belum ada tema.</li>"
            kotak_tema.append(f"<section><h3>{e(KOMPONEN_LABEL[k])}</h3><ol>{isi}</ol></section>")
        bagian.append(f"<section class='blok'><h2>Tema refleksi teratas, {e(fmt.periode(dari_p, sampai_p))}</h2>"
                      f"<p class='catatan'>Periode refleksi {e(nama_p)}; persen = komunitas yang menyebut tema dari "
                      "komunitas yang mengisi komponen itu.</p>"
                      f"<div class='tema'>{''.join(kotak_tema)}</div></section>")

    # The at-risk list, in the follow-up list's order (still silent first).
    daftar = berisiko.head(batas)
    baris = "".join(
        f"<tr><td>{e(r.nama_komunitas)}</td><td>{e(r.kabkota)}</td>"
        f"<td class='n'>{e(fmt.persen(r.persen_terpenuhi))}</td>"
        f"<td>{e(fmt.tanggal(None if pd.isna(r.kegiatan_terakhir) else pd.Timestamp(r.kegiatan_terakhir).date()))}</td>"
        f"<td>{e('' if pd.isna(r.bertemu_lagi_pada) else fmt.tanggal(pd.Timestamp(r.bertemu_lagi_pada).date()))}</td>"
        f"<td>{e(r.penggerak_nama if isinstance(r.penggerak_nama, str) else '–')}</td></tr>"
        for r in daftar.itertuples())
    sisa = len(berisiko) - len(daftar)
    judul = f"Komunitas berisiko ({fmt.angka(len(berisiko))})"
    if berisiko.empty:
        isi = "<p>Tidak ada komunitas berisiko pada periode ini.</p>"
    else:
        isi = ("<table class='berisiko'><thead><tr><th>Komunitas</th><th>Kab/kota</th><th class='n'>% minggu "
               "terpenuhi</th><th>Kegiatan terakhir</th><th>Bertemu lagi</th><th>Penggerak</th></tr></thead>"
               f"<tbody>{baris}</tbody></table>")
        if sisa:
            isi += f"<p class='sisa'>… dan {e(fmt.angka(sisa))} komunitas berisiko lainnya (lihat dasbor).</p>"
    bagian.append(f"<h2 class='baru'>{e(judul)}</h2><p class='catatan'>Berisiko = tidak bertemu pada minggu "
                  "terakhir yang dinilai. Urutan: yang masih belum bertemu lebih dulu.</p>" + isi)
    bagian.append(f"<footer>Dasbor Komunitas Belajar · {e(lingkup_nama)} · {e(periode)}. Semua angka dihitung "
                  "dasbor dari data yang dimuat; definisi di dokumentasi dasbor.</footer>")
    teks = ("<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{e(f'Ringkasan Komunitas Belajar — {lingkup_nama} — {periode}')}</title>"
            f"<style>{CSS}</style></head><body>{''.join(bagian)}</body></html>")
    return teks.encode("utf-8")
