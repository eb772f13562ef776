"""monograph-pipeline: markdown drug monographs -> normalized tables."""

__version__ = "0.1.0"
