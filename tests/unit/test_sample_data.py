"""The bundled sample data: deterministic, in the shapes real exports take, with realistic content."""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import subprocess
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from rapidfuzz.distance import OSA

from data_loaders.kinds.survei_kebutuhan import split_topics
from sample import generate as sample
from sample.generate import FILE_NAMES, PROMPTS, RENCANA_PROGRAM, TYPO_KABKOTA
from tests.support import ROOT
from vocab import JENIS_KEGIATAN_UPT


def _generate_in_subprocess(out: Path, hash_seed: str) -> subprocess.Popen:
    # A different PYTHONHASHSEED per process: output must not depend on str hashing (set order).
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.Popen([sys.executable, "-m", "sample", "--out", str(out), "--seed", "2022"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """Two generations with the same seed, run in parallel in separate processes."""
    a, b = tmp_path_factory.mktemp("sample_a"), tmp_path_factory.mktemp("sample_b")
    procs = [_generate_in_subprocess(a, "1"), _generate_in_subprocess(b, "4242")]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (_, err) in zip(procs, outs):
        assert p.returncode == 0, err
    return a, b, outs[0][0]


@pytest.fixture(scope="module")
def files(generated: tuple[Path, Path, str]) -> dict[str, Path]:
    return {name: generated[0] / name for name in FILE_NAMES}


def _csv(path: Path, delimiter: str = ",", encoding: str = "utf-8") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding=encoding)), delimiter=delimiter))


def _xlsx(path: Path) -> tuple[list[str], list[list[object]]]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    return rows[0], rows[1:]


def _registry(files: dict[str, Path]) -> list[dict[str, object]]:
    headers, rows = _xlsx(files[sample.F_KOMUNITAS])
    return [dict(zip(headers, r)) for r in rows]


# --- determinism and the CLI ------------------------------------------------------------------

def test_same_seed_gives_byte_identical_files(generated: tuple[Path, Path, str]) -> None:
    a, b, _ = generated
    assert sorted(p.name for p in a.iterdir()) == sorted(FILE_NAMES)
    for name in FILE_NAMES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_cli_prints_what_it_wrote(generated: tuple[Path, Path, str]) -> None:
    a, _, stdout = generated
    for name in FILE_NAMES:
        assert str(a / name) in stdout
    assert "byte" in stdout


def test_typed_kabkota_typos_are_one_edit_from_exactly_one_official_name() -> None:
    with open(sample.KABKOTA_CSV, encoding="utf-8") as f:
        official = [(r["kode_kabkota"], r["nama_kabkota"].split(" ", 1)[1].casefold()) for r in csv.DictReader(f)]
    for kode, typos in TYPO_KABKOTA.items():
        for typo in typos:
            bare = re.sub(r"^(kab\.?|kota)\s+", "", typo.casefold())
            close = {n for _, n in official if OSA.distance(bare, n) <= 1}
            target = next(n for k, n in official if k == kode)
            assert close == {target}, (typo, close)
            assert bare != target


# --- shapes -----------------------------------------------------------------------------------

