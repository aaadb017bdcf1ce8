"""Newsletter export: paste-ready, correctly labelled quote blocks.

A rendition is never presented as the speaker's own words: its block says it is a
translation, from which language, by whom, reviewed by whom, and carries the original —
labelled in the block's own language (:data:`LABELS`: English and Turkish; a block in
another language is labelled in English).

What a newsletter takes is chosen by quote status: verified quotes only, unless the
writer asks for others (``statuses``); never retracted ones, and only approved
renditions. A block of a quote that is not verified has a ``warning`` — for the writer,
printed apart from the block, never inside what is pasted.

Every format shows stored text through its function in :mod:`quotes.display`: text with
control characters made visible, Markdown and HTML with every text escaped, JSON with
DEL and C1 controls escaped too.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Callable, Iterable

from quotes.display import escape_html, escape_markdown, printable, printable_json
from quotes.errors import InvalidInput
from quotes.languages import language_name, parse_language
from quotes.registry.models import QUOTE_STATUSES, Quote, Rendition
from quotes.registry.registry import Registry

FORMATS = ("text", "markdown", "html", "json")

PUBLISHED = frozenset({"verified"})
"""The statuses a newsletter takes unless asked for others: checked against the source."""

PRINTABLE = frozenset(QUOTE_STATUSES) - {"retracted"}
"""The statuses a block may be made of at all: a retracted quote is never republished."""


def turkish_ablative(name: str) -> str:
    """``name`` with the Turkish "from" suffix, by vowel harmony: İngilizce → İngilizceden,
    Almanca → Almancadan, Azerbaycan dili → Azerbaycan dilinden (a possessive takes n).
    Language names take it without an apostrophe (TDK)."""
    if name.endswith(" dili"):
        return name + "nden"
    last_vowel = next((c for c in reversed(name.lower()) if c in "aeıioöuü"), "e")
    suffix = "den" if last_vowel in "eiöü" else "dan"
    if name[-1].lower() in "çfhkpsşt":  # after a voiceless consonant: -ten, -tan
        suffix = "t" + suffix[1:]
    return name + suffix


@dataclass(frozen=True)
class Labels:
    """The words of a block in one language (``lang``, in which other languages are named)."""

    lang: str
    translated: str  # {language_from} {translator}
    reviewed: str  # {reviewer}
    original: str  # {language}
    source: str
    source_link: str
    machine_draft: str
    language_from: Callable[[str], str] = str  # a language's name as ``translated`` takes it (Turkish: a suffix)

    def language(self, tag: str) -> str:
        """A language tag's name in these labels' language (``en`` in Turkish: İngilizce)."""
        import langcodes  # lazy, as in quotes.languages

        return langcodes.Language.get(tag).display_name(self.lang)


LABELS = {
    "en": Labels("en", translated="Translated from {language_from} by {translator}", reviewed=", reviewed by {reviewer}",
                 original="Original ({language})", source="Source", source_link="source", machine_draft="machine draft"),
    "tr": Labels("tr", translated="{language_from} çeviren {translator}", reviewed=", gözden geçiren {reviewer}",
                 original="Aslı ({language})", source="Kaynak", source_link="kaynak", machine_draft="makine taslağı",
                 language_from=turkish_ablative),
}


@dataclass(frozen=True)
class Translation:
    from_lang: str
    translator: str
    machine: str | None  # "engine model version" for a machine draft
    reviewer: str | None
    original: str
    rendition_id: str


@dataclass(frozen=True)
class Block:
    """One quote as a newsletter prints it."""

    quote_id: str
    lang: str
    text: str
    speaker: str
    said_on: str | None
    outlet: str | None
    medium: str | None
    source_url: str | None
    status: str
    status_note: str | None
    translation: Translation | None

    @property
    def labels(self) -> Labels:
        return LABELS.get(self.lang, LABELS["en"])

    @property
    def label(self) -> str | None:
        """"Translated from Turkish by …, reviewed by …." in the block's language; None for an original."""
        if not self.translation:
            return None
        t, words = self.translation, self.labels
        translator = f"{t.translator} ({words.machine_draft}: {t.machine})" if t.machine else t.translator
        label = words.translated.format(language_from=words.language_from(words.language(t.from_lang)),
                                        translator=translator)
        if t.reviewer:
            label += words.reviewed.format(reviewer=t.reviewer)
        return label if label.endswith(".") else label + "."

    @property
    def original_label(self) -> str | None:
        """"Original (Turkish)" in the block's language; None for an original."""
        if not self.translation:
            return None
        return self.labels.original.format(language=self.labels.language(self.translation.from_lang))

    @property
    def warning(self) -> str | None:
        """What the writer must know before publishing it, said outside the block."""
        if self.status == "disputed":
            return f"{self.quote_id} is disputed: {self.status_note or 'no reason recorded'}"
        if self.status != "verified":
            return f"{self.quote_id} is {self.status}: check it against its source before publishing"
        return None


