"""Accounts of the desk: user add, list, disable, password, token, tokens, revoke."""

from __future__ import annotations

import json
import sys

import click

from .listings import count, echo_listing, listing_format_option
from .options import format_option, registry_command


def _password(from_stdin: bool) -> str:
    """One line of standard input, or else asked twice, hidden."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


_password_stdin_option = click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input (one line) instead of a prompt.")


@click.group()
def user():
    """Accounts of the desk (`quotes serve`): add, list, disable, passwords, API tokens.

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
@_password_stdin_option
@registry_command
def user_add(registry, name, role, languages, password_stdin):
    """Add an account; asks for its password twice (hidden) unless --password-stdin.

    \b
    Examples:
      quotes user add "Ayşe K." --role translator --lang en
      printf '%s\\n' "$PASSWORD" | quotes user add "Deniz Y." --role reviewer --password-stdin
    """
    from quotes.registry.accounts import add_user

    added = add_user(registry, name, role=role, password=_password(password_stdin), languages=languages)
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
    """Disable an account: its sessions end now, its sign-in and API tokens are refused.

    \b
    Example:
      quotes user disable "Ayşe K."
    """
    from quotes.registry.accounts import disable_user

    disabled = disable_user(registry, name)
    click.echo(f"disabled {disabled.id} {disabled.name}")


@user.command("password")
@click.argument("name")
@_password_stdin_option
@registry_command
def user_password(registry, name, password_stdin):
    """Set a new password for an account; asks twice (hidden) unless --password-stdin.
    The account's sessions end (sign in again); its API tokens stay.

    \b
    Example:
      quotes user password "Ayşe K."
    """
    from quotes.registry.accounts import set_password

    changed = set_password(registry, name, _password(password_stdin))
    click.echo(f"new password for {changed.id} {changed.name}; their sessions have ended")


@user.command("token")
@click.argument("name")
@click.option("--name", "label", metavar="LABEL", help="What the token is for, as `quotes user tokens` lists it.")
@click.option("--expires", "days", type=int, metavar="DAYS",
              help="Days the token works: 90 unless said, at most 366; then make a new one.")
@registry_command
def user_token(registry, name, label, days):
    """Make a new API token for the user, for scripts and CAT tools: printed once on
    standard output (only its hash is kept), its id and expiry on standard error.

    Send it as `Authorization: Bearer TOKEN` to the desk's /api/…; `quotes user tokens`
    lists a user's tokens, `quotes user revoke` ends one.

    \b
    Example:
      TOKEN=$(quotes user token "Ayşe K." --name "OmegaT sync" --expires 30)
    """
    from quotes.registry.accounts import new_token

    token, made = new_token(registry, name, label=label, days=days)
    click.echo(token)
    click.echo(f"made {made.id} for {made.user}, expires {made.expires_at}; the token is shown only this once",
               err=True)


@user.command("tokens")
@click.argument("name")
@listing_format_option
@registry_command
def user_tokens(registry, name, output_format):
    """List a user's API tokens: id, label, made, expires, last used (to the hour), state
    (active, expired or revoked). The tokens themselves are not kept, so not shown.

    \b
    Examples:
      quotes user tokens "Ayşe K."
      quotes user tokens "Ayşe K." --format json
    """
    from quotes.registry.accounts import list_tokens
    from quotes.registry.registry import now

    tokens = list_tokens(registry, name)
    at = now()
    records = [{"id": token.id, "user": token.user, "label": token.label, "created_at": token.created_at,
                "expires_at": token.expires_at, "last_used_at": token.last_used_at, "revoked_at": token.revoked_at,
                "state": token.state(at)} for token in tokens]

    def table():
        for r in records:
            yield (f"{r['id']}  {r['label'] or '(no label)'}  made {r['created_at']}  expires {r['expires_at']}  "
                   f"last used {r['last_used_at'] or 'never'}  {r['state']}")
        yield count(len(records), "token")

    echo_listing(records, output_format, table)


@user.command("revoke")
@click.argument("token_id")
@registry_command
def user_revoke(registry, token_id):
    """End an API token now, by its id (`quotes user tokens NAME` lists them); the user's
    other tokens and sessions go on.

    \b
    Example:
      quotes user revoke t-3fa9c2
    """
    from quotes.registry.accounts import revoke_token

    revoked = revoke_token(registry, token_id)
    click.echo(f"revoked {revoked.id}{f' ({revoked.label})' if revoked.label else ''} of {revoked.user}")


COMMANDS = [user]