def test_gform_activity_csv_is_excel_semicolon_utf8_bom(files: dict[str, Path]) -> None:
    raw = files[sample.F_KEGIATAN_GFORM].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.split(b"\r\n", 1)[0].decode("utf-8-sig") == (
        "Stempel waktu;Alamat email;Nama Komunitas Belajar;Kabupaten / Kota;Tanggal Pelaksanaan Kegiatan;"
        "Topik Kegiatan;Bentuk Kegiatan;Moda Kegiatan;Durasi Kegiatan;Jumlah Peserta;Bukti Kegiatan (link)")
    rows = _csv(files[sample.F_KEGIATAN_GFORM], ";", "utf-8-sig")
    assert 20_000 < len(rows) < 35_000
    assert all(re.fullmatch(r"\d\d/\d\d/202[23] \d\d:\d\d:\d\d", r["Stempel waktu"]) for r in rows)
    stamps = [datetime.strptime(r["Stempel waktu"], "%d/%m/%Y %H:%M:%S") for r in rows]
    assert stamps == sorted(stamps)          # Google Forms lists responses in submission order

    tanggal = [r["Tanggal Pelaksanaan Kegiatan"] for r in rows]
    assert any(re.fullmatch(r"\d\d/\d\d/2022", t) for t in tanggal)
    hari = r"(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu)"
    assert any(re.fullmatch(hari + r", \d{1,2} [A-Z][a-z]+ 2022", t) for t in tanggal)
    assert any(re.fullmatch(r"\d\d Agt 2022", t) for t in tanggal)
    durasi = Counter(r["Durasi Kegiatan"] for r in rows)
    for expected in ("90 menit", "1 jam", "1,5 jam", "1 jam 30 menit", ""):
        assert durasi[expected] > 0, expected
    unreadable = sum(durasi[d] for d in ("2 JP", "3 JP", "2 x 45 menit", "sepanjang hari", "setengah hari",
                                         "pagi s.d. siang"))
    assert 30 < unreadable < 200 and durasi["2 JP"] > 0 and durasi["sepanjang hari"] > 0
    assert {r["Moda Kegiatan"] for r in rows} >= {"Luring", "Tatap muka", "Daring"}

    kab = Counter(r["Kabupaten / Kota"] for r in rows)
    for expected in ("KAB. BANDUNG", "Bandung, Kab.", "Kab Bandung Barat", "Kota Bandung", "Bandung", "Bogor"):
        assert kab[expected] > 0, expected
    assert sum(kab[t] for typos in TYPO_KABKOTA.values() for t in typos) > 50
    names = {r["Nama Komunitas Belajar"] for r in rows}
    assert any(n.isupper() for n in names) and any("  " in n for n in names)

    # ~2% double submissions: same community, date and topic sent again.
    key = Counter((" ".join(r["Nama Komunitas Belajar"].casefold().split()), r["Kabupaten / Kota"],
                   r["Tanggal Pelaksanaan Kegiatan"], r["Topik Kegiatan"]) for r in rows)
    dup = sum(n - 1 for n in key.values())
    assert 0.01 * len(rows) < dup < 0.035 * len(rows)


def test_pmm_activity_csv_has_ids_iso_dates_numeric_durations(files: dict[str, Path]) -> None:
    raw = files[sample.F_KEGIATAN_PMM].read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = _csv(files[sample.F_KEGIATAN_PMM])
    assert list(rows[0]) == ["ID Komunitas", "Nama Komunitas", "Kabupaten/Kota", "Provinsi", "Tanggal Kegiatan",
                             "Topik", "Bentuk Kegiatan", "Moda", "Durasi (menit)", "Jumlah Peserta",
                             "Tautan Dokumentasi"]
    ids = {str(r["ID Komunitas"]) for r in _registry(files)}
    assert all(r["ID Komunitas"] in ids for r in rows)
    dates = [date.fromisoformat(r["Tanggal Kegiatan"]) for r in rows]
    assert min(dates) >= date(2022, 8, 1) and max(dates) <= date(2022, 12, 31)
    durasi = [r["Durasi (menit)"] for r in rows]
    assert all(d == "" or d.isdigit() for d in durasi)
    assert 0.03 < durasi.count("") / len(durasi) < 0.2
    short = [int(d) for d in durasi if d and int(d) <= 45]
    assert len(short) > 1000                      # in-school short sessions
    bentuk = Counter(r["Bentuk Kegiatan"] for r in rows)
    assert bentuk.most_common(1)[0][0] == "Belajar Bersama"
    assert set(bentuk) == {"Belajar Bersama", "Berbagi Praktik Baik", "Webinar", "Refleksi"}
    topik = {r["Topik"] for r in rows}
    assert {"Penyusunan Modul Ajar", "Asesmen Diagnostik", "P5", "ATP", "Pembelajaran Berdiferensiasi"} <= topik


def test_activity_volume_and_habits(files: dict[str, Path]) -> None:
    pmm = _csv(files[sample.F_KEGIATAN_PMM])
    gform = _csv(files[sample.F_KEGIATAN_GFORM], ";", "utf-8-sig")
    assert 55_000 < len(pmm) + len(gform) < 66_000
    registry = _registry(files)
    per_id = Counter(r["ID Komunitas"] for r in pmm)
    months = {r["ID Komunitas"]: r["Tanggal Kegiatan"][:7] for r in pmm}    # last month seen (file is date-sorted)
    lapsed = [i for i, n in per_id.items() if n >= 5 and months[i] in ("2022-10", "2022-11")]
    assert len(lapsed) > 50
    # Some communities never report anything (neither by id nor by name).
    gform_names = {" ".join(r["Nama Komunitas Belajar"].casefold().split()) for r in gform}
    silent = [r for r in registry if r["ID Komunitas"] not in per_id
              and " ".join(str(r["Nama Komunitas"]).casefold().split()) not in gform_names]
    assert 60 < len(silent) < 250


