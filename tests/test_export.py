import json

import pytest

from quotes.errors import InvalidInput
from quotes.translations.export import copy_block, export_blocks
from tests.helpers.seeds import (
    ALTMAN_POST,
    MUSK_NO_MONEY,
    MUSK_SOFTBANK,
    SIMSEK_ENERGY_IMPORTS,
    SIMSEK_ENERGY_IMPORTS_EN,
    SIMSEK_INFLATION,
    SIMSEK_INFLATION_EN,
)

SIMSEK_TEXT = """“We expect inflation to fall below 30% by the end of the year.”
— Mehmet Şimşek, Bigpara (Hürriyet) live broadcast, as summarised by the outlet, 2025-09-17
Translated from Turkish by quotes seed translation, reviewed by quotes seed review.
Original (Turkish): “Enflasyonun yıl sonunda %30'un altına inmesini bekliyoruz.”
Source: https://bigpara.hurriyet.com.tr/haberler/genel-haberler/bakan-simsekten-onemli-aciklamalar_ID1618044/
"""


def test_copy_of_a_rendition_is_labelled_and_carries_the_original(seeded):
    assert copy_block(seeded, SIMSEK_INFLATION, lang="en") == SIMSEK_TEXT


def test_copy_of_an_original(seeded):
    assert copy_block(seeded, MUSK_NO_MONEY) == (
        "“They don’t actually have the money”\n"
        "— Elon Musk, X post, 2025-01-22\n"
        "Source: https://krdo.com/news/2025/01/22/elon-musk-bashes-the-500-billion-ai-project-trump-announced-claiming-its-backers-dont-have-the-money/\n"
    )


def test_markdown_block(seeded):
    assert copy_block(seeded, SIMSEK_INFLATION, lang="en", output_format="markdown") == (
        "> We expect inflation to fall below 30% by the end of the year.\n"
        ">\n"
        "> — **Mehmet Şimşek**, Bigpara (Hürriyet) live broadcast, as summarised by the outlet, 2025-09-17 "
        "([source](https://bigpara.hurriyet.com.tr/haberler/genel-haberler/bakan-simsekten-onemli-aciklamalar_ID1618044/))\n"
        ">\n"
        "> *Translated from Turkish by quotes seed translation, reviewed by quotes seed review.* "
        "Original (Turkish): “Enflasyonun yıl sonunda %30'un altına inmesini bekliyoruz.”\n"
    )


def test_no_unapproved_rendition_is_ever_copied(seeded):
    # ALTMAN_POST's circulated Turkish line is in changes-requested: the approved one is copied instead.
    assert copy_block(seeded, ALTMAN_POST, lang="tr").startswith("“hayır teşekkürler ama istersen")
    with pytest.raises(InvalidInput, match=f"{MUSK_NO_MONEY} has no approved Turkish rendition"):
        copy_block(seeded, MUSK_NO_MONEY, lang="tr")


def test_retracted_is_not_exported_and_disputed_carries_a_warning(seeded):
    seeded.set_status(MUSK_NO_MONEY, "retracted", note="post deleted")
    seeded.set_status(MUSK_SOFTBANK, "disputed", note="SoftBank denies it")
    with pytest.raises(InvalidInput, match=rf"{MUSK_NO_MONEY} is retracted and must not be republished \(post deleted\)"):
        copy_block(seeded, MUSK_NO_MONEY)
    exported = export_blocks(seeded, output_format="text", speaker="Musk")
    assert "They don’t actually have the money" not in exported
    assert "Warning: Disputed: SoftBank denies it\n" in exported


def test_export_in_a_language_lists_approved_renditions_and_originals(seeded):
    records = json.loads(export_blocks(seeded, output_format="json", lang="en"))
    assert [(r["quote_id"], r["translation"] and r["translation"]["rendition_id"]) for r in records] == [
        (MUSK_NO_MONEY, None), (MUSK_SOFTBANK, None), (SIMSEK_INFLATION, SIMSEK_INFLATION_EN),
        (SIMSEK_ENERGY_IMPORTS, SIMSEK_ENERGY_IMPORTS_EN), (ALTMAN_POST, None)]


