"""The drift map: what a checked page's findings record as sightings, and a quote's lineage
built from its sightings — where each wording of it came from.

A finding records a sighting when it names a quote: a match, an ``unknown`` with a
suggestion, or an ``unknown`` attributed to a registered speaker that carries the names
and numbers of one wording of exactly one of the speaker's quotes (its original, a
rendition, a wording already sighted) — reason ``traced``. That is how a back-translation
is caught: "If you want, I can buy X", attributed to Altman, matches no registered text
word for word, but its one name, X, is that of the Turkish line that circulated, which
his original (about twitter and $9.74 billion) does not have.

The lineage (:func:`drift_map`) is a tree: the original at the root, its renditions
beneath it (a rendition made from another beneath that one), and every distinct wording
seen — a *variant*: sightings whose passages have the same comparison form
(``quotes.text.match_key``) and language — beneath the text it most likely came from
(``derived_from``): of the original, the renditions and the variants first seen before
it, the closest. In one language, closeness is the wording's similarity (rapidfuzz's
ratio, or partial ratio for an excerpt); across languages, where no machine translation
relates them, the share of names and numbers the two have in common (a translation keeps
them; drift often changes them). On a tie, a text in the variant's own language wins,
then the more recent step: an earlier variant over a rendition over the original.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Iterable
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from quotes.checking.check import Finding, Report
from quotes.checking.drift import name_stem
from quotes.checking.report import VERDICT_ORDER
from quotes.errors import InvalidInput
from quotes.registry.models import Quote
from quotes.registry.registry import Registry, load_quotes, resolve_quote
from quotes.registry.sightings import Sighting, list_sightings, quote_sightings, record_sightings
from quotes.text import match_key, tokenize

TRACED = "traced"  # the reason of a sighting recorded by its names and numbers (see the module's docstring)
DRIFTED_SEVERITIES = frozenset({"warn", "error"})
_SENTENCE_END = re.compile(r"[.!?…:;]\W*$")


# --- recording -----------------------------------------------------------------------

def outlet_of(report: Report) -> str | None:
    """The page's site name, else its host (without ``www.``); None for a text without a URL."""
    if report.site:
        return report.site
    host = urlsplit(report.url).hostname if report.url else None
    return host.removeprefix("www.") if host else None


def published_date(report: Report) -> str | None:
    """The page's publication date as YYYY-MM-DD, when it gives one that reads so."""
    try:
        return datetime.fromisoformat(report.date[:10]).date().isoformat() if report.date else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Recorded:
    """What recording a document's findings did: the sightings new to the registry, and
    how many more had been recorded before (their last check updated)."""

    new: list[Sighting]
    seen_before: int

    def __str__(self) -> str:
        return f"recorded {plural(len(self.new), 'new sighting')}, {self.seen_before} seen before"

    def as_json(self) -> dict:
        return {"new": [s.as_json() for s in self.new], "seen_before": self.seen_before}


