"""Checking coverage against the registry, as a pipeline:

``coverage`` and ``pages`` read a document (file, page, Word file) into text →
``passages`` finds the quoted spans → ``langid`` and ``attribution`` say each one's
language and speaker → ``matching`` and ``recognition`` find the statement it quotes
(``drift`` aligns it word by word and flags what changed) → ``verdicts`` grades it →
``check`` runs the pipeline into a report → ``report`` renders it; ``batch`` checks many
documents in parallel.
"""
