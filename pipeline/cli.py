"""Command line: ``python -m pipeline extract INPUT_DIR --out OUTPUT_DIR`` and friends.

Exit codes: 0 the run completed; 2 unusable arguments (or an empty input over
a published set); 3 a pre-publish check failed (a bug); 4 ``--strict`` found
error issues; 5 a database load failed; 1 any other pipeline error; 130
interrupted (Ctrl-C), 143 terminated (SIGTERM).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from pipeline import __version__, stopping
from pipeline.db import cli as db_cli
from pipeline.errors import PipelineError, Terminated, UsageError
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
    ex.add_argument("--out", required=True, metavar="OUTPUT_DIR")
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
    ex.add_argument("--cache-dir", default=None, help="default: OUTPUT_DIR/.cache")
    ex.add_argument(
        "--allow-empty",
        action="store_true",
        help="publish an empty set when INPUT_DIR has no monograph files "
        "(refused by default when a published set has some)",
    )
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
    if s.lost:
        shown = ", ".join(s.lost[:_SHOW_LOST])
        more = f" and {len(s.lost) - _SHOW_LOST} more" if len(s.lost) > _SHOW_LOST else ""
        print(f"  lost with their worker (internal_error): {len(s.lost)} files: {shown}{more}")
    if s.published is not None:
        print(f"  published: {s.published}")


#: Most lost files the summary names (the issues table lists them all).
_SHOW_LOST = 20


def _path(value: str | None, option: str) -> Path:
    """A path argument; an empty one is refused (``Path("")`` would mean the current folder)."""
    if value is not None and not value.strip():
        raise UsageError(f"{option} is an empty path")
    return Path(value or ".")


def _terminate(signum: int, frame: object) -> None:
    stopping.ask()  # (remembered: the exception may be swallowed where the signal lands)
    raise Terminated


def _extract(args: argparse.Namespace) -> int:
    cache_dir = None if args.cache_dir is None else _path(args.cache_dir, "--cache-dir")
    summary = run(
        RunOptions(
            input_dir=_path(args.input_dir, "INPUT_DIR"),
            input_url=args.input_dir if is_url(args.input_dir) else None,
            out_dir=_path(args.out, "--out"),
            jobs=args.jobs,
            max_bytes=args.max_bytes,
            strict=args.strict,
            progress=args.progress,
            use_cache=not args.no_cache,
            cache_dir=cache_dir,
            executor=args.executor,
            scheduler=args.scheduler,
            allow_empty=args.allow_empty,
        )
    )
    if not args.quiet:
        _print_summary(summary)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    stopping.reset()
    # SIGTERM (``kill PID``) stops a run as Ctrl-C does: workers ended, nothing half-published
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
    try:
        if args.command == "extract":
            return _extract(args)
        if args.command in db_cli.COMMANDS:
            return db_cli.run(args)
        if args.command in report_cli.COMMANDS:
            return report_cli.run(args)
    except PipelineError as exc:
        print(f"pipeline: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt as exc:
        how = "terminated" if isinstance(exc, Terminated) else "interrupted"
        print(f"pipeline: {how}; previous output left in place", file=sys.stderr)
        return 128 + (signal.SIGTERM if isinstance(exc, Terminated) else signal.SIGINT)
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
    return 2
