"""Reflection answers -> items -> themes (METRICS §6, guide Bab 3).

Owns: splitting an answer into items, the teacher-writing normaliser, the theme lexicon
(`data/leksikon_tema.toml`, versioned in the app's state, table `leksikon`), the classifier, and keeping
`butir_refleksi` in step with `refleksi` and the current lexicon version.

Classifier (deterministic, no trained weights to ship): every item is normalised
(casefold, reduplication, abbreviations, typo repair against the lexicon vocabulary,
Snowball Indonesian stemming) and scored against each theme of its komponen's group as

    skor = 0.55 * best cosine to one of the theme's texts (name, description, keywords, examples, and the
                  real answers labelled with it, `berlabel`: the evaluation sets' dev halves)
         + 0.30 * cosine to the theme's centroid
         + 0.15 * keyword/phrase hits (stemmed, whole-token)

over char-n-gram (2-5, word-bounded) + word uni/bigram TF-IDF features. The best theme
wins unless the `[lainnya]` examples ("tidak ada", "-", ...) score higher or the best
score is below the lexicon's `ambang`: then `lainnya`. Work is done once per distinct
(group, normalised item), in sparse matrix batches.

`classify` returns Hasil(tema, skor, yakin). `skor` (butir_refleksi.skor, the §6 column) stays the raw score
above, in [0, 1]: how well the item matches its theme's texts, comparable within one lexicon version, not a
probability. `yakin` is the calibrated confidence: a logistic fit of right/wrong on (skor, margin over the
runner-up label, `lainnya` included, and signals of unfamiliar phrasing: unknown-token share, keyword of the label,
cosine agreement, length) on dev data only, cut where the Wilson lower bound of out-of-fold precision is >= 0.95
on each dev set so that yakin items are right >= 95 % of the time on held-out data (constants _KAL_*;
`python bench/eval_themes.py --kalibrasi` refits them). Items not yakin are "perlu ditinjau".

Corrections (`Koreksi`, issue 18): reviewers' verdicts stored in the lexicon (`koreksi`, versioned with it).
An item whose normalised text equals a corrected one in the same group takes its theme (skor 1.0, yakin); an item
with corrected items at cosine >= _KOREKSI_DEKAT (near-duplicates) takes their similarity-weighted vote instead of
the lexicon's scores (skor = cosine to the nearest of that theme, yakin); for the other items the lexicon alone is
not yakin of, the corrections set the abstain threshold (`ambang_koreksi`: the ambang that gets most corrected
items right; they stay perlu ditinjau). A lexicon without corrections classifies exactly as before they existed.
Never imports streamlit.
"""
from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import NamedTuple

import duckdb
import numpy as np
import pandas as pd
import scipy.sparse as sp
import snowballstemmer
from rapidfuzz import fuzz, process
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize as l2_normalize

from store.meta import set_meta

DEFAULT_LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "leksikon_tema.toml"
LAINNYA = "lainnya"


# Score mix (see module docstring), weights summing to 1 so the ambang keeps its meaning. A grid (best 0.35-0.75,
# centroid 0.15-0.35, keyword 0.10-0.40) over four dev sets: eval_tema.csv dev and the gaya_baru, gaya3 and gaya4 dev
# halves, each scored by its lexicon from before it was tuned on it (what unseen phrasing looks like): 788 of 884
# right at the old 0.45/0.25/0.30, a plateau of 801-804 at keyword 0.15-0.20 (keyword hits overrule the cosines on
# wording the keywords never saw); this point is on the plateau and leaves the yakin rule a cut (0.60/0.20/0.20
# did not).
_W_BEST, _W_CENTROID, _W_KEYWORD = 0.55, 0.30, 0.15
# Corrections, two ways. (1) A near-duplicate decides: the similarity-weighted vote of the corrections at cosine
# >= _KOREKSI_DEKAT replaces the lexicon's scores, and the item is yakin. A-priori rule, from leave-one-out nearest
# neighbours over the pooled dev data (eval_tema dev + gaya_baru dev half, where rewrites sit beside their
# originals): from 0.7 the neighbour's label was right 260/260 times (0.6-0.7: 0.97, 0.5-0.6: 0.94). The corrected
# texts join the feature space, so a correction about something the lexicon never mentions still finds its copies.
# No lean on other items: adding 0.3 * the cosine to the nearest correction to each label's score helped the
# gaya_baru dev half (k=50, 8 seeds, old lexicon: 0.915 -> 0.921) but cost the gaya3 dev half (its lexicon before
# and after its dev tuning: 0.861 -> 0.853, 0.955 -> 0.946) and helped neither test half; a floor on the cosine,
# corrections as extra theme texts, their unknown words as keywords and teaching typo repair their words were
# neutral or worse too. Corrections teach near paraphrases, not the classifier at large.
_KOREKSI_DEKAT = 0.7
# (2) The corrections recalibrate the abstain threshold for the items the lexicon alone is not yakin of: a new
# register scores lower, so "no theme" is its commonest miss ("PLN sering mati"). The corrected items, scored by the
# lexicon without corrections, vote: of the values ambang + _AMBANG_LANGKAH that get most of them right, take the
# middle of the run of best values nearest the lexicon's own ambang (ties between runs -> the lower). Dev-half
# learning curve, k=50, 8 seeds, over near-duplicates alone: gaya_baru (old lexicon) 0.895 -> 0.915, gaya3 (lexicon
# before its dev tuning) 0.828 -> 0.861; yakin precision unchanged. Ties -> the lexicon's ambang itself, the lowest
# best value, per-theme biases and a second-choice rule from the corrections' confusions were worse or neutral.
# (Measured at the old score mix 0.45/0.25/0.30; the current mix and labelled answers get right by themselves most
# of what this rule fixed: k=50 over no corrections, 5 seeds, dev halves as a new writer (`--kurva-dev`),
# gaya_baru/gaya3/gaya4/gaya5 0.937/0.919/0.900/0.828 over 0.933/0.916/0.887/0.839.)
_AMBANG_LANGKAH = tuple(round(0.01 * i, 2) for i in range(-10, 11))  # the shipped 0.2: 0.10 .. 0.30
# "yakin" = logistic(_KAL_INTERCEPT + _KAL_SKOR * skor + _KAL_MARGIN * margin + _KAL_ASING * unknown-token share
# + _KAL_KUNCI * keyword of the label + _KAL_SETUJU * best cosine agrees + _KAL_PANJANG * log(1 + tokens)) >= the
# cut, i.e. z >= _KAL_Z; the cut is where the Wilson lower bound of out-of-fold precision is >= 0.95 on each dev set.
# Fitted on dev data only: eval_tema.csv dev and the gaya_baru and gaya3 dev halves, those two as scored by the
# lexicon from before it was tuned on them, each as a new writer (without its own half among the labelled answers;
# bench/eval_themes.calibration_sets); refit and print with
# `python bench/eval_themes.py --kalibrasi`.
_KAL_INTERCEPT, _KAL_SKOR, _KAL_MARGIN, _KAL_ASING, _KAL_KUNCI, _KAL_SETUJU, _KAL_PANJANG, _KAL_Z = (
    0.667, 1.988, 3.084, -0.446, 1.278, 0.422, -0.226, 3.13)
