"""Where the repository and the evaluation data are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("QUOTES_DATA", ROOT.parent / "shared" / "data"))


def needs_data(*parts: str) -> Path:
    """The path of an evaluation data file, or a skip naming what is missing."""
    path = DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"evaluation data not found at {path} (set QUOTES_DATA)")
    return path
