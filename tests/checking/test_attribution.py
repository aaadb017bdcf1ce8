"""Who the coverage names as a passage's speaker (quotes.checking.attribution)."""

from __future__ import annotations

import pytest

from quotes.checking.attribution import OWN_SENTENCE_REACH, PRONOUN_LOOKBACK, Attribution
from quotes.checking.check import Checker
from quotes.checking.coverage import Document
from quotes.checking.passages import find_passages
from tests.helpers.seeds import ALTMAN_POST, SEED_ARTICLE

ALIASES = {
    "Sam Altman": "altman",
    "Altman": "altman",
    "@sama": "altman",
    "Elon Musk": "musk",
    "Musk": "musk",
    "Mehmet Şimşek": "simsek",
    "Şimşek": "simsek",
    "Bakan Şimşek": "simsek",
    "Sam": "someone-else",
}


def speaker(text: str, aliases=ALIASES, **kwargs) -> str | None:
    [passage] = find_passages(text, **kwargs)
    return Attribution(aliases).speaker(text, passage)


@pytest.mark.parametrize("text, expected", [
    ('"No thank you," Altman posted, "but we will buy Twitter (X) for $9.74 billion if you want."',
     "altman"),
    ("“Enflasyon düşecek,” dedi Bakan Şimşek.", "simsek"),
    ("The project, according to Musk, is “not funded at all.”", "musk"),
    ("Musk’s answer was short: “These companies have no money.”", "musk"),
    ("Şimşek'in açıklaması şöyle: “Enflasyon düşecek.”", "simsek"),
    ("ŞİMŞEK: “Enflasyon düşecek.”", "simsek"),
    ("@sama replied: “we will buy it”", "altman"),
])
def test_speaker_named_in_the_same_sentence(text, expected):
    assert speaker(text) == expected


def test_a_passages_own_sentence_is_read_only_near_it():
    # A "sentence" of a whole line of quotes and no full stop was read whole for each of its
    # passages (2,000 quotes on a line took 54 s); a name further away than the reach does
    # not attribute the passage.
    near = "Musk wrote " + "x " * 100 + "“we have no money at all”"
    far = "Musk wrote " + "x " * OWN_SENTENCE_REACH + "“we have no money at all”"
    assert (speaker(near), speaker(far)) == ("musk", None)


def test_name_only_in_the_previous_sentence():
    text = "Sam Altman spoke on Monday. “We are not for sale.” The board agreed."
    assert speaker(text) == "altman"


def test_name_in_the_next_sentence_when_none_before():
    text = "The board met. “We are not for sale.” That was Altman, replying."
    assert speaker(text) == "altman"


def test_own_sentence_before_neighbours():
    text = "Musk sued. “We are not for sale,” Altman said. Musk replied."
    assert speaker(text) == "altman"


def test_previous_sentence_before_next():
    text = "Musk sued. “We are not for sale.” Altman replied."
    assert speaker(text) == "musk"


def test_no_registered_name():
    assert speaker("“We are not for sale,” the chief executive said.") is None


def test_no_aliases():
    assert speaker("“We are not for sale,” Altman said.", aliases={}) is None


def test_the_nearer_of_two_speakers_wins():
    assert speaker("Musk sued, but Altman answered: “We are not for sale.”") == "altman"
    assert speaker("“We are not for sale,” Altman said after Musk sued.") == "altman"


def test_names_inside_the_quote_are_not_the_speaker():
    assert speaker("“Musk is wrong about us,” the board said.") is None


def test_longer_alias_wins_over_a_shorter_one_inside_it():
    assert speaker("“We are not for sale,” Sam Altman said.") == "altman"


@pytest.mark.parametrize("text", [
    "“We are not for sale,” altman said.",  # the first letter is case-sensitive
    "“We are not for sale,” Altmann said.",  # whole words only
    "“We are not for sale,” said x@sama.",
])
def test_no_match(text):
    assert speaker(text) is None


