"""A predictable id source for ``Registry(location, ids=...)``."""

from __future__ import annotations

import itertools
from collections import defaultdict


class SequentialIds:
    """Numbers each prefix's ids in order from ``start``: q-000001, q-000002, r-000001, …"""

    def __init__(self, start: int = 1):
        self._numbers = defaultdict(lambda: itertools.count(start))

    def __call__(self, prefix: str, length: int) -> str:
        return f"{prefix}-{next(self._numbers[prefix]):0{length}d}"