_BATCH = 8192

# ---------------------------------------------------------------------------------------
# Splitting


_LINE_MARKER = re.compile(r"^\s*(?:\(?\d{1,2}[.)](?!\d)|\(?[a-zA-Z][.)](?=\s)|[-–—•*·▪●◦>+])\s*")
_INLINE_NUMBER = re.compile(r"(?:^|(?<=\s))(\d{1,2})[.)](?=\s)")
_HAS_WORD = re.compile(r"[^\W_]")


def _split_inline_numbers(line: str) -> list[str]:
    """`1. a 2. b 3. c` typed on one line: split only when the numbers run 1, 2, 3, ..."""
    matches = list(_INLINE_NUMBER.finditer(line))
    numbers = [int(m.group(1)) for m in matches]
    if len(matches) < 2 or numbers != list(range(1, len(matches) + 1)):
        return [line]
    parts = [line[: matches[0].start()]]
    for m, nxt in zip(matches, matches[1:] + [None]):
        parts.append(line[m.end(): nxt.start() if nxt else len(line)])
    return parts


def split_items(text: str | None) -> list[str]:
    """An answer -> its items: numbered lines (`1.`, `1)`), bullets, `;`, line breaks.

    Commas never split (they usually join parts of one sentence). Items without any
    letter or digit (a lone `-`) are dropped.
    """
    if not text:
        return []
    items: list[str] = []
    for line in re.split(r"\r\n|\r|\n", text):
        for piece in _split_inline_numbers(line):
            for part in piece.split(";"):
                item = _LINE_MARKER.sub("", part, count=1).strip(" \t,.")
                if _HAS_WORD.search(item):
                    items.append(re.sub(r"\s+", " ", item))
    return items


# ---------------------------------------------------------------------------------------
# Normalising how teachers write

