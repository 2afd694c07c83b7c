"""Evaluate the reflection-theme classifier: `python bench/eval_themes.py [--n 100000]`.

Prints accuracy and macro-F1 on the dev and test splits of tests/fixtures/themes/eval_tema.csv
(an item counts as correct when the prediction equals `tema` or, for items that carry
two themes, `tema_alt`), then the same plus top-1 accuracy for both sets per split, and for
tests/fixtures/themes/eval_tema_gaya_baru.csv (issue 18 item 4: rewrites in other registers, new
phrasing, sample phrase banks) the accuracy per register and its 10 most frequent errors; then
items/second of `classify` on a synthetic run.
Never tune the lexicon on the test split, nor on anything in eval_tema_gaya_baru.csv.
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data_loaders.themes import classify, load_default_lexicon  # noqa: E402
from vocab import KOMPONEN  # noqa: E402

EVAL_CSV = ROOT / "tests" / "fixtures" / "themes" / "eval_tema.csv"
# Written before any classifier change, without seeing its output (tests/fixtures/themes/README.md).
GAYA_BARU_CSV = ROOT / "tests" / "fixtures" / "themes" / "eval_tema_gaya_baru.csv"
GAYA = ("kolokial", "daerah", "singkat", "panjang", "typo", "baru", "contoh")


def read_eval(path: Path = EVAL_CSV) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def macro_f1(gold: list[str], pred: list[str]) -> float:
    labels = set(gold) | set(pred)
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred):
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    scores = []
    for label in labels:
        denom = 2 * tp[label] + fp[label] + fn[label]
        scores.append(2 * tp[label] / denom if denom else 0.0)
    return sum(scores) / len(scores)


def evaluate(rows: list[dict[str, str]], show_errors: bool = False) -> tuple[float, float]:
    predicted = classify([r["butir"] for r in rows], [r["komponen"] for r in rows], load_default_lexicon())
    gold, pred = [], []
    for row, (tema, skor, _) in zip(rows, predicted):
        ok = tema in (row["tema"], row["tema_alt"])
        gold.append(tema if ok else row["tema"])
        pred.append(tema)
        if show_errors and not ok:
            print(f"  [{row['komponen']}] {row['butir']!r}\n      gold={row['tema']!r} pred={tema!r} ({skor})")
    accuracy = sum(g == p for g, p in zip(gold, pred)) / len(rows)
    return accuracy, macro_f1(gold, pred)


def scores(rows: list[dict[str, str]], predicted: list[str]) -> tuple[float, float, float]:
    """(any-accuracy, top-1 accuracy, macro-F1); top-1 only accepts `tema`, any also `tema_alt`."""
    if not rows:
        return 0.0, 0.0, 0.0
    hit = [p in (r["tema"], r["tema_alt"]) for r, p in zip(rows, predicted)]
    gold = [p if ok else r["tema"] for r, p, ok in zip(rows, predicted, hit)]
    top1 = sum(p == r["tema"] for r, p in zip(rows, predicted)) / len(rows)
    return sum(hit) / len(rows), top1, macro_f1(gold, predicted)


def report_set(name: str, rows: list[dict[str, str]], splits: tuple[str, ...], confusion: bool = False) -> None:
    """Per split and overall scores of one evaluation file; optionally per register and top errors."""
    texts, komponen = [r["butir"] for r in rows], [r["komponen"] for r in rows]
    predicted = [h.tema for h in classify(texts, komponen, load_default_lexicon())]
    print(f"== {name}")
    print(f"  {'split':<10} {'n':>4}  {'any':>5}  {'top1':>5}  {'macro_f1':>8}")
    parts = [(s, [i for i, r in enumerate(rows) if r["split"] == s]) for s in splits]
    parts.append(("semua", list(range(len(rows)))))
    for label, idx in parts:
        a, t, f = scores([rows[i] for i in idx], [predicted[i] for i in idx])
        print(f"  {label:<10} {len(idx):>4}  {a:.3f}  {t:.3f}  {f:>8.3f}")
    if not confusion:
        return
    print(f"  {'gaya':<10} {'n':>4}  {'any':>5}  {'top1':>5}")
    for gaya in GAYA:
        idx = [i for i, r in enumerate(rows) if r["gaya"] == gaya]
        a, t, _ = scores([rows[i] for i in idx], [predicted[i] for i in idx])
        print(f"  {gaya:<10} {len(idx):>4}  {a:.3f}  {t:.3f}")
    errors = Counter((r["komponen"], r["tema"], p) for r, p in zip(rows, predicted)
                     if p not in (r["tema"], r["tema_alt"]))
    print(f"  10 most frequent errors of {sum(errors.values())} (komponen: gold -> predicted, count):")
    for (komponen, gold, pred), n in errors.most_common(10):
        print(f"    {n:>3}  {komponen}: {gold} -> {pred}")


def throughput(n: int, seed: int = 7) -> float:
    """Items/second on `n` synthetic items: eval phrases recombined, so most are distinct."""
    rng = random.Random(seed)
    words = [w for r in read_eval() for w in r["butir"].split()]
    items = [" ".join(rng.choices(words, k=rng.randint(3, 12))) for _ in range(n)]
    komponen = [rng.choice(KOMPONEN) for _ in range(n)]
    lexicon = load_default_lexicon()
    classify(items[:10], komponen[:10], lexicon)  # build the models once, outside the timing
    start = time.perf_counter()
    classify(items, komponen, lexicon)
    return n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="synthetic items for the speed run")
    parser.add_argument("--errors", action="store_true", help="list dev-split mistakes (never look at test ones)")
    args = parser.parse_args()
    rows = read_eval()
    for split in ("dev", "test"):
        part = [r for r in rows if r["split"] == split]
        accuracy, f1 = evaluate(part, show_errors=args.errors and split == "dev")
        print(f"{split:<5} n={len(part):>4}  accuracy={accuracy:.3f}  macro_f1={f1:.3f}")
    report_set(EVAL_CSV.name, rows, ("dev", "test"))
    report_set(GAYA_BARU_CSV.name, read_eval(GAYA_BARU_CSV), ("gaya_baru", "contoh"), confusion=True)
    if args.n:
        print(f"speed  n={args.n}  items/second={throughput(args.n):,.0f}")


if __name__ == "__main__":
    main()
