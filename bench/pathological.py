"""Pathological markdown: each case must finish in under 2 s and scale about linearly.

Run: ``make bench-pathological`` (or ``python bench/pathological.py [--scale S]``).
Each case is built at size n (the size the budget applies to) and 2n, and run
through ``process_source`` (decode -> parse -> tree -> extract -> rows)
in-process; the ratio t(2n)/t(n) shows the growth (about 2 for linear, 4 for
quadratic). Exits 1 when t(n) is over the budget or the ratio over ``--max-ratio``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from pipeline.process import process_source
from pipeline.sources import Source, SourceRef, decode_into

HEAD = "# Drug\n\n## Side Effects\n\n"

#: name -> builder(n) -> markdown text; ``n`` is the base size, doubled for the ratio.
CASES: dict[str, tuple[int, Callable[[int], str]]] = {
    "open_brackets": (50_000, lambda n: HEAD + "[" * n + "\n"),
    "open_brackets_item": (50_000, lambda n: HEAD + "* " + "[" * n + "\n"),
    "close_brackets": (50_000, lambda n: HEAD + "* a" + "](" * n + "\n"),
    "emphasis_runs": (30_000, lambda n: HEAD + "* " + "*a " * n + "\n"),
    "underscore_runs": (30_000, lambda n: HEAD + "* " + "_a " * n + "\n"),
    "bold_unclosed": (50_000, lambda n: HEAD + "* **" + "a" * n + "\n"),
    "lead_in_colons": (20_000, lambda n: HEAD + "* **Common:** " + "a: " * n + "\n"),
    "backticks": (30_000, lambda n: HEAD + "* " + "`a" * n + "\n"),
    "links_unclosed": (20_000, lambda n: HEAD + "* " + "[a](" * n + "\n"),
    "html_lt": (50_000, lambda n: HEAD + "* " + "<a " * n + "\n"),
    "deep_list_one_line": (1_000, lambda n: HEAD + "* " * n + "a\n"),
    "deep_quote_one_line": (1_000, lambda n: HEAD + "> " * n + "a\n"),
    "deep_list_lines": (
        1_000,
        lambda n: HEAD + "".join("  " * (i % 1000) + "* a\n" for i in range(n)),
    ),
    "deep_quote_lines": (
        1_000,
        lambda n: HEAD + "".join(">" * (i % 1000) + " a\n" for i in range(n)),
    ),
    "long_line_words": (200_000, lambda n: HEAD + "* " + "nausea " * n + "\n"),
    "long_line_commas": (
        50_000,
        lambda n: HEAD + "Common side effects include " + "nausea, " * n + "and pain.\n",
    ),
    "long_line_spaces": (500_000, lambda n: HEAD + "* a" + " " * n + "b\n"),
    "long_line_parens": (50_000, lambda n: HEAD + "* a " + "(" * n + "\n"),
    "many_items": (10_000, lambda n: HEAD + "* nausea (rare)\n" * n),
    "many_headings": (
        10_000,
        lambda n: HEAD + "".join(f"## Side Effects {i}\n* a\n" for i in range(n)),
    ),
    "table_wide": (
        5_000,
        lambda n: HEAD + "|" + "a|" * n + "\n|" + "-|" * n + "\n|" + "b|" * n + "\n",
    ),
    "table_long": (5_000, lambda n: HEAD + "|a|b|\n|-|-|\n" + "|x|y|\n" * n),
    "front_matter_long": (
        50_000,
        lambda n: "---\n" + "".join(f"k{i}: v\n" for i in range(n)) + "---\n" + HEAD + "* a\n",
    ),
    "front_matter_unclosed": (50_000, lambda n: "---\n" + "k: v\n" * n + HEAD + "* a\n"),
    "percent_runs": (30_000, lambda n: HEAD + "* a " + "1-" * n + "%\n"),
    "digits": (100_000, lambda n: HEAD + "* a " + "1" * n + "\n"),
    "and_or_runs": (30_000, lambda n: HEAD + "Common side effects include a" + " and" * n + ".\n"),
}


def timed(text: str) -> float:
    src = Source(SourceRef("bench", "bench.md", "bench.md"))
    decode_into(src, text.encode())
    start = time.perf_counter()
    result = process_source(src)
    elapsed = time.perf_counter() - start
    assert result.monograph["monograph_id"] == "bench"
    return elapsed


def best_of(text: str, repeat: int) -> float:
    return min(timed(text) for _ in range(repeat))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every base size")
    ap.add_argument("--budget", type=float, default=2.0, help="seconds allowed per file")
    ap.add_argument("--max-ratio", type=float, default=3.0, help="t(2n)/t(n) allowed")
    ap.add_argument("--repeat", type=int, default=3, help="best of this many timings")
    ap.add_argument("-k", dest="only", default="", help="only cases whose name contains this")
    args = ap.parse_args(argv)
    failed: list[str] = []
    print(f"{'case':24} {'n':>9} {'bytes':>10} {'t(n) s':>8} {'t(2n) s':>8} {'ratio':>6}")
    for name, (base, build) in CASES.items():
        if args.only not in name:
            continue
        n = max(1, int(base * args.scale))
        small, large = build(n), build(2 * n)
        t1, t2 = best_of(small, args.repeat), best_of(large, args.repeat)
        # Under 20 ms, timer noise dominates the ratio: only the budget applies there.
        ratio = t2 / t1 if t1 > 0 else float("inf")
        bad = t1 > args.budget or (t2 > 0.02 and ratio > args.max_ratio)
        flag = "  FAIL" if bad else ""
        print(
            f"{name:24} {n:>9} {len(large.encode()):>10} {t1:>8.3f} {t2:>8.3f} {ratio:>6.2f}{flag}"
        )
        if bad:
            failed.append(name)
    if failed:
        print(f"super-linear or over budget: {', '.join(failed)}", file=sys.stderr)
        return 1
    print("all cases linear and within budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
