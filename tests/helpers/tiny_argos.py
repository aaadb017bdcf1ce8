"""A real, tiny, deterministic Argos Translate model, generated in the test (no download).

``build_argosmodel(directory, "tr", "en")`` writes ``translate-tr_en-1_0.argosmodel``: a zip
with one top-level folder holding what argostranslate 1.12 loads —

- ``metadata.json`` (from/to codes and names, ``package_version``, ``argos_version``);
- ``sentencepiece.model``: a unigram SentencePiece model trained in memory on a few hundred
  generated Turkish/English/German lines;
- ``model/``: a CTranslate2 Transformer (1 layer, 2 heads, d=64) whose weights are set by
  hand so that, whatever the input, it writes one fixed sentence (see below);
- ``minisbd/<from>.onnx``: a tiny MiniSBD sentence-boundary model. argostranslate's
  ``MiniSBDSentencizer`` uses the first ``minisbd/*.onnx`` of a package and only otherwise
  downloads a model from GitHub, so shipping one keeps translation offline. It is a single
  ONNX ``Gather`` over a per-character table, written as raw protobuf (no ``onnx`` package
  needed): a sentence ends after ``.``, ``!``, ``?`` or ``…`` (and at the end of the text).
  ``with_splitter=False`` leaves it out, to test what happens without one.

What the model outputs: every *sentence* of the input (as the splitter above cuts it)
becomes ``tiny_output(from_code, to_code)``, e.g. ``"Tiny tr-en model output."``; sentences
are joined with a space and paragraphs (``\\n``) are kept. So
``"Merhaba. Nasılsın?"`` → ``"Tiny tr-en model output. Tiny tr-en model output."``.

How: decoder token embeddings and all layer weights are zero, so the decoder state at step
*i* is its position encoding, a one-hot vector ``e_i``; the output projection maps ``e_i``
to the *i*-th piece of the fixed sentence (and to ``</s>`` after the last), with a margin of
~80 logits — greedy or beam search, the result is the same.

``argos_home`` (pytest fixture) points argostranslate at fresh directories under
``tmp_path`` — environment (also for subprocesses: ``ARGOS_PACKAGES_DIR``, ``XDG_*``) and
the already-imported ``argostranslate.settings`` — and clears its caches; it returns the
packages directory.
"""

from __future__ import annotations

import io
import json
import shutil
import struct
import zipfile
from pathlib import Path

import pytest

__all__ = ["argos_home", "build_argosmodel", "tiny_output"]

LANGUAGE_NAMES = {"tr": "Turkish", "en": "English", "de": "German", "fr": "French", "az": "Azerbaijani"}

_D_MODEL = 64  # also the longest fixed sentence the decoder can spell, in pieces (minus </s>)
_MAX_DECODER_POSITIONS = 512  # argostranslate's default max_decoding_length is 256


def tiny_output(from_code: str, to_code: str) -> str:
    """The sentence the tiny model writes for every input sentence."""
    return f"Tiny {from_code}-{to_code} model output."


def _training_lines(from_code: str, to_code: str) -> list[str]:
    words = (
        "merhaba dünya bugün yarın satın alacağız şirket milyar dolar biz ben söyledi "
        "hello world today tomorrow we will buy the company billion dollars said "
        "hallo welt heute morgen wir werden kaufen firma milliarden gesagt "
        "İstanbul Ankara Türkiye'nin çok güzel ığdır şöyle öyle ÇĞİÖŞÜ çğıöşü"
    ).split()
    lines = []
    for i in range(300):
        picked = [words[(i * 7 + j * 13) % len(words)] for j in range(3 + i % 6)]
        lines.append(" ".join(picked) + ".!?…"[i % 4])
    lines += [tiny_output(from_code, to_code)] * 20
    lines.append("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 ,.;:!?-'\"()[]")
    return lines


def _train_sentencepiece(lines: list[str]) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        model_type="unigram",
        vocab_size=150,
        hard_vocab_limit=False,
        character_coverage=1.0,
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


