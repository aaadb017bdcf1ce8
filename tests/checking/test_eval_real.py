"""bench/eval_real.py runs on the real coverage cases and prints its summary's structure."""

from __future__ import annotations

import importlib.util
import json

from tests.helpers.paths import ROOT, needs_data


def load_bench():
    spec = importlib.util.spec_from_file_location("eval_real", ROOT / "bench" / "eval_real.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_eval_real_summary(capsys):
    data = needs_data("coverage_cases", "cases.jsonl").parent
    bench = load_bench()
    assert bench.main(["--data", str(data), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    same, trans = summary["same_language"], summary["translations"]
    cases = bench.read_jsonl(data / "cases.jsonl")  # the data grows: count it, not a number kept here
    translations = sum(1 for case in cases if bench.is_translation_case(case))
    assert (same["total"], trans["total"]) == (len(cases) - translations, translations)
    assert translations > 0 and len(cases) > translations
    for part in (same, trans):
        assert 0 <= part["correct"] <= part["total"]
        assert 0.0 <= part["accuracy"] <= 100.0
    assert 0 <= summary["translations_verbatim_or_excerpt"] <= trans["total"]
    assert set(summary["confusion"]) == {"same_language", "translations"}
    assert len(summary["misses"]) == same["total"] - same["correct"] + trans["total"] - trans["correct"]
    unknown = summary["expected_unknown"]
    assert unknown["total"] == sum(1 for case in cases if case["verdicts"][0] == "unknown")
    assert 0 <= unknown["correct"] <= unknown["total"]
    assert isinstance(summary["targets_met"], bool)


def test_eval_real_text_report(capsys):
    data = needs_data("coverage_cases", "cases.jsonl").parent
    assert load_bench().main(["--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "same-language: " in out and "translations: " in out
    assert ("targets: same-language ≥ 95%, translations ≥ 85%, translations reported verbatim/excerpt = 0,"
            " every case expected unknown reported unknown") in out
    assert "cases expected unknown reported unknown: " in out


def test_eval_real_missing_data(tmp_path, capsys):
    assert load_bench().main(["--data", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no coverage cases at") and err.count("\n") == 1