def test_unquoted_sentence_counts_names_inside_it():
    text = "Musk said the companies have no money."
    assert speaker(text, sentences=True) == "musk"


def test_seed_article_speakers():
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    found = {p.text: Attribution(ALIASES).speaker(text, p) for p in find_passages(text)}
    assert found == {
        "Istersen ben X’i satın alabilirim": "altman",
        "These companies have no money.": "musk",
    }


# Registered full names only, no aliases: surnames are derived from these.
NAMES = {
    "altman": "Sam Altman",
    "musk": "Elon Musk",
    "simsek": "Mehmet Şimşek",
    "bahceli": "Devlet Bahçeli",
    "ocalan": "Abdullah Öcalan",
    "trump": "Donald Trump",
    "erdogan": "Recep Tayyip Erdoğan",
    "leyen": "Ursula von der Leyen",
}


def by_name(text: str, names=NAMES, aliases=(), **kwargs) -> str | None:
    [passage] = find_passages(text, **kwargs)
    pairs = [*((name, speaker) for speaker, name in names.items()), *aliases]
    return Attribution(pairs, names=names).speaker(text, passage)


@pytest.mark.parametrize("text, expected", [
    ("Musk posted: “We will buy it.”", "musk"),
    ("“Gelsin konuşsun,” dedi Bahçeli.", "bahceli"),
    ("Bahçeli'nin sözleri şöyle: “Gelsin konuşsun.”", "bahceli"),
    ("Musk's reply was short: “No.”", "musk"),
    ("Şimşek’e göre “enflasyon düşecek.”", "simsek"),
    ("Trump'tan Türkiye'ye: “Ekonominizi yok ederim.”", "trump"),
    ("ŞİMŞEK: “Enflasyon düşecek.”", "simsek"),
    ("“If the isolation is lifted, let him come,” Bahceli said.", "bahceli"),  # no diacritics
    ("IMAMOGLU, ERDOGAN: “Sert bir adam olma.”", "erdogan"),
    ("“We stand together,” von der Leyen said.", "leyen"),
])
def test_surname_of_a_registered_name(text, expected):
    assert by_name(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("“Enflasyon düşecek,” dedi Bakan Şimşek.", "simsek"),
    ("ABD Başkanı Trump, “Aptal olma” dedi.", "trump"),
    ("Cumhurbaşkanı Erdoğan: “Sabrımız tükeniyor.”", "erdogan"),
    ("“Be patient,” President Erdoğan told reporters.", "erdogan"),
    ("“Rates will fall,” Finance Minister Şimşek said.", "simsek"),
    ("MHP Genel Başkanı Bahçeli, “Gelsin konuşsun” dedi.", "bahceli"),
])
def test_title_and_surname(text, expected):
    assert by_name(text) == expected


def test_handles():
    aliases = [("@sama", "altman"), ("elonmusk", "musk")]
    assert by_name("@sama replied: “we will buy it”", aliases=aliases) == "altman"
    assert by_name("@elonmusk wrote: “They have no money.”", aliases=aliases) == "musk"


@pytest.mark.parametrize("text", [
    "“Gelsin konuşsun,” dedi Kılıçdaroğlu.",  # an unregistered surname
    "“We will buy it,” musk posted.",  # a surname's first letter is as registered
    "“We will buy it,” Muskrat posted.",  # whole words only
    "“We will buy it,” Kimbal Musk posted.",  # someone else with a registered surname
    "Eşi Dilek Şimşek, “Enflasyon düşecek” dedi.",
])
def test_surname_that_names_no_registered_speaker(text):
    assert by_name(text) is None


IMAMOGLU = {"ekrem": "Ekrem İmamoğlu", "dilek": "Dilek İmamoğlu", **NAMES}


def test_ambiguous_surname_names_no_one():
    assert by_name("İmamoğlu, “Yılmayacağım” dedi.", names=IMAMOGLU) is None


