"""Recognition by content: a paraphrase, a splice or an outlet's own translation is
recognised as the registered statement; a sentence of the same story is not."""

import random
from concurrent.futures import ThreadPoolExecutor

from quotes.checking.recognition import content, convincing, meaning_changes, recognise, reordered, stem
from quotes.text import tokenize

FIDAN = ("İsrail ile ticaretimizi tamamen kestik. Türk gemilerinin İsrail limanlarına gitmesine izin vermiyoruz. "
         "İsrail uçaklarının hava sahamızı kullanmasına izin vermiyoruz.")
POWELL = ("With policy in restrictive territory, the baseline outlook and the shifting balance of risks may warrant "
          "adjusting our policy stance.")


def recognised(passage, text, lang):
    return recognise(content(passage, lang), content(text, lang))


def test_reordered_and_reworded_passage_keeps_the_content():
    r = recognised("Türk gemilerinin İsrail limanlarına gitmesine artık izin verilmiyor, ticaret tamamen kesildi",
                   FIDAN, "tr")
    assert r.score >= 70 and convincing(r, speaker_named=True)


def test_function_words_carry_no_weight():
    assert content("the and of to", "en").weights == {}
    assert content("ve bir için", "tr").weights == {}


def test_numbers_are_anchors_whatever_the_language():
    assert content("Inflation will fall below 30%", "en").weights["#30%"] == content("%30'un altına", "tr").weights["#30%"]


def test_a_same_story_sentence_sharing_three_topic_words_is_not_convincing():
    r = recognised("the balance of risks appears to be shifting", POWELL, "en")
    assert r.score >= 75  # most of its few content words are in the statement …
    assert not convincing(r, speaker_named=False)  # … but three topic words are not enough evidence


def test_naming_the_speaker_lowers_the_bar():
    r = recognised("Powell: with risks shifting, policy in restrictive territory may change, the chair told the "
                   "conference on Friday", POWELL, "en")
    assert not convincing(r, speaker_named=False) and convincing(r, speaker_named=True)


def test_meaning_changes_read_as_bags_of_words():
    assert meaning_changes("prices will rise by 20%", "prices will almost rise by 10%", "en") == ("number", "hedge")
    assert meaning_changes("we will buy it", "I will buy it", "en") == ("person",)
    assert meaning_changes("we will not buy it", "we will buy it", "en") == ("negation",)
    assert meaning_changes("we will buy it", "we will buy it", "en") == ()


def test_person_changes_only_where_both_sides_name_persons_and_share_none():
    # Turkish marks the person on the verb: a rendering that names "siz" and "biz" where the
    # text names no one by a pronoun changes no person.
    text = "Türkiye ile yaşadığın her sorunu çözebileceğimi düşünüyorum. Makul olmalıyız."
    assert meaning_changes("Siz makul olduğunuz sürece siz de biz de makul olmalıyız", text, "tr") == ()
    assert meaning_changes("I think I can solve any problem", "we think we can solve any problem", "en") == ("person",)


def test_a_name_put_in_or_swapped_is_a_name_change_and_a_gloss_is_not():
    text = "first open the way for Türkiye in the European Union, then we will open the way for Sweden"
    assert meaning_changes("open the way for Turkey in the European Union", text, "en") == ()
    assert meaning_changes("open the way for Turkey (and the Balkans) in the European Union", text, "en") == ()
    assert meaning_changes("open the way for Norway in the European Union", text, "en") == ("name",)


def test_hayir_heading_a_charity_compound_is_not_a_negation():
    text = "Afrika'daki yardım kuruluşlarıyla olan bağlarımı biliyorlardı"
    assert meaning_changes("Afrika'daki hayır kurumlarıyla olan bağlarımı biliyorlardı", text, "tr") == ()
    assert meaning_changes("Hayır, Afrika'daki kuruluşlarla olan bağlarımı biliyorlardı", text, "tr") == ("negation",)


def test_a_name_is_read_against_the_sentences_the_passage_renders():
    text = ("In the end Türkiye will win. Right now a force is at work to prevent the nation from choosing "
            "the next president. We are facing a coup attempt against our next president.")
    assert meaning_changes("In the end, the nation of Turkey will win", text, "en") == ()
    # The statement names Türkiye, but not in the sentences this one renders.
    assert meaning_changes("We are facing a coup in Turkey against our next president", text, "en") == ("name",)


def test_a_clause_skipped_between_rendered_ones_is_dropped():
    text = "The real power is the nation, and in the end the nation wins. It will be so again. We will not surrender."
    assert meaning_changes("The real power is the nation; in the end the nation wins. We will not surrender.",
                           text, "en") == ()  # "It will be so again" has no content word
    text = "The nation loves its state. Force obstructs elections everywhere. We will not surrender."
    assert meaning_changes("The nation loves its state. We will not surrender.", text, "en") == ("dropped",)


def test_what_a_passage_adds_is_read_against_the_whole_statement():
    whole = "As I said, prices will rise. They must pay 10% more."
    covered_part = "prices will rise. They must pay 10% more."
    assert meaning_changes("I repeat that prices rise and they pay 10% more", covered_part, "en", whole=whole) == ()
    assert meaning_changes("we repeat that prices rise and they pay 10% more", covered_part, "en", whole=whole) == ("person",)
    assert meaning_changes("prices rise and they pay more", covered_part, "en", whole=whole) == ("number",)


def test_a_run_of_the_text_in_another_order_is_found():
    text = tokenize("if Turkey does that, I will totally destroy and obliterate the Economy of Turkey", "en")
    assert reordered(tokenize("totally obliterate and destroy", "en"), text) == (6, 10)
    assert reordered(tokenize("totally destroy and obliterate", "en"), text) is None   # the same order
    assert reordered(tokenize("totally obliterate or destroy", "en"), text) is None    # another word


def test_stems_are_right_when_threads_stem_at_once():
    # The desk checks in several request threads; a Snowball stemmer shared between them
    # gave one thread's word another's stem (or an IndexError), and stem()'s cache kept it.
    rng = random.Random(7)
    roots = ["gemi", "kitap", "bakan", "ekonomi", "anlaşma", "ticaret", "ihracat", "savunma"]
    suffixes = ["lerinin", "lerimizden", "sinde", "ler", "ını", "larına", "dan", "ine"]
    words = sorted({rng.choice(roots) + "".join(rng.choices("abcçdefgğhıijklmnoöprsştuüvyz", k=rng.randint(2, 6)))
                    + rng.choice(suffixes) for _ in range(16_000)})
    stem.cache_clear()
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda chunk: [stem(word, "tr") for word in chunk], [words[n::8] for n in range(8)]))
    stem.cache_clear()
    alone = [[stem(word, "tr") for word in words[n::8]] for n in range(8)]
    assert together == alone
