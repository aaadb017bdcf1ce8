"""Comparison forms of text: the one place where quotes are normalised for comparing.

Why this module exists: a quote is `verbatim` when only typography differs (quote marks,
apostrophe style, whitespace, Unicode form), `altered`/minor when only case or diacritics
differ (satın / satin), and `altered`/major when a number changes ($9.74 billion →
$97.4 billion).  Every comparison in the project therefore needs the same three folds
and the same notion of a word and of an amount.  They live here, and only here, so that
the registry, the matcher and the diff agree.

Stored and displayed text is never altered: every function returns a *comparison form*,
and `tokenize` reports offsets into the string it was given so findings can point at
the original characters.

The folds, from weakest to strongest:

* `normalize_typography` — NFC; every quote mark and apostrophe to one form; Unicode
  hyphens to "-"; invisible format characters removed; whitespace runs to one space.
* `casefold` — language-aware: Turkish and Azerbaijani pair İ/i and I/ı, so their
  casing is applied *before* any ``lower()``; other languages use ``str.casefold``.
* `fold_diacritics` — for matching keys only: combining marks dropped and letters that
  do not decompose mapped (ı→i, ø→o, ł→l, ß→ss, æ→ae …).

`comparison_form` is typography + case (diacritics kept: "satın" ≠ "satin");
`match_key` adds diacritic folding ("satın" = "satin").

Names of people (speakers, translators, reviewers, note authors) compare by one key,
`identity_key`: NFKC, typography, Turkish-aware case and diacritics folded, whitespace
collapsed ("AYŞE K.", " ayşe  k. ", "Ayse K." are one person).  Diacritics fold because
people type their own and others' names without them (a Turkish name on an English
keyboard); a registry where two different people differ only by an accent is far rarer
than one person spelt two ways, and for the self-review rule folding more refuses more,
the safe direction.

Numbers.  `tokenize` keeps an amount whole ("$10 billion", "9,74 milyar", "%40'ı") and
gives it a canonical key — currency, exact decimal value, "%" — so equal amounts compare
equal however they are written.  Which of "." and "," is the decimal separator:
the text's convention is tried first (tr/az: "," decimal and "." thousands; all other
languages the reverse), then the other one; a reading is valid only if the decimal
separator occurs at most once and last, and every thousands group after the first has
exactly three digits (the first one to three).  So "9.74" is 9.74 in English *and* in
Turkish (two digits cannot be a thousands group), "1.000" is 1000 in Turkish and 1 in
English, "97,4" is 97.4 in both.  Digits that fit neither reading (dates such as
1.5.2025, version numbers) are keyed by their match key as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

__all__ = [
    "Token",
    "casefold",
    "comparison_form",
    "fold_diacritics",
    "identity_key",
    "match_key",
    "normalize_typography",
    "tokenize",
    "words",
]

# --- typography ---------------------------------------------------------------------

APOSTROPHES = "'’‘‛ʼʹ`´′＇‚‹›"
"""Single quote marks and apostrophe look-alikes; all compare as "'"."""
DOUBLE_QUOTES = '"“”„‟«»″〝〞＂'
"""Double quote marks; all compare as '"'."""
HYPHENS = "\u2010\u2011"  # hyphen, non-breaking hyphen → "-" (dashes are punctuation, kept)
INVISIBLES = "\u00ad\u200b\u2060\ufeff"  # soft hyphen, zero-width space, word joiner, BOM → removed

_TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys(APOSTROPHES, "'"),
        **dict.fromkeys(DOUBLE_QUOTES, '"'),
        **dict.fromkeys(HYPHENS, "-"),
        **dict.fromkeys(INVISIBLES, None),
    }
)
# str.translate costs a dictionary lookup per character, and most text needs none:
# translate only when a character that actually changes is present.
_NEEDS_TYPOGRAPHY = re.compile(
    "[" + re.escape("".join(chr(c) for c, new in _TYPOGRAPHY.items() if new != chr(c))) + "]"
)


def normalize_typography(text: str) -> str:
    """NFC, quote marks and apostrophes unified, whitespace runs collapsed, stripped.

    Whitespace is every character for which ``str.isspace`` holds (NBSP, thin and
    narrow no-break spaces, line breaks included).  “X’i” becomes "X'i".
    """
    text = unicodedata.normalize("NFC", text)
    if _NEEDS_TYPOGRAPHY.search(text):
        text = text.translate(_TYPOGRAPHY)
    return " ".join(text.split())


# --- case ---------------------------------------------------------------------------

_TURKIC = frozenset({"tr", "az"})  # language codes as langdetect reports them


def casefold(text: str, lang: str | None) -> str:
    """Fold case for comparison; Turkish/Azerbaijani map İ→i and I→ı before lowering.

    (``str.lower`` alone would turn "I" into "i" and "İ" into "i" + U+0307.)
    """
    if lang in _TURKIC:
        return text.replace("İ", "i").replace("I", "ı").lower()
    return text.casefold()


# --- diacritics ---------------------------------------------------------------------

# Letters that carry a diacritic-like distinction but have no canonical decomposition.
_UNDECOMPOSABLE = {
    "ı": "i",
    "ø": "o", "Ø": "O",
    "ł": "l", "Ł": "L",
    "đ": "d", "Đ": "D",
    "ð": "d", "Ð": "D",
    "ħ": "h", "Ħ": "H",
    "ŧ": "t", "Ŧ": "T",
    "ß": "ss", "ẞ": "SS",
    "æ": "ae", "Æ": "AE",
    "œ": "oe", "Œ": "OE",
    "þ": "th", "Þ": "TH",
}  # fmt: skip

# Marks (Mn, Mc, Me) of the Basic Multilingual Plane, which holds those of every widely
# used script; the supplementary planes' are mostly historic, and leaving them out keeps
# the tokenizer's character class a fast bitmap.  Scanned once at import (~15 ms) so the
# tables follow the running Unicode version.
_MARKS = [c for c in map(chr, range(0x10000)) if unicodedata.category(c)[0] == "M"]
_FOLD = str.maketrans(
    {**dict.fromkeys((c for c in _MARKS if unicodedata.combining(c)), None), **_UNDECOMPOSABLE}
)


def fold_diacritics(text: str) -> str:
    """Matching key only: drop combining marks and map undecomposable letters; NFC.

    Marks dropped are those with a non-zero canonical combining class (accents,
    cedillas, Arabic and Hebrew vowel points); the spacing vowel signs of Indic scripts
    are part of their letters and are kept.  Case is not changed: "İ" becomes "I"
    (casefold first to get "i").
    """
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).translate(_FOLD))


def comparison_form(text: str, lang: str | None) -> str:
    """Typography and case folded; diacritics kept ("Satın" → "satın")."""
    return casefold(normalize_typography(text), lang)


def match_key(text: str, lang: str | None) -> str:
    """Typography, case and diacritics folded ("Satın" → "satin")."""
    return fold_diacritics(comparison_form(text, lang))


# --- names of people ----------------------------------------------------------------


@lru_cache(maxsize=1 << 12)
def identity_key(name: str) -> str:
    """The form in which names of people compare: one person, however the name is typed.

    NFKC (compatibility forms: "ﬁ" → "fi", full-width letters, NFD input); quote marks and
    apostrophes unified (O’Brien = O'Brien); case folded the Turkish way whatever the name
    (İ → i, I → ı: "İSMAİL" = "ismail"), then diacritics (ı → i, ş → s: "Şimşek" =
    "Simsek", and "IŞIK" = "Işık" = "isik" whichever casing rule was meant); whitespace
    runs to one space, stripped.  Punctuation is kept ("Ayşe K." ≠ "Ayşe K").

    For comparing only: names are stored and shown as given.
    """
    # Turkish casing first (so "I" is ı, not i + a dot to drop), then full case folding
    # for the rest of the world's letters (ς → σ, ß → ss).
    folded = casefold(normalize_typography(unicodedata.normalize("NFKC", name)), "tr").casefold()
    return fold_diacritics(folded)


# --- tokens -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # exactly as in the source: the slice text[start:end]
    start: int  # character offsets into the string given to tokenize()
    end: int
    norm: str  # comparison_form of the token (case/typography folded, diacritics kept)
    key: str  # match_key; for amounts a canonical value key ("$10000000000", "40%")
    is_number: bool


def _char_class(chars: list[str]) -> str:
    """The body of a regex character class matching exactly `chars`, as ranges."""
    ranges: list[list[int]] = []
    for cp in sorted(map(ord, chars)):
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


# Python's \w leaves out marks (NFD accents, Indic vowel signs), so they are added.
_WORD = rf"[\w{_char_class(_MARKS)}]+"
_APOSTROPHE = f"[{re.escape(APOSTROPHES)}]"
# Between two runs of word characters these join them into one word. A double quote
# mark too: Turkish puts a case suffix after a quoted term ("umut hakkı"nın), and the
# word is the term with its suffix (the mark is dropped from its comparison forms).
_JOINER = f"[{re.escape(APOSTROPHES + HYPHENS + INVISIBLES + DOUBLE_QUOTES)}-]"

# Scale words → power of ten.  Single letters count only when attached ("5m", "3K"):
# "10 m" is ten metres far more often than ten million.
_SCALES = {
    "k": 3, "thousand": 3, "bin": 3,
    "m": 6, "mn": 6, "mln": 6, "million": 6, "milyon": 6,
    "b": 9, "bn": 9, "billion": 9, "milyar": 9,
    "tn": 12, "trillion": 12, "trilyon": 12,
}  # fmt: skip
# Currency symbols and codes → the symbol used in keys.
_CURRENCIES = {
    "$": "$", "USD": "$",
    "€": "€", "EUR": "€",
    "£": "£", "GBP": "£",
    "₺": "₺", "TL": "₺",
    "¥": "¥",
}  # fmt: skip


def _alternatives(names) -> str:
    """Regex alternation of `names`, longest first so "mln" wins over "m"."""
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_SYMBOL = "[" + re.escape("".join(c for c in _CURRENCIES if len(c) == 1)) + "]"
_CODE = _alternatives(c for c in _CURRENCIES if len(c) > 1)

_TOKEN = re.compile(
    rf"""
    (?=[-−%\d]|{_SYMBOL}|(?i:y(?:ü|u\u0308?)zde)\s|(?:{_CODE})\s)            # cheap rejection of non-amounts
    (?P<amount>
        (?P<sign>(?<!\w)[-−])?                                    # -5%, -$5
        (?P<pct_pre>%\s?|(?i:y(?:ü|u\u0308?)zde)\s+)?                          # %40, % 40, yüzde 40
        (?:(?P<cur_pre>{_SYMBOL})\s?|(?P<code_pre>{_CODE})\s)?     # $10, € 10, USD 10
        (?P<digits>\d+(?:[.,]\d+)*)
        (?:(?i:(?P<suffix>{_alternatives(_SCALES)}))(?!\w)         # 10B, $10bn, 5m
          |\s+(?i:(?P<scale>{_alternatives(s for s in _SCALES if len(s) > 1)}))(?!\w)
        )?                                                        # 10 billion, 9,74 milyar
        (?:\s?(?P<pct_post>%)|\s+(?i:(?P<pct_word>percent|per\s+cent))(?!\w))?
        (?:\s?(?P<cur_post>{_SYMBOL})|\s*(?P<code_post>{_CODE})(?!\w))?  # 10 €, 40 TL
    )
    (?:{_APOSTROPHE}[^\W\d_](?:{_WORD})?)?                          # 2025'te, %40'ı
    (?!\w)
    |
    [@#]?{_WORD}(?:{_JOINER}{_WORD})*                             # X’i, co-founded, @sama
    """,
    re.VERBOSE,
)


def _parse_digits(digits: str, turkic: bool) -> Decimal | None:
    """The value of `digits` under the first separator convention that fits, else None."""
    conventions = ((",", "."), (".", ",")) if turkic else ((".", ","), (",", "."))
    for decimal_sep, group_sep in conventions:
        integer, _, fraction = digits.partition(decimal_sep)
        if decimal_sep in fraction or group_sep in fraction:
            continue
        groups = integer.split(group_sep)
        if len(groups) == 1 or (len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
            return Decimal("".join(groups) + ("." + fraction if fraction else ""))
    return None


def _amount_key(m: re.Match[str], turkic: bool, lang: str | None) -> str:
    """Canonical key of an amount: currency symbol + plain decimal value + "%"."""
    value = _parse_digits(m["digits"], turkic)
    if value is None:
        return match_key(m["amount"], lang)
    scale = m["suffix"] or m["scale"]
    if scale:
        value = value.scaleb(_SCALES[fold_diacritics(scale.casefold())])  # "MİLYON" too
    if m["sign"]:
        value = -value
    currency = _CURRENCIES.get(m["cur_pre"] or m["code_pre"] or m["cur_post"] or m["code_post"], "")
    percent = "%" if m["pct_pre"] or m["pct_post"] or m["pct_word"] else ""
    return f"{currency}{value.normalize():f}{percent}"


def tokenize(text: str, lang: str | None) -> list[Token]:
    """Word and amount tokens of `text`, with offsets into `text`.

    Punctuation and quote marks are dropped.  An apostrophe or hyphen between two word
    characters joins them ("X’i", "don't", "co-founded"); at a word's edge it does not.
    An amount is one token with its currency, percent sign or word, and scale word
    ("$10 billion", "yüzde 40", "9,74 milyar TL"); a Turkish suffix after an apostrophe
    stays in the token but not in its key ("%40'ı" has the key "40%").
    """
    turkic = lang in _TURKIC
    return [Token(m[0], m.start(), m.end(), *_forms(m, turkic, lang)) for m in _TOKEN.finditer(text)]


def words(text: str, lang: str | None) -> list[str]:
    """The keys of `text`'s tokens, for matching (what `tokenize` gives, without offsets)."""
    turkic = lang in _TURKIC
    return [_forms(m, turkic, lang)[1] for m in _TOKEN.finditer(text)]


def _forms(m: re.Match[str], turkic: bool, lang: str | None) -> tuple[str, str, bool]:
    """(norm, key, is_number) of one matched token."""
    if m["amount"] is None:
        return (*_word_forms(m[0], lang), False)
    return comparison_form(m[0], lang), _amount_key(m, turkic, lang), True


@lru_cache(maxsize=1 << 17)
def _word_forms(word: str, lang: str | None) -> tuple[str, str]:
    # Words repeat (Zipf): indexing a million quotes folds each distinct word once.
    norm = comparison_form(word, lang).replace('"', "")
    return norm, fold_diacritics(norm)
