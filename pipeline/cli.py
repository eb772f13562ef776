"""Command line: ``python -m pipeline extract INPUT_DIR --out OUTPUT_DIR`` and friends.

Exit codes: 0 the run completed; 2 unusable arguments; 3 a pre-publish
check failed (a bug); 4 ``--strict`` found error issues; 5 a database load
failed; 1 any other pipeline error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline import __version__
from pipeline.db import cli as db_cli
from pipeline.errors import PipelineError
from pipeline.executors import EXECUTORS
from pipeline.fsinput import is_url
from pipeline.report import cli as report_cli
from pipeline.run import RunOptions, RunSummary, run
from pipeline.sources import DEFAULT_MAX_BYTES


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="pipeline", description="Drug monographs (markdown) -> tables.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ex = sub.add_parser("extract", help="extract every *.md under INPUT_DIR into tables")
    ex.add_argument("input_dir", metavar="INPUT_DIR", help="a folder, or an fsspec URL (dask)")
    ex.add_argument("--out", type=Path, required=True, metavar="OUTPUT_DIR")
    ex.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores)")
    ex.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        help=f"skip files larger than this, with an issue (default: {DEFAULT_MAX_BYTES})",
    )
    ex.add_argument(
        "--strict", action="store_true", help="exit non-zero and publish nothing on error issues"
    )
    ex.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None)
    ex.add_argument("--quiet", action="store_true", help="no closing summary")
    ex.add_argument(
        "--no-cache", action="store_true", help="re-extract every file; no cache read or written"
    )
    ex.add_argument("--cache-dir", type=Path, default=None, help="default: OUTPUT_DIR/.cache")
    ex.add_argument("--executor", choices=EXECUTORS, default="local", help="default: local")
    ex.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler, e.g. tcp://host:8786")
    db_cli.add_parsers(sub)
    report_cli.add_parsers(sub)
    return parser


def _print_summary(s: RunSummary) -> None:
    rows = ", ".join(f"{name} {n}" for name, n in s.rows.items())
    codes = ", ".join(f"{c} {n}" for c, n in s.issues_by_code.items()) or "none"
    print(f"extracted {s.files} files in {s.seconds:.2f} s")
    print(f"  rows: {rows}")
    print(f"  issues by code: {codes}")
    if s.cached:
        kept = " (nothing changed: published set kept)" if s.up_to_date else ""
        print(f"  from cache: {s.cached} files{kept}")
    if s.published is not None:
        print(f"  published: {s.published}")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "extract":
            summary = run(
                RunOptions(
                    input_dir=Path(args.input_dir),
                    input_url=args.input_dir if is_url(args.input_dir) else None,
                    out_dir=args.out,
                    jobs=args.jobs,
                    max_bytes=args.max_bytes,
                    strict=args.strict,
                    progress=args.progress,
                    use_cache=not args.no_cache,
                    cache_dir=args.cache_dir,
                    executor=args.executor,
                    scheduler=args.scheduler,
                )
            )
            if not args.quiet:
                _print_summary(summary)
            return 0
        if args.command in db_cli.COMMANDS:
            return db_cli.run(args)
        if args.command in report_cli.COMMANDS:
            return report_cli.run(args)
    except PipelineError as exc:
        print(f"pipeline: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("pipeline: interrupted; previous output left in place", file=sys.stderr)
        return 130
    return 2
