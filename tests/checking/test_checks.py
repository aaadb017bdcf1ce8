"""The registry of checks: it names every flag a finding can carry, MAJOR_FLAGS comes from
it, `quotes checks` lists it and the README's table is it."""

import json
import re

from click.testing import CliRunner

from quotes.checking.check import Checker
from quotes.cli.main import cli
from quotes.checking.coverage import Document
from quotes.checking.drift import CHECKS, FINDING, MAJOR, MAJOR_FLAGS, align, reordering
from quotes.text import tokenize
from tests.helpers.paths import ROOT
from tests.helpers.seeds import ALTMAN_POST, MUSK_NO_MONEY, MUSK_SOFTBANK

ALTMAN = "no thank you but we will buy twitter for $9.74 billion if you want"
SIMSEK = "Enflasyonun yıl sonunda %30'un altına inmesini bekliyoruz."


def drift_flags(source, passage, lang="en", **kwargs) -> tuple[str, ...]:
    return align(tokenize(source, lang), tokenize(passage, lang), **kwargs).flags


def test_every_flag_drift_emits_is_registered_and_every_drift_check_is_emitted():
    samples = [
        drift_flags(ALTMAN, ALTMAN.replace("$9.74", "$97.4")),
        drift_flags("They will buy it", "They will not buy it"),
        drift_flags(SIMSEK, SIMSEK.replace("bekliyoruz", "beklemiyoruz"), "tr"),
        drift_flags(ALTMAN, ALTMAN.replace("we will", "I will")),
        drift_flags(ALTMAN, ALTMAN.replace("twitter", "X")),
        drift_flags(ALTMAN, ALTMAN.replace(" buy", "")),
        drift_flags(ALTMAN, ALTMAN.replace("buy", "buy back")),
        drift_flags("we will buy the company today", "we will acquire the company today"),
        drift_flags(SIMSEK, SIMSEK.replace("yıl", "yil"), "tr"),
        drift_flags("he will buy it", "[Musk] will buy it", editorial=frozenset({0})),
        drift_flags(ALTMAN, ALTMAN.replace("but ", ""), elided_before=frozenset({3})),
        drift_flags("prices will almost double this year", "prices will double this year"),
        drift_flags("we will buy twitter now and pay for it in cash later", "we will buy twitter later"),
        reordering(tokenize("destroy and obliterate", "en"), tokenize("obliterate and destroy", "en")).flags,
    ]
    emitted = {flag for flags in samples for flag in flags}
    assert emitted == {flag for flag, check in CHECKS.items() if check.severity != FINDING}


def test_major_flags_are_the_registry_s_major_checks_and_unchanged():
    assert MAJOR_FLAGS == {flag for flag, check in CHECKS.items() if check.severity == MAJOR}
    assert MAJOR_FLAGS == {"number", "negation", "name", "person", "dropped", "cut", "hedge", "added", "reworded", "reordered"}
    assert align(tokenize(ALTMAN, "en"), tokenize(ALTMAN.replace("buy", "buy back"), "en")).major
    assert not align(tokenize(SIMSEK, "tr"), tokenize(SIMSEK.replace("yıl", "yil"), "tr")).major
    assert not align(tokenize("he will buy it", "en"), tokenize("[Musk] will buy it", "en"), editorial=frozenset({0})).major


def test_every_finding_flag_the_checker_adds_is_registered(seeded):
    def translator(text, lang):
        yield "en", "They don't actually have the money"

    def flags_of(text, **options):
        return {flag for f in Checker(seeded, **options).check(Document("a.txt", text, "utf-8")).findings for flag in f.flags}

    seeded.edit_quote(MUSK_NO_MONEY, text="They don't actually have the money, I think.", reason="correction")
    seeded.set_status(MUSK_SOFTBANK, "disputed", note="unclear")
    seeded.set_status(ALTMAN_POST, "retracted", note="deleted")
    emitted = (
        flags_of("“They don’t actually have the money”")
        | flags_of("Musk: “Aslında hiç paraları yok,” dedi.", machine_translator=translator, lang="tr")
        | flags_of("Musk posted: “no thank you but we will buy twitter for $9.74 billion if you want”")
        | flags_of("He said: “SoftBank has well under $10B secured.”")
        | flags_of("Bakan Mehmet Şimşek, “Yıl sonunda enflasyonun yüzde 30'un altında olmasını umuyoruz” dedi.")
        | flags_of("Altman yazdı: “no thank you but we will buy twitter for $9.74 billion if you want\n\nSonra…")
    )
    finding_flags = {flag for flag, check in CHECKS.items() if check.severity == FINDING}
    assert finding_flags <= emitted
    assert emitted <= set(CHECKS)


def test_readme_table_is_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("| flag | severity | what it catches |\n| --- | --- | --- |\n", 1)[1].split("\n\n", 1)[0]
    rows = [re.fullmatch(r"\| `(.+?)` \| (.+?) \| (.+) \|", line).groups() for line in table.splitlines()]
    assert rows == [(c.flag, c.severity, c.explanation) for c in CHECKS.values()]
    assert "`quotes checks`" in readme


def test_checks_command_lists_the_registry():
    result = CliRunner().invoke(cli, ["checks"], catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(CHECKS)
    assert lines[0] == ("number               major       A number or amount was changed, added or dropped"
                        " ($9.74 billion → $97.4 billion): the most damaging drift, and the easiest to miss when reading.")
    assert lines[10] == ("spelling             minor       The same word spelt differently: case or diacritics"
                        " (satın → satin, Twitter → twitter), or a typo close enough to be the word"
                        " (a rapidfuzz ratio of 80 or more).")
    assert lines[12] == ("elided               convention  Words left out where the passage marks an elision"
                        " (…, ..., [...]): the editor's declared cut, not drift.")


def test_checks_command_as_json():
    result = CliRunner().invoke(cli, ["checks", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0
    records = json.loads(result.output)
    assert [(r["flag"], r["severity"], r["explanation"]) for r in records] == [
        (c.flag, c.severity, c.explanation) for c in CHECKS.values()]
    assert records[-3] == {"flag": "misattributed", "severity": "finding",
                           "explanation": "The coverage names another registered speaker than the quote's: an error."}
