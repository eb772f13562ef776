"""``python -m pipeline``: the command-line interface."""

import sys

from pipeline.cli import console

sys.exit(console())
