"""The README's shell blocks as a script, and a run of them through the installed `quotes`.

A shell block is a fenced block with lines starting with ``$ ``: each such line is a command
(continued over the lines that end in a backslash), and the lines up to the next command
are what it prints, standard output and standard error together, as a terminal shows them.
A command whose exit status is not 0 ends its output with ``(exit N)``, unless it is the
house's refusal: status 2 after a one-line ``Error: …``. A command may end in a here-document
(``cat > f <<'EOF'``): its lines, through the closing word, are part of the command. A block
after the comment ``<!-- not run: REASON -->`` is not run (it needs the network, or a model
download); one after ``<!-- needs: omegat -->`` runs where OmegaT is installed, and is
skipped, and said so, elsewhere (under CI, where OmegaT is installed, it always runs).

The blocks run in the README's order, in one folder holding a link to ``seeds/``, each
command in its own ``bash`` with the variables the commands before it exported; the
environment is the tour's (``QUOTES_DB=tour.db``, ``QUOTES_USER=desk``) and nothing of the
user's. Outputs are compared with the ids, dates, times and timings normalised: an id the
README shows stands for the id the run printed in the same place, the same one throughout
(a command the README shows with an id runs with the id the run made), and any date or time
is the same as any other.

``python -m tests.helpers.readme`` prints what every block prints now, in the README's ids
where the run's ids are known by them: what to paste where the README is no longer true.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers.omegat import missing_omegat
from tests.helpers.paths import ROOT

README = ROOT / "README.md"
ID = re.compile(r"\b[qrut]-[0-9a-f]{6,}\b")  # quotes, renditions, users, tokens
DATE_OR_TIME = re.compile(
    r"\b\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?\b|\b\d{8}T\d{6}Z\b")
TIMING = re.compile(r"\b\d+(?:\.\d+)? ?(?:ms|s)\b")
NOT_RUN = re.compile(r"^<!-- not run: (.+?) -->$")
NEEDS = re.compile(r"^<!-- needs: (omegat) -->$")
HERE_DOCUMENT = re.compile(r"<<-?\s*'?(\w+)'?\s*$")
FENCE = re.compile(r"^```")


@dataclass
class Step:
    command: str
    line: int  # of the README, from 1
    expected: list[str] = field(default_factory=list)


@dataclass
class Block:
    line: int
    steps: list[Step]
    not_run: str | None = None
    needs: str | None = None


class Mismatch(AssertionError):
    """What a command printed is not what the README shows."""


def shell_blocks(text: str) -> list[Block]:
    """The README's shell blocks, in order."""
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        if not FENCE.match(lines[i]):
            i += 1
            continue
        start = i
        end = next((j for j in range(start + 1, len(lines)) if FENCE.match(lines[j])), len(lines))
        body = lines[start + 1:end]
        if any(line.startswith("$ ") for line in body):
            before = next((lines[j] for j in range(start - 1, -1, -1) if lines[j].strip()), "")
            marked, needs = NOT_RUN.match(before.strip()), NEEDS.match(before.strip())
            blocks.append(Block(start + 2, _steps(body, start + 2), marked.group(1) if marked else None,
                                needs.group(1) if needs else None))
        i = end + 1
    return blocks


def _steps(body: list[str], first_line: int) -> list[Step]:
    steps: list[Step] = []
    i = 0
    while i < len(body):
        line = body[i]
        if line.startswith("$ "):
            command, number = line[2:], first_line + i
            while command.endswith("\\") and i + 1 < len(body):
                i += 1
                command += "\n" + body[i]
            here = HERE_DOCUMENT.search(command)
            while here and i + 1 < len(body):
                i += 1
                command += "\n" + body[i]
                if body[i] == here.group(1):
                    break
            steps.append(Step(command, number))
        elif not steps:
            raise ValueError(f"README.md line {first_line + i}: output before the block's first command: {line!r}")
        else:
            steps[-1].expected.append(line)
        i += 1
    return steps


