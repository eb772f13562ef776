"""One small extractor module per record type, each reading its source section kinds."""
