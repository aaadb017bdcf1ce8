"""Language identification for passages and documents.

``detect()`` returns a :class:`Detection` — an ISO 639-1 code (or ``"und"``) and a
confidence in [0, 1]. Rules, in order:

1. ``override`` (the user's ``--lang``) always wins, with confidence 1.0.
2. Text with fewer than :data:`MIN_WORDS` words, or whose best language scores below
   the backend's :data:`MIN_CONFIDENCE`, is not decided: the result is ``fallback``
   (the document's language) with confidence :data:`FALLBACK_CONFIDENCE` (0.0, i.e.
   "not detected, assumed"), or ``Detection("und", 0.0)`` when no fallback is given.
3. Otherwise the backend's best language and its probability.

Backends (both deterministic):

* ``py3langid`` (default) — naive Bayes over byte n-grams, 140 labels (Azerbaijani
  included), model shipped in its wheel; normalized probabilities. Chosen by
  ``bench/langid_accuracy.py``: on 4+-word passages cut from the tr/en parallel data
  (with diacritic-stripped Turkish) langdetect stays under 97% (94.4%; py3langid
  95.4%); past their thresholds py3langid answers wrongly far less often (0.5% vs
  1.9% of passages; Turkish without diacritics 1.3% vs 3.5%), and it is 20-30× faster
  (~0.15 ms vs ~3.5 ms a call; its model takes ~0.8 s to load, once).
* ``langdetect`` — the package named in the spec, seeded (``DetectorFactory.seed = 0``)
  so that it is deterministic. It has no Azerbaijani profile (answers Turkish).

Backends are imported lazily: importing this module imports neither package.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from quotes.languages import parse_language

__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "Detection",
    "FALLBACK_CONFIDENCE",
    "MIN_CONFIDENCE",
    "MIN_WORDS",
    "UND",
    "classify_raw",
    "count_words",
    "detect",
    "detect_document",
]

BACKENDS = ("py3langid", "langdetect")  # the default first (chosen by bench/langid_accuracy.py)
DEFAULT_BACKEND: str = BACKENDS[0]

UND = "und"

#: Fewer words (tokens with a letter) than this and a passage is not detected (falls
#: back / ``und``). From the bench: 3-word passages are already right ~99% of the time
#: when py3langid clears MIN_CONFIDENCE (wrong on 1.4% of them, mostly Turkish without
#: diacritics); with fewer words the document's language is the better guess.
MIN_WORDS = 3

#: Best-language probability below which a passage is not detected, per backend
#: (see the bench's threshold sweep). py3langid at 0.5 (a majority): answers 90% of
#: 4+-word passages and is wrong on 0.5% (3 words: 56% / 1.4%). langdetect's
#: probabilities sit near 1.0 even when wrong; 0.9 drops what it does doubt
#: (answers 90% of 4+-word passages, wrong on 1.9%; higher cut-offs change nothing).
MIN_CONFIDENCE: dict[str, float] = {
    "py3langid": 0.5,
    "langdetect": 0.9,
}

#: Confidence reported when the fallback (document language) is used instead.
FALLBACK_CONFIDENCE = 0.0


@dataclass(frozen=True)
class Detection:
    lang: str  # ISO 639-1 code, or "und"
    confidence: float


# --------------------------------------------------------------------------- codes

# Backend labels that are not ISO 639-1 codes. Dialects/members of a macrolanguage
# map to the macrolanguage's ISO 639-1 code; labels with no ISO 639-1 code at all
# (e.g. crh Crimean Tatar, grc Ancient Greek, pcm Nigerian Pidgin) become "und".
_LABEL_TO_ISO1 = {
    # langdetect
    "zh-cn": "zh",
    "zh-tw": "zh",
    # py3langid
    "arz": "ar",  # Egyptian Arabic
    "ary": "ar",  # Moroccan Arabic
    "wuu": "zh",  # Wu Chinese
    "yue": "zh",  # Cantonese
    "uzs": "uz",  # Southern Uzbek
    "gug": "gn",  # Paraguayan Guaraní
    "fuv": "ff",  # Nigerian Fulfulde
    "sdh": "ku",  # Southern Kurdish
    "kik": "ki",  # Kikuyu
    "hbo": "he",  # Biblical Hebrew: takes a share of modern Hebrew's probability
    # deprecated ISO 639-1 codes
    "iw": "he",
    "in": "id",
    "ji": "yi",
    "jw": "jv",
    "mo": "ro",
}

# labels whose probabilities may need adding up (see classify_raw)
_MERGED_LABELS = frozenset(_LABEL_TO_ISO1) | frozenset(_LABEL_TO_ISO1.values())



def _label_to_iso1(label: str) -> str:
    code = label.strip().lower()
    code = _LABEL_TO_ISO1.get(code, code)
    if len(code) == 2 and code.isascii() and code.isalpha():
        return code
    return UND


# --------------------------------------------------------------------------- words

# Scripts written without spaces between words: count characters, not tokens.
_UNSPACED = re.compile(
    "[\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"  # CJK ideographs
)
_UNSPACED_CHARS_PER_WORD = 2


def count_words(text: str) -> int:
    """Words with at least one letter; in unspaced scripts, every 2 characters count as one."""
    n = 0
    for token in text.split():
        unspaced = len(_UNSPACED.findall(token))
        if unspaced:
            n += max(1, unspaced // _UNSPACED_CHARS_PER_WORD)
        if any(ch.isalpha() and not _UNSPACED.match(ch) for ch in token):
            n += 1  # a word in a spaced script (or the Latin part of a mixed token)
    return n


# --------------------------------------------------------------------------- backends

_lock = threading.Lock()
_py3langid_identifier = None


def _check_backend(backend: str) -> None:
    if backend not in BACKENDS:
        raise ValueError(
            f"unknown language identification backend {backend!r}; choose one of: {', '.join(BACKENDS)}"
        )


def _py3langid():
    global _py3langid_identifier
    if _py3langid_identifier is None:
        with _lock:
            if _py3langid_identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                # All 140 labels on purpose: newsrooms quote many languages.
                _py3langid_identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _py3langid_identifier


def _rank_langdetect(text: str) -> list[tuple[str, float]]:
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    # Seed on every call: langdetect samples n-grams at random, and another caller
    # could have changed the class-wide seed.
    DetectorFactory.seed = 0
    try:
        return [(r.lang, r.prob) for r in detect_langs(text)]
    except LangDetectException:  # no letters / no features
        return []


def classify_raw(text: str, backend: str = DEFAULT_BACKEND) -> tuple[str, float]:
    """The backend's best language (ISO 639-1, or ``und``) and its probability.

    Probabilities of labels that map to the same code are added (py3langid's zh, wuu
    and yue; langdetect's zh-cn and zh-tw); labels with no ISO 639-1 code pool into
    ``und``, which is reported with confidence 0.0. No word-count or confidence
    threshold is applied here; the bench measures this.
    """
    _check_backend(backend)
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if backend == "py3langid":
        if not any(ch.isalpha() for ch in text):
            return UND, 0.0  # no letters: py3langid would answer a uniform guess
        label, prob = _py3langid().classify(text)
        if prob > 0.5 and label not in _MERGED_LABELS:
            # fast path: a majority, and no other label adds to this code's probability
            lang = _label_to_iso1(label)
            return lang, (float(prob) if lang != UND else 0.0)
        ranked = _py3langid().rank(text)
    else:
        ranked = _rank_langdetect(text)
    totals: dict[str, float] = {}
    for label, prob in ranked:
        if prob <= 0.0:
            break  # ranked best first
        code = _label_to_iso1(label)
        totals[code] = totals.get(code, 0.0) + float(prob)
    if not totals:
        return UND, 0.0
    lang = max(totals, key=totals.__getitem__)  # ties: first (best-ranked) wins
    return lang, (min(1.0, totals[lang]) if lang != UND else 0.0)


# --------------------------------------------------------------------------- API


def _undecided(fallback: str | None) -> Detection:
    if fallback is None:
        return Detection(UND, 0.0)
    return Detection(fallback, FALLBACK_CONFIDENCE)


def detect(
    text: str,
    *,
    backend: str = DEFAULT_BACKEND,
    fallback: str | None = None,
    override: str | None = None,
) -> Detection:
    """Language of one passage.

    ``override`` (the user's ``--lang``) always wins with confidence 1.0. Text of fewer
    than :data:`MIN_WORDS` words, or whose best language is below
    ``MIN_CONFIDENCE[backend]``, gives ``fallback`` (the document's language) with
    confidence :data:`FALLBACK_CONFIDENCE`, or ``und`` when there is no fallback.
    Raises ``ValueError`` for an unknown backend or a malformed code.
    """
    _check_backend(backend)
    if override is not None:
        return Detection(parse_language(override, field="lang"), 1.0)
    if fallback == UND:
        fallback = None
    if fallback is not None:
        fallback = parse_language(fallback, field="fallback_lang")
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if count_words(text) < MIN_WORDS:
        return _undecided(fallback)
    lang, prob = classify_raw(text, backend)
    if lang == UND or prob < MIN_CONFIDENCE[backend]:
        return _undecided(fallback)
    return Detection(lang, prob)


DOCUMENT_SAMPLE_CHARS = 100_000
"""How much of a document its language is read from: an article's language is settled
long before (most are 5,000-30,000 characters), and identifying all of a 10 MB text took
the desk some 20 s."""


def detect_document(text: str, *, backend: str = DEFAULT_BACKEND) -> Detection:
    """Language of a whole document (article, post), read from its first
    :data:`DOCUMENT_SAMPLE_CHARS` characters: same rules as :func:`detect`, no fallback."""
    return detect(text[:DOCUMENT_SAMPLE_CHARS], backend=backend)