def _build_ctranslate2_model(directory: Path, vocabulary: list[str], target_ids: list[int]) -> None:
    """A Transformer that writes ``target_ids`` then ``</s>`` whatever the source."""
    import numpy as np
    from ctranslate2.specs import model_spec, transformer_spec

    d, vocab_size, ffn = _D_MODEL, len(vocabulary), 2 * _D_MODEL
    eos = vocabulary.index("</s>")
    spec = transformer_spec.TransformerSpec.from_config(1, 2)

    def zeros(*shape):
        return np.zeros(shape, dtype=np.float32)

    def fill_layer_norms(layer):
        if isinstance(layer, list):
            for item in layer:
                fill_layer_norms(item)
        elif isinstance(layer, model_spec.LayerSpec):
            if hasattr(layer, "gamma"):  # a LayerNormSpec: identity scale, no shift
                layer.gamma = np.ones(d, dtype=np.float32)
                layer.beta = zeros(d)
            for child in vars(layer).values():
                fill_layer_norms(child)

    # Linear weights are [out, in]; fused projections: self-attention QKV, cross-attention KV.
    for side in (spec.encoder, spec.decoder):
        for layer in side.layer:
            layer.self_attention.linear[0].weight = zeros(3 * d, d)
            layer.self_attention.linear[1].weight = zeros(d, d)
            if hasattr(layer, "attention"):
                layer.attention.linear[0].weight = zeros(d, d)
                layer.attention.linear[1].weight = zeros(2 * d, d)
                layer.attention.linear[2].weight = zeros(d, d)
            layer.ffn.linear_0.weight = zeros(ffn, d)
            layer.ffn.linear_1.weight = zeros(d, ffn)
        fill_layer_norms(side)

    spec.encoder.embeddings[0].weight = zeros(vocab_size, d)
    spec.decoder.embeddings.weight = zeros(vocab_size, d)
    # Decoder step i sees position encoding e_i (one-hot); positions past the sentence
    # share the last direction, which says </s>.
    last = len(target_ids)
    positions = zeros(_MAX_DECODER_POSITIONS, d)
    for position in range(_MAX_DECODER_POSITIONS):
        positions[position, min(position, last)] = 1.0
    spec.decoder.position_encodings.encodings = positions
    projection = zeros(vocab_size, d)
    for position, token in enumerate(target_ids):
        projection[token, position] = 10.0
    projection[eos, last] = 10.0
    spec.decoder.projection.weight = projection

    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.save(str(directory))


# --- a MiniSBD model as raw ONNX protobuf -------------------------------------------------


def _varint(value: int) -> bytes:
    out = bytearray()
    value &= (1 << 64) - 1
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _field_int(number: int, value: int) -> bytes:
    return _varint(number << 3) + _varint(value)


def _field_bytes(number: int, value: bytes | str) -> bytes:
    if isinstance(value, str):
        value = value.encode("utf-8")
    return _varint(number << 3 | 2) + _varint(len(value)) + value


def _onnx_value_info(name: str, elem_type: int, dims: list[int | str]) -> bytes:
    shape = b"".join(
        _field_bytes(1, _field_int(1, dim) if isinstance(dim, int) else _field_bytes(2, dim)) for dim in dims
    )
    tensor_type = _field_int(1, elem_type) + _field_bytes(2, shape)
    return _field_bytes(1, name) + _field_bytes(2, _field_bytes(1, tensor_type))


def _minisbd_onnx(lang_code: str) -> bytes:
    """ONNX model: ``logits[b, t, :] = table[units[b, t], :]`` with MiniSBD's metadata.

    Classes as MiniSBD reads them: 0 inside a token, 1 end of token, 2 end of sentence.
    Every character is 0 except sentence-final punctuation, which is 2 — so a whole
    sentence is one token, which is all argostranslate needs.
    """
    float_type, int64_type = 1, 7  # onnx.TensorProto.FLOAT, INT64
    units = ["<PAD>", "<UNK>", ".", "!", "?", "…"]
    table = [[4.0, 0.0, 0.0] if unit in ("<PAD>", "<UNK>") else [0.0, 0.0, 4.0] for unit in units]
    raw = struct.pack(f"<{len(units) * 3}f", *(value for row in table for value in row))
    initializer = _field_int(1, len(units)) + _field_int(1, 3) + _field_int(2, float_type)
    initializer += _field_bytes(8, "table") + _field_bytes(9, raw)
    node = _field_bytes(1, "table") + _field_bytes(1, "units") + _field_bytes(2, "logits")
    node += _field_bytes(3, "classify") + _field_bytes(4, "Gather")
    graph = _field_bytes(1, node) + _field_bytes(2, "tiny_minisbd") + _field_bytes(5, initializer)
    graph += _field_bytes(11, _onnx_value_info("units", int64_type, ["batch", "time"]))
    graph += _field_bytes(11, _onnx_value_info("features", float_type, ["batch", "time", "features"]))
    graph += _field_bytes(12, _onnx_value_info("logits", float_type, ["batch", "time", 3]))
    config = {"skip_newline": False, "max_seqlen": 1000, "feat_funcs": ["space_before"], "batch_size": 1}
    vocab = {"lang": lang_code, "idx": 0, "cutoff": 0, "lower": False,
             "_unit2id": {unit: i for i, unit in enumerate(units)}, "_id2unit": units}
    metadata = {"lang_code": lang_code, "config": json.dumps(config), "vocab": json.dumps(vocab)}
    model = _field_int(1, 8) + _field_bytes(2, "quotes-tests")  # ir_version 8
    model += _field_bytes(7, graph) + _field_bytes(8, _field_bytes(1, "") + _field_int(2, 13))  # opset 13
    for key, value in metadata.items():
        model += _field_bytes(14, _field_bytes(1, key) + _field_bytes(2, value))
    return model


