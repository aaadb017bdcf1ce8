"""The README proves itself (issue 17): every block of it that shows `$ ` commands runs, in
order, through the installed `quotes`, and prints what the README shows (tests/helpers/readme.py)."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.helpers.paths import ROOT
from tests.helpers.readme import README, Mismatch, Step, Tour, run_tour, shell_blocks

# The blocks that cannot run here, by their first command, with the reason the README gives.
NOT_RUN = [
    ("quotes mt install translate-tr_en-1_9.argosmodel      # a downloaded model file",
     "needs a downloaded model file, and the network"),
    ("quotes check http://localhost:8765/news/altman.html --record --hide-unknown",
     "needs the two pages served on localhost:8765; tests/cli/test_cli_drift.py serves them and asserts this lineage"),
    ("quotes watch add http://localhost:8765/feed.xml --name \"Local wire\"",
     "needs the feed, pages and webhook receiver served on localhost; tests/cli/test_cli_watch.py serves them and "
     "asserts this output"),
    ("ls -l report.docx            # 378 KB that unzips to 100 MB of XML",
     "report.docx and line.txt are bench/robustness.py's inputs; tests/checking/test_limits.py asserts these refusals"),
    ("curl -s -o /dev/null -D - -H 'X-Forwarded-Proto: https' http://127.0.0.1:8479/login | grep -i set-cookie",
     "needs the desk serving on 127.0.0.1:8479; tests/web/test_serve_attacks.py asserts the Secure cookie through "
     "a real quotes serve"),
]


def readme() -> str:
    return README.read_text(encoding="utf-8")


def test_every_command_the_readme_shows_prints_what_it_shows(tmp_path):
    commands = [step.command for block in run_tour(readme(), tmp_path) for step in block.steps]
    # from the first commands' output through the tour and the checking examples to the desk's deployment
    assert commands[:2] == ["quotes --db seeds-demo.db import seeds/registry.jsonl",
                            "quotes --db seeds-demo.db check seeds/coverage/musk-altman-openai.txt"]
    assert "quotes xliff import tr.xlf" in commands
    assert "quotes check amount.txt --format claimreview --organization 'Daily Desk'" in commands
    assert commands[-1] == 'quotes --db team.db user tokens "Ayşe K." --format json'  # the deployment section's last


def test_the_blocks_that_are_not_run_are_marked_and_counted():
    assert [(block.steps[0].command, block.not_run) for block in shell_blocks(readme()) if block.not_run] == NOT_RUN


def test_an_edited_output_of_the_tour_fails(tmp_path):
    text = readme()
    assert text.count("\nq-3c9d11 is disputed\n") == 1
    edited = text.replace("\nq-3c9d11 is disputed\n", "\nq-3c9d11 is retracted\n")
    line = edited[:edited.index("q-3c9d11 is retracted")].count("\n") + 1
    with pytest.raises(Mismatch) as mismatch:
        run_tour(edited, tmp_path)
    assert str(mismatch.value).splitlines() == [
        f"README.md line {line - 1}: `quotes status q-3c9d11 disputed --note \"SoftBank disputes the figure\"` "
        "printed otherwise:",
        "--- README.md", "+++ printed", "@@ -1 +1 @@", "-q-3c9d11 is retracted", "+q-3c9d11 is disputed"]


def test_shell_blocks_are_commands_continued_over_backslashes_and_their_output():
    text = "\n".join([
        "Some prose.", "", "```", "$ quotes add 'x y' \\", "    --lang en", "added q-123abc", "", "$ quotes list",
        "1 quote", "```", "", "<!-- not run: needs the network -->", "```", "$ quotes mt install tr en", "```",
        "```sh", "quotes check x.txt    # not a shell block: no $", "```"])
    first, second = shell_blocks(text)
    assert [(step.command, step.line, step.expected) for step in first.steps] == [
        ("quotes add 'x y' \\\n    --lang en", 4, ["added q-123abc", ""]), ("quotes list", 8, ["1 quote"])]
    assert (first.not_run, second.not_run, second.steps[0].command) == (None, "needs the network", "quotes mt install tr en")


def test_output_before_a_blocks_first_command_is_refused():
    with pytest.raises(ValueError, match=r"line 2: output before the block's first command: 'added q-123abc'"):
        shell_blocks("```\nadded q-123abc\n$ quotes list\n```")


def test_an_id_stands_for_the_same_id_of_the_run_throughout(tmp_path):
    tour = Tour(tmp_path)
    tour.compare(Step("quotes add …", 1, ["added q-aaaaaa"]), ["added q-123456"])
    tour.compare(Step("quotes show q-aaaaaa", 2, ["q-aaaaaa, r-bbbbbb"]), ["q-123456, r-654321"])
    with pytest.raises(Mismatch, match=r"line 3: `quotes add …` printed q-123456 where the README shows q-cccccc"):
        tour.compare(Step("quotes add …", 3, ["added q-cccccc"]), ["added q-123456"])
    with pytest.raises(Mismatch, match=r"line 4: .* printed q-999999 where the README shows q-aaaaaa, which stands for q-123456"):
        tour.compare(Step("quotes list", 4, ["q-aaaaaa"]), ["q-999999"])


def test_dates_times_and_timings_are_the_only_other_things_normalised(tmp_path):
    tour = Tour(tmp_path)
    tour.compare(Step("x", 1, ["2026-12-01T04:37:17+00:00 approved 2026-11-27, 20261201T043719Z, took 17 s"]),
                 ["2027-01-02T10:00:00+00:00 approved 2026-12-31, 20270102T100000Z, took 3.4 s"])
    with pytest.raises(Mismatch):
        tour.compare(Step("x", 2, ["score 100.0"]), ["score 99.0"])
    with pytest.raises(Mismatch):
        tour.compare(Step("x", 3, ["summary: 2 passages"]), ["summary: 2 passages", ""])


def test_a_command_that_fails_shows_its_exit_status_unless_it_is_a_one_line_refusal(tmp_path):
    tour = Tour(tmp_path)
    assert tour.run(Step("echo out; echo err >&2; exit 1", 1)) == ["out", "err", "(exit 1)"]
    assert tour.run(Step("echo 'Error: x: no such thing' >&2; exit 2", 2)) == ["Error: x: no such thing"]
    assert tour.run(Step("export TOUR_SEEN=yes", 3)) == []
    assert tour.run(Step('echo "$TOUR_SEEN $QUOTES_DB $QUOTES_USER"; ls seeds/registry.jsonl', 4)) == [
        "yes tour.db desk", "seeds/registry.jsonl"]


FIGURE_SOURCE = re.compile(r"`python bench/(\w+)\.py[^`]*`,?\s+(?:at|recorded\s+in)\s+commit\s+([0-9a-f]{7,40})\b")


def test_every_benchmark_figure_names_the_command_and_commit_that_produced_it():
    sources = FIGURE_SOURCE.findall(readme())
    assert {script for script, _commit in sources} == {
        "robustness", "langid_accuracy", "eval_real", "eval_verdicts", "scale", "batch", "desk_load",
        "fragment_false_matches", "drift", "sessions"}
    for script, commit in sources:
        found = subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{commit}^{{commit}}"], capture_output=True)
        assert found.returncode == 0, f"bench/{script}.py's figures name commit {commit}, which this repository lacks"


def test_a_here_document_is_part_of_its_command_and_a_block_may_need_omegat():
    text = "\n".join([
        "<!-- needs: omegat -->", "```", "$ cat > p.xml <<'EOF'", "<a>", "$ not a command", "EOF", "$ quotes list",
        "1 quote", "```"])
    (block,) = shell_blocks(text)
    assert block.needs == "omegat"
    assert [(step.command, step.expected) for step in block.steps] == [
        ("cat > p.xml <<'EOF'\n<a>\n$ not a command\nEOF", []), ("quotes list", ["1 quote"])]
