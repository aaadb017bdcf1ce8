"""Interchange formats, one module each with its read/write pair and its state table,
as Translate Toolkit's ``translate/storage/`` keeps them: ``jsonl`` (the project's own
lossless interchange)."""