# --- the package ----------------------------------------------------------------------------


def build_argosmodel(
    directory: Path,
    from_code: str,
    to_code: str,
    *,
    version: str = "1.0",
    with_splitter: bool = True,
) -> Path:
    """Write a tiny, real ``.argosmodel`` for ``from_code`` → ``to_code`` into ``directory``.

    Every input sentence translates to ``tiny_output(from_code, to_code)``.
    """
    import sentencepiece as spm

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    name = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    work = directory / f"{name}.build"
    if work.exists():
        shutil.rmtree(work)
    root = work / name
    (root / "model").mkdir(parents=True)

    sp_model = _train_sentencepiece(_training_lines(from_code, to_code))
    (root / "sentencepiece.model").write_bytes(sp_model)
    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    target_ids = processor.encode(tiny_output(from_code, to_code))
    assert 0 < len(target_ids) < _D_MODEL and processor.unk_id() not in target_ids
    _build_ctranslate2_model(root / "model", vocabulary, target_ids)

    if with_splitter:
        (root / "minisbd").mkdir()
        (root / "minisbd" / f"{from_code}.onnx").write_bytes(_minisbd_onnx(from_code))

    metadata = {
        "package_version": version,
        "argos_version": "1.9",
        "from_code": from_code,
        "from_name": LANGUAGE_NAMES.get(from_code, from_code),
        "to_code": to_code,
        "to_name": LANGUAGE_NAMES.get(to_code, to_code),
        "type": "translate",
    }
    (root / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    (root / "README.md").write_text(f"Tiny test model: every sentence → {tiny_output(from_code, to_code)!r}\n")

    archive = directory / f"{name}.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(root.rglob("*")):
            zf.write(path, path.relative_to(work).as_posix())
    shutil.rmtree(work)
    return archive


@pytest.fixture
def argos_home(tmp_path, monkeypatch) -> Path:
    """A fresh, empty argostranslate home under ``tmp_path``; returns its packages dir."""
    home = tmp_path / "argos"
    packages = home / "packages"
    data, config, cache = home / "data", home / "config", home / "cache"
    for path in (packages, data, config, cache):
        path.mkdir(parents=True, exist_ok=True)
    # The environment first: it is what argostranslate reads at import, and what a
    # `quotes` subprocess inherits.
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    for variable in ("ARGOS_CHUNK_TYPE", "ARGOS_MODEL_PROVIDER", "ARGOS_DEVICE_TYPE", "ARGOS_PACKAGE_INDEX", "ARGOS_DEV_MODE"):
        monkeypatch.delenv(variable, raising=False)

    # Then the settings already read, if argostranslate was imported before this test.
    import argostranslate.settings as settings

    data_dir = data / "argos-translate"
    for path in (data_dir, cache / "argos-translate" / "downloads"):
        path.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(settings, "data_dir", data_dir)
    monkeypatch.setattr(settings, "package_data_dir", packages)
    monkeypatch.setattr(settings, "package_dirs", [packages])
    monkeypatch.setattr(settings, "local_package_index", data_dir / "index.json")
    monkeypatch.setattr(settings, "downloads_dir", cache / "argos-translate" / "downloads")
    monkeypatch.setattr(settings, "cache_dir", cache / "argos-translate")
    monkeypatch.setattr(settings, "chunk_type", settings.ChunkType.ARGOSTRANSLATE)
    monkeypatch.setattr(settings, "model_provider", settings.ModelProvider.OPENNMT)
    monkeypatch.setattr(settings, "device", "cpu")

    # MiniSBD's own model cache (argostranslate.sbd points it at data_dir/minisbd at import):
    # an empty one, so no test sees a model cached by an earlier run.
    import minisbd.models

    monkeypatch.setattr(minisbd.models, "cache_dir", str(data_dir / "minisbd"))

    import argostranslate.translate

    monkeypatch.setattr(argostranslate.translate, "installed_translates", [])
    argostranslate.translate.get_installed_languages.cache_clear()
    yield packages
    argostranslate.translate.get_installed_languages.cache_clear()
