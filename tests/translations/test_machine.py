"""Machine drafts through real argostranslate + CTranslate2 calls on tiny generated models."""

from __future__ import annotations

import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from tests.helpers.tiny_argos import argos_home, build_argosmodel, tiny_output  # noqa: F401  (fixture)
from quotes.translations import machine
from quotes.translations.machine import InstalledPair, MachineDraft, MachineTranslationError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def models(tmp_path_factory) -> dict[str, Path]:
    """Tiny models, built once for this file (~0.3 s each)."""
    where = tmp_path_factory.mktemp("models")
    return {
        "tr_en": build_argosmodel(where / "a", "tr", "en"),
        "tr_en 1.1": build_argosmodel(where / "b", "tr", "en", version="1.1"),
        "en_de": build_argosmodel(where / "c", "en", "de", version="1.2"),
        "tr_en without splitter": build_argosmodel(where / "d", "tr", "en", with_splitter=False),
    }


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to resolve a name or open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access during the test: {args!r}")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


class RecordingCache:
    """A TranslationCache that records what it was asked."""

    def __init__(self, entries: dict | None = None):
        self.entries = dict(entries or {})
        self.calls: list[tuple] = []

    def get(self, model, model_version, source_text):
        self.calls.append(("get", model, model_version, source_text))
        return self.entries.get((model, model_version, source_text))

    def put(self, model, model_version, source_text, translation):
        self.calls.append(("put", model, model_version, source_text, translation))
        self.entries[(model, model_version, source_text)] = translation


TR_EN = tiny_output("tr", "en")  # "Tiny tr-en model output."
EN_DE = tiny_output("en", "de")


def test_install_from_file_then_list(argos_home, models):
    assert machine.packages_dir() == argos_home
    assert machine.installed_pairs() == []

    pair = machine.install_file(models["tr_en"])

    assert pair == InstalledPair("tr", "en", "translate-tr_en", "1.0")
    assert machine.installed_pairs() == [pair]
    assert (argos_home / "translate-tr_en-1_0" / "model" / "model.bin").is_file()


def test_translate_runs_the_tiny_model(argos_home, models, no_network):
    machine.install_file(str(models["tr_en"]))

    draft = machine.translate("Merhaba dünya. Yarın şirketi satın alacağız!\nTeşekkürler", "tr", "en")

    # two sentences by the package's own MiniSBD model, then a second paragraph
    assert draft == MachineDraft(
        text=f"{TR_EN} {TR_EN}\n{TR_EN}",
        engine="argostranslate",
        model="translate-tr_en",
        model_version="1.0",
        via=("tr", "en"),
    )
    # the splitter that ran is argostranslate's MiniSBD, on the .onnx shipped in the package
    from argostranslate.sbd import MiniSBDSentencizer

    (package,) = machine._installed_packages()
    sentencizer = machine._translation_for(package).sentencizer
    assert isinstance(sentencizer, MiniSBDSentencizer) and sentencizer.lang == str(argos_home / "translate-tr_en-1_0" / "minisbd" / "tr.onnx")
    # registry tags (BCP 47) reach the same model
    assert machine.translate("Merhaba.", "tr-TR", "en-GB").text == TR_EN


def test_pivots_through_english_with_two_models(argos_home, models, no_network):
    machine.install_file(models["tr_en"])
    machine.install_file(models["en_de"])
    cache = RecordingCache()

    draft = machine.translate("Merhaba dünya.", "tr", "de", cache=cache)

    assert draft == MachineDraft(EN_DE, "argostranslate", "translate-tr_en+translate-en_de", "1.0+1.2", ("tr", "en", "de"))
    # the second leg translated the first leg's output; each leg is cached on its own
    assert [call for call in cache.calls if call[0] == "put"] == [
        ("put", "translate-tr_en", "1.0", "Merhaba dünya.", TR_EN),
        ("put", "translate-en_de", "1.2", TR_EN, EN_DE),
    ]


