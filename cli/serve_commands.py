"""The `serve` command: the newsroom desk over the registry, with uvicorn."""

from __future__ import annotations

import os
import socket

import click

from .options import pass_state


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8470, show_default=True, help="Port to listen on.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes (they share nothing but the registry).")
@pass_state
def serve(cli_state, host, port, workers):
    """Run the newsroom desk (web pages and the JSON API) over the registry.

    Everyone signs in with an account made by `quotes user add`. Session cookies are
    signed with QUOTES_SECRET, or else a key made once and kept in the registry.

    \b
    Example:
      quotes --db team.db user add "Deniz Y." --role reviewer
      quotes --db team.db serve --port 8470 --workers 2
    """
    import uvicorn
    import uvicorn.config

    from quotes.accounts import list_users, session_secret
    from quotes.store import default_location

    registry = cli_state.registry  # an existing registry only: refused here, before any worker starts
    session_secret(registry)  # made now, once, rather than by the workers racing for it
    if not list_users(registry):
        click.echo("note: nobody can sign in yet; add an account: quotes user add NAME --role admin", err=True)
    # The workers open the registry themselves (quotes.web.app.app_from_environment).
    os.environ["QUOTES_DB"] = cli_state.db or default_location()
    if workers > 1:
        _bind_tcp_sockets(uvicorn.config.Config)
    uvicorn.run("quotes.web.app:app_from_environment", factory=True, host=host, port=port, workers=workers)


def _bind_tcp_sockets(config_class) -> None:
    """Work around Kludex/uvicorn#3149 (fix proposed in its PR #3154): the listening socket
    uvicorn binds for several workers has protocol 0, which accepted sockets inherit, and
    asyncio sets TCP_NODELAY only on IPPROTO_TCP sockets; so every answer on a kept-alive
    connection but its first waited ~40 ms for the browser's delayed ACK (measured by
    bench/desk_load.py --nodelay: 48 → 5 ms a static file, 52 → 10 ms a rendition page)."""
    bind_socket = config_class.bind_socket

    def bind_tcp_socket(self):
        sock = bind_socket(self)
        if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.proto == 0:
            sock = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
            sock.set_inheritable(True)
        return sock

    config_class.bind_socket = bind_tcp_socket


COMMANDS = [serve]
