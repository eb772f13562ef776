"""``python -m pipeline``: the command-line interface."""

import sys

from pipeline.lean import console

sys.exit(console())