def block_for(quote: Quote, lang: str | None) -> Block:
    """The block for ``quote`` in ``lang`` (its own language when None); InvalidInput when it must not be printed."""
    if quote.status not in PRINTABLE:
        raise InvalidInput(f"{quote.id} is retracted and must not be republished ({quote.status_note or 'no reason recorded'})")
    common = dict(quote_id=quote.id, speaker=quote.speaker.name, said_on=quote.said_on, outlet=quote.outlet,
                  medium=quote.medium, source_url=quote.source_url, status=quote.status, status_note=quote.status_note)
    if lang is None or lang == quote.lang:
        return Block(lang=quote.lang, text=quote.text, translation=None, **common)
    rendition = quote.approved_rendition(lang)
    if rendition is None:
        raise InvalidInput(f"{quote.id} has no approved {language_name(lang)} rendition")
    approvals = [n.author for n in rendition.notes if n.action == "approve"]
    translation = Translation(
        from_lang=quote.lang, translator=rendition.translator, machine=_machine(rendition),
        reviewer=approvals[-1] if approvals else None, original=quote.text, rendition_id=rendition.id,
    )
    return Block(lang=lang, text=rendition.text, translation=translation, **common)


def _machine(rendition: Rendition) -> str | None:
    if rendition.method != "machine":
        return None
    return f"{rendition.engine} {rendition.model} {rendition.model_version}"


def published_statuses(asked: Iterable[str] = ()) -> frozenset[str]:
    """The quote statuses a newsletter takes: those ``asked`` for, else verified only;
    InvalidInput for a status that is never published (retracted) or is no status."""
    asked = frozenset(asked)
    if "retracted" in asked:
        raise InvalidInput("retracted quotes are never published", field="status")
    if asked - PRINTABLE:
        raise InvalidInput(f"{min(asked - PRINTABLE)!r} is not one of {', '.join(sorted(PRINTABLE))}", field="status")
    return asked or PUBLISHED


def quotes_with_status(registry: Registry, statuses: Iterable[str], *, speaker: str | None = None,
                       lang: str | None = None) -> list[Quote]:
    """The registry's quotes (of ``speaker``, first made in ``lang``) whose status is one of ``statuses``."""
    statuses = frozenset(statuses)
    return [quote for quote in registry.list_quotes(speaker=speaker, lang=lang) if quote.status in statuses]


def export_quotes(registry: Registry, *, approved_only: bool, statuses: Iterable[str] = (),
                  speaker: str | None = None, lang: str | None = None) -> list[Quote]:
    """The quotes an interchange export takes: of the ``statuses`` asked for; else, when
    ``approved_only`` (what may be passed on for publication), as a newsletter takes them
    (:func:`published_statuses`); else all."""
    chosen = published_statuses(statuses) if approved_only else frozenset(statuses) or frozenset(QUOTE_STATUSES)
    return quotes_with_status(registry, chosen, speaker=speaker, lang=lang)


def blocks(registry: Registry, *, lang: str | None = None, speaker: str | None = None,
           statuses: Iterable[str] = ()) -> list[Block]:
    """Every block a newsletter may print: quotes of the ``statuses`` (see
    :func:`published_statuses`), in ``lang`` where they have an approved rendition."""
    lang = parse_language(lang, field="lang") if lang else None
    chosen = quotes_with_status(registry, published_statuses(statuses), speaker=speaker)
    return [block_for(quote, lang) for quote in chosen
            if not lang or lang == quote.lang or quote.approved_rendition(lang)]