class Tour:
    """The folder and environment the README's commands run in, and the ids met so far."""

    def __init__(self, folder: Path):
        self.folder = folder
        (folder / "seeds").symlink_to(ROOT / "seeds")
        (folder / "home").mkdir()
        self.state = folder / ".tour-environment"
        installed = Path(sys.executable).parent
        if not (installed / "quotes").exists():
            raise RuntimeError(f"no quotes command beside {sys.executable}: pip install -e . first")
        tour_environment = {
            "PATH": f"{installed}:/usr/bin:/bin",
            "HOME": str(folder / "home"), "LANG": "C.UTF-8", "TZ": "UTC",
            "QUOTES_DB": "tour.db", "QUOTES_USER": "desk",
        }
        self.state.write_text("".join(f"export {name}={_quoted(value)}\n" for name, value in tour_environment.items()),
                              encoding="utf-8")
        self.real_id: dict[str, str] = {}  # the README's id → the run's

    def run(self, step: Step) -> list[str]:
        """What the step's command prints, ``(exit N)`` as the module says."""
        command = ID.sub(lambda m: self.real_id.get(m.group(), m.group()), step.command)
        script = f'. {_quoted(str(self.state))}\n{{\n{command}\n}}\nstatus=$?\nexport -p > {_quoted(str(self.state))}\nexit $status\n'
        done = subprocess.run(["bash", "-c", script], cwd=self.folder, env={}, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=300)
        printed = done.stdout.decode("utf-8", errors="replace").splitlines()
        refused = done.returncode == 2 and printed and printed[-1].startswith("Error: ")
        if done.returncode and not refused:
            printed.append(f"(exit {done.returncode})")
        return printed

    def compare(self, step: Step, printed: list[str]) -> None:
        """Raise Mismatch where ``printed`` is not what the README shows for ``step``; learn its ids."""
        shown, real = ID.findall("\n".join(step.expected)), ID.findall("\n".join(printed))
        if len(shown) == len(real):
            for readme_id, run_id in zip(shown, real):
                known = self.real_id.get(readme_id)
                if known is None and run_id not in self.real_id.values():
                    self.real_id[readme_id] = known = run_id
                if known != run_id:
                    raise Mismatch(f"README.md line {step.line}: `{step.command}` printed {run_id} where the README "
                                   f"shows {readme_id}, which stands for {known or 'another id'} above")
        expected = [_normalised(line) for line in step.expected]
        actual = [_normalised(line) for line in self.in_readme_ids(printed)]
        if expected != actual:
            diff = "\n".join(difflib.unified_diff(expected, actual, "README.md", "printed", lineterm=""))
            raise Mismatch(f"README.md line {step.line}: `{step.command}` printed otherwise:\n{diff}")

    def in_readme_ids(self, printed: list[str]) -> list[str]:
        """``printed`` with each id of the run that the README shows under another id written as the README's."""
        readme_id = {run_id: readme_id for readme_id, run_id in self.real_id.items()}
        return [ID.sub(lambda m: readme_id.get(m.group(), m.group()), line) for line in printed]


def _normalised(line: str) -> str:
    return TIMING.sub("<timing>", DATE_OR_TIME.sub("<time>", line)).rstrip()


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


def missing(block: Block) -> str | None:
    """Why the block cannot run on this machine (None: it can). Under CI what it needs must be there."""
    why = missing_omegat() if block.needs == "omegat" else None
    if why and os.environ.get("CI"):
        raise RuntimeError(f"README.md line {block.line}: {why}")
    return why


def run_tour(text: str, folder: Path) -> list[Block]:
    """Run every shell block of ``text`` not marked as not run, and whose needs this machine
    has, in order, in ``folder``; raise Mismatch at the first output that differs. The blocks run."""
    tour = Tour(folder)
    ran = [block for block in shell_blocks(text) if block.not_run is None and missing(block) is None]
    for block in ran:
        for step in block.steps:
            tour.compare(step, tour.run(step))
    return ran


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tour = Tour(Path(folder))
        for block in shell_blocks(README.read_text(encoding="utf-8")):
            if block.not_run or missing(block):
                print(f"--- README.md line {block.line}: not run: {block.not_run or missing(block)}")
                continue
            print(f"--- README.md line {block.line}")
            for step in block.steps:
                printed = tour.run(step)
                try:
                    tour.compare(step, printed)
                    verdict = ""
                except Mismatch:
                    verdict = "   # differs from the README"
                print(f"$ {step.command}{verdict}")
                for line in tour.in_readme_ids(printed):
                    print(line)


if __name__ == "__main__":
    main()
