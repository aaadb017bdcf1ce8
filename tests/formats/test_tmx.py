"""TMX 1.4: approved renditions as a translation memory, read back by translate-toolkit."""

from __future__ import annotations

import json

from lxml import etree
from translate.storage.tmx import tmxfile

from quotes.formats.tmx import export_tmx
from quotes.formats.jsonl import import_jsonl
from quotes.translations.renditions import record_rendition
from tests.helpers.schemas import schema_errors
from tests.helpers.seeds import (
    ALTMAN_POST_TR_FAITHFUL,
    MUSK_NO_MONEY,
    SEEDS,
    SIMSEK_ENERGY_IMPORTS_EN,
    SIMSEK_INFLATION,
    SIMSEK_INFLATION_EN,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_one_tu_per_approved_rendition_with_both_languages(any_registry):
    import_jsonl(any_registry, SEEDS)
    record_rendition(any_registry, MUSK_NO_MONEY, lang="tr", translator="Ayşe K.", text="Aslında paraları yok")  # a draft
    content = export_tmx(any_registry)
    root = etree.fromstring(content)
    assert (root.tag, root.get("version")) == ("tmx", "1.4")
    header = root.find("header")
    assert header.get("srclang") == "*all*"  # originals in Turkish and in English
    assert {"creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "datatype"} <= set(header.attrib)
    memory = tmxfile.parsestring(content)
    assert [unit.getid() for unit in memory.units] == [SIMSEK_INFLATION_EN, SIMSEK_ENERGY_IMPORTS_EN, ALTMAN_POST_TR_FAITHFUL]
    assert memory.translate("Enflasyonun yıl sonunda %30'un altına inmesini bekliyoruz.", "tr", "en") == (
        "We expect inflation to fall below 30% by the end of the year.")
    tr, en = memory.units[0].getlanguageNodes()
    assert (tr.get(XML_LANG), en.get(XML_LANG)) == ("tr", "en")
    assert (en.get("creationid"), en.get("creationdate")) == ("quotes seed translation", "20261127T120000Z")


def test_lang_and_speaker_choose_the_renditions(seeded):
    only_en = tmxfile.parsestring(export_tmx(seeded, lang="en"))
    assert [unit.getid() for unit in only_en.units] == [SIMSEK_INFLATION_EN, SIMSEK_ENERGY_IMPORTS_EN]
    assert etree.fromstring(export_tmx(seeded, lang="en")).find("header").get("srclang") == "tr"
    altman = tmxfile.parsestring(export_tmx(seeded, speaker="Sam Altman"))
    assert [unit.getid() for unit in altman.units] == [ALTMAN_POST_TR_FAITHFUL]


def test_retracted_quotes_are_left_out(seeded):
    seeded.set_status(SIMSEK_INFLATION, "retracted", note="withdrawn")
    assert [u.getid() for u in tmxfile.parsestring(export_tmx(seeded, lang="en")).units] == [SIMSEK_ENERGY_IMPORTS_EN]


def test_the_memory_follows_the_tmx_14_dtd(seeded):
    assert schema_errors(export_tmx(seeded), "tmx14.dtd") == []


def test_creationdate_is_the_approved_revisions_time(tmp_path, registry):
    record = {
        "id": "q-0000aa", "text": "We will not raise taxes.", "lang": "en", "speaker": "A. Minister",
        "renditions": [{
            "id": "r-0000aa", "lang": "tr", "text": "Vergileri artırmayacağız.", "translator": "Ayşe K.",
            "state": "approved", "created_at": "2026-11-01T09:00:00+00:00",
            "revisions": [
                {"revision": 1, "text": "Vergi artırmayacağız.", "at": "2026-11-01T09:00:00+00:00", "by": "Ayşe K."},
                {"revision": 2, "text": "Vergileri artırmayacağız.", "at": "2026-11-03T16:30:00+00:00", "by": "Ayşe K."},
            ],
        }],
    }
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    import_jsonl(registry, path)
    [tuv] = [node for node in etree.fromstring(export_tmx(registry)).iter("tuv") if node.get(XML_LANG) == "tr"]
    assert (tuv.findtext("seg"), tuv.get("creationdate")) == ("Vergileri artırmayacağız.", "20261103T163000Z")
