"""Newsletter export: paste-ready, correctly labelled quote blocks.

A rendition is never presented as the speaker's own words: its block says it is a
translation, from which language, by whom, reviewed by whom, and carries the original.
Only approved renditions and quotes that are not retracted are exported; a disputed
quote carries its warning. Every format shows stored text through its function in
:mod:`quotes.display`: text with control characters made visible, Markdown and HTML
with every text escaped, JSON with DEL and C1 controls escaped too.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass

from quotes.display import escape_html, escape_markdown, printable, printable_json
from quotes.errors import InvalidInput
from quotes.languages import language_name, parse_language
from quotes.models import Quote, Rendition
from quotes.registry import Registry

FORMATS = ("text", "markdown", "html", "json")


@dataclass(frozen=True)
class Translation:
    from_lang: str
    from_language: str
    translator: str
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
    warning: str | None
    translation: Translation | None

    @property
    def label(self) -> str | None:
        if not self.translation:
            return None
        reviewed = f", reviewed by {self.translation.reviewer}" if self.translation.reviewer else ""
        label = f"Translated from {self.translation.from_language} by {self.translation.translator}{reviewed}"
        return label if label.endswith(".") else label + "."


def block_for(quote: Quote, lang: str | None) -> Block:
    """The block for ``quote`` in ``lang`` (its own language when None); InvalidInput when it must not be printed."""
    if quote.status == "retracted":
        raise InvalidInput(f"{quote.id} is retracted and must not be republished ({quote.status_note or 'no reason recorded'})")
    warning = f"Disputed: {quote.status_note or 'no reason recorded'}" if quote.status == "disputed" else None
    common = dict(quote_id=quote.id, speaker=quote.speaker.name, said_on=quote.said_on, outlet=quote.outlet,
                  medium=quote.medium, source_url=quote.source_url, warning=warning)
    if lang is None or lang == quote.lang:
        return Block(lang=quote.lang, text=quote.text, translation=None, **common)
    rendition = quote.approved_rendition(lang)
    if rendition is None:
        raise InvalidInput(f"{quote.id} has no approved {language_name(lang)} rendition")
    approvals = [n.author for n in rendition.notes if n.action == "approve"]
    translation = Translation(
        from_lang=quote.lang, from_language=language_name(quote.lang), translator=_maker(rendition),
        reviewer=approvals[-1] if approvals else None, original=quote.text, rendition_id=rendition.id,
    )
    return Block(lang=lang, text=rendition.text, translation=translation, **common)


def _maker(rendition: Rendition) -> str:
    if rendition.method == "machine":
        return f"{rendition.translator} (machine draft: {rendition.engine} {rendition.model} {rendition.model_version})"
    return rendition.translator


def blocks(registry: Registry, *, lang: str | None = None, speaker: str | None = None) -> list[Block]:
    """Every printable block: quotes that are not retracted, in ``lang`` where approved."""
    lang = parse_language(lang, field="lang") if lang else None
    found = []
    for quote in registry.list_quotes(speaker=speaker):
        if quote.status == "retracted" or (lang and lang != quote.lang and not quote.approved_rendition(lang)):
            continue
        found.append(block_for(quote, lang))
    return found


def render(found: list[Block], output_format: str) -> str:
    if output_format not in FORMATS:
        raise InvalidInput(f"{output_format!r} is not one of {', '.join(FORMATS)}", field="format")
    if output_format == "json":
        return printable_json(json.dumps([{**asdict(b), "label": b.label} for b in found], ensure_ascii=False,
                                         indent=2)) + "\n"
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
        lines += [block.label, f"Original ({block.translation.from_language}): “{block.translation.original}”"]
    if block.warning:
        lines.append(f"Warning: {block.warning}")
    if block.source_url:
        lines.append(f"Source: {block.source_url}")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Text as Markdown shows it literally, line breaks kept inside the blockquote."""
    return escape_markdown(text, line_break="  \n> ")


def _markdown(block: Block) -> str:
    link = (block.source_url or "").replace("\\", "%5C").replace("(", "%28").replace(")", "%29")
    source = f" ([source]({link}))" if _linkable(block.source_url) else ""
    rest = _attribution(block)[len(block.speaker):]
    lines = [f"> {_md(block.text)}", ">", f"> — **{_md(block.speaker)}**{_md(rest)}{source}"]
    if block.translation:
        lines += [">", f"> *{_md(block.label)}* Original ({block.translation.from_language}): "
                       f"“{_md(block.translation.original)}”"]
    if block.warning:
        lines += [">", f"> **Warning:** {_md(block.warning)}"]
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
        parts[-1] += f' (<a href="{e(block.source_url)}">source</a>)'
    parts[-1] += "</footer>"
    if block.translation:
        parts.append(f'  <p class="translation-label">{e(block.label)} Original ({e(block.translation.from_language)}): '
                     f'<q lang="{e(block.translation.from_lang)}">{e(block.translation.original)}</q></p>')
    if block.warning:
        parts.append(f'  <p class="warning">Warning: {e(block.warning)}</p>')
    parts.append("</blockquote>")
    return "\n".join(parts) + "\n"


def export_blocks(registry: Registry, *, output_format: str, lang: str | None = None, speaker: str | None = None) -> str:
    return render(blocks(registry, lang=lang, speaker=speaker), output_format)


def copy_block(registry: Registry, quote_ref: str, *, lang: str | None = None, output_format: str = "text") -> str:
    lang = parse_language(lang, field="lang") if lang else None
    return render([block_for(registry.get_quote(quote_ref), lang)], output_format)