def test_school_list_xlsx(files: dict[str, Path]) -> None:
    headers, rows = _xlsx(files[sample.F_SEKOLAH])
    assert {"NPSN", "Nama Sekolah", "Bentuk Pendidikan", "Kabupaten/Kota", "Kategori IKM"} <= set(headers)
    recs = [dict(zip(headers, r)) for r in rows]
    assert 2_800 < len(recs) < 3_200
    npsn = [r["NPSN"] for r in recs]
    assert all(isinstance(n, float) for n in npsn)            # numeric cells, as the IKM dashboard exports them
    assert all(re.fullmatch(r"20\d{6}", str(int(n))) for n in npsn)
    assert len(set(npsn)) == len(npsn)
    jenjang = Counter(r["Bentuk Pendidikan"] for r in recs)
    assert set(jenjang) == {"PAUD", "SD", "SMP", "SMA", "SMK", "SLB"}
    assert jenjang.most_common(1)[0][0] == "SD" and jenjang["SLB"] < jenjang["SMA"]
    assert {r["Kategori IKM"] for r in recs} == {"Mandiri Belajar", "Mandiri Berubah", "Mandiri Berbagi"}
    labels = {r["Kabupaten/Kota"] for r in recs}
    assert len(labels) == 27 and "Kab. Bandung" in labels and "Kota Bandung" in labels
    names = {r["Nama Sekolah"] for r in recs}
    assert any(re.fullmatch(r"SD Negeri \d+ [A-Z][a-z]+", n) for n in names)
    assert any(re.fullmatch(r"SMP Negeri \d+ Bogor", n) for n in names)
    assert any(n.startswith("SMK Bina Karya") for n in names)


def test_community_registry_xlsx(files: dict[str, Path]) -> None:
    registry = _registry(files)
    assert list(registry[0]) == ["ID Komunitas", "Nama Komunitas", "Jenis Komunitas", "NPSN", "Kabupaten/Kota",
                                 "Provinsi", "Jenjang", "Nama Penggerak", "Email Penggerak", "Jumlah Anggota",
                                 "Tanggal Terdaftar", "Status PMM"]
    assert len(registry) == 2000
    jenis = Counter(r["Jenis Komunitas"] for r in registry)
    assert jenis == {"Dalam Sekolah": 1200, "Antar Sekolah": 500, "Daring": 300}
    _, schools = _xlsx(files[sample.F_SEKOLAH])
    npsn = {s[1] for s in schools}
    assert all(r["NPSN"] in npsn for r in registry if r["Jenis Komunitas"] == "Dalam Sekolah")
    names = [str(r["Nama Komunitas"]) for r in registry]
    assert any(re.fullmatch(r"KKG Gugus \d [A-Z].*", n) for n in names)
    assert any(re.fullmatch(r"MGMP .+ (SMP|SMA|SMK) .*(Kab\.|Kota) .+", n) for n in names)
    assert all(re.fullmatch(r"[a-z0-9.]+@guru\.(paud|sd|smp|sma|smk|slb)\.belajar\.id", str(r["Email Penggerak"]))
               for r in registry)
    tanggal = [r["Tanggal Terdaftar"] for r in registry]
    known = [t for t in tanggal if isinstance(t, date)]
    assert 0.05 < (len(tanggal) - len(known)) / len(tanggal) < 0.15          # unknown
    assert sum(date(2022, 7, 1) <= t <= date(2022, 9, 30) for t in known) > 0.75 * len(known)
    assert 10 < sum(t > date(2022, 12, 31) for t in known) < 150              # a few after December
    assert {r["Status PMM"] for r in registry} == {"Terdaftar", "Belum Terdaftar"}
    assert len({r["Kabupaten/Kota"] for r in registry}) == 27


def _grid(files: dict[str, Path]) -> tuple[list[str], list[dict[str, object]]]:
    headers, rows = _xlsx(files[sample.F_PENGGERAK_2])
    return headers, [dict(zip(headers, r)) for r in rows]


