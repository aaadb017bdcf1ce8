import unicodedata
from contextlib import closing

import pytest

from quotes.errors import AmbiguousId, InvalidInput, NotFound
from quotes.registry.registry import Registry
from tests.helpers.ids import SequentialIds


def add_altman(registry, **overrides):
    fields = dict(speaker="Sam Altman", lang="en", said_on="2025-02-10", aliases=["Altman", "@sama"],
                  source_url="https://example.org/post", outlet="X", medium="post")
    fields.update(overrides)
    return registry.add_quote("no thank you but we will buy twitter for $9.74 billion if you want", **fields)


def test_add_and_get_by_prefix(any_registry):
    quote = add_altman(any_registry)
    assert quote.id.startswith("q-") and len(quote.id) == 8
    fetched = any_registry.get_quote(quote.id[2:5])
    assert fetched.text == "no thank you but we will buy twitter for $9.74 billion if you want"
    assert fetched.speaker.name == "Sam Altman"
    assert fetched.speaker.aliases == ("@sama", "Altman")
    assert fetched.status == "unverified"
    assert [e.action for e in any_registry.history(quote.id)] == ["add"]


def test_edit_makes_a_new_version_and_keeps_the_old(any_registry):
    quote = add_altman(any_registry)
    edited = any_registry.edit_quote(quote.id, text="no thank you but we will buy twitter for $9.74 billion if you want.",
                                     reason="final full stop", actor="desk")
    assert [v.version for v in edited.versions] == [1, 2]
    assert edited.versions[0].text == quote.text
    assert edited.versions[1].reason == "final full stop"
    event = any_registry.history(quote.id)[-1]
    assert (event.actor, event.action) == ("desk", "edit")
    assert event.detail["before"] == {"text": quote.text}


def test_status_change_is_logged_with_its_note(any_registry):
    quote = add_altman(any_registry)
    changed = any_registry.set_status(quote.id, "disputed", note="screenshot only")
    assert (changed.status, changed.status_note) == ("disputed", "screenshot only")
    assert any_registry.history(quote.id)[-1].detail == {
        "before": {"status": "unverified"}, "after": {"status": "disputed"}, "note": "screenshot only"}


def test_list_filters(any_registry):
    add_altman(any_registry)
    any_registry.add_quote("Enflasyonun yıl sonunda %30'un altına inmesini bekliyoruz.", speaker="Mehmet Şimşek", lang="tr")
    assert [q.lang for q in any_registry.list_quotes(lang="tr")] == ["tr"]
    assert [q.speaker.name for q in any_registry.list_quotes(speaker="altman")] == ["Sam Altman"]
    assert any_registry.list_quotes(status="verified") == []


@pytest.mark.parametrize(
    "change, message",
    [
        ({"lang": "xx"}, "lang: 'xx' is not a language code"),
        ({"said_on": "2025-02-30"}, "said_on: '2025-02-30' is not a date (use YYYY-MM-DD)"),
        ({"speaker": "  "}, "speaker: must not be empty"),
    ],
)
def test_bad_fields_are_refused_and_nothing_is_written(registry, change, message):
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        add_altman(registry, **change)
    assert registry.list_quotes() == []


def test_same_statement_twice_is_refused(registry):
    quote = add_altman(registry)
    with pytest.raises(InvalidInput, match=f"already registered as {quote.id}"):
        add_altman(registry)


def test_a_same_statement_is_one_of_the_speakers_current_texts(any_registry):
    quote = add_altman(any_registry)
    any_registry.edit_quote(quote.id, text="no thank you but we will buy twitter for $9.74 billion", reason="trimmed")
    with pytest.raises(InvalidInput, match=f"already registered as {quote.id}"):
        any_registry.add_quote("no thank you but we will buy twitter for $9.74 billion", speaker="Sam Altman", lang="en")
    assert add_altman(any_registry).id != quote.id  # the old text is no longer the quote's
    assert add_altman(any_registry, speaker="Someone Else").id != quote.id


