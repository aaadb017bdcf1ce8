"""Drift: word-level differences between a registered text and a passage, with the
changes that matter flagged.

The alignment runs on token keys (``quotes.text``: case, typography and diacritics
folded, amounts canonical), so "$10B" and "$10 billion" are the same word and "satın" /
"satin" align. Differences the keys hide (case, diacritics) are then reported as
``spelling`` changes, which are minor. Each flag is a small named check below whose
docstring says what it catches.

The checks form one registry, ``CHECKS`` (as Translate Toolkit's ``filters/decorators.py``
declares severity on the check and takes its title from the docstring): each flag's name,
its severity class and what it catches. ``quotes checks`` lists it, and ``MAJOR_FLAGS`` is
derived from it.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

from quotes.text import Token, normalize_typography

# Severity classes. A major change makes an `altered` verdict an error, a minor one a
# warning; a convention is the editor's declared change (a marked elision, a bracketed
# insertion), not drift; a finding flag says something about the match, not the words.
MAJOR = "major"
MINOR = "minor"
CONVENTION = "convention"
FINDING = "finding"

NEGATION_WORDS = frozenset({
    "not", "no", "never", "none", "nothing", "nobody", "neither", "nor", "without", "cannot",
    "yok", "yoktu", "yoktur", "yokmuş", "hiç", "hic", "asla", "hayır", "hayir",
})
NEGATION_PREFIXES = ("değil", "degil")  # değildir, değiliz, değiller …
# Turkish stems soften their last consonant before a vowel (et-mi-yor / ed-i-yor):
# a negative suffix can hide behind that alternation.
CONSONANT_ALTERNATIONS = {frozenset(pair) for pair in ("td", "kğ", "pb", "çc")}
PERSON_GROUPS = {
    "1sg": {"i", "me", "my", "mine", "myself", "ben", "beni", "bana", "benim", "bende", "benden"},
    "1pl": {"we", "us", "our", "ours", "ourselves", "biz", "bizi", "bize", "bizim", "bizde", "bizden"},
    "2": {"you", "your", "yours", "yourself", "yourselves", "sen", "seni", "sana", "senin", "siz", "sizi", "size", "sizin"},
    "3sg": {"he", "she", "him", "her", "his", "hers", "it", "its", "o", "onu", "ona", "onun"},
    "3pl": {"they", "them", "their", "theirs", "onlar", "onları", "onlara", "onların"},
}
PERSON_OF = {word: group for group, members in PERSON_GROUPS.items() for word in members}
_TURKISH_NEGATIVE_SUFFIX = re.compile(r"^[aeıiuü]?m[aeıiuü](?!k$)")
_TURKISH_PERSON_ENDING = re.compile(r"(?:y?[ıiuü]m|y?[ıiuü]z|sın|sin|sun|sün|sınız|siniz|sunuz|sünüz)$")
# Number words, written out. Left out where the word is also a common other word: Turkish
# "bir" (also "a"), "on" (also English "on"), "yüz" (also "face"), "altı" (also "under"),
# "bin" (also "get on").
NUMBER_WORDS = frozenset({
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
    "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "billion", "trillion", "dozen",
    "half", "double", "doubling", "twice", "triple", "sıfır", "iki", "üç", "dört", "beş", "yedi", "sekiz", "dokuz",
    "yirmi", "otuz", "kırk", "elli", "altmış", "yetmiş", "seksen", "doksan", "milyon", "milyar", "trilyon", "yarım",
    "buçuk", "çeyrek",
})
HEDGES = frozenset({
    "almost", "nearly", "probably", "perhaps", "maybe", "possibly", "likely", "roughly", "approximately",
    "neredeyse", "belki", "muhtemelen", "galiba", "yaklaşık", "herhalde", "sanırım",
})
"""Qualifiers whose loss makes a statement sound surer than it was."""
CUT_MIN_WORDS = 4  # an unmarked gap this long inside a passage is a splice, not a dropped word
SPELLING_SIMILARITY = 80.0  # rapidfuzz ratio of two keys above which a replacement is a misspelling


@dataclass(frozen=True)
class Check:
    """A named check: the flag it sets, its severity class and what it catches."""

    flag: str
    severity: str
    explanation: str


CHECKS: dict[str, Check] = {}  # by flag, in the order declared


def check(flag: str, severity: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as the check that sets ``flag``; what it catches is
    the first paragraph of its docstring."""

    def register(function: Callable) -> Callable:
        first_paragraph = inspect.getdoc(function).split("\n\n")[0]
        CHECKS[flag] = Check(flag, severity, " ".join(first_paragraph.split()))
        return function

    return register