def test_penggerak_forms(files: dict[str, Path]) -> None:
    rows = _csv(files[sample.F_PENGGERAK])
    assert list(rows[0]) == ["Stempel waktu", "Email belajar.id", "Nama Lengkap", "Asal Kabupaten/Kota",
                             "Memiliki akun belajar.id?", "Topik Pelatihan Mandiri yang sudah sampai Aksi Nyata",
                             "Nomor WhatsApp (aktif)"]
    headers, grid = _grid(files)
    grid_topics = [h for h in headers if h.startswith("Status Pelatihan Mandiri di PMM sampai Aksi Nyata [")]
    assert headers[:6] == ["Stempel waktu", "Alamat email", "Nama lengkap (beserta gelar)",
                           "Kabupaten/Kota tempat bertugas", "Asal sekolah",
                           "Apakah Bapak/Ibu sudah memiliki akun belajar.id?"]
    assert headers[6:] == [*grid_topics, "No. HP/WA"] and len(grid_topics) == 4
    assert all(isinstance(r["Stempel waktu"], datetime) for r in grid)
    assert {r[h] for r in grid for h in [headers[5], *grid_topics]} == {"Sudah", "Belum"}

    # Every penggerak answered exactly one of the two forms; ~20% the grid one.
    emails = [r["Email belajar.id"] for r in rows] + [str(r["Alamat email"]) for r in grid]
    assert sorted(emails) == sorted({str(r["Email Penggerak"]) for r in _registry(files)})
    assert 0.15 < len(grid) / len(emails) < 0.25
    topics = {t for r in rows for t in r["Topik Pelatihan Mandiri yang sudah sampai Aksi Nyata"].split(", ") if t}
    assert topics == {"Kurikulum Merdeka", "Perencanaan Pembelajaran", "Asesmen Awal", "Pembelajaran Berdiferensiasi"}
    eligible = [r for r in rows if r["Memiliki akun belajar.id?"] == "Ya"
                and {"Kurikulum Merdeka", "Perencanaan Pembelajaran"}
                <= set(r["Topik Pelatihan Mandiri yang sudah sampai Aksi Nyata"].split(", "))]
    eligible += [r for r in grid if r[headers[5]] == r[grid_topics[0]] == r[grid_topics[1]] == "Sudah"]
    assert 0.65 < len(eligible) / len(emails) < 0.75


def test_needs_survey_is_a_google_forms_csv_with_regional_needs(files: dict[str, Path]) -> None:
    raw = files[sample.F_SURVEI].read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")           # Google Forms' own download, not through Excel
    rows = _csv(files[sample.F_SURVEI])
    assert list(rows[0]) == ["Stempel waktu", "Alamat email", "Nama Lengkap", "Asal Kabupaten/Kota",
                             "Jenjang yang diampu", "Topik peningkatan kapasitas yang dibutuhkan",
                             "Moda upgrading yang diharapkan"]
    assert 550 < len(rows) < 650
    stamps = [datetime.strptime(r["Stempel waktu"], "%d/%m/%Y %H:%M:%S") for r in rows]
    assert stamps == sorted(stamps) and {(t.year, t.month) for t in stamps} == {(2022, 8)}
    registry = _registry(files)
    assert {r["Alamat email"] for r in rows} <= {str(r["Email Penggerak"]) for r in registry}
    assert len({r["Alamat email"] for r in rows}) == len(rows)

    cells = [r["Topik peningkatan kapasitas yang dibutuhkan"] for r in rows]
    assert sum(", " in c for c in cells) > 0.8 * len(cells)                 # multi-select in one cell
    assert any("(Canva, Quizizz, Wordwall)" in c for c in cells)            # a comma inside one option
    options = [o for o, _ in sample._OPSI_KEBUTUHAN]
    chosen = [split_topics(c) for c in cells]
    ticked = [[t for t in c if t in options] for c in chosen]
    assert all(t == sorted(t, key=options.index) for t in ticked)          # Google Forms keeps the form order
    assert all(set(c[:-1]) <= set(options) for c in chosen)                # "Lainnya" text only at the end
    assert set(options) <= {t for c in chosen for t in c}

    # The most requested topic differs between kab/kota (by label as the registry writes it).
    label = {str(r["Email Penggerak"]): r["Kabupaten/Kota"] for r in registry}
    per_kab: dict[str, Counter] = {}
    for r, c in zip(rows, chosen):
        per_kab.setdefault(label[r["Alamat email"]], Counter()).update(c)
    assert len(per_kab) == 27
    tops = {kab: c.most_common(1)[0][0] for kab, c in per_kab.items()}
    assert len(set(tops.values())) >= 8, tops


