import json

import pytest

from quotes.errors import InvalidInput
from quotes.translations.export import Translation, blocks, copy_blocks, render, turkish_ablative
from tests.helpers.seeds import (
    ALTMAN_POST,
    MUSK_NO_MONEY,
    MUSK_SOFTBANK,
    SIMSEK_ENERGY_IMPORTS,
    SIMSEK_ENERGY_IMPORTS_EN,
    SIMSEK_INFLATION,
    SIMSEK_INFLATION_EN,
)



def copy_block(registry, quote_ref, *, lang=None, output_format="text"):
    found, left_out = copy_blocks(registry, [quote_ref], lang=lang)
    assert left_out == []
    return render(found, output_format)


def export_blocks(registry, *, output_format, **options):
    return render(blocks(registry, **options), output_format)


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
    found = blocks(seeded, speaker="Musk", statuses=["unverified", "disputed"])
    assert [(b.quote_id, b.warning) for b in found] == [(MUSK_SOFTBANK, f"{MUSK_SOFTBANK} is disputed: SoftBank denies it")]
    assert "SoftBank denies it" not in render(found, "text")  # the warning is the writer's, not the reader's


def test_export_in_a_language_lists_approved_renditions_and_originals(seeded):
    records = json.loads(export_blocks(seeded, output_format="json", lang="en", statuses=["unverified"]))
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
        '(<a href="https://e.org/?a=1&amp;b=&quot;2&quot;">kaynak</a>)</footer>\n'
        '  <p class="translation-label">İngilizceden çeviren &lt;b&gt;T&lt;/b&gt;, gözden geçiren R &quot;quoted&quot;. '
        'Aslı (İngilizce): <q lang="en">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;more&quot;</q></p>\n'
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

    from quotes.registry import schema
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
    )
    translated = copy_block(registry, quote.id, lang="tr", output_format="markdown")
    assert "> \\*çeviri\\* &lt;b&gt;x&lt;/b&gt;\\\\u0007\n" in translated
    assert "*İngilizceden çeviren T\\\\u001b\\[31m, gözden geçiren Deniz.* Aslı (İngilizce): “Buy &lt;script&gt;" in translated
    for out in (original, translated, export_blocks(registry, output_format="markdown", lang="tr", statuses=["disputed"])):
        assert raw_controls(out) == []
        assert "<" not in out and "](" not in out.replace("\\](", "")  # no tag, no link, no image


def test_html_blocks_escape_every_stored_text(registry):
    quote = hostile_quote(registry)
    out = copy_block(registry, quote.id, lang="tr", output_format="html")
    assert "<cite>Ansi\\u001b]0;pwned\\u0007 Tester</cite>, &lt;b&gt;Outlet&lt;/b&gt; &amp; [co](javascript:x)" in out
    assert "çeviren T\\u001b[31m, gözden geçiren Deniz." in out
    assert "<p>*çeviri* &lt;b&gt;x&lt;/b&gt;\\u0007</p>" in out
    assert "href" not in out  # a source URL with control characters in it is not linked
    assert raw_controls(out) == []
    assert "<script" not in out and "<b>" not in out and "<i>" not in out


def test_text_and_json_blocks_never_carry_control_characters(registry):
    quote = hostile_quote(registry)
    text = copy_block(registry, quote.id, lang="tr")
    assert "— Ansi\\u001b]0;pwned\\u0007 Tester, <b>Outlet</b> & [co](javascript:x)\n" in text
    assert "İngilizceden çeviren T\\u001b[31m, gözden geçiren Deniz.\n" in text
    assert "Kaynak: https://e.org/\\u001b]8;;https://evil/\\u0007\n" in text
    assert "# big \\u001b]0;pwned\\u0007 \\u009b2J" in text
    as_json = export_blocks(registry, output_format="json", statuses=["disputed"])
    for out in (text, export_blocks(registry, output_format="text", statuses=["disputed"]), as_json):
        assert raw_controls(out) == []
    assert json.loads(as_json)[0]["speaker"] == HOSTILE["speaker"]  # JSON escapes, the value is intact


