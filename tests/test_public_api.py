"""The public surface: `from quotes import …` works, stays lazy, and the README's library
example runs and prints what the README says."""

import re
import subprocess
import sys

import quotes
from tests.helpers.paths import ROOT


def test_every_public_name_resolves():
    for name in quotes.__all__:
        assert getattr(quotes, name) is not None, name


def test_importing_the_package_loads_no_database_or_matching_code():
    code = ("import sys, quotes; print(','.join(m for m in ('sqlalchemy', 'rapidfuzz', 'quotes.registry.registry')"
            " if m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == ""


def test_readme_library_example_runs_as_shown(tmp_path):
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Use it as a library", 1)[1]
    code, expected = re.findall(r"```(?:python)?\n(.*?)```", section, flags=re.S)[:2]
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                            env={"QUOTES_USER": "tester", "PATH": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected
