"""The `serve` command: the newsroom desk over the registry, with uvicorn."""

from __future__ import annotations

import os

import click

from .options import pass_state


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8470, show_default=True, help="Port to listen on.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes (they share nothing but the registry).")
@click.option("--allow-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="A host on an internal address whose pages the check page may fetch (repeat for more); "
                   "every other non-public address is refused.")
@pass_state
def serve(cli_state, host, port, workers, allowed_hosts):
    """Run the newsroom desk (web pages and the JSON API) over the registry.

    Everyone signs in with an account made by `quotes user add`. Session cookies are
    signed with QUOTES_SECRET, or else a key made once and kept in the registry. The
    check page fetches only http(s) pages on public addresses, and on the hosts named
    by --allow-host.

    \b
    Example:
      quotes --db team.db user add "Deniz Y." --role reviewer
      quotes --db team.db serve --port 8470 --workers 2
    """
    import uvicorn

    from quotes.registry.accounts import list_users, session_secret
    from quotes.registry.store import default_location
    from quotes.checking.addresses import ALLOWED_HOSTS_VARIABLE

    registry = cli_state.registry  # an existing registry only: refused here, before any worker starts
    session_secret(registry)  # made now, once, rather than by the workers racing for it
    if not list_users(registry):
        click.echo("note: nobody can sign in yet; add an account: quotes user add NAME --role admin", err=True)
    # The workers open the registry themselves (quotes.web.app.app_from_environment).
    os.environ["QUOTES_DB"] = cli_state.db or default_location()
    os.environ[ALLOWED_HOSTS_VARIABLE] = ",".join(allowed_hosts)
    uvicorn.run("quotes.web.app:app_from_environment", factory=True, host=host, port=port, workers=workers)


COMMANDS = [serve]