ABBREVIATIONS: dict[str, str] = {
    "yg": "yang", "dgn": "dengan", "dg": "dengan", "utk": "untuk", "untk": "untuk", "sdh": "sudah",
    "udh": "sudah", "udah": "sudah", "blm": "belum", "blum": "belum", "tdk": "tidak", "gak": "tidak",
    "nggak": "tidak", "ga": "tidak", "gk": "tidak", "krn": "karena", "karna": "karena", "kpd": "kepada",
    "dlm": "dalam", "dr": "dari", "tsb": "tersebut", "sbg": "sebagai", "spt": "seperti",
    "bbrp": "beberapa", "lbh": "lebih", "jg": "juga", "sj": "saja", "aja": "saja", "org": "orang",
    "ttg": "tentang", "thd": "terhadap", "msh": "masih", "bs": "bisa", "hrs": "harus", "sy": "saya",
    "skrg": "sekarang", "sblm": "sebelum", "stlh": "setelah", "krg": "kurang", "sgt": "sangat",
    "lg": "lagi", "jd": "jadi", "dll": "dan lain lain", "dsb": "dan sebagainya", "kls": "kelas",
    "sklh": "sekolah", "mapel": "mata pelajaran", "ortu": "orang tua", "pemb": "pembelajaran",
    "kepsek": "kepala sekolah", "ks": "kepala sekolah", "wakasek": "wakil kepala sekolah",
    "km": "kurikulum merdeka", "kurmer": "kurikulum merdeka", "kurmed": "kurikulum merdeka",
    "ikm": "implementasi kurikulum merdeka", "pmm": "platform merdeka mengajar",
    "p5": "projek penguatan profil pelajar pancasila", "ppp": "projek penguatan profil pelajar pancasila",
    "atp": "alur tujuan pembelajaran", "cp": "capaian pembelajaran", "tp": "tujuan pembelajaran",
    "narsum": "narasumber", "iht": "in house training", "kbm": "kegiatan belajar mengajar",
    "kombel": "komunitas belajar", "pd": "peserta didik", "gp": "guru penggerak",
    "monev": "monitoring evaluasi", "pj": "penanggung jawab", "wa": "whatsapp", "wag": "grup whatsapp",
    "gmeet": "google meet", "abk": "anak berkebutuhan khusus", "bimtek": "bimbingan teknis",
    "disdik": "dinas pendidikan", "lkpd": "lembar kerja peserta didik", "pede": "percaya diri",
}
# How teachers write on WhatsApp and in regional Indonesian (Jakarta slang, Javanese, Sundanese), token -> standard
# Indonesian, from general knowledge of teacher writing (never from evaluation items). Applied like ABBREVIATIONS.
COLLOQUIAL: dict[str, str] = {
    # negation, degree, time
    "ndak": "tidak", "enggak": "tidak", "engga": "tidak", "ngga": "tidak", "kagak": "tidak", "tak": "tidak",
    "ora": "tidak", "mboten": "tidak", "teu": "tidak", "henteu": "tidak", "gada": "tidak ada", "gaada": "tidak ada",
    "bgt": "sangat", "banget": "sangat", "pisan": "sangat", "sanget": "sangat", "dah": "sudah", "wis": "sudah",
    "uwis": "sudah", "sampun": "sudah", "blom": "belum", "durung": "belum", "dereng": "belum", "saiki": "sekarang",
    "sakniki": "sekarang", "ayeuna": "sekarang", "mgg": "minggu", "bln": "bulan", "thn": "tahun", "tgl": "tanggal",
    "unggal": "setiap", "saban": "setiap", "telat": "terlambat", "molor": "terlambat", "ngaret": "terlambat",
    # little words
    "gimana": "bagaimana", "gmn": "bagaimana", "kalo": "kalau", "klo": "kalau", "klw": "kalau", "emang": "memang",
    "emg": "memang", "abis": "habis", "ampe": "sampai", "sampe": "sampai", "tp": "tapi", "tpi": "tapi",
    "trs": "terus", "trus": "terus", "cm": "hanya", "cuma": "hanya", "cuman": "hanya", "doang": "saja",
    "wae": "saja", "bae": "saja", "mawon": "saja", "sm": "sama", "ama": "sama", "karo": "dengan", "kalih": "dengan",
    "jeung": "dengan", "n": "dan", "kudu": "harus", "kedah": "harus", "iso": "bisa", "saged": "bisa",
    "tiasa": "bisa", "akeh": "banyak", "loba": "banyak", "bnyk": "banyak", "sithik": "sedikit",
    "saeutik": "sedikit", "aku": "saya", "dtg": "datang", "dateng": "datang", "plg": "pulang",
    # people and things
    "temen": "teman", "tmn": "teman", "bocah": "anak", "bocil": "anak", "murangkalih": "anak",
    "sekolahan": "sekolah", "skolah": "sekolah", "duit": "dana", "doku": "dana", "pln": "listrik",
    "byarpet": "listrik padam", "tgs": "tugas", "adm": "administrasi", "admin": "administrasi",
    "sarpras": "sarana prasarana", "sapras": "sarana prasarana", "medsos": "media sosial", "hape": "hp",
    "gaptek": "gagap teknologi", "lemot": "lambat", "lelet": "lambat",
    # doing and feeling
    "ngajar": "mengajar", "ngajarin": "mengajari", "ajarin": "ajari", "diajarin": "diajari", "bikin": "membuat",
    "bkin": "membuat", "dibikin": "dibuat", "bikinin": "buatkan", "ngasih": "memberi", "dikasih": "diberi",
    "pake": "pakai", "ngerti": "mengerti", "ketemu": "bertemu", "ketemuan": "bertemu", "ngumpul": "berkumpul",
    "capek": "lelah", "cape": "lelah", "bosen": "bosan", "males": "malas", "mager": "malas", "rame": "ramai",
    "ribet": "rumit", "mumet": "pusing", "numpuk": "menumpuk", "keteteran": "kewalahan", "pinter": "pintar",
    "maca": "membaca", "moco": "membaca", "nulis": "menulis", "ngitung": "menghitung", "sae": "baik",
    "apik": "baik", "becik": "baik", "hese": "sulit", "angel": "sulit", "ngisi": "mengisi",
    # more regions: Javanese, Sundanese, Betawi, Minang, eastern Indonesian Malay (Papua, Maluku, Manado, Kupang)
    "wes": "sudah", "uwes": "sudah", "geus": "sudah", "atos": "sudah", "parantos": "sudah", "tos": "sudah",
    "su": "sudah", "acan": "belum", "tacan": "belum", "alun": "belum", "isih": "masih", "tasih": "masih",
    "keneh": "masih", "indak": "tidak", "dak": "tidak", "tra": "tidak", "trada": "tidak", "tara": "tidak",
    "sonde": "tidak", "son": "tidak", "nyanda": "tidak", "seng": "tidak", "tena": "tidak", "sanes": "bukan",
    "emoh": "tidak mau", "ogah": "malas", "wegah": "malas", "sing": "yang", "nu": "yang", "anu": "yang",
    "nan": "yang", "piye": "bagaimana", "kumaha": "bagaimana", "opo": "apa", "naon": "apa", "ape": "apa",
    "mergo": "karena", "merga": "karena", "amargi": "karena", "margi": "karena", "sabab": "sebab",
    "nanging": "tetapi", "dadi": "jadi", "janten": "jadi", "luwih": "lebih", "langkung": "lebih",
    "seueur": "banyak", "saketek": "sedikit", "sakedik": "sedikit", "bana": "sangat", "skali": "sekali",
    "aje": "saja", "bareng": "bersama", "sareng": "bersama", "bebarengan": "bersama", "kempal": "berkumpul",
    "kumpulan": "pertemuan", "mulang": "mengajar", "sinau": "belajar", "baraja": "belajar",
    "kanca": "teman", "konco": "teman", "kancane": "teman", "barudak": "anak", "sakola": "sekolah",
    "sakolah": "sekolah", "duwit": "dana", "dhuwit": "dana", "ragat": "biaya", "wragat": "biaya",
    "adoh": "jauh", "tebih": "jauh", "cedhak": "dekat", "dalan": "jalan", "udan": "hujan", "wektu": "waktu",
    "wayah": "waktu", "waktos": "waktu", "dina": "hari", "dinten": "hari", "sasi": "bulan", "wulan": "bulan",
    "sasih": "bulan", "minggon": "mingguan", "sedhela": "sebentar", "suwe": "lama", "cepet": "cepat",
    "gampang": "mudah", "gampil": "mudah", "babari": "mudah", "alus": "bagus", "rancak": "bagus",
    "elek": "jelek", "gawe": "membuat", "nggawe": "membuat", "garap": "mengerjakan", "nggarap": "mengerjakan",
    "seneng": "senang", "bungah": "senang", "wani": "berani", "isin": "malu", "sregep": "rajin",
    "kesel": "lelah", "repot": "sibuk", "mudeng": "paham", "ngeh": "paham", "nangkep": "paham",
    "pigi": "pergi", "sa": "saya", "torang": "kita", "kitorang": "kita",
    # Jakarta slang and WhatsApp shorthand
    "gue": "saya", "gua": "saya", "nongol": "hadir", "bolos": "tidak hadir", "mangkir": "tidak hadir",
    "kelar": "selesai", "beres": "selesai", "mandek": "berhenti", "mangkrak": "berhenti", "macet": "berhenti",
    "anjlok": "menurun", "ngedrop": "menurun", "kendor": "menurun", "loyo": "lemas", "dadakan": "mendadak",
    "mepet": "terbatas", "nyantai": "santai", "ngeluh": "mengeluh", "ngurus": "mengurus", "ilang": "hilang",
    "nyambung": "terhubung", "leptop": "laptop", "laptob": "laptop", "infokus": "proyektor",
    "gitu": "begitu", "gt": "begitu", "gini": "begini", "knp": "kenapa", "bgmn": "bagaimana", "dpt": "dapat",
    "bnr": "benar", "pke": "pakai", "smua": "semua", "smangat": "semangat", "spy": "supaya", "biar": "agar",
    "krj": "kerja", "bsk": "besok", "sip": "baik", "mantap": "bagus", "mantul": "bagus", "keren": "bagus",
    # English that teachers mix in
    "share": "berbagi", "skill": "keterampilan", "upgrade": "meningkatkan", "update": "memperbarui",
    "deadline": "tenggat", "feedback": "umpan balik", "happy": "senang", "excited": "antusias",
    "fun": "menyenangkan", "boring": "membosankan", "teamwork": "kerja sama", "budget": "anggaran",
    "planning": "perencanaan", "report": "laporan", "link": "tautan", "weekend": "akhir pekan",
    "weekday": "hari kerja", "schedule": "jadwal", "session": "sesi", "team": "tim", "overall": "secara umum",
    "progress": "kemajuan", "mindset": "pola pikir", "busy": "sibuk", "tired": "lelah", "burnout": "lelah",
    "cost": "biaya", "funding": "dana", "signal": "sinyal", "device": "perangkat", "gadget": "perangkat",
    "student": "siswa", "students": "siswa", "teacher": "guru", "teachers": "guru",
    "principal": "kepala sekolah", "headmaster": "kepala sekolah", "support": "dukungan",
    "supportive": "mendukung", "engaged": "aktif", "active": "aktif", "motivated": "termotivasi",
    "confident": "percaya diri", "creative": "kreatif", "collaboration": "kolaborasi",
    "documentation": "dokumentasi", "evaluation": "evaluasi", "assessment": "asesmen", "literacy": "literasi",
    "numeracy": "numerasi", "form": "formulir",
    # found on the gaya3 dev half (and their kin)
    "nda": "tidak", "deng": "dengan", "pe": "punya", "lebe": "lebih", "awak": "saya", "karajo": "kerja",
    "penat": "lelah", "ngomong": "berbicara", "omong": "bicara", "seger": "segar", "cuek": "tidak peduli",
    "kegeser": "tergeser", "patungan": "iuran", "saweran": "iuran", "piagam": "penghargaan", "mc": "moderator",
    "guyub": "kompak", "nimbrung": "ikut", "tau": "tahu", "dmn": "di mana",
    # found on the gaya4 dev half (and their kin): Banjar, Kupang Malay, Javanese; things teachers name
    "ulun": "saya", "labih": "lebih", "kada": "tidak", "ka": "ke", "pung": "punya", "ana": "anak",
    "dewe": "sendiri", "dhewe": "sendiri", "tu": "itu", "copas": "menyalin", "korwil": "koordinator wilayah",
    "genset": "listrik", "tower": "jaringan", "snack": "konsumsi", "k13": "kurikulum lama",
    # found on the gaya5 dev half (and their kin): Minang, Palembang, Medan, Makassar, Maluku; voice-typing
    "pande": "pandai", "kito": "kita", "samo": "sama", "mano": "mana", "galo": "semua", "kelen": "kalian",
    "kodong": "kasihan", "beta": "saya", "ale": "kamu", "notula": "notulen", "kdg": "kadang", "kdang": "kadang",
    "lanjutin": "melanjutkan", "kombelnya": "komunitas belajar",
    # non-standard spellings that are dictionary words themselves (KATA_DASAR keeps typo repair off them)
    "praktek": "praktik", "resiko": "risiko", "jaman": "zaman", "nasehat": "nasihat", "ijin": "izin",
    "aktifitas": "aktivitas", "kreatifitas": "kreativitas", "efektifitas": "efektivitas", "merubah": "mengubah",
    "tehnik": "teknik", "tehnologi": "teknologi", "kwalitas": "kualitas", "kongkrit": "konkret",
    "konkrit": "konkret", "analisa": "analisis", "standart": "standar", "silahkan": "silakan",
}
# Particles that carry no theme ("udah jalan kok", "susah euy", "sinyal teh"): dropped.
PARTICLES = frozenset(
    "sih deh dong kok nih tuh loh lho kan mah teh atuh euy wkwk wkwkwk hehe haha yah ji mi ki pi toh pun kah "
    "tawwa pale alah"
    .split())