def copy_blocks(registry: Registry, quote_refs: Iterable[str], *, lang: str | None = None,
                statuses: Iterable[str] = ()) -> tuple[list[Block], list[Quote]]:
    """The blocks of the quotes named (ids or prefixes), in order, and the quotes left out
    because their status is not one of ``statuses`` (when given). All or nothing: a quote
    that cannot be printed (retracted, no approved rendition in ``lang``) is an InvalidInput."""
    lang = parse_language(lang, field="lang") if lang else None
    wanted = published_statuses(statuses) if statuses else PRINTABLE
    unwanted = PRINTABLE - wanted  # a retracted quote is not left out quietly: block_for refuses it
    named = [registry.get_quote(ref) for ref in quote_refs]
    return ([block_for(quote, lang) for quote in named if quote.status not in unwanted],
            [quote for quote in named if quote.status in unwanted])


def render(found: list[Block], output_format: str) -> str:
    """The blocks, separated by a blank line (text) or as a JSON list; no warning in them."""
    if output_format not in FORMATS:
        raise InvalidInput(f"{output_format!r} is not one of {', '.join(FORMATS)}", field="format")
    if output_format == "json":
        return printable_json(json.dumps([{**asdict(b), "label": b.label, "original_label": b.original_label}
                                          for b in found], ensure_ascii=False, indent=2)) + "\n"
    if output_format == "text":
        return printable("\n".join(_text(b) for b in found))
    renderer = {"markdown": _markdown, "html": _html}[output_format]
    return "\n".join(renderer(b) for b in found)


def _attribution(block: Block) -> str:
    where = " ".join(p for p in (block.outlet, block.medium) if p)
    return ", ".join(p for p in (block.speaker, where, block.said_on) if p)


def _text(block: Block) -> str:
    lines = [f"“{block.text}”", f"— {_attribution(block)}"]
    if block.translation:
        lines += [block.label, f"{block.original_label}: “{block.translation.original}”"]
    if block.source_url:
        lines.append(f"{block.labels.source}: {block.source_url}")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Text as Markdown shows it literally, line breaks kept inside the blockquote."""
    return escape_markdown(text, line_break="  \n> ")


def _markdown(block: Block) -> str:
    link = (block.source_url or "").replace("\\", "%5C").replace("(", "%28").replace(")", "%29")
    source = f" ([{block.labels.source_link}]({link}))" if _linkable(block.source_url) else ""
    rest = _attribution(block)[len(block.speaker):]
    lines = [f"> {_md(block.text)}", ">", f"> — **{_md(block.speaker)}**{_md(rest)}{source}"]
    if block.translation:
        lines += [">", f"> *{_md(block.label)}* {_md(block.original_label)}: “{_md(block.translation.original)}”"]
    return "\n".join(lines) + "\n"


def _linkable(url: str | None) -> bool:
    """Only web links are made clickable: a javascript: or data: URL in imported data is
    not, nor one with spaces, angle brackets or control characters in it."""
    return (bool(url) and url.startswith(("https://", "http://"))
            and not re.search(r"[\s<>\x00-\x1f\x7f-\x9f]", url))


def _html(block: Block) -> str:
    e = escape_html
    parts = [f'<blockquote class="quote" lang="{e(block.lang)}" data-quote-id="{e(block.quote_id)}">',
             f"  <p>{e(block.text)}</p>",
             f"  <footer>— <cite>{e(block.speaker)}</cite>{e(_attribution(block)[len(block.speaker):])}"]
    if _linkable(block.source_url):
        parts[-1] += f' (<a href="{e(block.source_url)}">{e(block.labels.source_link)}</a>)'
    parts[-1] += "</footer>"
    if block.translation:
        parts.append(f'  <p class="translation-label">{e(block.label)} {e(block.original_label)}: '
                     f'<q lang="{e(block.translation.from_lang)}">{e(block.translation.original)}</q></p>')
    parts.append("</blockquote>")
    return "\n".join(parts) + "\n"
