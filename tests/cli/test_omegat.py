"""A translator's round trip through OmegaT itself: `quotes po export` into an OmegaT
project, OmegaT's console translation with a translation memory in tm/auto/ that covers
one quote, `quotes po import` of what OmegaT wrote to target/."""

from __future__ import annotations

import json
import os

import pytest
from translate.storage.tmx import tmxfile

from tests.helpers.omegat import make_project, missing_omegat, translate_project
from tests.helpers.seeds import ALTMAN_POST, MUSK_NO_MONEY, MUSK_SOFTBANK

MISSING = missing_omegat()
if MISSING and not os.environ.get("CI"):
    pytest.skip(f"no OmegaT for the round trip through it: {MISSING}", allow_module_level=True)

SOFTBANK = "SoftBank has well under $10B secured. I have that on good authority."
# Turkish letters (ı, ğ, ş, ü), curly quotes and apostrophes: OmegaT must keep them all.
SOFTBANK_TR = "SoftBank’ın güvenceye aldığı para “10 milyar doların” çok altında. Bunu güvenilir bir kaynaktan biliyorum."


def test_omegat_translates_the_covered_quotes_and_they_come_back_as_drafts(seeded_run, tmp_path):
    if MISSING:  # only under CI: elsewhere the module skipped
        pytest.fail(f"CI is set and OmegaT cannot run: {MISSING}")
    project = make_project(tmp_path / "omegat-tr", source_lang="en", target_lang="tr")
    exported = seeded_run("po", "export", "--lang", "tr", "-o", str(project / "source" / "tr.po"))
    assert exported.exit_code == 0, exported.output
    memory = tmxfile(sourcelanguage="en")
    memory.addsourceunit(SOFTBANK).settarget(SOFTBANK_TR, "tr")
    (project / "tm" / "auto" / "memory.tmx").write_bytes(bytes(memory))

    log = translate_project(project)
    assert "Translated document created" in log

    result = seeded_run("po", "import", str(project / "target" / "tr.po"), "--translator", "OmegaT user")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"r-000001  {MUSK_SOFTBANK}  [tr]  new rendition (draft)  “{SOFTBANK_TR}”\n"
        "3 units: 1 new rendition(s), 0 revision(s), 1 unchanged, 1 skipped (1 empty)\n")
    renditions = json.loads(seeded_run("renditions", "--lang", "tr", "--format", "json").output)
    texts = {quote_id: [r["text"] for r in renditions if r["quote_id"] == quote_id]
             for quote_id in (MUSK_NO_MONEY, MUSK_SOFTBANK, ALTMAN_POST)}
    assert texts == {
        MUSK_NO_MONEY: [],  # not in the memory: nothing
        MUSK_SOFTBANK: [SOFTBANK_TR],  # exactly the memory's text
        ALTMAN_POST: ["Istersen ben X’i satın alabilirim",  # the seeds' two, untouched
                      "hayır teşekkürler ama istersen twitter'ı 9,74 milyar dolara biz satın alırız"],
    }