def test_programme_plan_follows_the_lampiran_timeline() -> None:
    assert all(j in JENIS_KEGIATAN_UPT and n > 0 for _, j, n in RENCANA_PROGRAM)
    cells = [(b, j) for b, j, _ in RENCANA_PROGRAM]
    assert len(set(cells)) == len(cells)
    months = lambda jenis: sorted(b for b, j, _ in RENCANA_PROGRAM if j == jenis)  # noqa: E731
    assert months("webinar") == months("sosialisasi") == ["2022-08"]
    assert months("peningkatan kapasitas daring") == ["2022-09", "2022-10"]
    assert months("peningkatan kapasitas luring") == ["2022-11"]
    assert months("berbagi praktik baik") == months("refleksi") == ["2022-10", "2022-12"]
    assert months("monitoring") == ["2022-08", "2022-09", "2022-10", "2022-11", "2022-12"]


def test_reflections_are_wide_with_realistic_answers(files: dict[str, Path]) -> None:
    headers, rows = _xlsx(files[sample.F_REFLEKSI_1])
    prompt_headers = [h for _, h, _, _ in PROMPTS]
    assert headers == ["Stempel waktu", "Alamat email", "Nama Komunitas Belajar", "Kabupaten/Kota", "Tanggal Refleksi",
                       *prompt_headers]
    assert all(isinstance(r[0], datetime) for r in rows)
    dates = [r[4] for r in rows if isinstance(r[4], date)]
    assert min(dates) >= date(2022, 9, 1) and max(dates) <= date(2022, 10, 31)
    second = _csv(files[sample.F_REFLEKSI_2])
    assert list(second[0]) == headers
    for recs in (rows, second):
        assert 0.5 < len(recs) / 2000 < 0.7                                  # ~60% of communities per period
    answers = [str(v) for r in rows for v in r[5:] if v != ""] + \
              [r[h] for r in second for h in prompt_headers if r[h]]
    styles = Counter("numbered" if re.match(r"1[.)] ", a) else "bullet" if re.match(r"[-•*] ", a)
                     else "semicolon" if "; " in a else "other" for a in answers)
    assert min(styles.values()) > 0.05 * len(answers)
    text = " ".join(answers)
    for abbr in ("yg", "dgn", "utk", "sdh", "blm", "kepsek", "KM", "PMM", "P5", "narsum"):
        assert re.search(rf"\b{abbr}\b", text), abbr
    assert len(set(answers)) > 0.6 * len(answers)                            # varied, not a handful of stock answers


def test_upt_attendance_follows_the_timeline(files: dict[str, Path]) -> None:
    headers, rows = _xlsx(files[sample.F_KEGIATAN_UPT])
    assert headers == ["Jenis Kegiatan", "Nama Kegiatan", "Tanggal", "Kabupaten/Kota", "Email", "Nama"]
    recs = [dict(zip(headers, r)) for r in rows]
    first = {}
    for r in recs:
        first.setdefault(r["Jenis Kegiatan"], r["Tanggal"])
    assert set(first) == {"Sosialisasi", "Webinar", "Upgrading Daring", "Upgrading Luring", "Sharing Praktik Baik",
                          "Refleksi", "Monitoring"}
    assert first["Webinar"].month == 8 and first["Sosialisasi"].month == 8
    assert len({r["Nama Kegiatan"] for r in recs if r["Jenis Kegiatan"] == "Upgrading Daring"}) == 2
    assert all(date(2022, 8, 1) <= r["Tanggal"] <= date(2022, 12, 31) for r in recs)
    assert any(r["Kabupaten/Kota"] == "" for r in recs) and any(r["Kabupaten/Kota"] for r in recs)
    pairs = [(r["Nama Kegiatan"], r["Tanggal"], r["Email"]) for r in recs]
    assert len(set(pairs)) == len(pairs)
    # Not everything goes to plan: one kab/kota gets its sosialisasi late, one never.
    sosialisasi = {r["Kabupaten/Kota"]: r["Tanggal"] for r in recs if r["Jenis Kegiatan"] == "Sosialisasi"}
    assert len(sosialisasi) == 26 and "Kota Banjar" not in sosialisasi
    assert sosialisasi["Kab. Pangandaran"].month == 9
    assert sum(t.month == 8 for t in sosialisasi.values()) == 25

    def per_month(jenis: str) -> Counter:
        events = {(r["Nama Kegiatan"], r["Tanggal"], r["Kabupaten/Kota"]) for r in recs if r["Jenis Kegiatan"] == jenis}
        return Counter(tanggal.month for _, tanggal, _ in events)

    assert per_month("Upgrading Luring") == {11: 4}
    assert per_month("Upgrading Daring") == {9: 1, 11: 1}          # the October session slipped to November
    assert per_month("Monitoring") == {9: 10, 10: 8, 11: 10, 12: 4}


# --- end to end through the loader -----------------------------------------------------------