def test_a_cache_hit_does_not_run_the_model(argos_home, models, no_network, monkeypatch):
    import argostranslate.translate

    machine.install_file(models["tr_en"])
    cache = RecordingCache()
    first = machine.translate("Merhaba dünya.", "tr", "en", cache=cache)
    assert cache.calls == [
        ("get", "translate-tr_en", "1.0", "Merhaba dünya."),
        ("put", "translate-tr_en", "1.0", "Merhaba dünya.", TR_EN),
    ]

    def model_must_not_run(*args, **kwargs):
        raise AssertionError("the model ran although the translation was cached")

    monkeypatch.setattr(argostranslate.translate, "apply_packaged_translation", model_must_not_run)
    cache.calls.clear()
    second = machine.translate("Merhaba dünya.", "tr", "en", cache=cache)

    assert second == first
    assert cache.calls == [("get", "translate-tr_en", "1.0", "Merhaba dünya.")]
    # what the cache holds is what the draft says, whatever the model would say
    seeded = RecordingCache({("translate-tr_en", "1.0", "Selam."): "Hi."})
    assert machine.translate("Selam.", "tr", "en", cache=seeded).text == "Hi."


def test_no_model_names_quotes_mt_install(argos_home, models):
    message = "no machine translation model for tr → de; install one with `quotes mt install tr de` or `quotes mt install PATH.argosmodel`"
    with pytest.raises(MachineTranslationError) as empty:
        machine.translate("Merhaba.", "tr", "de")
    assert str(empty.value) == message

    machine.install_file(models["tr_en"])  # one leg is not enough to pivot
    with pytest.raises(MachineTranslationError) as one_leg:
        machine.translate("Merhaba.", "tr", "de")
    assert str(one_leg.value) == message


def _zip(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return path


@pytest.mark.parametrize(
    "make, why",
    [
        (lambda d: d / "missing.argosmodel", "no such file"),
        (lambda d: (d / "text.argosmodel").write_text("not a zip") and d / "text.argosmodel", "zip archive"),
        (lambda d: _zip(d / "nometa.argosmodel", {"pkg/model/model.bin": "x"}), "no pkg/metadata.json"),
        (lambda d: _zip(d / "two.argosmodel", {"a/metadata.json": "{}", "b/metadata.json": "{}"}), "one top-level folder"),
        (lambda d: _zip(d / "badjson.argosmodel", {"pkg/metadata.json": "{"}), "not valid JSON"),
        (
            lambda d: _zip(d / "nomodel.argosmodel", {"pkg/metadata.json": json.dumps({"from_code": "tr", "to_code": "en"})}),
            "no CTranslate2 model",
        ),
    ],
)
def test_a_bad_file_is_refused_naming_it(argos_home, tmp_path, make, why):
    path = make(tmp_path)

    with pytest.raises(MachineTranslationError) as refused:
        machine.install_file(path)

    assert str(path) in str(refused.value) and why in str(refused.value)
    assert list(argos_home.iterdir()) == []


def test_installing_a_newer_model_replaces_the_pair(argos_home, models, no_network):
    machine.install_file(models["tr_en"])
    assert machine.translate("Merhaba.", "tr", "en").model_version == "1.0"

    assert machine.install_file(models["tr_en 1.1"]) == InstalledPair("tr", "en", "translate-tr_en", "1.1")

    assert machine.installed_pairs() == [InstalledPair("tr", "en", "translate-tr_en", "1.1")]
    assert machine.translate("Merhaba.", "tr", "en") == MachineDraft(TR_EN, "argostranslate", "translate-tr_en", "1.1", ("tr", "en"))


def test_remove(argos_home, models):
    machine.install_file(models["tr_en"])
    machine.install_file(models["en_de"])

    assert machine.remove("tr", "en") == InstalledPair("tr", "en", "translate-tr_en", "1.0")

    assert machine.installed_pairs() == [InstalledPair("en", "de", "translate-en_de", "1.2")]
    assert not (argos_home / "translate-tr_en-1_0").exists()
    with pytest.raises(MachineTranslationError, match="no machine translation model for tr → en"):
        machine.translate("Merhaba.", "tr", "en")
    with pytest.raises(MachineTranslationError) as again:
        machine.remove("tr", "en")
    assert "`quotes mt list`" in str(again.value)


def test_without_a_splitter_model_nothing_is_downloaded(argos_home, models, no_network):
    """A package without minisbd/*.onnx would make MiniSBD download one; we split offline."""
    machine.install_file(models["tr_en without splitter"])

    draft = machine.translate("Dr. Yılmaz geldi. 3 milyar dolar ödedik! Sonra?", "tr", "en")

    assert draft.text == f"{TR_EN} {TR_EN} {TR_EN}"
    (package,) = machine._installed_packages()
    assert isinstance(machine._translation_for(package).sentencizer, machine._OfflineSentencizer)
    assert not (Path(os.environ["XDG_DATA_HOME"]) / "argos-translate" / "minisbd").exists()


def test_offline_install_from_index_fails_fast_and_clearly(argos_home):
    """This machine cannot reach raw.githubusercontent.com; argostranslate alone would retry ~52 s."""
    started = time.monotonic()
    with pytest.raises(MachineTranslationError) as offline:
        machine.install_from_index("tr", "en")
    elapsed = time.monotonic() - started

    assert elapsed < 15
    message = str(offline.value)
    assert message.startswith("cannot reach the Argos package index (https://")
    assert message.endswith("): install a downloaded model with `quotes mt install PATH.argosmodel`")
    assert machine.installed_pairs() == []


def test_an_index_that_never_answers_times_out(argos_home, monkeypatch):
    import argostranslate.settings

    with socket.socket() as silent:  # accepts connections, never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        monkeypatch.setattr(argostranslate.settings, "remote_package_index", f"http://127.0.0.1:{silent.getsockname()[1]}/index.json")
        started = time.monotonic()
        with pytest.raises(MachineTranslationError, match=r"cannot reach the Argos package index \(http://127\.0\.0\.1:\d+/index\.json: (timed out|no answer within 1 s)\)"):
            machine.install_from_index("tr", "en", timeout=1)
        assert time.monotonic() - started < 3


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def local_index(tmp_path, monkeypatch, models):
    """An Argos package index served over HTTP on 127.0.0.1, offering tr → en and en → de."""
    import argostranslate.settings

    served = tmp_path / "served"
    served.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a, **k: _QuietHandler(*a, directory=str(served), **k))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    index = []
    for key in ("tr_en", "en_de"):
        archive = models[key]
        (served / archive.name).write_bytes(archive.read_bytes())
        with zipfile.ZipFile(archive) as zf:
            metadata = json.loads(zf.read(archive.stem + "/metadata.json"))
        index.append({**metadata, "links": [base + archive.name]})
    (served / "index.json").write_text(json.dumps(index))
    monkeypatch.setattr(argostranslate.settings, "remote_package_index", base + "index.json")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()
    thread.join()


