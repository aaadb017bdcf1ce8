"""Recognition: which registered statement a passage is about when its words are
reordered, replaced or translated, so that word-order matching (``quotes.checking.matching``)
scores it too low.

Real drift is rarely one changed word: outlets print paraphrases inside quote marks,
splice sentences, spin synonyms, and write their own translations. What survives is the
*content*: the rare words (names, places, the figures, the topic words) and the numbers.
So a passage is compared with a registered text as a weighted bag of content words:

* each word is reduced to a stem (``stem``: the Snowball stemmer of its language, then
  its first :data:`STEM_CHARS` letters, which is how Turkish, with its suffix chains, is
  usually stemmed for retrieval), after Turkish-aware case folding, so "gemilerinin" and
  "gemileri", "bıraksın" and "bırakmalı" meet. Measured on the real coverage cases
  (bench/eval_real.py): as good as simplemma's lemmas (41 of 47 same-language cases
  either way, 39 with prefixes alone), and it loads in 0.1 s where simplemma's Turkish
  dictionary takes seconds;
* each stem weighs by its rarity in the language (wordfreq's Zipf frequency): function
  words weigh nothing, names and rare words most;
* numbers are language-independent anchors and weigh most.

The score is the share of the passage's content weight that the registered text holds.
It is computed only for the few candidates the index and the attribution give (never
over the registry), and only for passages the word alignment could not place.
A passage in another language than the quote is compared with the quote's approved
rendition in the passage's language, the way a reader would.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from quotes.text import tokenize

STEM_CHARS = 5
"""Letters of a stem kept (F5 stemming, as Turkish retrieval does it)."""

FUNCTION_ZIPF = 5.8
"""Words at least this frequent (Zipf scale: 6 = once per thousand words) carry no
content: the, and, ve, bir, için …"""

MAX_WORD_WEIGHT = 4.0
NUMBER_WEIGHT = 5.0
CLAUSE_END = re.compile(r"[,;:.!?…]")
WIDEN_WORDS = 3
MIN_SHARED = 3
"""Fewer shared content words than this say nothing about which statement it is."""

# When the shared content says "same statement" (bench/eval_real.py, bench/eval_verdicts.py
# calibrate these): most of the passage's content with enough of it to be rare by chance;
# or half of it, when what is shared is a lot (a long passage); or, when the coverage
# names the statement's speaker, a little less than half. A sentence of the same story
# shares names and topic words, so coverage alone is not enough: a short sentence can be
# covered by three topic words.
CONVINCING = (
    # (coverage %, shared weight, needs the speaker named)
    (75.0, 12.0, False),
    (50.0, 30.0, False),
    (45.0, 10.0, True),
)


@dataclass(frozen=True)
class Content:
    """A text as weighted content stems."""

    weights: dict[str, float]

    @property
    def total(self) -> float:
        return sum(self.weights.values())


@dataclass(frozen=True)
class Recognised:
    """How much of a passage's content a registered text holds."""

    score: float  # 0–100: share of the passage's content weight found in the text
    shared: tuple[str, ...]  # the shared stems, heaviest first
    weight: float  # their summed weight: how much evidence the score rests on
    changes: tuple[str, ...] = ()  # what the passage changes of the text's meaning (meaning_changes)


@lru_cache(maxsize=4096)  # registered texts come back as candidates passage after passage
def content(text: str, lang: str | None) -> Content:
    weights: dict[str, float] = {}
    for _token, key, weight in _content_tokens(text, lang):
        weights[key] = max(weight, weights.get(key, 0.0))
    return Content(weights)