def test_unknown_and_ambiguous_ids(tmp_path):
    # Quotes q-000009 and q-000010: they share q-0000, and q-00001 is the second one's alone.
    with closing(Registry(str(tmp_path / "quotes.db"), ids=SequentialIds(start=9))) as registry:
        add_altman(registry)
        registry.add_quote("They don’t actually have the money", speaker="Elon Musk", lang="en")
        with pytest.raises(AmbiguousId, match="q-0000 is ambiguous: it matches q-000009, q-000010"):
            registry.get_quote("0000")
        with pytest.raises(NotFound, match="no quote with id q-ffff"):
            registry.get_quote("q-ffff")
        assert registry.get_quote("q-00001").speaker.name == "Elon Musk"


def test_prefix_wildcards_are_literal(registry):
    add_altman(registry)
    with pytest.raises(NotFound):
        registry.get_quote("%")


def test_unchanged_edit_is_refused(registry):
    quote = add_altman(registry)
    with pytest.raises(InvalidInput, match="the new text is the same as version 1"):
        registry.edit_quote(quote.id, text=quote.text, reason="none")


def test_text_without_words_or_with_invalid_characters_is_refused(registry):
    with pytest.raises(InvalidInput, match="text: has no words to register"):
        registry.add_quote("… ”", speaker="A", lang="en")
    with pytest.raises(InvalidInput, match="text: contains invalid characters"):
        registry.add_quote("caf\udce9 au lait", speaker="A", lang="en")
    assert registry.list_quotes() == []


MUSK = "They don’t actually have the money"
SIMSEK_OIL = "Türkiye son 23 yılda petrol ve doğal gaz ithalatına tam 1 trilyon dolar ödedi."


@pytest.mark.parametrize(
    "text, speaker, lang",
    [
        (MUSK + " ", "Elon Musk", "en"),  # trailing space
        ("  They don’t  actually have\nthe money", "Elon Musk", "en"),  # whitespace
        (MUSK.replace("’", "'"), "elon musk", "en"),  # straight apostrophe, the speaker typed otherwise
        ("“" + MUSK + "”", "ELON MUSK", "en"),  # quote marks
        (unicodedata.normalize("NFD", SIMSEK_OIL), "Mehmet Şimşek", "tr"),  # Unicode form of the text
        (SIMSEK_OIL, unicodedata.normalize("NFD", "Mehmet Şimşek"), "tr"),  # … and of the speaker's name
    ],
)
def test_the_same_statement_typed_otherwise_is_refused(any_registry, text, speaker, lang):
    musk = any_registry.add_quote(MUSK, speaker="Elon Musk", lang="en")
    simsek = any_registry.add_quote(SIMSEK_OIL, speaker="Mehmet Şimşek", lang="tr")
    registered = musk if lang == "en" else simsek
    with pytest.raises(InvalidInput, match=f"already registered as {registered.id}"):
        any_registry.add_quote(text, speaker=speaker, lang=lang)
    assert len(any_registry.list_quotes()) == 2
    assert sorted(s.name for s in any_registry.speakers()) == ["Elon Musk", "Mehmet Şimşek"]


def test_other_words_or_case_are_another_statement_and_texts_are_kept_as_given(any_registry):
    musk = any_registry.add_quote(MUSK, speaker="Elon Musk", lang="en")
    kept = any_registry.add_quote("They don't actually have THE money ", speaker="elon musk", lang="en")
    assert kept.text == "They don't actually have THE money "  # stored verbatim; only compared normalised
    any_registry.add_quote("They do actually have the money", speaker="Elon Musk", lang="en")
    # What the checker would call verbatim is the same statement: punctuation, the first word's case.
    for same in [MUSK + ".", "“They don’t — actually — have the money”", "they don’t actually have the money"]:
        with pytest.raises(InvalidInput, match=f"already registered as {musk.id}"):
            any_registry.add_quote(same, speaker="Elon Musk", lang="en")
    assert len(any_registry.list_quotes(speaker="ELON MUSK")) == 3