def test_install_from_index(argos_home, local_index):
    import argostranslate.settings

    assert machine.install_from_index("tr", "en") == InstalledPair("tr", "en", "translate-tr_en", "1.0")

    assert machine.installed_pairs() == [InstalledPair("tr", "en", "translate-tr_en", "1.0")]
    assert machine.translate("Merhaba.", "tr", "en").text == TR_EN
    assert Path(argostranslate.settings.local_package_index).is_file()  # as argospm would leave it
    assert list(Path(argostranslate.settings.downloads_dir).iterdir()) == []

    with pytest.raises(MachineTranslationError) as missing:
        machine.install_from_index("tr", "de")
    assert str(missing.value) == (
        "the Argos package index has no model for tr → de; it has tr → en and en → de: install both "
        "(`quotes mt install tr en`, `quotes mt install en de`) and drafts pivot through English"
    )


def _modules_after(code: str, env: dict[str, str]) -> list[str]:
    heavy = ("argostranslate", "argostranslate.translate", "ctranslate2", "onnxruntime", "minisbd", "sentencepiece")
    probe = f"import sys, json\n{code}\nprint(json.dumps([m for m in {heavy!r} if m in sys.modules]))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_import_is_lazy_and_listing_does_not_load_ctranslate2(argos_home, models):
    env = dict(os.environ)  # argos_home's ARGOS_PACKAGES_DIR and XDG_* directories

    assert _modules_after("import quotes.translations.machine", env) == []

    machine.install_file(models["tr_en"])
    listed = _modules_after("import quotes.translations.machine as m\nassert len(m.installed_pairs()) == 1", env)
    assert "ctranslate2" not in listed and "onnxruntime" not in listed and "argostranslate.translate" not in listed


def test_offline_sentencizer_keeps_abbreviations_and_decimals():
    split = machine._OfflineSentencizer().split_sentences

    assert split("Dr. Yılmaz 3.5 milyar dedi. “Alacağız!” dedi... Sonra? evet") == [
        "Dr. Yılmaz 3.5 milyar dedi.",
        "“Alacağız!” dedi...",
        "Sonra? evet",
    ]
    assert split("") == []
