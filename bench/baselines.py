"""Plain pandas implementations of the app's outputs, as an analyst would write them (groupby / merge
on the tables read into DataFrames once), for the "x pandas" column of bench/run.py.

Each baseline takes the Frames and the Filters and returns the same rows as the SQL query (the
bench checks row counts and column sums against the app's output, so a ratio is never measured
against a baseline that computes something else).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd

from queries.runner import Filters

KOMPONEN_ORDER = ["hal_baik", "perlu_ditingkatkan", "ide_solusi", "dampak_peserta_didik", "dampak_guru_kepsek",
                  "tantangan", "risiko", "mitigasi", "rencana_tindak_lanjut", "usulan_kegiatan"]


@dataclass
class Frames:
    komunitas: pd.DataFrame
    kegiatan: pd.DataFrame
    wilayah: pd.DataFrame
    sekolah: pd.DataFrame
    refleksi: pd.DataFrame
    butir: pd.DataFrame
    versi: int


def read_frames(con: duckdb.DuckDBPyConnection) -> Frames:
    """The tables as an analyst would have them in memory (read once, not timed)."""
    def df(sql: str) -> pd.DataFrame:
        return con.execute(sql).df()
    return Frames(
        komunitas=df("select id_komunitas, nama_komunitas, jenis, npsn, kode_kabkota, jenjang, penggerak_nama, "
                     "penggerak_email, tanggal_terdaftar, terdaftar_pmm from komunitas"),
        kegiatan=df("select id_komunitas, tanggal, durasi_menit, bentuk from kegiatan"),
        wilayah=df("select kode_kabkota, kabkota, kode_provinsi, provinsi from wilayah"),
        sekolah=df("select npsn, kode_kabkota, jenjang from sekolah"),
        refleksi=df("select id_refleksi, id_komunitas, tanggal, periode, komponen from refleksi"),
        butir=df("select id_refleksi, butir, tema, skor, versi_leksikon from butir_refleksi"),
        versi=int(con.execute("select nilai from meta where kunci = 'versi_leksikon'").fetchall()[0][0]),
    )


def _round(x, n: int):
    """Half away from zero, as DuckDB's round() (pandas rounds half to even); x >= 0 here."""
    return np.floor(x * 10**n + 0.5) / 10**n


def _ts(d: date) -> pd.Timestamp:
    return pd.Timestamp(d)


def _monday(s: pd.Series) -> pd.Series:
    return s - pd.to_timedelta(s.dt.weekday, unit="D")


def komunitas_lingkup(fr: Frames, f: Filters) -> pd.DataFrame:
    k = fr.komunitas
    m = k.tanggal_terdaftar.isna() | (k.tanggal_terdaftar <= _ts(f.sampai))
    if f.kabkota:
        m &= k.kode_kabkota.isin(list(f.kabkota))
    if f.jenis:
        m &= k.jenis == f.jenis
    if f.jenjang:
        m &= k.jenjang == f.jenjang
    return k[m].merge(fr.wilayah[["kode_kabkota", "kabkota"]], on="kode_kabkota", how="left")


