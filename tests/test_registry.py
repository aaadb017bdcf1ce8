from contextlib import closing

import pytest

from quotes.errors import AmbiguousId, InvalidInput, NotFound
from quotes.registry import Registry
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
