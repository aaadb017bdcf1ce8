"""Which addresses a fetch may connect to: the desk fetches pages on public addresses only.

A URL's host name says nothing about where it leads (``127.1``, ``2130706433``,
``0x7f000001`` and ``[::ffff:127.0.0.1]`` are all loopback, and a public name can resolve
to a private address, or to another one a second later). So the check is made on the
addresses the name resolves to, at the moment of connecting, and the connection is made
to the address that was checked: no second resolution, no DNS-rebinding gap. Every
connection goes through it, redirects included.

:class:`PublicOnly` is that policy (:func:`quotes.checking.pages.fetch` takes it); the
command line fetches with none, since there the user names what they mean to read.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

ALLOWED_HOSTS_VARIABLE = "QUOTES_ALLOW_HOSTS"
"""Where the desk's worker processes find the hosts the operator allows (comma-separated;
`quotes serve --allow-host NAME` sets it)."""


class AddressRefused(OSError):
    """A connection to an address the policy refuses. The message is the same whatever the
    address and whether anything listens there: a refusal tells nothing about the network
    behind the desk (no port scanning through it)."""

    def __init__(self) -> None:
        super().__init__("refused: only pages on public internet addresses are fetched")


def is_public(address: str) -> bool:
    """Whether ``address`` (an IPv4 or IPv6 address as getaddrinfo gives it) is a public
    unicast address: not loopback, private, shared, link-local, multicast, reserved or
    unspecified, also when written as IPv4-mapped (``::ffff:127.0.0.1``) or 6to4 IPv6."""
    ip = ipaddress.ip_address(address.partition("%")[0])  # an IPv6 scope (fe80::1%eth0) aside
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is not None and not is_public(str(embedded)):
            return False
    return ip.is_global and not ip.is_multicast


@dataclass(frozen=True)
class PublicOnly:
    """Connect only to public addresses, except to the hosts the operator names
    (``allowed_hosts``: names as they appear in URLs, compared without case). A named
    host is allowed by its name: a redirect from it to an address is checked again."""

    allowed_hosts: frozenset[str] = frozenset()

    @classmethod
    def allowing(cls, hosts) -> PublicOnly:
        return cls(frozenset(_host_key(host) for host in hosts if host.strip()))

    def create_connection(self, address: tuple[str, int], timeout=socket._GLOBAL_DEFAULT_TIMEOUT,
                          source_address=None) -> socket.socket:
        """:func:`socket.create_connection`, refusing (:class:`AddressRefused`) a host any of
        whose addresses is not public, and connecting to the addresses it checked."""
        host, port = address
        if _host_key(host) in self.allowed_hosts:
            return socket.create_connection(address, timeout, source_address)
        resolved = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        if not resolved or not all(is_public(sockaddr[0]) for *_, sockaddr in resolved):
            raise AddressRefused()
        problem: OSError | None = None
        for family, kind, proto, _name, sockaddr in resolved:
            sock = socket.socket(family, kind, proto)
            try:
                if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                    sock.settimeout(timeout)
                if source_address:
                    sock.bind(source_address)
                sock.connect(sockaddr)
                return sock
            except OSError as error:
                sock.close()
                problem = error
        raise problem


def _host_key(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()
