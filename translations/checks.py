"""Checks on renditions, as translation QA tools run them: each compares a rendition's text
with its original (the quote's text, or the rendition it was made from) and says what
failed.

The checks form one registry, ``CHECKS``, declared as ``quotes.checking.drift``'s are: a name, a
severity class and what the check catches (the first paragraph of its docstring). A
failing ``error`` check blocks approval unless the reviewer overrides it with a note; a
``warning`` is shown and never blocks.

Each check takes the original's and the rendition's tokens (``quotes.text.tokenize``:
amounts have canonical keys, so ``9,74 milyar`` and ``$9.74 billion``, ``yüzde 30`` and
``30%`` are the same value) and returns what failed, one message per problem.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass

from quotes.checking.drift import NUMBER_WORDS, is_numeric, name_stem, negative
from quotes.registry.models import Quote, Rendition
from quotes.checking.recognition import names_in, persons_differ
from quotes.text import Token, tokenize

ERROR = "error"  # blocks approval unless overridden with a note
WARNING = "warning"  # shown, never blocks

LENGTH_RATIO = (0.5, 2.0)  # the rendition's words / the original's, outside which a warning
UNTRANSLATED_MIN_WORDS = 4  # a run of the original's words this long copied into another language


@dataclass(frozen=True)
class RenditionCheck:
    """A named check on renditions: its name, severity class and what it catches."""

    name: str
    severity: str
    explanation: str
    run: Callable[["Texts"], list[str]]


@dataclass(frozen=True)
class Texts:
    """What a check compares: the original and the rendition, tokenized, with their
    languages and the registered speaker's names."""

    original: str
    original_lang: str
    original_tokens: list[Token]
    rendition_lang: str
    rendition_tokens: list[Token]
    speaker_names: frozenset[str]


@dataclass(frozen=True)
class Finding:
    """One failed check (a finding): its name, severity and what failed."""

    check: str
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.message}"


CHECKS: dict[str, RenditionCheck] = {}  # by name, in the order declared


def check(name: str, severity: str) -> Callable[[Callable], Callable]:
    """Register the decorated function as the rendition check ``name``; what it catches is
    the first paragraph of its docstring."""

    def register(function: Callable) -> Callable:
        first_paragraph = inspect.getdoc(function).split("\n\n")[0]
        CHECKS[name] = RenditionCheck(name, severity, " ".join(first_paragraph.split()), function)
        return function

    return register


def run_checks(quote: Quote, rendition: Rendition) -> list[Finding]:
    """Every check on ``rendition`` against its original (what it was made from)."""
    chain = quote.chain(rendition)
    original_text, original_lang = (chain[-2].text, chain[-2].lang) if len(chain) > 1 else (quote.text, quote.lang)
    return check_texts(original_text, original_lang, rendition.text, rendition.lang,
                       speaker_names=(quote.speaker.name, *quote.speaker.aliases))


def check_texts(original: str, original_lang: str, rendition: str, rendition_lang: str, *,
                speaker_names=()) -> list[Finding]:
    """Every check on a rendition's text against its original's."""
    texts = Texts(original, original_lang, tokenize(original, original_lang), rendition_lang,
                  tokenize(rendition, rendition_lang),
                  frozenset(t.key for name in speaker_names for t in tokenize(name, original_lang) if t.text[:1].isupper()))
    return [Finding(declared.name, declared.severity, message)
            for declared in CHECKS.values() for message in declared.run(texts)]


def errors(failures: list[Finding]) -> list[Finding]:
    """The failures that block approval."""
    return [failure for failure in failures if failure.severity == ERROR]


def _number_value(token: Token) -> str:
    """A number by value: an amount's canonical key without its currency ($9740000000 and
    9740000000 are one value), otherwise the digits it starts with (10th → 10) or the word."""
    if token.is_number:
        return token.key.lstrip("$€£₺¥")
    digits = re.search(r"\d+(?:[.,]\d+)*", token.text)
    return digits.group() if digits else token.norm