class Recorder:
    """Turns a checked document's findings into sightings (:meth:`sightings`). Built once
    for a batch: it keeps what it read of the registry's speakers and quotes."""

    def __init__(self, registry: Registry, *, checked_by: str):
        registry.store.require_writable()  # before any page is read and checked
        self.registry = registry
        self.checked_by = checked_by
        self._speakers: dict[str, str] | None = None
        self._wordings: dict[str, list[tuple[str, frozenset[str]]]] = {}
        self._speaker_of: dict[str, str] = {}  # quote id → speaker id, of the quotes in _wordings

    def record(self, report: Report, *, checked_at: str | None = None, into: Registry | None = None) -> Recorded:
        """Record ``report``'s sightings, in one transaction: the registry's own, or that
        of ``into`` (a ``Registry.transaction`` that writes more with them)."""
        found = self.sightings(report, checked_at=checked_at)
        new = record_sightings(into or self.registry, found)
        for sighting in new:  # a wording now sighted may be what a later passage is traced by
            speaker_id = self._speaker_of.get(sighting.quote_id)
            if speaker_id in self._wordings:
                self._wordings[speaker_id].append((sighting.quote_id, anchors(sighting.passage, sighting.lang)))
        return Recorded(new, len(found) - len(new))

    def sightings(self, report: Report, *, checked_at: str | None = None) -> list[Sighting]:
        """The sightings ``report``'s findings make (see the module's docstring), each once."""
        checked_at = checked_at or datetime.now(timezone.utc).isoformat(timespec="seconds")
        page = dict(url=report.url, outlet=outlet_of(report), title=report.title, published=published_date(report),
                    checked_at=checked_at, checked_by=self.checked_by)
        found: dict[str, Sighting] = {}
        for finding in report.findings:
            named = self._named(finding)
            if named is None:
                continue
            quote_id, rendition_id, reason = named
            sighting = Sighting(quote_id=quote_id, rendition_id=rendition_id, verdict=finding.verdict,
                                severity=finding.severity, flags=finding.flags, reason=reason,
                                passage=finding.passage, lang=finding.lang, **page)
            found.setdefault(sighting.identity, sighting)
        return list(found.values())

    def _named(self, finding: Finding) -> tuple[str, str | None, str | None] | None:
        """The quote and rendition a finding names, and its reason; None when it names none."""
        if finding.quote_id:
            return finding.quote_id, finding.rendition_id, finding.reason
        if finding.suggestion:
            return finding.suggestion.quote_id, finding.suggestion.rendition_id, finding.reason
        if finding.attributed_to:
            traced = self._traced(finding)
            if traced:
                return traced, None, TRACED
        return None

    def _traced(self, finding: Finding) -> str | None:
        """The one quote of the passage's speaker with a wording that has every name and
        number of the passage (at least one), or None."""
        wanted = anchors(finding.passage, finding.lang)
        speaker_id = self._speaker_ids().get(finding.attributed_to)
        if not wanted or speaker_id is None:
            return None
        quotes = {quote_id for quote_id, wording in self._speaker_wordings(speaker_id) if wanted <= wording}
        return quotes.pop() if len(quotes) == 1 else None

    def _speaker_ids(self) -> dict[str, str]:
        if self._speakers is None:
            self._speakers = {speaker.name: speaker.id for speaker in self.registry.speakers()}
        return self._speakers

    def _speaker_wordings(self, speaker_id: str) -> list[tuple[str, frozenset[str]]]:
        """(quote id, names and numbers) of every wording of the speaker's newest quotes:
        originals, renditions and passages already sighted."""
        if speaker_id not in self._wordings:
            from quotes.checking.check import SPEAKER_QUOTES

            wordings = []
            quotes = self.registry.speaker_quotes(speaker_id, limit=SPEAKER_QUOTES)
            with self.registry.store.read() as conn:
                for quote in quotes:
                    texts = [(quote.text, quote.lang), *((r.text, r.lang) for r in quote.renditions),
                             *((s.passage, s.lang) for s in quote_sightings(conn, quote.id))]
                    wordings += [(quote.id, anchors(text, lang)) for text, lang in texts]
                    self._speaker_of[quote.id] = speaker_id
            self._wordings[speaker_id] = wordings
        return self._wordings[speaker_id]


def anchors(text: str, lang: str | None) -> frozenset[str]:
    """What a translation keeps of a text: its numbers (amounts by value) and the names
    in it — words capitalised inside a sentence, inflection stripped (X’i → x); English's
    capitalised "I" is no name."""
    found = set()
    tokens = tokenize(text, lang)
    for index, token in enumerate(tokens):
        if token.is_number:
            found.add(token.key)
            continue
        starts_sentence = index == 0 or _SENTENCE_END.search(text[tokens[index - 1].start:token.start])
        if token.text[:1].isupper() and not starts_sentence and not (lang == "en" and token.norm == "i"):
            found.add(name_stem(token.key))
    return frozenset(found)


def sightings(registry: Registry, quote: str | None = None, *, outlet: str | None = None,
              verdict: str | None = None, since: str | None = None) -> list[Sighting]:
    """``quotes sightings``: :func:`quotes.registry.sightings.list_sightings`, the verdict
    one of the checker's."""
    if verdict is not None and verdict not in VERDICT_ORDER:
        raise InvalidInput(f"no such verdict {verdict!r}; one of: {', '.join(VERDICT_ORDER)}", field="verdict")
    return list_sightings(registry, quote, outlet=outlet, verdict=verdict, since=since)


# --- the lineage ---------------------------------------------------------------------

@dataclass(frozen=True)
class Seen:
    """Where and when a variant was seen: the sighting's date (``seen_on``), outlet and URL."""

    date: str
    outlet: str | None
    url: str | None

    def as_json(self) -> dict:
        return {"date": self.date, "outlet": self.outlet, "url": self.url}