def test_ambiguous_surname_is_not_handed_to_a_farther_name():
    text = "Şimşek spoke first. İmamoğlu, “Yılmayacağım” dedi."
    assert by_name(text, names=IMAMOGLU) is None


def test_ambiguous_surname_named_in_full_earlier_in_the_document():
    text = "Ekrem İmamoğlu gözaltına alındı.\n\nSabah İmamoğlu, “Yılmayacağım” dedi."
    assert by_name(text, names=IMAMOGLU) == "ekrem"
    text = "Ekrem İmamoğlu gözaltına alındı. Dilek İmamoğlu konuştu.\n\nİmamoğlu, “Emanet ediyor” dedi."
    assert by_name(text, names=IMAMOGLU) == "dilek"  # the one named last


def test_a_registered_alias_wins_over_a_shared_surname():
    aliases = [("İmamoğlu", "ekrem")]
    assert by_name("İmamoğlu, “Yılmayacağım” dedi.", names=IMAMOGLU, aliases=aliases) == "ekrem"


@pytest.mark.parametrize("text, expected", [
    # the object of the sentence is not who spoke
    ("Bahçeli, Abdullah Öcalan için “Şayet tecridi kaldırılırsa gelsin” ifadelerini kullandı.", "bahceli"),
    ("Bahçeli meclis kürsüsünde, Öcalan’a çağrı yaparak “Gelsin” dedi.", "bahceli"),
    ("Trump's letter to Erdoğan, dated 10/9: “Don’t be a fool!”", "trump"),
    ("Musk lashed out at Altman: “He is a liar.”", "musk"),
    ("Öcalan’ı ziyaret eden heyet: “Silah bırakılsın.”", None),
    # a reporting verb's object, past the titles and given names before it
    ("Trump reminded Turkish President Recep Tayyip Erdoğan: “We have to be reasonable.”", "trump"),
    ("In the Oval Office, Trump told Turkey's President Erdoğan: “We have to be reasonable.”", "trump"),
    ("Bahçeli assured Mr Erdoğan: “We have to be reasonable.”", "bahceli"),
    # a bare name (the subject) ranks above a possessive one
    ("Altman, asked about Musk's offer, said: “No thank you.”", "altman"),
    ("Bahçeli, Öcalan'ın tecridi için “Gelsin konuşsun” dedi.", "bahceli"),
])
def test_roles(text, expected):
    assert by_name(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Musk sued OpenAI on Monday. The board met. “We are not for sale,” he said.", "musk"),
    ("Musk answered. “We are not for sale,” she added.", "musk"),
    ("Musk wrote on X.\n\nThe offer was rejected.\n\n“They have no money,” he wrote.", "musk"),
    ("Powell spoke at Jackson Hole. Markets rallied. “Policy may need to adjust,” said he.", None),
    ("Bahçeli grup toplantısında konuştu. Salon doluydu. “Gelsin konuşsun” dedi.", "bahceli"),
    ("Şimşek canlı yayında açıklama yaptı. “Enflasyon düşecek” diye konuştu.", "simsek"),
    ("Şimşek canlı yayında konuştu. “Enflasyon düşecek” ifadelerini kullandı.", "simsek"),
])
def test_pronoun_after_a_named_sentence(text, expected):
    assert by_name(text) == expected


def test_pronoun_looks_back_only_so_far():
    filler = " ".join(f"Sentence {n} follows." for n in range(PRONOUN_LOOKBACK))
    assert by_name(f"Musk spoke. {filler} “No,” he said.") is None
    filler = " ".join(f"Sentence {n} follows." for n in range(PRONOUN_LOOKBACK - 1))
    assert by_name(f"Musk spoke. {filler} “No,” he said.") == "musk"


