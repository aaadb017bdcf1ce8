"""Who the coverage says spoke a passage.

Reporters name the speaker next to the quote, not inside it: ``“…,” Altman posted``,
``“…” dedi Bakan Şimşek``, ``according to Musk, “…”``, or in the sentence before a
quote that stands alone. The rules, in the order they apply:

**Names.** A speaker is named by a registered name or alias (``Sam Altman``, ``@sama``,
``the central bank governor``), by the ``@`` form of a one-word name or alias
(``@elonmusk`` for ``elonmusk``), or by the surname of a registered name: its last word,
with any lowercase particles before it (``Şimşek``, ``Musk``, ``von der Leyen``). A title
before it changes nothing (``Bakan Şimşek``, ``President Trump``, ``ABD Başkanı
Trump``). Names match as whole words, the first letter's case as registered (``Musk``,
never ``musk``) and the rest in any case (``ŞİMŞEK``), folded the Turkish way and without
diacritics (``Bahceli`` is ``Bahçeli``, ``IMAMOGLU`` is ``İmamoğlu``), with a suffix after
an apostrophe (``Bahçeli'nin``, ``Şimşek’e``, ``Musk's``). Where names overlap the longest
wins (``Sam Altman`` over ``Altman``). A registered name or alias wins over a surname.

**Ambiguity.** A name that belongs to several registered speakers (a surname two of them
share) names the one whose full name or alias was the last to appear earlier in the same
document; when none did, it names someone who cannot be told apart. A one-word name right
after another capitalised word that is not a title, not an acronym, not the first word of
its sentence and not one of the speaker's own given names (``Dilek İmamoğlu`` when
``Ekrem İmamoğlu`` is registered) names someone else. Either kind of mention can win
below, and then the passage has no registered speaker: it is never handed to a farther
name.

**Roles.** A name that is the object of the sentence is not who spoke: in Turkish with a
dative, accusative, locative or instrumental suffix (``Öcalan’a``, ``Karahan’ı``,
``Trump'la``) or before ``için``, ``hakkında``, ``ile``, ``gibi``; in English after ``to``,
``about``, ``against``, ``at``, ``with``, ``on``, ``toward(s)``, or a verb aimed at someone
(``told``, ``asked``, ``urged``, ``reminded``, ``sued``…), with any titles and given names
between (``told Israeli Prime Minister Benjamin Netanyahu``). But ``according to Musk``
and ``Şimşek’e göre`` name the speaker. A bare name (the subject) ranks above a
possessive, genitive or ablative one (``Musk’s``, ``Bahçeli'nin``, ``Trump'tan``).

**Where.** Names inside the passage's own quote marks are what the speaker talked about,
and are skipped. The search goes outward from the passage:

1. its own sentences (for a split quote, the attribution between the parts): the best
   ranked mention, nearest the passage among equals;
2. if they name no one but hold a pronoun attribution — ``he said``, ``she added``, ``he
   wrote``, ``said he`` (singular only: ``they`` is too often plural), or a Turkish
   reporting verb with no named subject (``dedi``, ``diye konuştu``, ``ifadelerini
   kullandı``, ``kaydetti``, ``vurguladı``, ``sözlerine ekledi``…, in a sentence with no
   capitalised word outside the quote but titles) — the speaker is the one named most
   recently before: the sentences before, nearest first, up to :data:`PRONOUN_LOOKBACK`
   of them, across paragraph breaks; the sentence after is not looked at, since the
   pronoun points back. No name there: no speaker;
3. otherwise the sentence before, then the sentence after.

In a sentence other than the passage's own, the best ranked mention wins, the first
among equals (a sentence names its subject first).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from quotes.checking.passages import Passage, split_sentences
from quotes.text import casefold, fold_diacritics

PRONOUN_LOOKBACK = 3

OWN_SENTENCE_REACH = 2000
"""How far before and after a passage its own sentence is read, in characters: a
"sentence" of a whole line of quotes with no full stop (thousands of them) was read
whole for each of its passages, quadratic in the line."""
"""How many sentences before the passage a pronoun attribution looks back for its speaker."""

SUBJECT, POSSESSIVE, OBJECT = 0, 1, 2
"""A mention's role: a bare name; a possessive, genitive or ablative one (ranked after a
bare name); the object of the sentence (not a candidate at all)."""


@dataclass(frozen=True)
class Mention:
    """A name in the text: ``speaker`` is None when it names someone who cannot be told
    apart (an ambiguous surname) or someone else (another person with that surname)."""

    start: int
    end: int
    speaker: str | None
    role: int


@dataclass(frozen=True)
class _Name:
    label: str  # as registered: its first letter decides the case a mention must have
    speakers: frozenset[str]
    surname: bool  # derived from a registered name, not registered itself


class Attribution:
    """Finds who the coverage says spoke a passage, among the registered speakers.

    ``aliases`` maps each name as written (``Sam Altman``, ``Altman``, ``@sama``, ``Bakan
    Şimşek``) to a speaker id, or is an iterable of (name, speaker id) pairs when two
    speakers may share a name. ``names`` maps speaker ids to their registered full names,
    from which surnames are derived. Built once per registry: the lookup serves every
    passage of every document.
    """

    def __init__(self, aliases: Mapping[str, str] | Iterable[tuple[str, str]],
                 names: Mapping[str, str] | None = None):
        pairs = list(aliases.items() if isinstance(aliases, Mapping) else aliases)
        names = dict(names or {})
        explicit: dict[tuple[str, ...], list] = {}
        for label, speaker in [*pairs, *((name, speaker) for speaker, name in names.items())]:
            words = _WORD.findall(label)
            if not words:
                continue
            forms = [label]
            if len(words) == 1 and not label.startswith(("@", "#")):
                forms.append("@" + label)  # the handle form of a one-word name
            for form in forms:
                key = tuple(_fold(word) for word in _WORD.findall(form))
                entry = explicit.setdefault(key, [form, set()])
                entry[1].add(speaker)
        surnames: dict[tuple[str, ...], list] = {}
        self.given_names: dict[str, set[str]] = {}
        for speaker, name in names.items():
            words = _WORD.findall(name)
            cut = _surname_start(words)
            if cut is None:
                continue
            self.given_names.setdefault(speaker, set()).update(_fold(w) for w in words[:cut])
            key = tuple(_fold(word) for word in words[cut:])
            if key not in explicit:
                entry = surnames.setdefault(key, [" ".join(words[cut:]), set()])
                entry[1].add(speaker)
        self.lookup = {
            key: _Name(label, frozenset(speakers), surname=table is surnames)
            for table in (explicit, surnames) for key, (label, speakers) in table.items()
        }
        self.longest = max((len(key) for key in self.lookup), default=0)
        self.first_words = frozenset(key[0] for key in self.lookup)
        self._document: tuple[str, _Document] | None = None

    def speaker(self, text: str, passage: Passage) -> str | None:
        """The speaker id the coverage names for the passage, or None (see the module's rules).

        A passage found by ``--sentences`` has no quote marks; a name anywhere in it counts.
        """
        if not self.lookup:
            return None
        doc = self._analyse(text)
        if not doc.sentences:
            return None
        first = max(bisect.bisect_right(doc.starts, passage.start) - 1, 0)
        last = max(bisect.bisect_left(doc.starts, passage.end) - 1, first)
        quoted = passage.parts if passage.quoted else ()
        own_start = max(doc.sentences[first][0], passage.start - OWN_SENTENCE_REACH)
        own_end = min(doc.sentences[last][1], passage.end + OWN_SENTENCE_REACH)
        own = [m for m in doc.between(own_start, own_end)
               if m.role != OBJECT and not any(s < m.end and m.start < e for s, e in quoted)]
        if own:
            return min(own, key=lambda m: (m.role, _distance(m, passage))).speaker
        if _pronoun(text, own_start, own_end, quoted):
            neighbours = range(first - 1, max(first - 1 - PRONOUN_LOOKBACK, -1), -1)
        else:
            neighbours = [i for i in (first - 1, last + 1) if 0 <= i < len(doc.sentences)]
        for i in neighbours:
            found = [m for m in doc.between(*doc.sentences[i]) if m.role != OBJECT]
            if found:
                return min(found, key=lambda m: (m.role, m.start)).speaker
        return None

    def mentions(self, text: str) -> list[Mention]:
        """Every name in the text, in order (objects included, with role OBJECT)."""
        return list(self._analyse(text).mentions) if self.lookup else []

    def _analyse(self, text: str) -> _Document:
        """The text's sentences and mentions, kept for the next call: every passage of a
        document is attributed against the same ones."""
        cached = self._document
        if cached is None or cached[0] is not text and cached[0] != text:
            sentences = split_sentences(text)
            mentions = self._find_mentions(text, sentences)
            cached = (text, _Document(sentences, [s for s, _ in sentences], mentions, [m.start for m in mentions]))
            self._document = cached
        return cached[1]

    def _find_mentions(self, text: str, sentences: list[tuple[int, int]]) -> list[Mention]:
        words = [(m.start(), m.end(), _fold(m.group())) for m in _WORD.finditer(text)]
        starts = [s for s, _ in sentences]
        last_named: dict[str, int] = {}  # speaker → where a full name or alias of theirs last ended
        mentions: list[Mention] = []
        i = 0
        while i < len(words):
            found = self._name_at(text, words, i) if words[i][2] in self.first_words else None
            if found is None:
                i += 1
                continue
            name, n, end = found
            start = words[i][0]
            if len(name.speakers) == 1:
                speaker = next(iter(name.speakers))
            else:  # a surname (or alias) several speakers share: the last one named in full
                named = [(last_named[s], s) for s in name.speakers if s in last_named]
                speaker = max(named)[1] if named else None
            if not name.surname and len(name.speakers) == 1:
                last_named[speaker] = end
            if (speaker is not None and n == 1 and not name.label.startswith(("@", "#"))
                    and self._someone_else(text, words, i, speaker, sentences, starts, mentions)):
                speaker = None
            following = i + n
            while following < len(words) and words[following][0] < end:  # the suffix's words
                following += 1
            mentions.append(Mention(start, end, speaker, _role(text, words, i, i + n, following, end)))
            i = following
        return mentions

    def _name_at(self, text: str, words: list, i: int) -> tuple[_Name, int, int] | None:
        """The longest registered name starting at word ``i``: (name, words, end with suffix)."""
        for n in range(min(self.longest, len(words) - i), 0, -1):
            run = words[i:i + n]
            name = self.lookup.get(tuple(word for _, _, word in run))
            if name is None or not _same_case(text[run[0][0]], name.label[0]):
                continue
            if all(text[a_end:b_start] in _SEPARATORS for (_, a_end, _), (b_start, _, _) in zip(run, run[1:])):
                suffix = _SUFFIX.match(text, run[-1][1])
                return name, n, suffix.end() if suffix else run[-1][1]
        return None

    def _someone_else(self, text: str, words: list, i: int, speaker: str,
                      sentences: list[tuple[int, int]], starts: list[int], mentions: list[Mention]) -> bool:
        """Whether the one-word name at word ``i`` is another person's surname: right after a
        capitalised word that is not a title, an acronym, the sentence's first word, a name
        found already, or one of the speaker's given names (``Dilek İmamoğlu``); not in a
        headline, where every word is capitalised."""
        if i == 0:
            return False
        p_start, p_end, p_key = words[i - 1]
        previous = text[p_start:p_end]
        if text[p_end:words[i][0]] not in _SEPARATORS or not previous[0].isupper():
            return False
        if previous.isupper() or p_key in _TITLES or p_key in self.given_names.get(speaker, ()):
            return False
        if mentions and mentions[-1].end >= p_end:
            return False
        sentence_start, sentence_end = sentences[max(bisect.bisect_right(starts, p_start) - 1, 0)]
        if _WORD.search(text, sentence_start, p_start) is None:
            return False
        long_words = [w for w in _WORD.findall(text, sentence_start, sentence_end) if len(w) > 3]
        return sum(w[0].isupper() for w in long_words) < 0.85 * len(long_words)


@dataclass(frozen=True)
class _Document:
    sentences: list[tuple[int, int]]
    starts: list[int]
    mentions: list[Mention]
    mention_starts: list[int]

    def between(self, start: int, end: int) -> list[Mention]:
        starts = self.mention_starts
        return self.mentions[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]


_WORD = re.compile(r"(?<![\w@#])[@#]?\w+")
_SUFFIX = re.compile(r"['’]\w+")
_SEPARATORS = (" ", "\u00a0", "-", "\u2011")

# Turkish case suffixes after a name's apostrophe (after folding: ı→i, ü→u), and the
# English possessive.
_GENITIVE_OR_ABLATIVE = re.compile(r"n?[iu]n|n?[dt][ae]n|s")
_OBJECT_SUFFIX = re.compile(r"[yn]?[ae]|[yn]?[iu]|n?[dt][ae]|y?l[ae]")

_OBJECT_AFTER = frozenset({"icin", "hakkinda", "hakkindaki", "ile", "gibi"})
_OBJECT_BEFORE = frozenset({
    "to", "about", "against", "at", "with", "on", "toward", "towards",
    "told", "tells", "tell", "asked", "asks", "urged", "urges", "warned", "warns", "thanked",
    "sued", "accused", "criticized", "criticised", "praised", "slammed", "attacked", "blamed",
    "congratulated", "met", "reminded", "reminds", "assured", "assures", "informed", "addressed",
    "called", "phoned", "invited", "welcomed", "hosted", "greeted", "visited", "answered",
})
_APOSTROPHES = ("'", "’")
_TITLE_WORDS = 5
"""Titles and capitalised words (given names, a nationality) between a governing word and
the name it governs."""

_TITLES = frozenset("""
    bakan bakani bakanimiz basbakan cumhurbaskani cumhurbaskanimiz baskan baskani
    baskanvekili genel lider lideri sayin sn dr prof doc av mr mrs ms miss sir madam
    president minister secretary governor chair chairman chairwoman senator sen rep
    representative chancellor premier prime vice deputy former ceo judge justice general
    gen mayor ambassador speaker leader king queen pope prince princess lord lady
    vali valisi buyukelcisi milletvekili sozcusu mudur muduru komutani orgeneral
    hakim savci yargic baskomutan emir sheikh seyh boss chief founder billionaire tycoon
""".split())
"""Words that may stand before a surname without making it someone else's name (folded)."""

_EN_VERBS = (
    "said|says|say|added|adds|wrote|writes|posted|posts|tweeted|tweets|told|tells|continued|"
    "noted|notes|stated|explained|argued|insisted|declared|warned|replied|responded|answered|"
    "remarked|concluded|asked|claimed|recalled|emphasi[sz]ed|stressed|observed|announced|"
    "acknowledged|admitted|conceded|suggested|commented|reiterated|went on|put it"
)
_EN_PRONOUN = re.compile(
    rf"\b(?:he|she)\s+(?:\w+\s+){{0,2}}?(?:{_EN_VERBS})\b|\b(?:{_EN_VERBS})\s+(?:he|she)\b"
    r"|\baccording to (?:him|her)\b",
    re.IGNORECASE,
)
_REPORTING_TAIL = re.compile(
    rf"(?<=[\w,.?!…])\s+(?:(?:he|she|[A-Z]\w+(?:\s[A-Z]\w+)?)\s+(?:{_EN_VERBS})"
    r"|(?:diye\s+)?(?:dedi|konuştu|yazdı|seslendi|ekledi|söyledi)|(?:ifadelerini|sözlerini)\s+kullandı)[.!]?\s*$")
_TR_REPORTING = frozenset("""
    dedi demisti diyor diyerek konustu kullandi kaydetti vurguladi ekledi belirtti acikladi
    soyledi yazdi paylasti seslendi bildirdi anlatti aktardi sordu yanitladi hatirlatti
    getirdi etti
""".split())
"""Turkish reporting verbs (folded) that stand for ``he/she said`` when no one is named."""


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    # Turkish casing on both sides makes ŞİMŞEK, Şimşek and şimşek one key, and folding
    # diacritics makes Simsek one too (harmless for other names: both sides fold alike).
    return fold_diacritics(casefold(word, "tr"))


def _same_case(found: str, registered: str) -> bool:
    """The first letter as registered: an uppercase one must be uppercase in the text, an
    ``@`` must be there; a lowercase one (``the central bank governor``) may be either."""
    if registered.isupper():
        return found.isupper()
    if not registered.isalpha():
        return found == registered
    return True


def _surname_start(words: list[str]) -> int | None:
    """Where the surname starts among a full name's words: the last word and the lowercase
    particles before it (``von der Leyen``); None for a one-word name."""
    if len(words) < 2 or words[0].startswith(("@", "#")):
        return None
    cut = len(words) - 1
    while cut > 1 and words[cut - 1][0].islower():
        cut -= 1
    return cut


def _role(text: str, words: list, i: int, j: int, k: int, end: int) -> int:
    """SUBJECT, POSSESSIVE or OBJECT for the name of words[i:j], which ends (with its
    suffix) at ``end``; words[k] is the first word after it."""
    name_end = words[j - 1][1]
    following = words[k][2] if k < len(words) and text[end:words[k][0]].isspace() else None
    if end > name_end:  # a suffix after an apostrophe
        suffix = _fold(text[name_end + 1:end])
        if _GENITIVE_OR_ABLATIVE.fullmatch(suffix):
            return POSSESSIVE
        if _OBJECT_SUFFIX.fullmatch(suffix):
            return SUBJECT if following == "gore" else OBJECT
        return POSSESSIVE
    if following in _OBJECT_AFTER:
        return OBJECT
    # The word that governs the name, past the titles and capitalised words before it
    # ("told Israeli Prime Minister Benjamin Netanyahu", "reminded Turkey's President Erdoğan").
    b = i - 1
    while b >= 0 and i - b <= _TITLE_WORDS and (text[words[b][1]:words[b + 1][0]].isspace() or (
            text[words[b][1]:words[b + 1][0]] in _APOSTROPHES and words[b + 1][2] == "s")) and (
            words[b][2] in _TITLES or text[words[b][0]].isupper() or (words[b][2] == "s" and b > 0)):
        b -= 1
    if b >= 0 and text[words[b][1]:words[b + 1][0]].isspace():
        before = words[b][2]
        if before == "to" and b > 0 and words[b - 1][2] == "according":
            return SUBJECT
        if before in _OBJECT_BEFORE:
            return OBJECT
    return SUBJECT


def _pronoun(text: str, start: int, end: int, quoted: tuple[tuple[int, int], ...]) -> bool:
    """Whether text[start:end], outside the quoted parts, attributes by a pronoun."""
    pieces, at = [], start
    for s, e in sorted(quoted):
        pieces.append(text[at:max(s, at)])
        at = max(at, e)
    pieces.append(text[at:end])
    outside = " … ".join(pieces)
    if _EN_PRONOUN.search(outside):
        return True
    words = _WORD.findall(outside)
    return (any(_fold(word) in _TR_REPORTING for word in words)
            and not any(word[0].isupper() and _fold(word) not in _TITLES for word in words))


def reporting_tail(text: str, end: int) -> int | None:
    """Where a reporting clause ending at ``end`` begins (``… want? he wrote.``, ``…, Musk
    said.``, ``… olmalıyız dedi.``), or None: the reporter's words after a quote whose
    closing mark was forgotten."""
    found = _REPORTING_TAIL.search(text, 0, end)
    return found.start() if found else None


def _distance(mention: Mention, passage: Passage) -> int:
    """Characters between a mention and the passage; 0 between the parts of a split quote."""
    if mention.end <= passage.start:
        return passage.start - mention.end
    if mention.start >= passage.end:
        return mention.start - passage.end
    return 0