# Enclitics on a colloquial or abbreviated word ("duitnya", "temenku", "kepseknya"): the word is looked up without
# them, like Snowball drops them from standard words.
_CLITIC = re.compile(r"^(.{3,}?)(nya|ku|mu)$")

# Snowball strips prefix-like syllables from these roots (materi -> mater, peserta -> serta).
_NO_STEM = frozenset({
    "materi", "media", "peserta", "merdeka", "diagnostik", "diferensiasi", "kepala", "sekolah",
    "perangkat", "pemateri", "pelosok", "terpencil", "dinas",
})
_STEM_OVERRIDE = {"terasa": "rasa", "berdiferensiasi": "diferensiasi"}
STOPWORDS = frozenset(
    "yang dan di ke dari untuk dengan pada dalam ini itu atau juga sudah belum masih akan bisa dapat "
    "ada tidak lebih sangat agar karena oleh sebagai saat para kami kita mereka saya setiap tiap "
    "secara lagi sehingga serta bagi hal nya pun telah harus perlu masing mulai menjadi jadi".split()
)

_TOKEN = re.compile(r"[^\W_]+")
_REDUP = re.compile(r"\b([^\W\d_]{2,})2\b")
# Academic titles after names ("S.Pd.", "M.Pd", "Gr.") would otherwise read as "pd" = peserta didik.
_DEGREE = re.compile(r"\b(?:s|m|dr)\s?\.\s?(?:pd|si|kom|ag|sos|e|h|t|psi|hum|sn|or)\b"
                     r"(?:\s?\.\s?[a-z]{1,3}\b)?\.?|\bgr\.")
_stemmer = snowballstemmer.stemmer("indonesian")
# Standard Indonesian root words (PySastrawi's dictionary): a known word is not a typo, so typo repair (the nearest
# lexicon word) no longer turns "mereka" into "merdeka", "jangan" into "jaringan" or "waktu luang" into "waktu uang"
# (the sample data's "tidak ada waktu luang" went to keterbatasan dana).
KATA_DASAR = frozenset((files("Sastrawi.Stemmer") / "data" / "kata-dasar.txt").read_text(encoding="utf-8").split())


def _skeleton(word: str) -> str:
    """Consonants without vowels and without doubled letters: `anggota` -> `ngt`."""
    return re.sub(r"(.)\1+", r"\1", re.sub("[aiueo]", "", word))


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    if word in _STEM_OVERRIDE:
        return _STEM_OVERRIDE[word]
    if word in _NO_STEM or not word.isalpha():
        return word
    stem = _stemmer.stemWord(word)
    return _STEM_OVERRIDE.get(stem, stem)


class _Normaliser:
    """Token pipeline bound to a vocabulary for typo repair (cached per token)."""

    def __init__(self, vocabulary: frozenset[str]) -> None:
        self.vocabulary = vocabulary
        self._choices = sorted(w for w in vocabulary if len(w) >= 4)
        self._stems = frozenset(_stem(w) for w in vocabulary)
        # Vowel-dropped writing ("lprn", "tgs"): consonant skeleton -> the vocabulary words that have it.
        self._skeletons: dict[str, list[str]] = {}
        for w in sorted(self._choices, key=lambda w: (len(w), w)):
            self._skeletons.setdefault(_skeleton(w), []).append(w)
        self._standard: dict[str, list[str]] = {}  # token -> its standard words (the hot path: cached)

    def _fix(self, word: str) -> str:
        if word in self.vocabulary or word in KATA_DASAR or not word.isalpha() or len(word) < 3:
            return word
        return self._repair(word)

    def _repair(self, word: str) -> str:
        if slang := self._slang_affix(word):
            return slang
        if len(word) >= 5:
            hit = process.extractOne(word, self._choices, scorer=fuzz.ratio, score_cutoff=85)
            if hit:
                return hit[0]
        if sum(c in "aiueo" for c in word) <= len(word) // 4:  # mostly consonants: vowels dropped
            for w in self._skeletons.get(_skeleton(word), ()):
                if w[0] == word[0] and _subsequence(word, w):
                    return w  # shortest first: the plainest word with those consonants
        return word

    def _slang_affix(self, word: str) -> str | None:
        """Jakarta-style verbs: `nyusun` = menyusun, `ngerjain` = mengerjakan, `dampingin` = dampingi: accepted only
        when the standard form's stem is a stem of the vocabulary."""
        bases = [word]
        if word.endswith("in") and len(word) >= 6:
            bases += [word[:-2] + "i", word[:-2] + "kan", word[:-2]]
        out = []
        for base in bases:
            out.append(base)
            if base.startswith("nge") and len(base) >= 6:
                out.append(base[3:])
            if base.startswith("ny") and len(base) >= 5:
                out.append("meny" + base[2:])
            elif base.startswith("ng") and len(base) >= 5:
                out.append("meng" + base[2:])
        for candidate in out[1:]:
            if _stem(candidate) in self._stems and len(_stem(candidate)) >= 3:
                return candidate
        return None

    def _replace(self, tok: str) -> list[str]:
        if (found := self._standard.get(tok)) is None:
            found = self._standard[tok] = self._lookup(tok)
        return found

    def _lookup(self, tok: str) -> list[str]:
        """A token's standard words: an abbreviation or colloquial word (also with an enclitic), else the token
        after typo repair."""
        for word in (tok, (m := _CLITIC.match(tok)) and m.group(1)):
            if word in ABBREVIATIONS:
                return ABBREVIATIONS[word].split()
            if word in COLLOQUIAL and word not in self.vocabulary:
                return COLLOQUIAL[word].split()
            if word != tok and word in _NO_STEM:
                return [word]
        return [self._fix(tok)]

    def words(self, text: str) -> list[str]:
        text = _REDUP.sub(r"\1 \1", _DEGREE.sub(" ", text.casefold()))
        out: list[str] = []
        for tok in _TOKEN.findall(text):
            if tok == "km" and out and out[-1].isdigit():  # "20 km" is a distance, not Kurikulum Merdeka
                out.append("kilometer")
            elif tok in PARTICLES and tok not in self.vocabulary:
                continue
            else:
                out.extend(self._replace(tok))
        return out

    def __call__(self, text: str, stem: bool = True) -> str:
        words = self.words(text)
        return " ".join(_stem(w) for w in words) if stem else " ".join(words)


