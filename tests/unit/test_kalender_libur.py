"""The suggested school calendar (data/kalender_libur.toml) and how ui/libur.py reads it: every entry valid, every
year 2022-2027 with its semester breaks, a week suggested when at least 3 of its 5 school days are off, and a
broken file or entry reported in Indonesian instead of raised."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ui.libur import KALENDER, Entri, Kalender, baca_kalender, minggu_kalender


def test_the_shipped_calendar_reads_without_problems_and_covers_2022_to_2027() -> None:
    kal = baca_kalender(KALENDER)
    assert kal.masalah == ()
    for year in range(2022, 2028):
        own = [e for e in kal.entri if e.mulai.year == year or e.sampai.year == year]
        names = " | ".join(e.nama for e in own)
        assert any(e.jenis == "nasional" and e.mulai == date(year, 8, 17) for e in own), year
        assert "Libur semester ganjil" in names and "Libur kenaikan kelas" in names, year
        assert "Idul Fitri" in names, year
        assert all(e.mulai <= e.sampai for e in own)
    text = KALENDER.read_text(encoding="utf-8")
    assert "SKB" in text and "Kalender Pendidikan" in text and "periksa" in text.lower()


def test_sample_period_december_break_is_suggested() -> None:
    weeks = minggu_kalender(baca_kalender(KALENDER), date(2022, 8, 1), date(2023, 1, 8))
    assert list(weeks) == [date(2022, 12, 19), date(2022, 12, 26)]  # 17 Aug alone does not make a week
    assert weeks[date(2022, 12, 19)] == ("Libur semester ganjil 2022/2023",)  # Natal on its Sunday is no school day
    assert set(weeks[date(2022, 12, 26)]) >= {"Libur semester ganjil 2022/2023", "Cuti bersama Natal"}


def entry(mulai: date, sampai: date, nama: str = "x") -> Entri:
    return Entri(nama, mulai, sampai, "sekolah")


def test_three_of_five_school_days_make_a_holiday_week() -> None:
    # 2024-01-01 is a Monday
    three = Kalender((entry(date(2024, 1, 3), date(2024, 1, 5)),))  # Wed-Fri
    two = Kalender((entry(date(2024, 1, 4), date(2024, 1, 7)),))  # Thu-Sun: only two school days
    split = Kalender((entry(date(2024, 1, 1), date(2024, 1, 1), "a"), entry(date(2024, 1, 4), date(2024, 1, 5), "b")))
    assert list(minggu_kalender(three, date(2024, 1, 1), date(2024, 1, 31))) == [date(2024, 1, 1)]
    assert minggu_kalender(two, date(2024, 1, 1), date(2024, 1, 31)) == {}
    assert minggu_kalender(split, date(2024, 1, 1), date(2024, 1, 31)) == {date(2024, 1, 1): ("a", "b")}
    # a break across the period's edges: only the weeks overlapping the period
    long = Kalender((entry(date(2023, 12, 18), date(2024, 1, 12)),))
    assert list(minggu_kalender(long, date(2024, 1, 3), date(2024, 1, 9))) == [date(2024, 1, 1), date(2024, 1, 8)]


def test_broken_entries_are_skipped_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "kalender_libur.toml"
    path.write_text(
        'libur = [\n'
        '  { nama = "Baik", tanggal = 2024-01-01, jenis = "nasional" },\n'
        '  { nama = "", tanggal = 2024-01-02, jenis = "nasional" },\n'
        '  { nama = "Teks", tanggal = "2024-01-03", jenis = "nasional" },\n'
        '  { nama = "Terbalik", mulai = 2024-01-10, sampai = 2024-01-05, jenis = "sekolah" },\n'
        '  { nama = "Jenis", tanggal = 2024-01-04, jenis = "libur" },\n'
        '  "bukan tabel",\n'
        ']\n', encoding="utf-8")
    kal = baca_kalender(path)
    assert [e.nama for e in kal.entri] == ["Baik"]
    assert len(kal.masalah) == 5
    assert all(m.startswith("kalender_libur.toml, entri ke-") and m.endswith("dilewati.") for m in kal.masalah)
    assert "entri ke-3 (Teks)" in kal.masalah[1] and "TTTT-BB-HH" in kal.masalah[1]


def test_an_unreadable_file_gives_a_message_not_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "kalender_libur.toml"
    bad.write_text("libur = [ { nama = ", encoding="utf-8")
    assert baca_kalender(bad).entri == () and "penulisan TOML salah" in baca_kalender(bad).masalah[0]
    assert "tidak ada" in baca_kalender(tmp_path / "tidak_ada.toml").masalah[0]
    bad.write_bytes(b"\xff\xfe libur")
    assert "tidak dapat dibaca" in baca_kalender(bad).masalah[0]
    bad.write_text('libur = "x"\n', encoding="utf-8")
    assert "daftar `libur`" in baca_kalender(bad).masalah[0]