def _shown(token: Token) -> str:
    """A token as the text has it, without a Turkish case suffix (%30'un → %30)."""
    return re.split(r"['’]", token.text, maxsplit=1)[0]


@check("number", ERROR)
def numbers_kept(texts: Texts) -> list[str]:
    """Each number of the original is in the rendition, compared by value however it is
    written (9,74 milyar ↔ $9.74 billion, yüzde 30 ↔ 30%).

    Number words count only between languages that spell them alike; a number written in
    digits on one side and in words on the other is reported."""
    numbers = [t for t in texts.rendition_tokens if is_numeric(t)]
    values = {_number_value(t) for t in numbers}
    has = ", ".join(_shown(t) for t in numbers) or "none"
    return [f"{_shown(t)} is not in the rendition (it has {has})"
            for t in texts.original_tokens
            if is_numeric(t) and t.norm not in NUMBER_WORDS and _number_value(t) not in values]


@check("names", ERROR)
def names_kept(texts: Texts) -> list[str]:
    """Each name of the original (a registered speaker's name, a word capitalised in
    mid-sentence) is in the rendition, inflected or not (Türkiye'nin ↔ Türkiye)."""
    kept = {name_stem(t.key) for t in texts.rendition_tokens}
    names = names_in(texts.original, texts.original_tokens, texts.speaker_names)
    return [f"{_shown(t)} is not in the rendition" for t in names if name_stem(t.key) not in kept]


@check("negation", ERROR)
def negation_kept(texts: Texts) -> list[str]:
    """The original and the rendition are both negative or both not (not, never, n't,
    değil, yok, hiç …): a negation gained or lost reverses the meaning.

    Presence is compared, not the count: a Turkish negation often takes two words where
    English takes one (hiç … yok ↔ not …)."""
    original, rendition = negative(texts.original_tokens), negative(texts.rendition_tokens)
    if original == rendition:
        return []
    return ["the original is negative, the rendition is not" if original
            else "the rendition is negative, the original is not"]


@check("person", ERROR)
def person_kept(texts: Texts) -> list[str]:
    """The rendition speaks in the original's grammatical person (we → I, biz → ben is a
    change), where both name it with a pronoun.

    Only persons with nothing in common are a change: Turkish often leaves the person to the
    verb (istersen ↔ if you want), so one side may name a person the other does not."""
    differ = persons_differ(texts.rendition_tokens, texts.original_tokens)
    if differ is None:
        return []
    original, rendition = differ
    return [f"the original speaks as {', '.join(sorted(original))}, the rendition as {', '.join(sorted(rendition))}"]


@check("length", WARNING)
def length_in_proportion(texts: Texts) -> list[str]:
    """The rendition has between half and twice the original's words: outside that, text
    was probably dropped or added."""
    original, rendition = len(texts.original_tokens), len(texts.rendition_tokens)
    low, high = LENGTH_RATIO
    if not original or low <= rendition / original <= high:
        return []
    return [f"the rendition has {_words(rendition)}, the original {_words(original)}"]


def _words(count: int) -> str:
    return f"{count} word{'s' if count != 1 else ''}"


@check("untranslated", WARNING)
def translated_throughout(texts: Texts) -> list[str]:
    """No run of four or more words of the original is copied verbatim into a rendition in
    another language: that span was probably left untranslated."""
    if texts.original_lang == texts.rendition_lang:
        return []
    n = UNTRANSLATED_MIN_WORDS
    keys = [t.key for t in texts.rendition_tokens]
    copied = {tuple(keys[i:i + n]) for i in range(len(keys) - n + 1)}
    tokens = texts.original_tokens
    for i in range(len(tokens) - n + 1):
        if tuple(t.key for t in tokens[i:i + n]) in copied:
            return [f"“{texts.original[tokens[i].start:tokens[i + n - 1].end]}” is copied from the original"]
    return []