def covered(passage: Content, text: str, lang: str | None) -> str:
    """The part of ``text`` the passage renders: the stretch where the content words it
    shares outweigh those it does not (the best-scoring stretch, each content word counting
    + or - its weight), widened to whole clauses. What a recognised passage is read
    against: it does not drop the rest of a long statement's numbers, negations or persons."""
    best, best_span, running, start = 0.0, None, 0.0, 0
    tokens = list(_content_tokens(text, lang))
    for i, (_token, key, weight) in enumerate(tokens):
        if running <= 0.0:
            running, start = 0.0, i
        running += weight if key in passage.weights else -weight
        if running > best:
            best, best_span = running, (start, i)
    if best_span is None:
        return text
    first, last = tokens[best_span[0]][0], tokens[best_span[1]][0]
    # Widened to the clause, by a few words at most: enough to take in the pronoun and
    # auxiliaries around the content words ("We expect"), not a neighbouring statement.
    words = tokenize(text, lang)
    at = [t.start for t in words].index(first.start)
    until = [t.end for t in words].index(last.end)
    begin = max([words[max(0, at - WIDEN_WORDS)].start,
                 *(m.end() for m in CLAUSE_END.finditer(text, 0, first.start))])
    end = min([words[min(len(words) - 1, until + WIDEN_WORDS)].end,
               *(m.start() for m in CLAUSE_END.finditer(text, last.end))])
    return text[begin:end]


def content_window(passage: Content, text: str, lang: str | None,
                   longest: int) -> tuple[tuple[int, int], float, int] | None:
    """The stretch of ``text``, at most ``longest`` words, that holds most of the passage's
    content weight (each content word counted once), the shortest among equals: its token
    range in ``tokenize(text, lang)``, the weight it holds and how many content words. It
    starts and ends on a content word the passage has; None when no word is shared."""
    words = tokenize(text, lang)
    index = {token.start: i for i, token in enumerate(words)}
    shared = [(index[token.start], key) for token, key, _weight in _content_tokens(text, lang) if key in passage.weights]
    best = None
    for n, (first, _key) in enumerate(shared):
        held: dict[str, float] = {}
        for last, key in shared[n:]:
            if last - first >= longest:
                break
            held[key] = passage.weights[key]
            found = (sum(held.values()), -(last - first), (first, last + 1), len(held))
            if best is None or found[:2] > best[:2]:
                best = found
    if best is None:
        return None
    weight, _length, span, count = best
    return span, weight, count


def _content_tokens(text: str, lang: str | None):
    """(token, content key, weight) of each content word of ``text``."""
    for token in tokenize(text, lang):
        if token.is_number:
            yield token, "#" + token.key, NUMBER_WEIGHT
            continue
        word = _before_apostrophe(token.norm)
        weight = _rarity(word, lang)
        if weight > 0.0:
            yield token, stem(word, lang), weight


def recognise(passage: Content, text: Content) -> Recognised:
    shared = sorted((k for k in passage.weights if k in text.weights), key=lambda k: -passage.weights[k])
    weight = sum(passage.weights[k] for k in shared)
    if len(shared) < MIN_SHARED or not passage.total:
        return Recognised(0.0, tuple(shared), weight)
    return Recognised(round(100.0 * weight / passage.total, 1), tuple(shared), weight)


def reordered(passage: list, text: list) -> tuple[int, int] | None:
    """Where the passage's words are a run of the text's words in another order
    ("totally obliterate and destroy" for "totally destroy and obliterate"): that run's
    token range in the text, or None. Every word is kept and only the order changed,
    which word alignment scores as two replacements."""
    from collections import Counter

    size, keys = len(passage), [t.key for t in text]
    wanted, order = Counter(t.key for t in passage), [t.key for t in passage]
    window = Counter(keys[:size])
    for start in range(len(keys) - size + 1):
        if start:
            window[keys[start - 1]] -= 1
            window[keys[start + size - 1]] += 1
        if +window == wanted and keys[start:start + size] != order:
            return start, start + size
    return None


def convincing(recognised: Recognised, *, speaker_named: bool) -> bool:
    """Whether what a passage shares with a text says it is that statement (CONVINCING)."""
    return any(recognised.score >= coverage and recognised.weight >= weight and (speaker_named or not needs_speaker)
               for coverage, weight, needs_speaker in CONVINCING)

