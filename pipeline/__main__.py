"""``python -m pipeline``: the command-line interface."""

from pipeline.lean import script

script()
