"""The ``report`` and ``show`` subcommands (wired into ``pipeline.cli``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

COMMANDS = ("report", "show")


def add_parsers(sub: Any) -> None:
    """Add ``report`` and ``show`` to the main parser's subparsers."""
    rp = sub.add_parser(
        "report",
        help="write one self-contained HTML report of an output folder",
        description="Charts and tables of OUTPUT_DIR's published set in one HTML file "
        "that opens with no network.",
    )
    rp.add_argument("output_dir", type=Path, metavar="OUTPUT_DIR")
    rp.add_argument(
        "--to", type=Path, default=None, metavar="FILE", help="default: OUTPUT_DIR/report.html"
    )
    rp.add_argument("--seed", type=int, default=0, help="seed of the sample rows (default: 0)")
    rp.add_argument("--quiet", action="store_true", help="do not print where the report went")

    sh = sub.add_parser(
        "show",
        help="one monograph's source lines beside the records they gave",
        description="Print MONOGRAPH_ID's source file with each line's records beside it.",
    )
    sh.add_argument("output_dir", type=Path, metavar="OUTPUT_DIR")
    sh.add_argument("monograph_id", metavar="MONOGRAPH_ID", help="e.g. i/isotretinoin-topical")
    sh.add_argument(
        "--input",
        type=Path,
        default=None,
        metavar="INPUT_DIR",
        help="where the sources are, when not where the run read them (the manifest's input_dir)",
    )
    sh.add_argument(
        "--color",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="colours (default: when stdout is a terminal)",
    )


def run(args: argparse.Namespace) -> int:
    if args.command == "report":
        from pipeline.report.page import write_report

        to = write_report(args.output_dir, args.to or args.output_dir / "report.html", args.seed)
        if not args.quiet:
            print(f"report: {to} ({to.stat().st_size / 1e6:.1f} MB)")
        return 0
    from pipeline.report.show import show

    return show(args.output_dir, args.monograph_id, args.input, args.color)
