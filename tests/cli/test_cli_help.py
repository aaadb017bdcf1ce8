"""Every command explains itself with an example, and `quotes --help` stays light."""

import subprocess
import sys

import click
import pytest

from quotes.cli.main import cli


def all_commands(group: click.Group, prefix=()):
    for name, command in sorted(group.commands.items()):
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from all_commands(command, prefix + (name,))


@pytest.mark.parametrize("path, command", list(all_commands(cli)), ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_command_has_help_with_an_example(path, command):
    assert command.help, f"quotes {' '.join(path)} has no help text"
    if not isinstance(command, click.Group):
        assert "Example" in command.help, f"quotes {' '.join(path)} has no example in its help"


def test_help_imports_no_heavy_module():
    code = (
        "import sys; from click.testing import CliRunner; from quotes.cli.main import cli;"
        "r = CliRunner().invoke(cli, ['--help']); assert r.exit_code == 0, r.output;"
        "heavy = [m for m in ('sqlalchemy', 'argostranslate', 'ctranslate2', 'rapidfuzz', 'langdetect', 'py3langid', 'langcodes')"
        " if m in sys.modules]; print(','.join(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
