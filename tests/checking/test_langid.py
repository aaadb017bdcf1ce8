"""Tests for quotes.checking.langid: language identification of passages and documents."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quotes.checking import langid
from quotes.checking.langid import BACKENDS, DEFAULT_BACKEND, Detection, detect, detect_document

REPO_ROOT = Path(__file__).resolve().parents[2]

TR = "Kısa süre önce San Francisco'ya taşınmış olan 28 yaşındaki aşçı, bu hafta ölü bulundu."
EN = "A 28-year-old chef who had recently moved to San Francisco was found dead this week."
TR_ASCII = "Cumhurbaskani bugun Ankarada gazetecilere aciklama yapti ve yeni ekonomik tedbirleri duyurdu."
AZ = "Bakı Azərbaycanın paytaxtı və ən böyük şəhəridir."


# --------------------------------------------------------------------- interface


def test_backends_and_default():
    assert BACKENDS == ("py3langid", "langdetect")
    assert DEFAULT_BACKEND == "py3langid"
    assert BACKENDS[0] == DEFAULT_BACKEND


def test_detection_is_frozen():
    d = Detection("tr", 0.9)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.lang = "en"  # type: ignore[misc]


# --------------------------------------------------------------------- detection


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("text", "lang"), [(TR, "tr"), (EN, "en"), (TR_ASCII, "tr")])
def test_sentences_detected(backend, text, lang):
    d = detect(text, backend=backend)
    assert d.lang == lang
    assert langid.MIN_CONFIDENCE[backend] <= d.confidence <= 1.0


def test_default_backend_is_used():
    assert detect(TR) == detect(TR, backend="py3langid")


def test_azerbaijani_is_not_turkish_with_default_backend():
    # langdetect has no Azerbaijani profile (it answers "tr"); py3langid does.
    assert detect(AZ).lang == "az"


def test_fallback_ignored_when_detected():
    assert detect(EN, fallback="tr").lang == "en"


@pytest.mark.parametrize("backend", BACKENDS)
def test_codes_are_iso639_1(backend):
    for text in (TR, EN, "中华人民共和国是一个国家", "東京は日本の首都であり、世界で最も人口の多い都市の一つです。", "Москва — столица России и крупнейший город страны."):
        d = detect(text, backend=backend)
        assert len(d.lang) == 2 and d.lang.islower(), (text, d)
    assert detect("中华人民共和国是一个国家", backend=backend).lang == "zh"  # langdetect zh-cn, py3langid zh+wuu


def test_label_mapping():
    assert langid._label_to_iso1("zh-cn") == "zh"
    assert langid._label_to_iso1("zh-TW") == "zh"
    assert langid._label_to_iso1("arz") == "ar"
    assert langid._label_to_iso1("uzs") == "uz"
    assert langid._label_to_iso1("TR") == "tr"
    assert langid._label_to_iso1("crh") == "und"  # no ISO 639-1 code
    assert langid._label_to_iso1("zxx") == "und"


# --------------------------------------------------------------------- override


@pytest.mark.parametrize("backend", BACKENDS)
def test_override_always_wins(backend):
    assert detect(EN, backend=backend, override="tr") == Detection("tr", 1.0)
    assert detect("", backend=backend, override="tr") == Detection("tr", 1.0)
    assert detect("ok", backend=backend, fallback="en", override="tr") == Detection("tr", 1.0)


@pytest.mark.parametrize(("given", "want"), [("TR", "tr"), ("tr-TR", "tr"), ("en_GB", "en"), ("tur", "tr"), ("crh", "crh")])
def test_override_normalized(given, want):
    assert detect(EN, override=given) == Detection(want, 1.0)


@pytest.mark.parametrize("bad", ["", "english!", "t", "12"])
def test_override_malformed(bad):
    with pytest.raises(ValueError, match="is not a language code"):
        detect(EN, override=bad)


# --------------------------------------------------------------------- und / fallback


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("text", ["", "   ", "12345", "12 345 678 90", "... !!! ---", "3,14 %"])
def test_no_letters_is_und(backend, text):
    assert detect(text, backend=backend) == Detection("und", 0.0)
    assert detect_document(text, backend=backend) == Detection("und", 0.0)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("text", ["12345", "", "-- 42 --"])
def test_classify_raw_without_letters(backend, text):
    # langdetect raises LangDetectException here; py3langid would guess uniformly.
    assert langid.classify_raw(text, backend) == ("und", 0.0)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("text", ["Evet", "Teşekkürler efendim", "on 28 September."])
def test_short_text_falls_back(backend, text):
    assert langid.count_words(text) < langid.MIN_WORDS
    assert detect(text, backend=backend, fallback="tr") == Detection("tr", langid.FALLBACK_CONFIDENCE)
    assert detect(text, backend=backend, fallback="EN") == Detection("en", 0.0)
    assert detect(text, backend=backend) == Detection("und", 0.0)
    assert detect(text, backend=backend, fallback="und") == Detection("und", 0.0)


def test_low_confidence_falls_back():
    text = "Heather Stanning beş"  # 3 words; py3langid's best guess is well under MIN_CONFIDENCE
    assert langid.count_words(text) == langid.MIN_WORDS
    lang, conf = langid.classify_raw(text, "py3langid")
    assert conf < langid.MIN_CONFIDENCE["py3langid"]
    assert detect(text, fallback="tr") == Detection("tr", 0.0)
    assert detect(text) == Detection("und", 0.0)


def test_count_words():
    assert langid.count_words("") == 0
    assert langid.count_words("28 yaşındaki aşçı") == 2
    assert langid.count_words("Bu bir deneme, değil mi?") == 5
    assert langid.count_words("中华人民共和国是一个国家") == 6  # unspaced script: 2 characters a word
    assert langid.count_words("Tokyo東京") == 2


# --------------------------------------------------------------------- determinism


def test_langdetect_deterministic(monkeypatch):
    from langdetect import DetectorFactory

    texts = ["Bugun hava cok guzel", "ya da baska", TR_ASCII, "Heather Stanning beş", "OK OK OK"]
    first = [detect(t, backend="langdetect") for t in texts]
    raw = [langid.classify_raw(t, "langdetect") for t in texts]
    for i in range(20):
        # even if another caller changes the class-wide seed
        monkeypatch.setattr(DetectorFactory, "seed", None if i % 2 else 1234)
        assert [detect(t, backend="langdetect") for t in texts] == first
        assert [langid.classify_raw(t, "langdetect") for t in texts] == raw


def test_py3langid_deterministic():
    first = [langid.classify_raw(t, "py3langid") for t in (TR, EN, TR_ASCII)]
    for _ in range(20):
        assert [langid.classify_raw(t, "py3langid") for t in (TR, EN, TR_ASCII)] == first


# --------------------------------------------------------------------- errors


@pytest.mark.parametrize("call", [
    lambda: detect(TR, backend="cld3"),
    lambda: detect(TR, backend="cld3", override="tr"),
    lambda: detect_document(TR, backend="LANGDETECT"),
    lambda: langid.classify_raw(TR, "fasttext"),
])
def test_bad_backend(call):
    with pytest.raises(ValueError, match=r"unknown language identification backend '.*'; choose one of: py3langid, langdetect"):
        call()


def test_bad_fallback():
    with pytest.raises(ValueError, match="fallback_lang: 'Türkçe' is not a language code"):
        detect(TR, fallback="Türkçe")


# --------------------------------------------------------------------- documents


@pytest.mark.parametrize("backend", BACKENDS)
def test_detect_document(backend):
    tr_doc = "\n\n".join([TR, TR_ASCII, 'Bakan, "We will not give up" dedi ve salonu terk etti.'])
    d = detect_document(tr_doc, backend=backend)
    assert d.lang == "tr"
    assert d.confidence > langid.MIN_CONFIDENCE[backend]
    assert detect_document(EN + "\n\n" + EN, backend=backend).lang == "en"
    assert detect_document("Evet", backend=backend) == Detection("und", 0.0)


# --------------------------------------------------------------------- lazy imports


def test_import_is_lazy():
    code = (
        "import sys, quotes.checking.langid\n"
        "heavy = ('langdetect', 'py3langid', 'numpy', 'langcodes')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO_ROOT)
    assert out.stdout == "[]\n"
    assert out.stderr == ""


# --------------------------------------------------------------------- bench


def test_bench_missing_data_dir(tmp_path):
    missing = tmp_path / "nope"
    out = subprocess.run(
        [sys.executable, str(REPO_ROOT / "bench" / "langid_accuracy.py"), "--data", str(missing)],
        capture_output=True, text=True, cwd=REPO_ROOT,
    )
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr == f"error: data directory not found: {missing} (use --data DIR or set QUOTES_DATA)\n"


def test_a_documents_language_is_read_from_its_beginning_in_bounded_time():
    # All of a 10 MB text took some 20 s to identify; its first 100,000 characters decide.
    text = "Bakan ekonominin geçen yıl yüzde üç büyüdüğünü söyledi. " * 180_000
    sample = detect(text[:langid.DOCUMENT_SAMPLE_CHARS])
    started = time.monotonic()
    assert detect_document(text) == sample
    assert time.monotonic() - started < 2