# ---------------------------------------------------------------------------------------
# Lexicon


@dataclass(frozen=True)
class Theme:
    nama: str
    deskripsi: str
    kata_kunci: tuple[str, ...]
    contoh: tuple[str, ...]
    # Real answers labelled with this theme: examples like `contoh`, but not words for typo repair (they are
    # written the way teachers write: "kmis", "udh", "capek" would otherwise become vocabulary and stop being read).
    berlabel: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    nama: str
    komponen: tuple[str, ...]
    tema: tuple[Theme, ...]


@dataclass(frozen=True)
class Koreksi:
    """A reviewer's verdict on one item: `tema` (or LAINNYA = "tidak bertema") for `butir` of `komponen`.
    Stored in the lexicon, so a lexicon version fixes its corrections too (old reports stay reproducible)."""
    komponen: str
    butir: str
    tema: str


@dataclass(frozen=True)
class Lexicon:
    kelompok: tuple[Group, ...]
    lainnya: tuple[str, ...]
    ambang: float
    koreksi: tuple[Koreksi, ...] = ()

    @classmethod
    def from_dict(cls, data: dict) -> Lexicon:
        groups = tuple(
            Group(
                nama=g["nama"],
                komponen=tuple(g["komponen"]),
                tema=tuple(
                    Theme(t["nama"], t.get("deskripsi", ""), tuple(t.get("kata_kunci", ())), tuple(t.get("contoh", ())),
                          tuple(t.get("berlabel", ())))
                    for t in g["tema"]
                ),
            )
            for g in data["kelompok"]
        )
        seen: dict[str, str] = {}
        for g in groups:
            for k in g.komponen:
                if k in seen:
                    raise ValueError(f"Komponen '{k}' muncul di dua kelompok leksikon ({seen[k]}, {g.nama}).")
                seen[k] = g.nama
            names = [t.nama for t in g.tema]
            if len(set(names)) != len(names) or LAINNYA in names:
                raise ValueError(f"Kelompok '{g.nama}': nama tema ganda atau memakai nama '{LAINNYA}'.")
        lexicon = cls(groups, tuple(data.get("lainnya", {}).get("contoh", ())), float(data.get("ambang", 0.2)))
        koreksi = [Koreksi(k["komponen"], k["butir"], k["tema"]) for k in data.get("koreksi", ())]
        return lexicon.dengan_koreksi(koreksi) if koreksi else lexicon

    def dengan_koreksi(self, koreksi: Iterable[Koreksi]) -> Lexicon:
        """A new lexicon with `koreksi` appended; one correction per (group, normalised item): the newest wins."""
        norm = _normaliser(replace(self, koreksi=()))
        merged: dict[tuple[str, str], Koreksi] = {}
        for k in (*self.koreksi, *koreksi):
            group = self.group_of(k.komponen)
            if group is None:
                raise ValueError(f"Koreksi untuk komponen '{k.komponen}' ditolak: komponen ini tidak punya "
                                 "kelompok di leksikon.")
            if k.tema != LAINNYA and k.tema not in {t.nama for t in group.tema}:
                raise ValueError(f"Koreksi ditolak: tema '{k.tema}' bukan tema komponen '{k.komponen}' "
                                 f"(kelompok '{group.nama}').")
            key = (group.nama, norm(k.butir))
            merged.pop(key, None)  # re-insert: the newest keeps its place at the end
            merged[key] = k
        return replace(self, koreksi=tuple(merged.values()))

    def to_dict(self) -> dict:
        return {
            "ambang": self.ambang,
            "lainnya": {"contoh": list(self.lainnya)},
            "kelompok": [
                {
                    "nama": g.nama,
                    "komponen": list(g.komponen),
                    "tema": [
                        {"nama": t.nama, "deskripsi": t.deskripsi, "kata_kunci": list(t.kata_kunci),
                         "contoh": list(t.contoh), "berlabel": list(t.berlabel)}
                        for t in g.tema
                    ],
                }
                for g in self.kelompok
            ],
        } | ({"koreksi": [{"komponen": k.komponen, "butir": k.butir, "tema": k.tema} for k in self.koreksi]}
             if self.koreksi else {})  # without corrections: the same JSON as before corrections existed

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    def group_of(self, komponen: str) -> Group | None:
        for g in self.kelompok:
            if komponen in g.komponen:
                return g
        return None

    def vocabulary(self) -> frozenset[str]:
        texts = [*self.lainnya, *ABBREVIATIONS.values()]
        for g in self.kelompok:
            for t in g.tema:
                texts += [t.nama, t.deskripsi, *t.kata_kunci, *t.contoh]
        return frozenset(w for text in texts for w in _TOKEN.findall(text.casefold()))


def load_lexicon(path: str | Path) -> Lexicon:
    with open(path, "rb") as fh:
        return Lexicon.from_dict(tomllib.load(fh))


@lru_cache(maxsize=1)
def load_default_lexicon() -> Lexicon:
    return load_lexicon(DEFAULT_LEXICON_PATH)


def _normaliser(lexicon: Lexicon) -> _Normaliser:
    # Corrections do not change the vocabulary: every correction version shares one normaliser (and its cache).
    # (Teaching the corrections' words to typo repair was measured: dev learning curve k=50 0.910 -> 0.904.)
    return _vocabulary_normaliser(replace(lexicon, koreksi=()) if lexicon.koreksi else lexicon)


@lru_cache(maxsize=8)
def _vocabulary_normaliser(lexicon: Lexicon) -> _Normaliser:
    return _Normaliser(lexicon.vocabulary())


def normalise(text: str, lexicon: Lexicon | None = None, stem: bool = True) -> str:
    """Casefold, `guru2` -> `guru guru`, abbreviations (yg, kepsek, KS, PMM, pd, ...),
    typo repair against the lexicon vocabulary, then Snowball stems (unless `stem=False`)."""
    return _normaliser(lexicon or load_default_lexicon())(text, stem=stem)


# ---------------------------------------------------------------------------------------
# Classifier


