"""Batch checking: the batch's size before anything is read, and a worker that cannot start."""

import subprocess
import sys

from quotes.checking.batch import Outcome, check_inputs
from tests.helpers.paths import ROOT
from tests.helpers.seeds import SEED_ARTICLE


def broken_translator(registry):
    """A machine translator that fails to load (module level: a spawned worker imports it by name)."""
    raise RuntimeError("the translation model is corrupt\nand this line is not shown")


def test_the_size_is_known_before_anything_is_read(seeded, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("a.txt", "b.md", "c.png"):
        (folder / name).write_text("“They don’t actually have the money”\n")
    batch = check_inputs(seeded, [str(folder), str(tmp_path / "missing.txt"), str(SEED_ARTICLE)])
    assert len(batch) == 5  # two documents, a skipped file, a missing one, the article
    outcomes = list(batch)
    assert [(o.path.rsplit("/", 1)[-1], o.report is not None) for o in outcomes] == [
        ("a.txt", True), ("b.md", True), ("c.png", False), ("missing.txt", False), (SEED_ARTICLE.name, True)]
    assert outcomes[3] == Outcome(str(tmp_path / "missing.txt"), problem=f"{tmp_path / 'missing.txt'}: no such file or folder")


def test_a_worker_that_cannot_start_fails_the_check_once_with_one_line(seeded_run):
    # In a process of its own, with a time limit: a pool that starts failing workers again
    # and again never returns.
    code = (
        "import quotes.translations.machine as machine, sys\n"
        "from click.testing import CliRunner\n"
        "from quotes.cli.main import cli\n"
        "from tests.checking.test_batch import broken_translator\n"
        "machine.machine_translator = broken_translator\n"
        f"result = CliRunner().invoke(cli, ['--db', {seeded_run.db!r}, 'check', '--jobs', '2', {str(SEED_ARTICLE)!r},"
        f" {str(SEED_ARTICLE)!r}])\n"
        "print(result.exit_code, result.output, end='')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (done.stdout, done.stderr) == (
        "2 Error: a worker process could not start: RuntimeError: the translation model is corrupt\n", "")