def meaning_changes(passage: str, text: str, lang: str | None, *, whole: str | None = None,
                    names: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """What a passage worded otherwise than a registered text changes of the text's facts,
    word order and wording aside: a number one has and the other has not (``number``), a
    grammatical person the statement does not use (``person``), a negation more or less
    (``negation``), a name swapped or put in (``name``), a hedge of the text it leaves out
    (``hedge``), a clause of the text it renders around but leaves out (``dropped``).
    Compared as bags of words, since the passage is worded otherwise; SPEC's "Real drift":
    rewording alone changes none of these.

    ``text`` is the part of the statement the passage renders (``covered``): what it
    drops is measured against that. What it adds is measured against the ``whole``
    statement, since the covered part of a reworded statement can miss the words where
    the rewording begins ("benim" of "benim … bilgeliğimle"). ``names`` are the registered
    names and aliases (match keys)."""
    from quotes.checking.drift import HEDGES, is_numeric, negative

    mine, theirs = tokenize(passage, lang), tokenize(text, lang)
    everything = tokenize(whole, lang) if whole is not None else theirs
    flags = []
    numbers = {t.key for t in mine if is_numeric(t)}
    if numbers - {t.key for t in everything if is_numeric(t)} or {t.key for t in theirs if is_numeric(t)} - numbers:
        flags.append("number")
    if persons_differ(mine, everything):
        flags.append("person")
    if negative(mine) != negative(theirs):
        flags.append("negation")
    if names_added(passage, whole if whole is not None else text, lang, names):
        flags.append("name")
    if {t.norm for t in theirs if t.norm in HEDGES} - {t.norm for t in mine}:
        flags.append("hedge")
    if clause_dropped(content(passage, lang), text, lang):
        flags.append("dropped")
    return tuple(flags)


def speech_persons(tokens) -> set[str]:
    """The speaker's and addressee's grammatical persons a text uses (I, we, you)."""
    from quotes.checking.drift import PERSON_OF

    return {PERSON_OF[t.norm] for t in tokens if PERSON_OF.get(t.norm) in ("1sg", "1pl", "2")}


def persons_differ(tokens, other) -> tuple[set[str], set[str]] | None:
    """The speaker's and addressee's persons of two texts, where both name some by a pronoun
    and none in common (we → I, biz → ben); None otherwise. Only pronouns count, and only
    where both sides have one: Turkish leaves the person to the verb (istersen ↔ if you
    want, çözebileceğimi ↔ I can solve), so one side may name a person the other does not;
    and a third-person pronoun comes and goes with the wording."""
    mine, theirs = speech_persons(tokens), speech_persons(other)
    return (theirs, mine) if mine and theirs and not mine & theirs else None


NAME_PREFIX = 4
"""Letters of a folded name that identify it across spellings and inflections (Türkiye,
Turkey, Türkiye'nin; Israel, Israeli, İsrail), while a changed first letter (Yglesias →
Iglesias) is another name."""


def name_keys(token) -> set[str]:
    """A word's name keys: of each part of a hyphenated compound (Ankaragücü-Çaykur)."""
    from quotes.text import fold_diacritics

    return {fold_diacritics(part)[:NAME_PREFIX] for part in _before_apostrophe(token.norm).split("-") if part}


def names_in(text: str, tokens, names: frozenset[str] = frozenset()) -> list:
    """The names of a text: capitalised words that are not pronouns or numbers, in
    mid-sentence, or anywhere when they are registered names (``names``: match keys); words
    in brackets or parentheses are the editor's gloss (``(Suriye konusunda)``), not the
    speaker's."""
    from quotes.checking.drift import PERSON_OF, is_numeric

    glosses = [(m.start(), m.end()) for m in _GLOSS.finditer(text)]
    found = []
    for index, token in enumerate(tokens):
        if any(a < token.start < b for a, b in glosses):
            continue
        sentence_start = index == 0 or _SENTENCE_END.search(text, tokens[index - 1].end, token.start)
        capitalised = token.text[:1].isupper() and token.norm not in PERSON_OF and not is_numeric(token)
        if capitalised and (not sentence_start or token.key in names):
            found.append(token)
    return found


def names_added(passage: str, whole: str, lang: str | None, names: frozenset[str]) -> bool:
    """A name in a sentence of the passage that the sentences of the statement it renders
    do not have (the one sharing most content with it, and those on either side; the whole
    statement where it shares none): a name swapped or put in ("Turkey is experiencing a
    coup" where the statement names Türkiye only sentences later). Names are looked for
    among all the words there (a name starting a sentence still counts). A name left out is
    not counted: renderings leave out or recast names the reader does not need (the Turkish
    Grand National Assembly → the parliament), which is wording."""
    sentences = [s for s in _SENTENCE_SPLIT.split(whole) if s.strip()]
    keys = [{key for token in tokenize(s, lang) for key in name_keys(token)} for s in sentences]
    contents = [content(s, lang) for s in sentences]
    everywhere = set().union(*keys)
    for piece in _SENTENCE_SPLIT.split(passage):
        found = names_in(piece, tokenize(piece, lang), names)
        if not found:
            continue
        mine = content(piece, lang)
        shared = [sum(w for k, w in mine.weights.items() if k in c.weights) for c in contents]
        best = max(range(len(shared)), key=shared.__getitem__) if shared and max(shared) > 0 else None
        allowed = everywhere if best is None else set().union(*keys[max(best - 1, 0):best + 2])
        if any(not name_keys(token) <= allowed for token in found):
            return True
    return False


CLAUSE_MIN_CONTENT = 2
"""Content words a clause needs before its absence from a rendering counts as a dropped clause."""


def clause_dropped(passage: Content, text: str, lang: str | None) -> bool:
    """Whether the passage renders clauses of ``text`` on both sides of one it leaves out
    entirely (none of that clause's content words): a sentence or clause silently skipped
    in the middle of a rendering. Clauses at the edges are where a fragment begins and
    ends, not dropped."""
    shares = []
    for clause in CLAUSE_END.split(text):
        keys = [key for _token, key, _weight in _content_tokens(clause, lang)]
        if keys:
            shares.append((len(keys), sum(key in passage.weights for key in keys)))
    rendered = [i for i, (_n, shared) in enumerate(shares) if shared]
    if len(rendered) < 2:
        return False
    return any(n >= CLAUSE_MIN_CONTENT and not shared for n, shared in shares[rendered[0]:rendered[-1]])


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+")
_GLOSS = re.compile(r"\[[^\[\]]*\]|\([^()]*\)")
_SENTENCE_END = re.compile(r"[.!?:…]")


def _before_apostrophe(norm: str) -> str:
    """"türkiye'nin" → "türkiye": a Turkish case suffix after an apostrophe is not content
    (a token's norm writes every apostrophe as ')."""
    return norm.split("'", 1)[0]


@lru_cache(maxsize=1 << 16)
def stem(word: str, lang: str | None) -> str:
    """The word's Snowball stem (suffixes off: gemilerinin → gemi, allowing → allow),
    diacritics folded, cut to STEM_CHARS letters so that what the stemmer leaves of verb
    forms still meets (bırakmalı / bırak)."""
    from quotes.text import fold_diacritics

    stemmer = _stemmer(lang)
    return fold_diacritics(stemmer.stemWord(word) if stemmer else word)[:STEM_CHARS]


_stemmers = threading.local()


def _stemmer(lang: str | None):
    """This thread's Snowball stemmer for ``lang`` (None where Snowball has none). One per
    thread: a stemmer keeps the word in hand as state, so two threads sharing one (the
    desk's request threads) get each other's stems, or an IndexError."""
    import snowballstemmer  # lazy, and light: pure Python, 0.1 s

    from quotes.languages import language_name

    made = _stemmers.__dict__
    if lang not in made:
        name = language_name(lang).lower() if lang else ""
        made[lang] = snowballstemmer.stemmer(name) if name in snowballstemmer.algorithms() else None
    return made[lang]


@lru_cache(maxsize=1 << 16)
def _rarity(word: str, lang: str | None) -> float:
    """0 for a function word, up to MAX_WORD_WEIGHT for a word the language hardly uses."""
    if len(word) < 2 or not any(c.isalpha() for c in word):
        return 0.0
    # Lazy: its word lists load on first use. The small lists (words above a Zipf
    # frequency of 3) load in a fraction of the time of the large ones, and whatever is
    # rarer than that weighs the most either way.
    from wordfreq import zipf_frequency

    try:
        zipf = zipf_frequency(word, lang or "und", wordlist="small")
    except (LookupError, ImportError):  # no list for the language, or its tokenizer (jieba, MeCab) is not installed
        zipf = FUNCTION_ZIPF if len(word) <= 3 else FUNCTION_ZIPF - 2.0
    if zipf >= FUNCTION_ZIPF:
        return 0.0
    return min(MAX_WORD_WEIGHT, FUNCTION_ZIPF + 1.0 - zipf)