def test_html_escapes_hostile_text(registry):
    from quotes.translations.renditions import record_rendition
    from quotes.translations.review import review

    quote = registry.add_quote('<script>alert("x")</script> & "more"', speaker="Eve <img src=x onerror=1>",
                               lang="en", source_url='https://e.org/?a=1&b="2"', outlet="O'Reilly & <Co>")
    rendition = record_rendition(registry, quote.id, lang="tr", translator="<b>T</b>", text="<i>çeviri</i> & 'x'")
    review(registry, rendition.id, "submit", reviewer="<b>T</b>", note="n")
    review(registry, rendition.id, "approve", reviewer='R "quoted"', note="n")
    out = copy_block(registry, quote.id, lang="tr", output_format="html")
    assert out == (
        f'<blockquote class="quote" lang="tr" data-quote-id="{quote.id}">\n'
        "  <p>&lt;i&gt;çeviri&lt;/i&gt; &amp; &#x27;x&#x27;</p>\n"
        "  <footer>— <cite>Eve &lt;img src=x onerror=1&gt;</cite>, O&#x27;Reilly &amp; &lt;Co&gt; "
        '(<a href="https://e.org/?a=1&amp;b=&quot;2&quot;">source</a>)</footer>\n'
        '  <p class="translation-label">Translated from English by &lt;b&gt;T&lt;/b&gt;, reviewed by R &quot;quoted&quot;. '
        'Original (English): <q lang="en">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;more&quot;</q></p>\n'
        "</blockquote>\n"
    )
    assert "<script>" not in out and "<img" not in out


def test_a_javascript_source_is_not_linked(registry):
    quote = registry.add_quote("hello there friends", speaker="A", lang="en", source_url="javascript:alert(1)")
    assert "href" not in copy_block(registry, quote.id, output_format="html")


def test_markdown_escapes_markup_and_refuses_script_links(registry):
    quote = registry.add_quote("*all* <b>caps</b> [link](javascript:x)\nsecond line", speaker="A_B", lang="en",
                               source_url="javascript:alert(1)")
    assert copy_block(registry, quote.id, output_format="markdown") == (
        # "<" as an entity: "\\<" is no escape in Python-Markdown and other non-CommonMark renderers.
        "> \\*all\\* &lt;b&gt;caps&lt;/b&gt; \\[link\\](javascript:x)  \n> second line\n"
        ">\n"
        "> — **A\\_B**\n"
    )


HOSTILE = {  # what an import, a pasted article or an old database can hold
    "text": 'Buy <script>alert(1)</script> [now](javascript:alert(1)) ![x](https://e.org/x.png) *cheap* | ~~here~~\r\n'
            "- listed\n# big \x1b]0;pwned\x07 \x9b2J",
    "speaker": "Ansi\x1b]0;pwned\x07 Tester",
    "outlet": "<b>Outlet</b> & [co](javascript:x)",
}


def hostile_quote(registry):
    """A quote whose every text is hostile, disputed, with an approved rendition by a hostile translator."""
    from sqlalchemy import update

    from quotes import schema
    from quotes.translations.renditions import record_rendition
    from quotes.translations.review import review

    quote = registry.add_quote("the plain text of it", speaker="Plain Speaker", lang="en", outlet="plain",
                               source_url="https://e.org/ok")
    rendition = record_rendition(registry, quote.id, lang="tr", translator="Çevirmen", text="düz metin")
    review(registry, rendition.id, "submit", reviewer="Çevirmen", note="n")
    review(registry, rendition.id, "approve", reviewer="Deniz", note="n")
    registry.set_status(quote.id, "disputed", note="plain")
    # Written straight into the tables, as a database from before the input checks may hold it.
    with registry.store.write() as conn:
        conn.execute(update(schema.quote_versions).values(text=HOSTILE["text"]))
        conn.execute(update(schema.speakers).values(name=HOSTILE["speaker"]))
        conn.execute(update(schema.quotes).values(outlet=HOSTILE["outlet"], status_note="<i>x</i>\x1b[2J",
                                                  source_url="https://e.org/\x1b]8;;https://evil/\x07"))
        conn.execute(update(schema.rendition_revisions).values(text="*çeviri* <b>x</b>\x07"))
        conn.execute(update(schema.renditions).values(translator="T\x1b[31m"))
    return quote


