"""Accounts of the desk: user add, list, disable, token."""

from __future__ import annotations

import json
import sys

import click

from .options import format_option, registry_command


@click.group()
def user():
    """Accounts of the desk (`quotes serve`): add, list, disable, API tokens.

    \b
    Example:
      quotes user add "Ayşe K." --role translator
    """


@user.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(["translator", "reviewer", "editor", "admin"]),
              help="What the user may do on the desk.")
@click.option("--lang", "languages", multiple=True,
              help="A language the user works in (repeatable); their home page counts these. Default: all.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (one line) instead of a prompt.")
@registry_command
def user_add(registry, name, role, languages, password_stdin):
    """Add an account; asks for its password twice (hidden) unless --password-stdin.

    \b
    Examples:
      quotes user add "Ayşe K." --role translator --lang en
      printf '%s\\n' "$PASSWORD" | quotes user add "Deniz Y." --role reviewer --password-stdin
    """
    from quotes.registry.accounts import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    added = add_user(registry, name, role=role, password=password, languages=languages)
    click.echo(f"added {added.id} {added.name} ({added.role})")


@user.command("list")
@format_option("table", "json")
@registry_command
def user_list(registry, output_format):
    """List the accounts: name, role, languages, whether disabled.

    \b
    Example:
      quotes user list --format json
    """
    from quotes.registry.accounts import list_users
    from quotes.display import printable, printable_json

    users = list_users(registry)
    if output_format == "json":
        records = [{"id": u.id, "name": u.name, "role": u.role, "languages": list(u.languages),
                    "disabled": u.disabled, "created_at": u.created_at, "created_by": u.created_by} for u in users]
        click.echo(printable_json(json.dumps(records, ensure_ascii=False, indent=2)))
        return
    for u in users:
        languages = " ".join(u.languages) or "all languages"
        click.echo(printable(f"{u.id}  {u.name}  {u.role}  {languages}{'  disabled' if u.disabled else ''}"))
    click.echo(f"{len(users)} user{'s' if len(users) != 1 else ''}")


@user.command("disable")
@click.argument("name")
@registry_command
def user_disable(registry, name):
    """Disable an account: its sessions, sign-in and API tokens are refused from now on.

    \b
    Example:
      quotes user disable "Ayşe K."
    """
    from quotes.registry.accounts import disable_user

    disabled = disable_user(registry, name)
    click.echo(f"disabled {disabled.id} {disabled.name}")


@user.command("token")
@click.argument("name")
@registry_command
def user_token(registry, name):
    """Make a new API token for the user, for scripts and CAT tools; printed once, never stored.

    Send it as `Authorization: Bearer TOKEN` to the desk's /api/….

    \b
    Example:
      quotes user token "Ayşe K."
    """
    from quotes.registry.accounts import new_token

    click.echo(new_token(registry, name))


COMMANDS = [user]