@dataclass(frozen=True)
class Change:
    """One word-level operation from the registered text (``source``) to the passage (``target``)."""

    op: str  # "keep", "replace", "insert", "delete"
    source: str
    target: str
    flags: tuple[str, ...] = ()

    def as_json(self) -> dict:
        return {"op": self.op, "from": self.source, "to": self.target, "flags": list(self.flags)}


@dataclass(frozen=True)
class Alignment:
    """A passage aligned to the span of a registered text it covers."""

    changes: tuple[Change, ...]
    matched: float  # words kept (a misspelt one counts 0.8)
    passage_words: int
    span_words: int  # words of the registered text from the first to the last aligned one, less elided ones
    span: tuple[int, int]  # token range of the registered text covered by the passage

    @property
    def score(self) -> float:
        """0–100: share of words kept, over the longer of passage and covered span."""
        longest = max(self.passage_words, self.span_words)
        return 100.0 * self.matched / longest if longest else 0.0

    @property
    def flags(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for change in self.changes:
            seen.update(dict.fromkeys(change.flags))
        return tuple(seen)

    @property
    def identical(self) -> bool:
        return all(change.op == "keep" for change in self.changes)

    @property
    def major(self) -> bool:
        return any(flag in MAJOR_FLAGS for flag in self.flags)


def align(source: list[Token], passage: list[Token], *, names: frozenset[str] = frozenset(),
          editorial: frozenset[int] = frozenset(), elided_before: frozenset[int] = frozenset(),
          case_free: frozenset[int] = frozenset({0})) -> Alignment:
    """Align ``passage`` to the part of ``source`` it covers.

    Source words before the first and after the last aligned word are outside the passage
    (it may be a fragment) and are not reported. ``names`` are registered names and aliases
    (match keys); ``editorial`` holds indexes of passage tokens inside square brackets;
    ``elided_before`` the indexes of passage tokens that follow a marked elision (…), where
    left-out words are the editor's declared cut, not drift; ``case_free`` the indexes of
    passage tokens whose case is typography (a sentence's first word, a headline in
    capitals or title case).

    A fragment is aligned against each stretch of the source that starts where its first
    word occurs and ends where its last word does, as well as against the whole source,
    and the best (then the tightest) wins: otherwise a word the source repeats ("İskoçya
    …, İskoçya dışındaki") can anchor the fragment in the wrong place.
    """
    if not passage or not source:
        return Alignment((), 0.0, len(passage), 0, (0, 0))
    starts = [i for i, t in enumerate(source) if t.key == passage[0].key] or [0]
    ends = [i + 1 for i, t in enumerate(source) if t.key == passage[-1].key] or [len(source)]
    windows = {(0, len(source))} | {(lo, hi) for lo in starts for hi in ends if hi > lo}
    alignments = [_align_window(source, passage, lo, hi, names, editorial, elided_before, case_free)
                  for lo, hi in sorted(windows)]
    best = max(alignments, key=lambda a: (a.score, -(a.span[1] - a.span[0])))
    if elided_before:
        by_parts = _align_parts(source, passage, names, editorial, elided_before, case_free)
        if by_parts is not None and by_parts.score >= best.score:
            return by_parts
    return best


def _align_parts(source, passage, names, editorial, elided_before, case_free) -> Alignment | None:
    """Align the parts an elision mark separates one after the other, each after the last,
    with the source words between them elided. Word by word, an edit script is free to put
    the gap elsewhere ("History … will look upon you forever" against "History will look
    upon you favorably … It will look upon you forever"), where it reads as drift."""
    cuts = [0, *sorted(elided_before), len(passage)]
    changes: list[Change] = []
    matched, elided, at, first = 0.0, 0, 0, None
    for lo, hi in zip(cuts, cuts[1:]):
        part = align(source[at:], passage[lo:hi], names=names,
                     editorial=frozenset(i - lo for i in editorial if lo <= i < hi),
                     case_free=frozenset(i - lo for i in case_free if lo <= i < hi))
        if not part.changes:
            return None
        start, end = part.span[0] + at, part.span[1] + at
        if first is None:
            first = start
        elif start > at:
            changes.append(Change("delete", " ".join(t.text for t in source[at:start]), "", ("elided",)))
            elided += start - at
        changes.extend(part.changes)
        matched += part.matched
        at = end
    return Alignment(tuple(changes), matched, len(passage), at - first - elided, (first, at))


def _align_window(source, passage, lo, hi, names, editorial, elided_before, case_free) -> Alignment:
    keys = [t.key for t in source[lo:hi]]
    opcodes = [(tag, a + lo, b + lo, c, d) for tag, a, b, c, d in Levenshtein.opcodes(keys, [t.key for t in passage])]
    opcodes = _trim(opcodes, source, passage)
    if not opcodes:
        return Alignment((), 0.0, len(passage), 0, (0, 0))
    changes: list[Change] = []
    matched = 0.0
    elided = 0
    for tag, src_start, src_end, dest_start, dest_end in opcodes:
        src, dst = source[src_start:src_end], passage[dest_start:dest_end]
        if tag == "equal":
            for i, (s, p) in enumerate(zip(src, dst)):
                if spelling_changed(s, p, dest_start + i in case_free):
                    changes.append(Change("replace", s.text, p.text, ("spelling",)))
                    matched += 0.8
                else:
                    changes.append(Change("keep", s.text, p.text))
                    matched += 1
            continue
        source_text = " ".join(t.text for t in src)
        target_text = " ".join(t.text for t in dst)
        flags = _flags(src, dst, passage, names)
        if marked_elision(tag, dest_start, elided_before):
            flags = ("elided",)
            elided += len(src)
        elif bracketed_insertion(dst, dest_start, editorial):
            # An editor's [insertion] is convention, not drift, unless it changes what matters.
            flags = ("editorial",) + tuple(f for f in flags if f in {"number", "negation", "name"})
        elif tag == "replace" and len(src) == len(dst) == 1 and not flags and spelling_changed(src[0], dst[0], dest_start in case_free):
            flags = ("spelling",)
            matched += 0.8
        elif words_reworded(tag, flags):
            flags = ("reworded",)
        changes.append(Change(tag, source_text, target_text, flags))
    first, last = opcodes[0][1], opcodes[-1][2]
    return Alignment(tuple(changes), matched, len(passage), last - first - elided, (first, last))


def _trim(opcodes: list[tuple], source: list[Token], passage: list[Token]) -> list[tuple]:
    """Leave out the source words outside the passage, where it is a fragment.

    Only where the passage's edge word is the source's (or the same place holds a
    different number, the drift that matters most): a passage that ends in other words
    than the source's is not a fragment of it but another sentence sharing its start. And not
    past a negation: a cut that stops just short of one ("…kabul edilebilir" of "…kabul
    edilebilir değil") reverses the statement, so the negation stays in, as dropped.
    """
    def trimmable(op) -> bool:
        tag, a, b, c, d = op
        numbers = is_numeric(source[a]) or is_numeric(passage[c]) if tag == "replace" else False
        return tag == "equal" or (b - a == d - c == 1 and numbers)

    if opcodes and opcodes[0][0] == "delete" and len(opcodes) > 1 and trimmable(opcodes[1]):
        opcodes = opcodes[1:]
    if opcodes and opcodes[-1][0] == "delete" and len(opcodes) > 1 and trimmable(opcodes[-2]):
        opcodes = opcodes[:-1]
    first, last = opcodes[0][1], opcodes[-1][2]
    if first > 0 and is_negative(source[first - 1]):
        opcodes.insert(0, ("delete", first - 1, first, 0, 0))
    if last < len(source) and is_negative(source[last]):
        opcodes.append(("delete", last, last + 1, len(passage), len(passage)))
    return opcodes


def _same_word(source: Token, token: Token) -> bool:
    """Equal but for typography (quote marks, apostrophes, Unicode form, a quote mark
    before a Turkish suffix: hakkı"nın); case counts."""
    return source.text == token.text or _typography_free(source.text) == _typography_free(token.text)


def _typography_free(word: str) -> str:
    return normalize_typography(word).replace('"', "")


def _only_case(source: Token, token: Token) -> bool:
    return source.norm == token.norm  # norms are case-folded: equal norms differ in case at most


def _misspelt(source: Token, token: Token) -> bool:
    return not is_numeric(source) and not is_numeric(token) and ratio(source.key, token.key) >= SPELLING_SIMILARITY


def _flags(src: list[Token], dst: list[Token], passage: list[Token], names: frozenset[str]) -> tuple[str, ...]:
    checks = (
        ("number", number_changed),
        ("negation", negation_changed),
        ("person", person_changed),
        ("name", name_changed),
        ("hedge", hedge_dropped),
        ("dropped", words_dropped),
        ("cut", words_cut),
        ("added", words_added),
    )
    return tuple(flag for flag, changed in checks if changed(src, dst, passage, names))


@check("number", MAJOR)
def number_changed(src, dst, passage, names) -> bool:
    """A number or amount was changed, added or dropped ($9.74 billion → $97.4 billion): the
    most damaging drift, and the easiest to miss when reading."""
    return any(map(is_numeric, src)) or any(map(is_numeric, dst))


def is_numeric(token: Token) -> bool:
    """A number, whatever is attached to its digits (10th, 1960s, %30'un, 3'üncü), or a
    number word (seventeen, yedi)."""
    return token.is_number or any(c.isdigit() for c in token.text) or token.norm in NUMBER_WORDS


def is_negative(token: Token) -> bool:
    """A negation word: not, never, n't, değil…, yok, hiç …"""
    word = token.norm
    return word in NEGATION_WORDS or word.endswith("n't") or word.startswith(NEGATION_PREFIXES)


CHARITY_HEADS = ("kurum", "kuruluş", "iş", "dua", "çarşı", "yemeğ", "yemek", "sahib")
"""Words "hayır" heads as "good, charity", not as "no": hayır kurumu / kuruluşu (a charity),
hayır işi, hayır duası, hayır çarşısı, hayır yemeği, hayır sahibi."""


def negative(tokens: list[Token]) -> bool:
    """Whether a text negates: a negation word anywhere (``is_negative``), but not "hayır"
    before a word it makes a compound with as "charity" (hayır kurumlarıyla: with charities)."""
    return any(is_negative(token) and not (
        token.norm == "hayır" and i + 1 < len(tokens) and tokens[i + 1].norm.startswith(CHARITY_HEADS))
        for i, token in enumerate(tokens))


@check("negation", MAJOR)
def negation_changed(src, dst, passage, names) -> bool:
    """A negation appeared or disappeared: not / never / n't, değil / yok, or the Turkish
    verb's negative suffix -me/-ma (bekliyoruz → beklemiyoruz). It reverses the meaning."""
    if sum(map(is_negative, src)) != sum(map(is_negative, dst)):
        return True
    return any(_turkish_negation_differs(s.norm, p.norm) for s, p in zip(src, dst))


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _turkish_negation_differs(a: str, b: str) -> bool:
    n = _common_prefix(a, b)
    if 0 < n < min(len(a), len(b)) and frozenset((a[n], b[n])) in CONSONANT_ALTERNATIONS:
        a, b, n = a[n + 1:], b[n + 1:], 0
    elif n < 2:
        return False
    negative_a = bool(_TURKISH_NEGATIVE_SUFFIX.match(a[n:]))
    negative_b = bool(_TURKISH_NEGATIVE_SUFFIX.match(b[n:]))
    return negative_a != negative_b


@check("person", MAJOR)
def person_changed(src, dst, passage, names) -> bool:
    """The grammatical person changed (we → I, biz → ben, our → my, alırız → alırım): the
    statement is put in another mouth or widened from one person to a group."""
    persons_src = [PERSON_OF[t.norm] for t in src if t.norm in PERSON_OF]
    persons_dst = [PERSON_OF[t.norm] for t in dst if t.norm in PERSON_OF]
    if persons_src and persons_dst and persons_src != persons_dst:
        return True
    for s, p in zip(src, dst):
        n = _common_prefix(s.norm, p.norm)
        if n >= 3 and s.norm != p.norm:
            end_s, end_p = _TURKISH_PERSON_ENDING.search(s.norm[n - 1:]), _TURKISH_PERSON_ENDING.search(p.norm[n - 1:])
            if end_s and end_p and end_s.group() != end_p.group():
                return True
    return False


def _names_in(tokens: list[Token], first: Token | None, names: frozenset[str]) -> set[str]:
    """Registered names, and capitalised words other than the first of the text and
    pronouns ("I"), each by its stem: the same name inflected (Israel's, Israeli;
    Türkiye'nin) is the same name."""
    return {name_stem(t.key) for t in tokens if t.key in names or (
        t.text[:1].isupper() and not is_numeric(t) and t is not first and t.norm not in PERSON_OF)}


def name_stem(key: str) -> str:
    """A name's key without its inflection (Israel's, Israeli → israe; Türkiye'nin → turki)."""
    word = re.split(r"['’]", key, maxsplit=1)[0]
    return word[:max(5, len(word) - 3)]


@check("name", MAJOR)
def name_changed(src, dst, passage, names) -> bool:
    """A name was swapped, added or dropped (twitter → X, Altman → Musk): a registered
    speaker's name or alias, or a capitalised word that does not start the text."""
    return _names_in(src, None, names) != _names_in(dst, passage[0] if passage else None, names)


@check("dropped", MAJOR)
def words_dropped(src, dst, passage, names) -> bool:
    """Words of the registered text left out of the passage with no elision mark (…) to
    declare the cut, including a negation just outside a fragment."""
    return bool(src) and not dst


@check("cut", MAJOR)
def words_cut(src, dst, passage, names) -> bool:
    """A run of four or more words of the registered text left out between words the
    passage keeps, with no elision mark: sentences spliced together as if said in one go."""
    return len(src) >= CUT_MIN_WORDS and not dst


@check("hedge", MAJOR)
def hedge_dropped(src, dst, passage, names) -> bool:
    """A hedge or qualifier of the registered text is gone (almost, probably, neredeyse,
    belki): the statement now sounds surer than it was said."""
    return bool({t.norm for t in src if t.norm in HEDGES} - {t.norm for t in dst})


@check("added", MAJOR)
def words_added(src, dst, passage, names) -> bool:
    """Words in the passage that the registered text does not have, outside square brackets."""
    return bool(dst) and not src


@check("reworded", MAJOR)
def words_reworded(tag: str, flags: tuple[str, ...]) -> bool:
    """Words replaced by other words that are not a misspelling of them and change no
    number, negation, person or name: a paraphrase printed inside quote marks."""
    return tag == "replace" and not flags


@check("reordered", MAJOR)
def reordering(source: list[Token], passage: list[Token]) -> Alignment:
    """Every word of a run of the registered text kept, in another order ("obliterate and
    destroy" for "destroy and obliterate"): what was said first, or who did what to whom,
    can change with the order.

    The alignment of such a run: one replacement of it, every word counted as kept."""
    change = Change("replace", " ".join(t.text for t in source), " ".join(t.text for t in passage), ("reordered",))
    return Alignment((change,), matched=len(passage), passage_words=len(passage), span_words=len(source),
                     span=(0, len(source)))


@check("spelling", MINOR)
def spelling_changed(source: Token, token: Token, case_free: bool) -> bool:
    """The same word spelt differently: case or diacritics (satın → satin, Twitter →
    twitter), or a typo close enough to be the word (a rapidfuzz ratio of 80 or more).

    Typography is not spelling: quote marks, apostrophes, Unicode form, the case of a word
    whose case is free (``case_free``: a sentence's first word, a headline in capitals), or
    an amount written another way ($10B, $10 billion).
    """
    if source.key == token.key:
        # Equal keys of amounts are equal values ($10B, $10 billion): a matter of style.
        return not (is_numeric(source) or _same_word(source, token) or (case_free and _only_case(source, token)))
    return _misspelt(source, token)


@check("editorial", CONVENTION)
def bracketed_insertion(dst: list[Token], dest_start: int, editorial: frozenset[int]) -> bool:
    """Words the editor put in square brackets ([Twitter], [he]): convention, not drift,
    though a number, negation or name they change is flagged as well."""
    return bool(dst) and all(dest_start + i in editorial for i in range(len(dst)))


@check("elided", CONVENTION)
def marked_elision(tag: str, dest_start: int, elided_before: frozenset[int]) -> bool:
    """Words left out where the passage marks an elision (…, ..., [...]): the editor's
    declared cut, not drift."""
    return tag == "delete" and dest_start in elided_before


# Flags a finding carries besides its drift, set where the match is judged
# (quotes.checking.verdicts.judge, quotes.checking.check.Checker): declared here so that one registry names
# every flag; tests/checking/test_checks.py keeps the two in step.
CHECKS.update((finding.flag, finding) for finding in (
    Check("superseded", FINDING, "The passage matched an older version of the quote, or a superseded or older "
                                 "revision of a rendition: at least a warning."),
    Check("disputed", FINDING, "The matched quote is disputed: at least a warning."),
    Check("retracted", FINDING, "The matched quote was retracted: an error."),
    Check("machine-translation", FINDING, "The passage matched an original only through a machine translation of it: "
                                          "an unreviewed translation, a warning."),
    Check("misattributed", FINDING, "The coverage names another registered speaker than the quote's: an error."),
    Check("unclosed", FINDING, "The passage's opening quote mark is never closed: it was read to the end of its "
                               "paragraph, or cut where it matched (before a reporting clause, at a sentence end); "
                               "check where the quote really ends."),
    Check("recognised", FINDING, "The passage was recognised by its content (rare words, names, numbers), not by "
                                 "word order: it is worded otherwise than the registered text; read it against the "
                                 "original."),
))

# Derived from the registry, now that every check is declared.
MAJOR_FLAGS = frozenset(flag for flag, declared in CHECKS.items() if declared.severity == MAJOR)
