import pytest

from quotes.errors import InvalidInput, NotFound
from quotes.translations.renditions import list_renditions, record_rendition


def test_chain_original_to_turkish_to_english_back_translation(seeded):
    back = record_rendition(seeded, "q-a17b0e", lang="en", translator="Mert", text="If you want, I can buy X",
                            from_ref="r-5e1a01")
    assert back.from_rendition_id == "r-5e1a01"
    assert back.state == "draft" and back.method == "human"


def test_rendition_must_change_language(seeded):
    with pytest.raises(InvalidInput, match="lang: en is the language of what it is made from"):
        record_rendition(seeded, "q-a17b0e", lang="en", translator="Mert", text="no thanks")


def test_from_must_be_a_rendition_of_the_same_quote(seeded):
    with pytest.raises(InvalidInput, match="from: r-7d2e41 is a rendition of another quote, not of q-a17b0e"):
        record_rendition(seeded, "q-a17b0e", lang="de", translator="Mert", text="nein danke", from_ref="r-7d2e41")


def test_text_or_machine(seeded):
    with pytest.raises(InvalidInput, match="text: give the rendition's text or ask for a machine draft"):
        record_rendition(seeded, "q-a17b0e", lang="de", translator="Mert")
    with pytest.raises(InvalidInput, match="text: give the rendition's text or ask for a machine draft"):
        record_rendition(seeded, "q-a17b0e", lang="de", translator="Mert", text="x", machine=True)


def test_queue_filters(seeded):
    assert [r.id for r in list_renditions(seeded, state="changes-requested")] == ["r-5e1a01"]
    assert [r.id for r in list_renditions(seeded, lang="en")] == ["r-7d2e41", "r-7d2e43"]
    assert [r.id for r in list_renditions(seeded, quote="q-a17b0e")] == ["r-5e1a01", "r-5e1a02"]
    with pytest.raises(InvalidInput, match="state: 'done' is not one of draft, in-review"):
        list_renditions(seeded, state="done")
    with pytest.raises(NotFound, match="no quote with id q-0000"):
        list_renditions(seeded, quote="q-0000")