CONTROLS = {chr(c) for c in [*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0)]}


def raw_controls(out: str) -> list[str]:
    """Control characters a terminal would obey (a CR ending a line is a line break)."""
    return [c for c in out.replace("\r\n", "\n") if c in CONTROLS]


def test_markdown_blocks_escape_every_stored_text(registry):
    quote = hostile_quote(registry)
    original = copy_block(registry, quote.id, output_format="markdown")
    assert original == (
        "> Buy &lt;script&gt;alert(1)&lt;/script&gt; \\[now\\](javascript:alert(1)) !\\[x\\](https://e.org/x.png) "
        "\\*cheap\\* \\| \\~\\~here\\~\\~  \n"
        "> \\- listed  \n"
        "> \\# big \\\\u001b\\]0;pwned\\\\u0007 \\\\u009b2J\n"
        ">\n"
        "> — **Ansi\\\\u001b\\]0;pwned\\\\u0007 Tester**, &lt;b&gt;Outlet&lt;/b&gt; &amp; \\[co\\](javascript:x)\n"
        ">\n"
        "> **Warning:** Disputed: &lt;i&gt;x&lt;/i&gt;\\\\u001b\\[2J\n"
    )
    translated = copy_block(registry, quote.id, lang="tr", output_format="markdown")
    assert "> \\*çeviri\\* &lt;b&gt;x&lt;/b&gt;\\\\u0007\n" in translated
    assert "*Translated from English by T\\\\u001b\\[31m, reviewed by Deniz.* Original (English): “Buy &lt;script&gt;" in translated
    for out in (original, translated, export_blocks(registry, output_format="markdown", lang="tr")):
        assert raw_controls(out) == []
        assert "<" not in out and "](" not in out.replace("\\](", "")  # no tag, no link, no image


def test_html_blocks_escape_every_stored_text(registry):
    quote = hostile_quote(registry)
    out = copy_block(registry, quote.id, lang="tr", output_format="html")
    assert "<cite>Ansi\\u001b]0;pwned\\u0007 Tester</cite>, &lt;b&gt;Outlet&lt;/b&gt; &amp; [co](javascript:x)" in out
    assert "by T\\u001b[31m, reviewed by Deniz." in out
    assert "<p>*çeviri* &lt;b&gt;x&lt;/b&gt;\\u0007</p>" in out
    assert "href" not in out  # a source URL with control characters in it is not linked
    assert raw_controls(out) == []
    assert "<script" not in out and "<b>" not in out and "<i>" not in out


def test_text_and_json_blocks_never_carry_control_characters(registry):
    quote = hostile_quote(registry)
    text = copy_block(registry, quote.id, lang="tr")
    assert "— Ansi\\u001b]0;pwned\\u0007 Tester, <b>Outlet</b> & [co](javascript:x)\n" in text
    assert "Translated from English by T\\u001b[31m, reviewed by Deniz.\n" in text
    assert "Source: https://e.org/\\u001b]8;;https://evil/\\u0007\n" in text
    assert "# big \\u001b]0;pwned\\u0007 \\u009b2J" in text
    as_json = export_blocks(registry, output_format="json")
    for out in (text, export_blocks(registry, output_format="text"), as_json):
        assert raw_controls(out) == []
    assert json.loads(as_json)[0]["speaker"] == HOSTILE["speaker"]  # JSON escapes, the value is intact
