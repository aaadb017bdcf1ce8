"""The `serve` command: the newsroom desk over the registry, with uvicorn."""

from __future__ import annotations

import os

import click

from .options import pass_state

# What `serve` tells its worker processes (which uvicorn starts by importing
# quotes.web.app.app_from_environment) besides QUOTES_DB: "1" when the option is given.
SECURE_COOKIES_VARIABLE = "QUOTES_SECURE_COOKIES"
PUBLIC_DOCS_VARIABLE = "QUOTES_PUBLIC_DOCS"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8470, show_default=True, help="Port to listen on.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes (they share nothing but the registry).")
@click.option("--forwarded-allow-ips", metavar="ADDRESSES",
              help="The reverse proxy's addresses (comma-separated; '*' for any), whose X-Forwarded-For and "
                   "X-Forwarded-Proto the desk believes: the client's address for sign-in limits, https for Secure "
                   "cookies. Default: none, the connection's own address and scheme count.")
@click.option("--secure-cookies", is_flag=True,
              help="Mark the session cookie Secure on every request, not only those that came over https.")
@click.option("--public-docs", is_flag=True,
              help="Serve the API's description (/docs, /openapi.json) to anyone, not only to signed-in users.")
@click.option("--allow-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="A host on an internal address whose pages the check page may fetch (repeat for more); "
                   "every other non-public address is refused.")
@pass_state
def serve(cli_state, host, port, workers, forwarded_allow_ips, secure_cookies, public_docs, allowed_hosts):
    """Run the newsroom desk (web pages and the JSON API) over the registry.

    Everyone signs in with an account made by `quotes user add`. Session cookies are
    signed with QUOTES_SECRET, or else a key made once and kept in the registry. On a
    network, serve it behind a TLS proxy on the same host (README: "Deploying the desk").
    The check page fetches only http(s) pages on public addresses, and on the hosts
    named by --allow-host.

    \b
    Examples:
      quotes --db team.db user add "Deniz Y." --role reviewer
      quotes --db team.db serve --port 8470 --workers 2
      quotes --db team.db serve --forwarded-allow-ips 127.0.0.1   # behind nginx or Caddy
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
    os.environ[SECURE_COOKIES_VARIABLE] = "1" if secure_cookies else "0"
    os.environ[PUBLIC_DOCS_VARIABLE] = "1" if public_docs else "0"
    os.environ[ALLOWED_HOSTS_VARIABLE] = ",".join(allowed_hosts)
    # Without trusted proxies uvicorn would still believe forwarded headers from 127.0.0.1
    # (its default): anyone on the desk's host could claim another address or https.
    uvicorn.run("quotes.web.app:app_from_environment", factory=True, host=host, port=port, workers=workers,
                proxy_headers=bool(forwarded_allow_ips), forwarded_allow_ips=forwarded_allow_ips or None)


COMMANDS = [serve]