def test_ensure_sample_store_end_to_end(tmp_path: Path, generated: tuple[Path, Path, str]) -> None:
    from queries.runner import Filters, run_query
    from queries.scope import ADMIN
    from store.database import open_readonly

    db = tmp_path / "kombel.duckdb"
    calls: list[tuple[float, str]] = []
    report = sample.ensure_sample_store(db, lambda f, m: calls.append((f, m)), sample_dir=generated[0])
    assert report is not None and not report.dry_run
    fractions = [f for f, _ in calls]
    assert calls and all(0.0 <= f <= 1.0 for f in fractions) and fractions == sorted(fractions)
    assert calls[-1] == (1.0, "Selesai")
    assert len(report.files) == len(FILE_NAMES)
    kinds = {f.sumber_file: f.jenis_data for f in report.files}
    assert kinds[sample.F_PENGGERAK_2] == "penggerak" and kinds[sample.F_SURVEI] == "survei_kebutuhan"

    con = open_readonly(db)
    try:
        q = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        assert dict(q("select jenis, count(*) from komunitas group by all")) == {
            "dalam_sekolah": 1200, "antar_sekolah": 500, "daring_pmm": 300}
        assert q("select count(*) from wilayah w where kode_provinsi = '32' and not exists "
                 "(select 1 from komunitas k where k.kode_kabkota = w.kode_kabkota)") == [(0,)]
        assert 55_000 < q("select count(*) from kegiatan")[0][0] < 65_000
        assert q("select count(*) from sekolah")[0][0] > 2_800
        assert q("select count(*) from penggerak")[0][0] > 1_500
        # The grid form's rows carry the account answer and every topic column.
        n, akun, asesmen, km = con.execute(
            "select count(*), count(akun_belajar_id), count(aksi_nyata_asesmen_awal), "
            "count(*) filter (where aksi_nyata_kurikulum_merdeka) from penggerak where sumber_file = ?",
            [sample.F_PENGGERAK_2]).fetchone()
        assert n > 300 and akun == asesmen == n and 0.6 * n < km < n
        assert {p for (p,) in q("select distinct periode from refleksi")} == {"2022-09/10", "2022-11/12"}
        assert len(q("select distinct jenis_kegiatan from kegiatan_upt")) == 7
        assert q("select nilai from meta where kunci = 'data_contoh'") == [("1",)]
        total, karantina = q("select sum(baris_total), sum(dikarantina) from berkas")[0]
        assert 0.003 < karantina / total < 0.02
        reasons = dict(q("select kode_alasan, count(*) from karantina group by all"))
        assert {"komunitas_tidak_dikenal", "kabkota_ambigu", "tanggal_tidak_terbaca"} <= set(reasons)
        # unreadable durations are dropped to unknown with a correction; the meetings stay (issue 13)
        dropped = q("select sum(jumlah_baris) from koreksi where kolom = 'Durasi Kegiatan' "
                    "and metode like 'dikosongkan%'")[0][0]
        assert 30 < dropped < 200

        responses, kabkota, topics = q("select count(distinct id_respons), count(distinct kode_kabkota), count(*) "
                                       "from survei_kebutuhan")[0]
        assert 550 < responses < 650 and kabkota == 27 and 2.5 < topics / responses < 4
        assert q("select count(*) from app.rencana_program where diubah_oleh = 'data contoh'") == [
            (len(RENCANA_PROGRAM),)]

        # What the Program UPT page shows for the whole period.
        f = Filters(date(2022, 8, 1), date(2022, 12, 31))
        cek = dict(run_query(con, "program_cek", f, ADMIN, {})[["cek", "status"]].itertuples(index=False))
        assert cek == {"upgrading_daring": "terpenuhi", "refleksi_dua_bulanan": "terpenuhi",
                       "sosialisasi_kabkota": "belum terpenuhi"}
        grid = run_query(con, "program_bulanan", f, ADMIN, {})
        status = Counter(grid["status"].dropna())
        assert set(status) == {"sesuai rencana", "kurang dari rencana", "di luar rencana"}
        assert status["sesuai rencana"] > status["kurang dari rencana"] >= 3
        top = run_query(con, "kebutuhan_topik", f, ADMIN, {}).query("peringkat == 1")
        assert top["kode_kabkota"].nunique() == 27 and top["topik"].nunique() >= 8
    finally:
        con.close()

    before = hashlib.sha256(db.read_bytes()).hexdigest()
    assert sample.ensure_sample_store(db, sample_dir=generated[0]) is None
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
