from collections import Counter

import pytest

from quotes.errors import InvalidInput, NotFound
from quotes.translations.renditions import count_renditions, list_renditions, record_rendition, view_rendition, view_renditions, word_diff
from tests.helpers.seeds import (
    ALTMAN_POST,
    ALTMAN_POST_TR_DRIFTED,
    ALTMAN_POST_TR_FAITHFUL,
    SIMSEK_ENERGY_IMPORTS_EN,
    SIMSEK_INFLATION_EN,
)


def test_chain_original_to_turkish_to_english_back_translation(seeded):
    back = record_rendition(seeded, ALTMAN_POST, lang="en", translator="Mert", text="If you want, I can buy X",
                            from_ref=ALTMAN_POST_TR_DRIFTED)
    assert back.from_rendition_id == ALTMAN_POST_TR_DRIFTED
    assert back.state == "draft" and back.method == "human"


def test_rendition_must_change_language(seeded):
    with pytest.raises(InvalidInput, match="lang: en is the language of what it is made from"):
        record_rendition(seeded, ALTMAN_POST, lang="en", translator="Mert", text="no thanks")


def test_from_must_be_a_rendition_of_the_same_quote(seeded):
    with pytest.raises(InvalidInput,
                       match=f"from: {SIMSEK_INFLATION_EN} is a rendition of another quote, not of {ALTMAN_POST}"):
        record_rendition(seeded, ALTMAN_POST, lang="de", translator="Mert", text="nein danke", from_ref=SIMSEK_INFLATION_EN)


def test_text_or_machine(seeded):
    with pytest.raises(InvalidInput, match="text: give the rendition's text or ask for a machine draft"):
        record_rendition(seeded, ALTMAN_POST, lang="de", translator="Mert")
    with pytest.raises(InvalidInput, match="text: give the rendition's text or ask for a machine draft"):
        record_rendition(seeded, ALTMAN_POST, lang="de", translator="Mert", text="x", machine=True)


def test_queue_filters(seeded):
    assert [r.id for r in list_renditions(seeded, state="changes-requested")] == [ALTMAN_POST_TR_DRIFTED]
    assert [r.id for r in list_renditions(seeded, lang="en")] == [SIMSEK_INFLATION_EN, SIMSEK_ENERGY_IMPORTS_EN]
    assert [r.id for r in list_renditions(seeded, quote=ALTMAN_POST)] == [ALTMAN_POST_TR_DRIFTED, ALTMAN_POST_TR_FAITHFUL]
    with pytest.raises(InvalidInput, match="state: 'done' is not one of draft, in-review"):
        list_renditions(seeded, state="done")
    with pytest.raises(NotFound, match="no quote with id q-0000"):
        list_renditions(seeded, quote="q-0000")


def test_queue_by_translator_compares_people_by_identity(seeded):
    mine = record_rendition(seeded, ALTMAN_POST, lang="de", translator="Ayşe K.", text="nein danke")
    record_rendition(seeded, ALTMAN_POST, lang="fr", translator="Mert", text="non merci")
    assert [r.id for r in list_renditions(seeded, translator="ayse k.")] == [mine.id]
    assert list_renditions(seeded, translator="Ayşe") == []


def test_a_rendition_in_view_has_its_quote_checks_and_latest_note(seeded):
    view = view_rendition(seeded, ALTMAN_POST_TR_DRIFTED)
    assert (view.quote.id, view.made_from is view.quote) == (ALTMAN_POST, True)
    assert [f.check for f in view.failed_checks] == ["number", "negation", "person", "length"]
    assert view.latest_note.action == "request-changes"
    back = record_rendition(seeded, ALTMAN_POST, lang="en", translator="Mert", text="If you want, I can buy X",
                            from_ref=ALTMAN_POST_TR_DRIFTED)
    [view] = view_renditions(seeded, [back])
    assert view.made_from.id == ALTMAN_POST_TR_DRIFTED and view.latest_note is None


@pytest.mark.parametrize("before, after, diff", [
    ("Aslında paraları yok", "Aslında hiç paraları yok", ["Aslında", "+hiç (negation, added)", "paraları", "yok"]),
    # Words dropped at either end are shown: the checker would read the later text as an excerpt.
    ("Aslında paraları yok", "paraları yok", ["-Aslında", "paraları", "yok"]),
    ("paraları yok aslında", "paraları yok", ["paraları", "yok", "-aslında"]),
    ("yüzde 30 bekliyoruz", "yüzde 40 bekliyoruz", ["yüzde 30 → yüzde 40 (number)", "bekliyoruz"]),
])
def test_word_diff_between_revisions(before, after, diff):
    def shown(change):
        flags = f" ({', '.join(change.flags)})" if change.flags else ""
        return {"keep": change.target, "insert": f"+{change.target}{flags}", "delete": f"-{change.source}{flags}",
                "replace": f"{change.source} → {change.target}{flags}"}[change.op]

    assert [shown(change) for change in word_diff(before, after, "tr")] == diff


def test_the_queue_is_counted_and_limited_by_the_database(seeded):
    mine = {record_rendition(seeded, ALTMAN_POST, lang=lang, translator="Ayşe K.", text=text).id
            for lang, text in (("de", "Nein danke"), ("fr", "Non merci"))}
    everyone = list_renditions(seeded)
    assert {r.id for r in list_renditions(seeded, translator="AYSE K.")} == mine
    assert list_renditions(seeded, limit=2) == everyone[:2] and len(everyone) == 6
    assert count_renditions(seeded, translator="ayşe k.") == Counter({("de", "draft"): 1, ("fr", "draft"): 1})
    assert count_renditions(seeded, lang="en") == Counter({("en", "approved"): 2})
    assert count_renditions(seeded, state="draft") == Counter({("de", "draft"): 1, ("fr", "draft"): 1})
    assert count_renditions(seeded, translator="Nobody") == Counter()
