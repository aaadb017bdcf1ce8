"""The `check` command."""

COMMANDS = []
