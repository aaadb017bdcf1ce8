"""The drift page's timeline, laid out here and drawn as SVG by its template (every text in
it autoescaped there): time across, one row per variant in the order first seen, a mark
per sighting coloured by severity, whose tooltip (``<title>``) names the outlet and URL.
And the "Check this page" bookmarklet."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from quotes.checking.lineage import DriftMap

SEVERITY_COLOURS = {"info": "#3b6fd4", "ok": "#2a8a2a", "warn": "#c98200", "error": "#c62828"}

WIDTH = 960
LABELS = 300  # the rows' labels on the left
RIGHT = 50  # half a date label
TOP = 34  # the date axis above the rows
ROW = 30
TICKS = 5


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    colour: str
    title: str  # the tooltip: date, outlet, URL, verdict


@dataclass(frozen=True)
class Row:
    y: float
    label: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    rows: list[Row]
    marks: list[Mark]
    ticks: list[Tick]
    left: int = LABELS
    right: int = WIDTH - RIGHT


def timeline(drift: DriftMap) -> Timeline:
    """Where each row, mark and date tick of the picture goes."""
    days = [date.fromisoformat(s.seen_on) for v in drift.variants for s in v.sightings]
    first, last = (min(days), max(days)) if days else (date.today(), date.today())
    if first == last:  # one day: put it in the middle of three
        first, last = first - timedelta(days=1), last + timedelta(days=1)
    span = (last - first).days

    def x(day: date) -> float:
        return round(LABELS + (WIDTH - RIGHT - LABELS) * (day - first).days / span, 1)

    rows, marks = [], []
    for n, variant in enumerate(drift.variants):
        y = TOP + ROW * n + ROW / 2
        rows.append(Row(y, f"{variant.id} [{variant.lang}] {variant.verdict}"))
        for sighting in variant.sightings:
            where = " — ".join(part for part in (sighting.outlet, sighting.url) if part) or "no URL"
            marks.append(Mark(x(date.fromisoformat(sighting.seen_on)), y, SEVERITY_COLOURS[sighting.severity],
                              f"{sighting.seen_on}: {where} ({sighting.verdict})"))
    step = max(1, span // (TICKS - 1))
    ticks = [Tick(x(first + timedelta(days=d)), (first + timedelta(days=d)).isoformat()) for d in range(0, span + 1, step)]
    return Timeline(WIDTH, TOP + ROW * max(1, len(drift.variants)) + 10, rows, marks, ticks)


def bookmarklet(desk_url: str) -> str:
    """A ``javascript:`` link that opens this desk's check page with the current page's URL."""
    check = json.dumps(desk_url.rstrip("/") + "/check?url=")
    return f"javascript:void(window.open({check}+encodeURIComponent(location.href)))"