ALTMAN_TR_TEXT = """“hayır teşekkürler ama istersen twitter'ı 9,74 milyar dolara biz satın alırız”
— Sam Altman, X post, 2025-02-10
İngilizceden çeviren quotes seed translation, gözden geçiren quotes seed review.
Aslı (İngilizce): “no thank you but we will buy twitter for $9.74 billion if you want”
Kaynak: https://voz.us/en/technology/250211/20923/elon-musk-led-consortium-submits-97-4-billion-offer-to-buy-openai-but-altman-turns-it-down.html
"""


def test_a_turkish_block_is_labelled_in_turkish(seeded):
    assert copy_block(seeded, ALTMAN_POST, lang="tr") == ALTMAN_TR_TEXT


@pytest.mark.parametrize("name, ablative", [
    ("İngilizce", "İngilizceden"), ("Türkçe", "Türkçeden"), ("Almanca", "Almancadan"), ("Rusça", "Rusçadan"),
    ("Azerbaycan dili", "Azerbaycan dilinden"), ("Fars", "Farstan"),
])
def test_turkish_from_suffix_follows_vowel_harmony(name, ablative):
    assert turkish_ablative(name) == ablative


def test_a_machine_draft_says_so_in_the_blocks_language(registry):
    from dataclasses import replace

    from quotes.translations.export import block_for

    quote = registry.add_quote("we will buy it", speaker="A", lang="en")
    block = replace(block_for(quote, None), lang="tr", translation=Translation(
        from_lang="en", translator="tester", machine="argos en_tr 1.9", reviewer="Deniz", original=quote.text,
        rendition_id="r-1"))
    assert block.label == "İngilizceden çeviren tester (makine taslağı: argos en_tr 1.9), gözden geçiren Deniz."
    assert block.original_label == "Aslı (İngilizce)"


def test_several_blocks_are_separated_by_a_blank_line(seeded):
    found, left_out = copy_blocks(seeded, [ALTMAN_POST, SIMSEK_INFLATION], lang="tr")
    assert left_out == []
    assert render(found, "text") == ALTMAN_TR_TEXT + "\n" + (
        "“Enflasyonun yıl sonunda %30'un altına inmesini bekliyoruz.”\n"
        "— Mehmet Şimşek, Bigpara (Hürriyet) live broadcast, as summarised by the outlet, 2025-09-17\n"
        "Kaynak: https://bigpara.hurriyet.com.tr/haberler/genel-haberler/bakan-simsekten-onemli-aciklamalar_ID1618044/\n")


def test_copy_leaves_out_quotes_of_other_statuses_and_refuses_retracted_ones(seeded):
    seeded.set_status(SIMSEK_INFLATION, "verified", note="checked")
    found, left_out = copy_blocks(seeded, [ALTMAN_POST, SIMSEK_INFLATION], statuses=["verified"])
    assert ([b.quote_id for b in found], [q.id for q in left_out]) == ([SIMSEK_INFLATION], [ALTMAN_POST])
    assert found[0].warning is None
    seeded.set_status(MUSK_NO_MONEY, "retracted", note="post deleted")
    with pytest.raises(InvalidInput, match="is retracted"):
        copy_blocks(seeded, [SIMSEK_INFLATION, MUSK_NO_MONEY], statuses=["verified"])


def test_a_newsletter_takes_verified_quotes_unless_asked_for_others(seeded):
    assert blocks(seeded) == []
    seeded.set_status(SIMSEK_INFLATION, "verified", note="checked")
    assert [b.quote_id for b in blocks(seeded)] == [SIMSEK_INFLATION]
    unverified = blocks(seeded, statuses=["unverified"])
    assert SIMSEK_INFLATION not in [b.quote_id for b in unverified]
    assert unverified[0].warning == f"{MUSK_NO_MONEY} is unverified: check it against its source before publishing"
    with pytest.raises(InvalidInput, match="status: retracted quotes are never published"):
        blocks(seeded, statuses=["verified", "retracted"])