def test_an_edit_may_not_make_a_quote_another_ones_statement(any_registry):
    musk = any_registry.add_quote(MUSK, speaker="Elon Musk", lang="en")
    other = any_registry.add_quote("We have the money", speaker="Elon Musk", lang="en")
    with pytest.raises(InvalidInput, match=f"the new text is {musk.id}'s"):
        any_registry.edit_quote(other.id, text=MUSK.replace("’", "'"), reason="merge")
    # A typography correction of the quote itself is an edit like any other.
    assert any_registry.edit_quote(musk.id, text=MUSK.replace("’", "'"), reason="as posted").versions[-1].version == 2


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x07", "\x7f", "\x85", "\x9b"])
@pytest.mark.parametrize(
    "field, call",
    [
        ("text", lambda r, c: r.add_quote(f"We will{c} buy it", speaker="A", lang="en")),
        ("speaker", lambda r, c: r.add_quote("We will buy it", speaker=f"Elon{c}Musk", lang="en")),
        ("alias", lambda r, c: r.add_quote("We will buy it", speaker="A", lang="en", aliases=[f"A{c}"])),
        ("source_url", lambda r, c: r.add_quote("We will buy it", speaker="A", lang="en", source_url=f"https://x{c}")),
        ("outlet", lambda r, c: r.add_quote("We will buy it", speaker="A", lang="en", outlet=f"X{c}")),
        ("medium", lambda r, c: r.add_quote("We will buy it", speaker="A", lang="en", medium=f"post{c}")),
        ("context", lambda r, c: r.add_quote("We will buy it", speaker="A", lang="en", context=f"reply{c}")),
    ],
)
def test_control_characters_and_nul_are_refused_in_every_field(any_registry, field, call, character):
    with pytest.raises(InvalidInput, match=rf"^{field}: contains a (NUL|control) character \(U\+{ord(character):04X}\)$"):
        call(any_registry, character)
    assert any_registry.list_quotes() == [] and any_registry.speakers() == []


def test_control_characters_are_refused_in_edits_statuses_renditions_and_notes(any_registry):
    from quotes.translations.renditions import record_rendition, revise_rendition
    from quotes.translations.review import add_note, review

    quote = any_registry.add_quote("We will\tbuy it,\r\nand soon", speaker="A", lang="en")  # tab and line breaks are text
    with pytest.raises(InvalidInput, match=r"^text: contains a NUL character \(U\+0000\)$"):
        any_registry.edit_quote(quote.id, text="We will\x00 buy it", reason="r")
    with pytest.raises(InvalidInput, match=r"^reason: contains a control character \(U\+001B\)$"):
        any_registry.edit_quote(quote.id, text="We will buy it", reason="\x1b[2J")
    with pytest.raises(InvalidInput, match=r"^note: contains a control character \(U\+0007\)$"):
        any_registry.set_status(quote.id, "verified", note="ok\x07")
    with pytest.raises(InvalidInput, match=r"^translator: contains a control character \(U\+0009\)$"):
        record_rendition(any_registry, quote.id, lang="tr", translator="Ayşe\tK.", text="Alacağız")
    with pytest.raises(InvalidInput, match=r"^note: contains a NUL character \(U\+0000\)$"):
        record_rendition(any_registry, quote.id, lang="tr", translator="Ayşe K.", text="Alacağız", note="\x00")
    rendition = record_rendition(any_registry, quote.id, lang="tr", translator="Ayşe K.", text="Alacağız")
    with pytest.raises(InvalidInput, match=r"^note: contains a control character \(U\+001B\)$"):
        revise_rendition(any_registry, rendition.id, text="Onu alacağız", translator="Ayşe K.", note="\x1b")
    with pytest.raises(InvalidInput, match=r"^reviewer: contains a control character \(U\+000A\)$"):
        review(any_registry, rendition.id, "submit", reviewer="Deniz\nY.", note="ready")
    with pytest.raises(InvalidInput, match=r"^text: contains a control character \(U\+009B\)$"):
        add_note(any_registry, rendition.id, author="Deniz Y.", text="\x9b31m")
    assert [v.text for v in any_registry.get_quote(quote.id).versions] == ["We will\tbuy it,\r\nand soon"]
    assert [r.notes for r in any_registry.get_quote(quote.id).renditions] == [()]