@dataclass
class Variant:
    """One wording seen: the sightings whose passages have one comparison form. Verdict,
    severity, flags and reason are those of the latest checked of them (the registry's
    current judgement); the text is the first seen's."""

    id: str
    lang: str
    text: str
    verdict: str
    severity: str
    flags: tuple[str, ...]
    reason: str | None
    rendition_id: str | None
    sightings: list[Sighting]
    derived_from: str | None = None

    @property
    def first_seen(self) -> Seen:
        return _seen(self.sightings[0])

    @property
    def last_seen(self) -> Seen:
        return _seen(self.sightings[-1])

    @property
    def outlets(self) -> int:
        return len({s.outlet or s.url for s in self.sightings})

    @property
    def drifted(self) -> bool:
        return self.severity in DRIFTED_SEVERITIES or self.reason == TRACED


@dataclass
class DriftMap:
    """A quote's lineage: ``parents`` maps each rendition and variant id to its parent's
    (the quote's id for what comes from the original)."""

    quote: Quote
    variants: list[Variant]
    parents: dict[str, str] = field(default_factory=dict)

    def children(self, node_id: str) -> list[str]:
        return [child for child, parent in self.parents.items() if parent == node_id]

    def as_json(self) -> dict:
        """The tree: the original with its ``children``, renditions and variants nested."""
        return self._node_json(self.quote.id)

    def _node_json(self, node_id: str) -> dict:
        quote = self.quote
        renditions = {r.id: r for r in quote.renditions}
        variants = {v.id: v for v in self.variants}
        if node_id == quote.id:
            node = {"kind": "original", "id": quote.id, "lang": quote.lang, "text": quote.text,
                    "speaker": quote.speaker.name, "said_on": quote.said_on, "source_url": quote.source_url,
                    "outlet": quote.outlet}
        elif node_id in renditions:
            r = renditions[node_id]
            node = {"kind": "rendition", "id": r.id, "lang": r.lang, "text": r.text, "state": r.state,
                    "translator": r.translator, "derived_from": self.parents[r.id]}
        else:
            v = variants[node_id]
            node = {"kind": "variant", "id": v.id, "lang": v.lang, "text": v.text, "verdict": v.verdict,
                    "severity": v.severity, "flags": list(v.flags), "reason": v.reason,
                    "rendition_id": v.rendition_id, "first_seen": v.first_seen.as_json(),
                    "last_seen": v.last_seen.as_json(), "sightings": len(v.sightings), "outlets": v.outlets,
                    "derived_from": v.derived_from}
        node["children"] = [self._node_json(child) for child in self.children(node_id)]
        return node


def drift_map(registry: Registry, quote_ref: str) -> DriftMap:
    """The lineage of the quote ``quote_ref`` names (any unique prefix of its id)."""
    with registry.store.read() as conn:
        quote = load_quotes(conn, [resolve_quote(conn, quote_ref)])[0]
        sightings = quote_sightings(conn, quote.id)
    variants = group_variants(sightings)
    parents = {r.id: r.from_rendition_id or quote.id for r in quote.renditions}
    texts = [(quote.id, quote.text, quote.lang), *((r.id, r.text, r.lang) for r in quote.renditions)]
    for variant in variants:
        variant.derived_from = max(reversed(texts), key=lambda t: (closeness(variant.text, variant.lang, t[1], t[2]),
                                                                   t[2] == variant.lang))[0]
        parents[variant.id] = variant.derived_from
        texts.append((variant.id, variant.text, variant.lang))
    return DriftMap(quote, variants, parents)


def group_variants(sightings: Iterable[Sighting]) -> list[Variant]:
    """Sightings (in the order seen) as variants, in the order first seen."""
    groups: dict[tuple[str, str], list[Sighting]] = {}
    for sighting in sightings:
        groups.setdefault((sighting.lang, match_key(sighting.passage, sighting.lang)), []).append(sighting)
    variants = []
    for (lang, key), seen in groups.items():
        current = max(seen, key=lambda s: (s.checked_at, s.id or 0))
        variants.append(Variant(
            id="v-" + hashlib.sha256(f"{lang}\x00{key}".encode()).hexdigest()[:6], lang=lang, text=seen[0].passage,
            verdict=current.verdict, severity=current.severity, flags=current.flags, reason=current.reason,
            rendition_id=current.rendition_id, sightings=seen))
    return variants