@pytest.mark.parametrize("text", [
    "“We are not for sale,” he said.",  # no named sentence at all
    "“We are not for sale,” he said. Musk replied.",  # a pronoun points back, never forward
    "“Gelsin konuşsun” dedi. Bahçeli de konuştu.",
])
def test_pronoun_without_a_named_antecedent(text):
    assert by_name(text) is None


def test_a_named_unregistered_subject_is_not_a_pronoun():
    # Kılıçdaroğlu said it, not Bahçeli two sentences back.
    assert by_name("Bahçeli konuştu. Salon doluydu. Kılıçdaroğlu ise “Hayır” dedi.") is None


def test_mentions_in_order():
    text = "Bahçeli, Öcalan’a seslendi."
    attribution = Attribution(list((n, s) for s, n in NAMES.items()), names=NAMES)
    assert [(text[m.start:m.end], m.speaker) for m in attribution.mentions(text)] == [
        ("Bahçeli", "bahceli"), ("Öcalan’a", "ocalan")]


# Whole checks against the seeds (Sam Altman, Elon Musk, Mehmet Şimşek).

ALTMAN = "no thank you but we will buy twitter for $9.74 billion if you want"


def findings(registry, text):
    return Checker(registry).check(Document("article.txt", text, "utf-8")).findings


def test_altmans_post_attributed_to_musk_is_misattributed(seeded):
    [f] = findings(seeded, f"Musk posted: “{ALTMAN}”")
    assert (f.quote_id, f.verdict, f.attributed_to) == (ALTMAN_POST, "verbatim", "Elon Musk")
    assert "misattributed" in f.flags and f.severity == "error"


def test_misattributed_by_a_derived_surname(seeded):
    seeded.add_quote("Gelsin, grup toplantısında konuşsun.", speaker="Devlet Bahçeli", lang="tr")
    [f] = findings(seeded, f"MHP lideri Bahçeli'nin paylaşımı: “{ALTMAN}”")
    assert f.attributed_to == "Devlet Bahçeli" and "misattributed" in f.flags and f.severity == "error"
    [f] = findings(seeded, "“Gelsin, grup toplantısında konuşsun,” dedi Bahceli.")
    assert f.attributed_to == "Devlet Bahçeli" and "misattributed" not in f.flags


def test_misattributed_by_pronoun(seeded):
    [f] = findings(seeded, f"Musk was asked about the offer. He did not hesitate. “{ALTMAN},” he wrote.")
    assert f.attributed_to == "Elon Musk" and "misattributed" in f.flags


def test_repeats_with_different_speakers_are_separate_findings(seeded):
    text = (f"Altman posted: “{ALTMAN}”\n\nThe reply went viral.\n\n"
            f"A week later Musk posted: “{ALTMAN}”\n\nAltman posted: “{ALTMAN}”")
    first, second = findings(seeded, text)
    assert (first.attributed_to, first.count, first.flags, first.severity) == ("Sam Altman", 2, (), "ok")
    assert (second.attributed_to, second.count) == ("Elon Musk", 1)
    assert "misattributed" in second.flags and second.severity == "error"
    assert first.start < second.start and text[second.start:second.end] == ALTMAN
    assert text.index("Musk posted") < second.start < text.rindex("Altman posted")


def test_repeats_with_the_same_speaker_stay_one_finding(seeded):
    paragraph = f"Altman posted: “{ALTMAN}”"
    [f] = findings(seeded, f"{paragraph}\n\n{paragraph}\n\n{paragraph}")
    assert (f.count, f.attributed_to, f.start) == (3, "Sam Altman", paragraph.index(ALTMAN))


def test_split_repeats_are_located(seeded):
    quote = '"No thank you," {} posted, "but we will buy twitter for $9.74 billion if you want."'
    text = " ".join([quote.format("Altman"), quote.format("Musk")])
    first, second = findings(seeded, text)
    assert (first.attributed_to, second.attributed_to) == ("Sam Altman", "Elon Musk")
    assert second.start == text.index('No thank you', 10) and "misattributed" in second.flags