class _GroupModel:
    """Feature space and per-theme references for one lexicon group (+ the `lainnya` class)."""

    def __init__(self, group: Group, lainnya: tuple[str, ...], norm: _Normaliser,
                 koreksi: tuple[tuple[str, str], ...] = ()) -> None:
        self.labels = [t.nama for t in group.tema] + [LAINNYA]
        docs: list[str] = []
        owner: list[int] = []
        for i, t in enumerate(group.tema):
            for text in (t.nama, t.deskripsi, *t.kata_kunci, *t.contoh, *t.berlabel):
                if text.strip():
                    docs.append(norm(text))
                    owner.append(i)
        for text in lainnya:
            docs.append(norm(text))
            owner.append(len(group.tema))
        # Corrections (normalised text, label), grouped by label: nearest-neighbour examples beside the lexicon.
        label_index = {label: i for i, label in enumerate(self.labels)}
        kor = sorted(((label_index[tema], text) for text, tema in koreksi if text), key=lambda kt: kt[0])
        fit_docs = docs + [text for _, text in kor]  # their words belong to the feature space too
        self.char = CountVectorizer(analyzer="char_wb", ngram_range=(2, 5)).fit(fit_docs)
        self.char_idf = TfidfTransformer(sublinear_tf=True).fit(self.char.transform(fit_docs))
        self.word_vocab = CountVectorizer(token_pattern=r"\S+", ngram_range=(1, 2)).fit(fit_docs).vocabulary_
        # Keywords: whole-token stemmed phrases; a phrase shared by k themes weighs 1/k,
        # longer phrases are more specific and weigh more.
        phrase_themes: dict[str, set[int]] = {}
        for i, t in enumerate(group.tema):
            for kw in t.kata_kunci:
                phrase = norm(kw)
                if phrase:
                    phrase_themes.setdefault(phrase, set()).add(i)
        phrases = sorted(phrase_themes)
        self.keyword_vocab = {p: c for c, p in enumerate(phrases)}
        self.max_n = max([2, *(len(p.split()) for p in phrases)])
        rows, cols, vals = [], [], []
        for r, phrase in enumerate(phrases):
            for i in phrase_themes[phrase]:
                rows.append(r)
                cols.append(i)
                vals.append(min(len(phrase.split()), 3) / len(phrase_themes[phrase]))
        self.keyword_weight = sp.csr_matrix((vals, (rows, cols)), shape=(len(phrases), len(self.labels)))
        self.word_idf = TfidfTransformer(sublinear_tf=True).fit(self._token_ngrams(fit_docs)[0])
        ref = self._features(docs)
        owner_arr = np.asarray(owner)
        self.starts = np.flatnonzero(np.r_[True, owner_arr[1:] != owner_arr[:-1]])  # docs are grouped by owner
        self.ref_t = ref.T.tocsr()
        membership = sp.csr_matrix((np.ones(len(owner)), (owner_arr, np.arange(len(owner)))))
        self.centroid_t = l2_normalize(membership @ ref).T.tocsr()
        self.kor_t = self._features([text for _, text in kor]).T.tocsr() if kor else None
        kor_owner = np.asarray([i for i, _ in kor], dtype=np.int64)
        self.kor_starts = np.flatnonzero(np.r_[True, kor_owner[1:] != kor_owner[:-1]]) if kor else kor_owner
        self.kor_labels = kor_owner[self.kor_starts] if kor else kor_owner

    def _char_counts(self, texts: list[str]) -> sp.csr_matrix:
        """char_wb n-grams never cross a space, so a text's counts are the sum of its words':
        n-gram each distinct word once instead of every text (the hot path)."""
        columns: dict[str, int] = {}
        rows, cols = [], []
        for r, text in enumerate(texts):
            for w in text.split():
                rows.append(r)
                cols.append(columns.setdefault(w, len(columns)))
        per_text = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), max(len(columns), 1)))
        per_word = self.char.transform(list(columns) or [""])
        return (per_text @ per_word).tocsr()

    def _token_ngrams(self, texts: list[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """Word uni/bigram counts and keyword-phrase presence in one pass (plain dict lookups:
        unlike CountVectorizer, n-grams outside the small lexicon vocabulary cost nothing more)."""
        word_get, keyword_get = self.word_vocab.get, self.keyword_vocab.get
        word_rows, word_cols, kw_rows, kw_cols = [], [], [], []
        for r, text in enumerate(texts):
            tokens = text.split()
            for n in range(1, self.max_n + 1):
                for i in range(len(tokens) - n + 1):
                    gram = tokens[i] if n == 1 else " ".join(tokens[i: i + n])
                    if (c := word_get(gram)) is not None:
                        word_rows.append(r)
                        word_cols.append(c)
                    if (c := keyword_get(gram)) is not None:
                        kw_rows.append(r)
                        kw_cols.append(c)
        words = sp.csr_matrix(
            (np.ones(len(word_rows)), (word_rows, word_cols)), shape=(len(texts), len(self.word_vocab))
        )
        keywords = sp.csr_matrix(
            (np.ones(len(kw_rows)), (kw_rows, kw_cols)), shape=(len(texts), len(self.keyword_vocab))
        )
        keywords.sum_duplicates()
        keywords.data[:] = 1.0  # a phrase counts once per item
        return words, keywords

    def _features(self, texts: list[str], words: sp.csr_matrix | None = None) -> sp.csr_matrix:
        char = self.char_idf.transform(self._char_counts(texts))
        words = self._token_ngrams(texts)[0] if words is None else words
        return l2_normalize(sp.hstack([char, self.word_idf.transform(words)]).tocsr())

    def score(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per normalised text: best label index, its score, its margin over the runner-up label (`lainnya`
        included), the calibration signals (_signals) and the similarity of the nearest correction that decided
        the label (0 where the lexicon decided)."""
        n = len(texts)
        best_idx = np.empty(n, dtype=np.int64)
        best_score, margin, near_sim = np.empty(n), np.empty(n), np.zeros(n)
        signals = np.empty((n, 4))
        for lo in range(0, n, _BATCH):
            chunk = texts[lo: lo + _BATCH]
            part = slice(lo, lo + len(chunk))
            words, keywords = self._token_ngrams(chunk)
            x = self._features(chunk, words)
            sims = (x @ self.ref_t).toarray()
            best = np.maximum.reduceat(sims, self.starts, axis=1)
            centroid = (x @ self.centroid_t).toarray()
            hits = (keywords @ self.keyword_weight).toarray()
            total = _W_BEST * best + _W_CENTROID * centroid + _W_KEYWORD * np.minimum(hits * 0.6, 1.0)
            rows = np.arange(len(chunk))
            if self.kor_t is not None:
                # Near-duplicates of corrected items follow the similarity-weighted vote of the corrections at
                # >= _KOREKSI_DEKAT instead of the lexicon.
                ksim = (x @ self.kor_t).toarray()
                close = ksim >= _KOREKSI_DEKAT
                vote = np.zeros_like(total)
                vote[:, self.kor_labels] = np.add.reduceat(np.where(close, ksim, 0.0), self.kor_starts, axis=1)
                decided = close.any(axis=1)
                nearest = np.zeros_like(total)
                nearest[:, self.kor_labels] = np.maximum.reduceat(ksim, self.kor_starts, axis=1)
                total[decided] = vote[decided]
            idx = total.argmax(axis=1)  # ties -> first theme in lexicon order: deterministic
            if self.kor_t is not None:
                near_sim[part] = np.where(decided, nearest[rows, idx], 0.0)
            # a correction-decided item's skor is its similarity to the nearest correction of that label
            top = np.where(near_sim[part] > 0, near_sim[part], total[rows, idx])
            signals[part] = self._signals(chunk, idx, best, hits)
            total[rows, idx] = -np.inf
            best_idx[part] = idx
            best_score[part] = top
            margin[part] = top - total.max(axis=1)
        return best_idx, best_score, margin, signals, near_sim

    def _signals(self, texts: list[str], idx: np.ndarray, best: np.ndarray, hits: np.ndarray) -> np.ndarray:
        """What the score alone does not say about phrasing the lexicon never saw, per text: the share of its
        tokens outside the group's vocabulary, whether a keyword of the chosen label occurs, whether the best
        single-text cosine points at the chosen label, log(1 + tokens)."""
        vocab = self.word_vocab
        tokens = [t.split() for t in texts]
        unknown = np.array([sum(w not in vocab for w in ts) / max(len(ts), 1) for ts in tokens])
        rows = np.arange(len(texts))
        keyword = hits[rows, idx] > 0
        agree = best.argmax(axis=1) == idx
        length = np.log1p([len(ts) for ts in tokens])
        return np.column_stack([unknown, keyword, agree, length])


@lru_cache(maxsize=4)
def _models(lexicon: Lexicon) -> dict[str, _GroupModel]:
    norm = _normaliser(lexicon)
    koreksi: dict[str, list[tuple[str, str]]] = {}
    for k in lexicon.koreksi:
        koreksi.setdefault(lexicon.group_of(k.komponen).nama, []).append((norm(k.butir), k.tema))
    return {g.nama: _GroupModel(g, lexicon.lainnya, norm, tuple(koreksi.get(g.nama, ()))) for g in lexicon.kelompok}


@lru_cache(maxsize=4)
def _corrected(lexicon: Lexicon) -> dict[tuple[str, str], str]:
    """(group, normalised item) -> the corrected theme (dengan_koreksi keeps one per key)."""
    norm = _normaliser(lexicon)
    return {(lexicon.group_of(k.komponen).nama, norm(k.butir)): k.tema for k in lexicon.koreksi}


class Hasil(NamedTuple):
    """One item's classification; `skor` is the raw score, `yakin` the calibrated confidence (module docstring)."""
    tema: str
    skor: float
    yakin: bool


def yakin(skor: float, margin: float, signals: Iterable[float]) -> bool:
    """Calibrated confidence: P(right) from a logistic fit on (score, margin, _GroupModel._signals: unknown-token
    share, keyword of the label 0/1, best cosine agrees 0/1, log(1 + tokens)) over dev data, at or above the cut."""
    unknown, keyword, agree, length = signals
    z = (_KAL_INTERCEPT + _KAL_SKOR * skor + _KAL_MARGIN * margin + _KAL_ASING * unknown + _KAL_KUNCI * keyword
         + _KAL_SETUJU * agree + _KAL_PANJANG * length)
    return bool(z >= _KAL_Z)


class _Detail(NamedTuple):
    tema: str
    skor: float
    margin: float  # inf for an exactly corrected item, 0 for an item without group or text
    signals: tuple[float, ...]
    dekat: float  # similarity of the nearest correction that decided the label, else 0
    yakin: bool


def _score_group(model: _GroupModel, texts: list[str], ambang: float) -> list[_Detail]:
    idx, score, margin, signals, near = model.score(texts)
    out = []
    for i, s, m, sig, d in zip(idx, score, margin, signals.tolist(), near.tolist()):
        label = model.labels[i]
        s = round(float(min(max(s, 0.0), 1.0)), 4)
        tema = LAINNYA if label == LAINNYA or s < ambang else label
        # a near-duplicate's vote is yakin (see _KOREKSI_DEKAT); else the calibrated cut, unless the ambang cut the
        # label (the calibration judged the label, not "no theme")
        sure = bool(d) or (m > 0 and tema == label and yakin(s, float(m), sig))
        out.append(_Detail(tema, s, float(m), tuple(sig), d, sure))
    return out


@lru_cache(maxsize=4)
def ambang_koreksi(lexicon: Lexicon) -> float:
    """The abstain threshold for items the lexicon alone is not yakin of, learned from the lexicon's corrections
    (see _AMBANG_LANGKAH; the lexicon's `ambang` without corrections). Deterministic in the lexicon, so a lexicon
    version reproduces its classification."""
    if not lexicon.koreksi:
        return lexicon.ambang
    plain = replace(lexicon, koreksi=())
    norm, models = _normaliser(plain), _models(plain)
    by_group: dict[str, tuple[list[str], list[str]]] = {}
    for k in lexicon.koreksi:
        texts, wanted = by_group.setdefault(lexicon.group_of(k.komponen).nama, ([], []))
        if text := norm(k.butir):
            texts.append(text)
            wanted.append(k.tema)
    scored = [(d, t) for name, (texts, wanted) in by_group.items()
              for d, t in zip(_score_group(models[name], texts, 0.0), wanted)]  # ambang 0: the raw best label
    if not scored:
        return lexicon.ambang
    grid = [max(round(lexicon.ambang + step, 3), 0.0) for step in _AMBANG_LANGKAH]
    right = [sum((LAINNYA if d.tema == LAINNYA or d.skor < a else d.tema) == t for d, t in scored) for a in grid]
    best = max(right)
    # the best value nearest the lexicon's ambang (ties -> the lower), widened to its run of equally good values
    lo = hi = min((i for i, r in enumerate(right) if r == best), key=lambda i: (abs(grid[i] - lexicon.ambang), i))
    while lo > 0 and right[lo - 1] == best:
        lo -= 1
    while hi < len(right) - 1 and right[hi + 1] == best:
        hi += 1
    return round((grid[lo] + grid[hi]) / 2, 3)


def _details(items: list[str], komponen: list[str], lexicon: Lexicon | None = None) -> list[_Detail]:
    if len(items) != len(komponen):
        raise ValueError("items dan komponen harus sama panjang.")
    lexicon = lexicon or load_default_lexicon()
    norm = _normaliser(lexicon)
    models = _models(lexicon)
    corrected = _corrected(lexicon) if lexicon.koreksi else {}
    group_of = {k: (g.nama if (g := lexicon.group_of(k)) else None) for k in set(komponen)}
    normalised: dict[str, str] = {}
    keys: list[tuple[str, str] | None] = []
    for item, k in zip(items, komponen):
        if item not in normalised:
            normalised[item] = norm(item)
        text = normalised[item]
        keys.append((group_of[k], text) if group_of[k] and text else None)
    results: dict[tuple[str, str], _Detail] = {}
    by_group: dict[str, list[str]] = {}
    for key in dict.fromkeys(k for k in keys if k):
        if key in corrected:
            results[key] = _Detail(corrected[key], 1.0, float("inf"), (), 1.0, True)
        else:
            by_group.setdefault(key[0], []).append(key[1])
    plain_models = _models(replace(lexicon, koreksi=())) if lexicon.koreksi else {}
    ambang = ambang_koreksi(lexicon)  # the lexicon's own without corrections
    for name, texts in by_group.items():
        found = _score_group(models[name], texts, ambang)
        if plain_models:
            # Away from near-duplicates, the corrections' threshold (and their words in the feature space) never
            # overturn what the lexicon alone is yakin of, and an item they decide stays perlu ditinjau: the
            # calibration knows the lexicon's scores.
            plain = _score_group(plain_models[name], texts, lexicon.ambang)
            found = [f if f.dekat else p if p.yakin else f._replace(yakin=False) for f, p in zip(found, plain)]
        results.update(zip(((name, t) for t in texts), found))
    empty = _Detail(LAINNYA, 0.0, 0.0, (), 0.0, False)
    return [results[k] if k else empty for k in keys]


def scores(items: list[str], komponen: list[str], lexicon: Lexicon | None = None) -> list[tuple[str, float, float]]:
    """(tema, skor, margin) per item: what `classify` decides on, with the margin of the best label over the
    runner-up (`lainnya` included; inf for a corrected item, 0 for an item without group or text)."""
    return [(d.tema, d.skor, d.margin) for d in _details(items, komponen, lexicon)]


def calibration_signals(items: list[str], komponen: list[str], lexicon: Lexicon | None = None
                        ) -> list[tuple[str, tuple[float, ...]]]:
    """(tema, calibration features (skor, margin, *signals)) per item, for the fit in bench/eval_themes.py
    --kalibrasi; items decided by a correction or without text have no features (())."""
    return [(d.tema, (d.skor, d.margin, *d.signals) if d.signals and not d.dekat else ())
            for d in _details(items, komponen, lexicon)]


def classify(items: list[str], komponen: list[str], lexicon: Lexicon | None = None) -> list[Hasil]:
    """Hasil(tema, skor, yakin) per item; `lainnya` when nothing fits (or the komponen has no lexicon group).

    An item whose normalised text equals a corrected item's (same group) takes the correction's theme, skor 1.0,
    yakin; near-duplicates of corrected items (cosine >= _KOREKSI_DEKAT) follow their similarity-weighted vote, yakin;
    for the other items the lexicon alone is not yakin of, the corrections set the ambang (they stay perlu
    ditinjau)."""
    return [Hasil(d.tema, d.skor, d.yakin) for d in _details(items, komponen, lexicon)]


# ---------------------------------------------------------------------------------------
# Store


def current_lexicon(con: duckdb.DuckDBPyConnection) -> tuple[int, Lexicon]:
    """The newest lexicon version in the app's state (attached as `app`); the shipped default is version 1
    until a user saves another."""
    row = next(iter(con.execute("select versi, isi_json from app.leksikon order by versi desc limit 1").fetchall()),
               None)
    if row:
        return int(row[0]), Lexicon.from_dict(json.loads(row[1]))
    return 1, load_default_lexicon()


def save_lexicon(app_con: duckdb.DuckDBPyConnection, lexicon: Lexicon, catatan: str | None, versi: int) -> None:
    """Store `lexicon` as version `versi` in the app's state (`store.app_state.write`). Version 1 is written
    as the shipped default first, so version numbers mean the same everywhere."""
    now = datetime.now()
    if not app_con.execute("select 1 from leksikon").fetchall():
        app_con.execute("insert into leksikon (versi, isi_json, catatan, dibuat_pada) values (1, ?, ?, ?)",
                        [load_default_lexicon().to_json(), "Leksikon bawaan", now])
    app_con.execute("insert into leksikon (versi, isi_json, catatan, dibuat_pada) values (?, ?, ?, ?)",
                    [versi, lexicon.to_json(), catatan, now])


def classify_pending(con: duckdb.DuckDBPyConnection, progress: Callable[[float, str], None] | None = None,
                     batch: int = 2000, lexicon: tuple[int, Lexicon] | None = None) -> int:
    """(Re)classify refleksi rows without items of the lexicon version (by default the current one in the app's
    state); returns items written.

    Runs inside the caller's transaction (the loader's write_transaction), `batch` answers at a
    time so `progress(fraction, message)` can move. Answers with no item at all (a lone `-`)
    write nothing and cost a re-split on the next call.
    """
    versi, lexicon = lexicon or current_lexicon(con)
    set_meta(con, "versi_leksikon", str(versi))  # the version the queries read items of
    con.execute("delete from butir_refleksi where id_refleksi not in (select id_refleksi from refleksi)")
    pending = con.execute(
        """
        select r.id_refleksi, r.komponen, r.jawaban
        from refleksi r
        where not exists (
            select 1 from butir_refleksi b where b.id_refleksi = r.id_refleksi and b.versi_leksikon = ?
        )
        order by r.id_refleksi
        """,
        [versi],
    ).fetchall()
    written = 0
    for lo in range(0, len(pending), batch):
        written += _write_items(con, pending[lo: lo + batch], lexicon, versi)
        if progress is not None:
            done = min(lo + batch, len(pending))
            progress(done / len(pending), f"Mengelompokkan {done:,} dari {len(pending):,} jawaban".replace(",", "."))
    from data_loaders import topik  # activity topics follow the same lexicon version (and new hal_baik items)

    topik.perbarui(con, lexicon=(versi, lexicon))
    return written


def _write_items(con: duckdb.DuckDBPyConnection, answers: list[tuple], lexicon: Lexicon, versi: int) -> int:
    """Split and classify `answers` (id_refleksi, komponen, jawaban), replacing their stored items."""
    ids, numbers, items, komponen = [], [], [], []
    for id_refleksi, k, jawaban in answers:
        for n, item in enumerate(split_items(jawaban), start=1):
            ids.append(id_refleksi)
            numbers.append(n)
            items.append(item)
            komponen.append(k)
    themes = classify(items, komponen, lexicon)
    stale = pd.DataFrame({"id_refleksi": [a[0] for a in answers]})
    rows = pd.DataFrame({
        "id_refleksi": pd.Series(ids, dtype="string"),
        "nomor_butir": pd.Series(numbers, dtype="int32"),
        "butir": pd.Series(items, dtype="string"),
        "tema": pd.Series([h.tema for h in themes], dtype="string"),
        "skor": pd.Series([h.skor for h in themes], dtype="float64"),
        "yakin": pd.Series([h.yakin for h in themes], dtype="boolean"),
    })
    con.register("_tema_stale", stale)
    con.register("_tema_rows", rows)
    try:
        con.execute("delete from butir_refleksi where id_refleksi in (select id_refleksi from _tema_stale)")
        con.execute(
            "insert into butir_refleksi (id_refleksi, nomor_butir, butir, tema, skor, versi_leksikon, yakin) "
            "select id_refleksi, nomor_butir, butir, tema, skor, ?, yakin from _tema_rows",
            [versi],
        )
    finally:
        con.unregister("_tema_stale")
        con.unregister("_tema_rows")
    return len(rows)


def reclassify_all(con: duckdb.DuckDBPyConnection, progress: Callable[[float, str], None] | None = None,
                   lexicon: tuple[int, Lexicon] | None = None) -> int:
    """Classify every refleksi row again with `lexicon` (version, lexicon), by default the current one;
    returns items written."""
    con.execute("delete from butir_refleksi")
    return classify_pending(con, progress, lexicon=lexicon)