def closeness(text: str, lang: str, other: str, other_lang: str) -> float:
    """How likely ``text`` came from ``other``, 0–100 (see the module's docstring)."""
    if lang == other_lang:
        key, other_key = match_key(text, lang), match_key(other, other_lang)
        return max(fuzz.ratio(key, other_key), fuzz.partial_ratio(key, other_key))
    mine, theirs = anchors(text, lang), anchors(other, other_lang)
    return 100.0 * len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0


def _seen(sighting: Sighting) -> Seen:
    return Seen(sighting.seen_on, sighting.outlet, sighting.url)


# --- output --------------------------------------------------------------------------

def render_text(drift: DriftMap) -> str:
    """The tree for people: one node a line (every text on one), a variant's first and
    last sighting and its counts beneath it."""
    quote = drift.quote
    lines = [f"{quote.id}  {_line(quote.speaker.name)}  [{quote.lang}]  original  “{_line(quote.text)}”"]
    renditions = {r.id: r for r in quote.renditions}
    variants = {v.id: v for v in drift.variants}

    def walk(node_id: str, indent: str) -> None:
        children = drift.children(node_id)
        for n, child in enumerate(children):
            last = n == len(children) - 1
            branch, below = ("└─ ", "   ") if last else ("├─ ", "│  ")
            if child in renditions:
                r = renditions[child]
                lines.append(f"{indent}{branch}{r.id}  [{r.lang}]  rendition, {r.state}  “{_line(r.text)}”")
            else:
                v = variants[child]
                flags = f" ({', '.join(v.flags)})" if v.flags else ""
                reason = f" ({v.reason})" if v.reason else ""
                lines.append(f"{indent}{branch}{v.id}  [{v.lang}]  {v.verdict}{reason}{flags}  “{_line(v.text)}”")
                first, last_seen = v.first_seen, v.last_seen
                lines.append(f"{indent}{below}  first seen {_where(first)}")
                if len(v.sightings) > 1:
                    lines.append(f"{indent}{below}  last seen  {_where(last_seen)}")
                lines.append(f"{indent}{below}  {plural(len(v.sightings), 'sighting')}, "
                             f"{plural(v.outlets, 'outlet')}")
            walk(child, indent + below)

    walk(quote.id, "")
    lines.append(f"{plural(len(drift.variants), 'variant')} in "
                 f"{plural(sum(len(v.sightings) for v in drift.variants), 'sighting')}")
    return "\n".join(lines)


def render_json(drift: DriftMap) -> str:
    return json.dumps(drift.as_json(), ensure_ascii=False, indent=2)


def render_dot(drift: DriftMap) -> str:
    """Graphviz: the original, renditions and variants as boxes, an arrow from each to
    what came from it; drifted variants in red."""
    quote = drift.quote
    labels = {quote.id: (f"{quote.id} [{quote.lang}] original\n{quote.text}", "black")}
    labels.update({r.id: (f"{r.id} [{r.lang}] {r.state}\n{r.text}", "gray40") for r in quote.renditions})
    labels.update({v.id: (f"{v.id} [{v.lang}] {v.verdict}\n{v.text}\n{plural(len(v.sightings), 'sighting')}, "
                          f"first {_where(v.first_seen)}", "red" if v.drifted else "darkgreen")
                   for v in drift.variants})
    lines = [f"digraph {_dot_string(quote.id)} {{", "  rankdir=LR;", "  node [shape=box];"]
    lines += [f"  {_dot_string(node)} [label={_dot_string(label)}, color={colour}];"
              for node, (label, colour) in labels.items()]
    lines += [f"  {_dot_string(parent)} -> {_dot_string(child)};" for child, parent in drift.parents.items()]
    lines.append("}")
    return "\n".join(lines)


def _dot_string(text: str) -> str:
    """A DOT quoted string: backslashes and quotes escaped, line breaks as \\n."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n") + '"'


def _where(seen: Seen) -> str:
    return "  ".join(_line(part) for part in (seen.date, seen.outlet, seen.url) if part)


def _line(text: str) -> str:
    """A stored text on one line: a passage across paragraphs, a page's hostile site name."""
    return " ".join(text.split())


def plural(n: int, noun: str) -> str:
    """``1 sighting``, ``2 sightings``."""
    return f"{n} {noun}{'s' if n != 1 else ''}"