def minggu_komunitas(fr: Frames, f: Filters) -> pd.DataFrame:
    """One row per community x evaluated week (queries/_minggu_komunitas.sql)."""
    k = komunitas_lingkup(fr, f)
    pertama = fr.kegiatan.groupby("id_komunitas").tanggal.min().rename("tanggal_pertama")
    k = k.merge(pertama, left_on="id_komunitas", right_index=True, how="left")
    dari = _ts(f.dari)
    start = k.tanggal_terdaftar.fillna(k.tanggal_pertama).fillna(dari).clip(lower=dari)
    k["minggu_pertama"] = _monday(start)
    sampai1 = _ts(f.sampai + timedelta(days=1))
    terakhir = sampai1 - pd.Timedelta(days=sampai1.weekday()) - pd.Timedelta(days=7)
    n = ((terakhir - k.minggu_pertama).dt.days // 7 + 1).clip(lower=0)
    k = k[n > 0]
    n = n[n > 0]
    m = k.loc[k.index.repeat(n), ["id_komunitas", "nama_komunitas", "jenis", "kode_kabkota", "kabkota",
                                  "minggu_pertama"]]
    m["minggu"] = m.minggu_pertama + pd.to_timedelta(m.groupby(level=0).cumcount() * 7, unit="D")
    m = m.drop(columns="minggu_pertama").reset_index(drop=True)
    if m.empty:
        return m.assign(libur=False, jumlah_kegiatan=0, total_durasi_menit=0, ada_durasi=False, terpenuhi=False,
                        terpenuhi_tanpa_durasi=False)
    g = fr.kegiatan
    g = g[(g.tanggal >= m.minggu.min()) & (g.tanggal < m.minggu.max() + pd.Timedelta(days=7))]
    g = g.assign(minggu=_monday(g.tanggal))
    agg = g.groupby(["id_komunitas", "minggu"]).agg(
        jumlah_kegiatan=("tanggal", "size"), total_durasi_menit=("durasi_menit", "sum"),
        n_durasi=("durasi_menit", "count")).reset_index()
    m = m.merge(agg, on=["id_komunitas", "minggu"], how="left")
    libur = {_ts(d) - pd.Timedelta(days=_ts(d).weekday()) for d in f.libur}
    m["libur"] = m.minggu.isin(libur)
    m["jumlah_kegiatan"] = m.jumlah_kegiatan.fillna(0).astype("int64")
    m["total_durasi_menit"] = m.total_durasi_menit.fillna(0).astype("int64")
    m["ada_durasi"] = m.n_durasi.fillna(0) > 0
    m["terpenuhi"] = (m.jumlah_kegiatan > 0) & ((m.jenis != "dalam_sekolah") | ~m.ada_durasi
                                                | (m.total_durasi_menit >= 60))
    m["terpenuhi_tanpa_durasi"] = m.terpenuhi & ~m.ada_durasi
    return m.drop(columns="n_durasi")


def weekly_rule(fr: Frames, f: Filters) -> pd.DataFrame:
    k = komunitas_lingkup(fr, f)
    d = minggu_komunitas(fr, f)
    d = d[~d.libur].sort_values(["id_komunitas", "minggu"], ascending=[True, False])
    d["urutan"] = d.groupby("id_komunitas").cumcount()
    d["gagal"] = ~d.terpenuhi
    d["minggu_gagal"] = d.minggu.where(d.gagal)
    r = d.groupby("id_komunitas").agg(
        minggu_dievaluasi=("minggu", "size"), minggu_terpenuhi=("terpenuhi", "sum"),
        minggu_tanpa_durasi=("terpenuhi_tanpa_durasi", "sum"), minggu_terakhir_gagal=("minggu_gagal", "max"))
    r["gagal_dua_terakhir"] = d[d.urutan < 2].groupby("id_komunitas").gagal.sum()
    d = d.merge(r.minggu_terakhir_gagal.rename("gagal_akhir"), left_on="id_komunitas", right_index=True)
    streak = d[d.gagal_akhir.isna() | (d.minggu > d.gagal_akhir)].groupby(
        "id_komunitas").size().rename("minggu_beruntun")
    out = k[["id_komunitas", "nama_komunitas", "jenis", "kode_kabkota", "kabkota"]].merge(
        r, left_on="id_komunitas", right_index=True, how="left").merge(
        streak, left_on="id_komunitas", right_index=True, how="left")
    rasio = 100.0 * out.minggu_terpenuhi / out.minggu_dievaluasi
    out["persen_terpenuhi"] = _round(rasio, 1)
    out["memenuhi_aturan"] = rasio >= f.ambang
    out["berisiko"] = (out.gagal_dua_terakhir == out.minggu_dievaluasi.clip(upper=2)).fillna(False)
    for c in ("minggu_dievaluasi", "minggu_terpenuhi", "minggu_tanpa_durasi", "minggu_beruntun"):
        out[c] = out[c].fillna(0).astype("int64")
    out["_rasio"] = rasio
    return out.drop(columns=["minggu_terakhir_gagal", "gagal_dua_terakhir"]).sort_values(
        ["kode_kabkota", "nama_komunitas", "id_komunitas"]).reset_index(drop=True)


def weekly_trend(fr: Frames, f: Filters) -> pd.DataFrame:
    m = minggu_komunitas(fr, f)
    m = m[~m.libur]
    r = m.groupby("minggu").agg(komunitas_dievaluasi=("terpenuhi", "size"), komunitas_terpenuhi=("terpenuhi", "sum"))
    sampai1 = _ts(f.sampai + timedelta(days=1))
    weeks = pd.date_range(_ts(f.dari) - pd.Timedelta(days=f.dari.weekday()),
                          sampai1 - pd.Timedelta(days=sampai1.weekday() + 7), freq="7D")
    libur = {_ts(d) - pd.Timedelta(days=_ts(d).weekday()) for d in f.libur}
    out = pd.DataFrame({"minggu": [w for w in weeks if w not in libur]}).merge(
        r, left_on="minggu", right_index=True, how="left")
    out["persen_terpenuhi"] = _round(100.0 * out.komunitas_terpenuhi / out.komunitas_dievaluasi, 1)
    out[["komunitas_dievaluasi", "komunitas_terpenuhi"]] = out[
        ["komunitas_dievaluasi", "komunitas_terpenuhi"]].fillna(0).astype("int64")
    return out


def weekly_grid(fr: Frames, f: Filters) -> pd.DataFrame:
    m = minggu_komunitas(fr, f)
    m["status"] = np.select([m.libur, m.terpenuhi_tanpa_durasi, m.terpenuhi],
                            ["libur", "terpenuhi_tanpa_durasi", "terpenuhi"], "tidak_terpenuhi")
    return m[["id_komunitas", "nama_komunitas", "kode_kabkota", "kabkota", "minggu", "status", "jumlah_kegiatan",
              "total_durasi_menit"]].sort_values(["kode_kabkota", "nama_komunitas", "id_komunitas", "minggu"])


def activity_frequency(fr: Frames, f: Filters) -> pd.DataFrame:
    k = komunitas_lingkup(fr, f)
    g = fr.kegiatan
    g = g[(g.tanggal >= _ts(f.dari)) & (g.tanggal <= _ts(f.sampai))]
    g = g.merge(k[["id_komunitas", "kode_kabkota", "kabkota"]], on="id_komunitas")
    g["bulan"] = g.tanggal.dt.strftime("%Y-%m")
    out = g.groupby(["kode_kabkota", "kabkota", "bulan"]).agg(
        jumlah_kegiatan=("id_komunitas", "size"), komunitas_aktif=("id_komunitas", "nunique"),
        total_durasi_menit=("durasi_menit", "sum")).reset_index()
    out["rata_kegiatan_per_komunitas_aktif"] = _round(out.jumlah_kegiatan / out.komunitas_aktif, 2)
    out["total_durasi_menit"] = out.total_durasi_menit.astype("int64")
    return out.sort_values(["kode_kabkota", "bulan"]).reset_index(drop=True)


def progress_kabkota(fr: Frames, f: Filters, aturan: pd.DataFrame | None = None) -> pd.DataFrame:
    k = komunitas_lingkup(fr, f)
    a = weekly_rule(fr, f) if aturan is None else aturan
    sampai1 = _ts(f.sampai + timedelta(days=1))
    akhir = sampai1 - pd.Timedelta(days=sampai1.weekday())
    g = fr.kegiatan
    recent = (g.tanggal >= akhir - pd.Timedelta(days=28)) & (g.tanggal <= akhir - pd.Timedelta(days=1))
    aktif = set(g.id_komunitas[recent])
    x = k.merge(a[["id_komunitas", "minggu_dievaluasi", "memenuhi_aturan", "_rasio"]], on="id_komunitas")
    x["aktif"] = x.id_komunitas.isin(aktif)
    x["memenuhi_aturan"] = x.memenuhi_aturan.fillna(False).astype(bool)
    pk = x.groupby("kode_kabkota").agg(
        jumlah_komunitas=("id_komunitas", "size"),
        komunitas_dalam_sekolah=("jenis", lambda s: (s == "dalam_sekolah").sum()),
        komunitas_antar_sekolah=("jenis", lambda s: (s == "antar_sekolah").sum()),
        komunitas_daring_pmm=("jenis", lambda s: (s == "daring_pmm").sum()),
        terdaftar_pmm=("terdaftar_pmm", "sum"), komunitas_aktif_4_minggu=("aktif", "sum"),
        rata_persen_terpenuhi=("_rasio", "mean"), komunitas_memenuhi_aturan=("memenuhi_aturan", "sum"))
    r = fr.refleksi
    r = r[(r.tanggal >= _ts(f.dari)) & (r.tanggal <= _ts(f.sampai))][["id_komunitas", "periode"]].drop_duplicates()
    rk = r.merge(k[["id_komunitas", "kode_kabkota"]], on="id_komunitas").groupby("kode_kabkota").size().rename(
        "jumlah_refleksi")
    s = fr.sekolah
    if f.kabkota:
        s = s[s.kode_kabkota.isin(list(f.kabkota))]
    if f.jenjang:
        s = s[s.jenjang == f.jenjang]
    kk = fr.komunitas
    ber = set(kk.npsn[(kk.jenis == "dalam_sekolah") & kk.npsn.notna()
                      & (kk.tanggal_terdaftar.isna() | (kk.tanggal_terdaftar <= _ts(f.sampai)))])
    ps = s.assign(b=s.npsn.isin(ber)).groupby("kode_kabkota").agg(sekolah_ikm=("npsn", "size"),
                                                                     sekolah_ikm_dengan_kombel=("b", "sum"))
    out = pk.join(ps, how="outer").join(rk, how="left").reset_index()
    out = out.merge(fr.wilayah, on="kode_kabkota", how="left")
    for c in ("jumlah_komunitas", "komunitas_dalam_sekolah", "komunitas_antar_sekolah", "komunitas_daring_pmm",
              "terdaftar_pmm", "komunitas_aktif_4_minggu", "komunitas_memenuhi_aturan", "sekolah_ikm",
              "sekolah_ikm_dengan_kombel", "jumlah_refleksi"):
        out[c] = out[c].fillna(0).astype("int64")
    out["persen_aktif_4_minggu"] = _round(
        100.0 * out.komunitas_aktif_4_minggu / out.jumlah_komunitas.replace(0, np.nan), 1)
    out["rata_persen_terpenuhi"] = _round(out.rata_persen_terpenuhi, 1)
    out["persen_cakupan_ikm"] = _round(100.0 * out.sekolah_ikm_dengan_kombel / out.sekolah_ikm.replace(0, np.nan), 1)
    return out.sort_values("kode_kabkota").reset_index(drop=True)


def headline(fr: Frames, f: Filters) -> pd.DataFrame:
    a = weekly_rule(fr, f)
    p = progress_kabkota(fr, f, a)
    s = p[["jumlah_komunitas", "terdaftar_pmm", "komunitas_aktif_4_minggu", "komunitas_memenuhi_aturan",
           "jumlah_refleksi", "sekolah_ikm", "sekolah_ikm_dengan_kombel"]].sum()
    dievaluasi = int((a.minggu_dievaluasi > 0).sum())
    return pd.DataFrame([{
        **s.to_dict(), "komunitas_dievaluasi": dievaluasi,
        "persen_aktif_4_minggu": _round(100.0 * s.komunitas_aktif_4_minggu / s.jumlah_komunitas, 1),
        "persen_memenuhi_aturan": _round(100.0 * s.komunitas_memenuhi_aturan / dievaluasi, 1),
        "persen_cakupan_ikm": _round(100.0 * s.sekolah_ikm_dengan_kombel / s.sekolah_ikm, 1),
    }])


def reflection_themes(fr: Frames, f: Filters) -> pd.DataFrame:
    k = komunitas_lingkup(fr, f)
    r = fr.refleksi
    r = r[(r.tanggal >= _ts(f.dari)) & (r.tanggal <= _ts(f.sampai))]
    r = r.merge(k[["id_komunitas"]], on="id_komunitas")
    b = fr.butir[fr.butir.versi_leksikon == fr.versi]
    x = r.merge(b, on="id_refleksi")
    keys = ["periode", "komponen", "tema"]
    kal = x.groupby(keys + ["butir"]).agg(jumlah_komunitas=("id_komunitas", "nunique"),
                                          skor=("skor", "max")).reset_index()
    kal["panjang"] = kal.butir.str.len()
    kal = kal.sort_values(keys + ["jumlah_komunitas", "skor", "panjang", "butir"],
                          ascending=[True, True, True, False, False, True, True])
    contoh = kal.drop_duplicates(keys)[keys + ["butir"]].rename(columns={"butir": "contoh"})
    h = x.groupby(keys).agg(jumlah_komunitas=("id_komunitas", "nunique"), jumlah_butir=("id_komunitas", "size"))
    out = h.reset_index().merge(contoh, on=keys)
    out["_k"] = out.komponen.map({k: i for i, k in enumerate(KOMPONEN_ORDER)})
    out = out.sort_values(["periode", "_k", "komponen", "jumlah_komunitas", "jumlah_butir", "tema"],
                          ascending=[True, True, True, False, False, True])
    return out.drop(columns="_k").reset_index(drop=True)


BASELINES = {
    "weekly_rule": weekly_rule,
    "weekly_rule_followup": weekly_rule,  # the same rows; the follow-up adds contact columns
    "activity_frequency": activity_frequency,
    "progress_kabkota": progress_kabkota,
    "weekly_trend": weekly_trend,
    "weekly_grid": weekly_grid,
    "headline": headline,
    "reflection_themes": reflection_themes,
}


def same(app: pd.DataFrame, base: pd.DataFrame) -> bool:
    """Same row count and the same sums of the numeric/boolean columns both have (order-free check;
    float columns may differ by a last-digit rounding of binary floats in a few rows)."""
    if len(app) != len(base):
        return False
    for c in app.columns:
        if c not in base.columns:
            continue
        a, b = app[c], base[c]
        if pd.api.types.is_bool_dtype(a) or pd.api.types.is_numeric_dtype(a):
            sa = pd.to_numeric(a.astype("float64"), errors="coerce").sum()
            sb = pd.to_numeric(pd.Series(b, dtype="float64"), errors="coerce").sum()
            tol = 1e-6 if pd.api.types.is_integer_dtype(a) or pd.api.types.is_bool_dtype(a) else 0.001 * len(a)
            if not np.isclose(sa, sb, rtol=0, atol=tol):
                return False
    return True
