"""Which addresses the desk's fetching connects to (quotes.checking.addresses), and
quotes.checking.pages.fetch with that policy: checked after resolution, on every hop."""

from __future__ import annotations

import socket

import pytest

from quotes.checking import pages
from quotes.checking.addresses import AddressRefused, PublicOnly, is_public
from quotes.errors import CoverageError
from tests.checking.test_pages import ARTICLE, site  # noqa: F401 (site: a fixture)

REFUSED = "refused: only pages on public internet addresses are fetched"


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.255.0.9", "0.0.0.0", "10.1.2.3", "172.16.0.1", "192.168.0.1", "100.64.0.1", "169.254.169.254",
    "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "192.0.2.1", "198.18.0.1", "::1", "::",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "fe80::1%eth0", "fc00::1", "ff02::1", "2002:7f00:1::", "2001:db8::1"])
def test_addresses_that_are_not_public(address):
    assert not is_public(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:93.184.215.14"])
def test_public_addresses(address):
    assert is_public(address)


def resolving_to(monkeypatch, *addresses):
    """Every name resolves to ``addresses`` (no DNS in tests)."""
    def getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in addresses]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_a_name_with_any_internal_address_is_refused(monkeypatch):
    # A public address beside a private one does not make the name safe: the connection
    # could go to either.
    resolving_to(monkeypatch, "93.184.215.14", "10.0.0.7")
    with pytest.raises(AddressRefused, match=REFUSED):
        PublicOnly().create_connection(("news.example", 80), 1)


def test_the_connection_goes_to_the_address_checked(monkeypatch):
    # The name resolves once, to a public address; the socket connects to that address,
    # not to whatever a second resolution (DNS rebinding) would give.
    resolving_to(monkeypatch, "93.184.215.14")
    connected = []
    monkeypatch.setattr(socket.socket, "connect", lambda sock, address: connected.append(address))
    PublicOnly().create_connection(("news.example", 80), 1).close()
    assert connected == [("93.184.215.14", 80)]


def test_fetch_with_the_policy_refuses_loopback_in_every_spelling(site):
    site.page("/article", ARTICLE)
    port = site.base.rsplit(":", 1)[1]
    for host in ("127.0.0.1", "localhost", "127.1", "2130706433", "0x7f000001", "[::ffff:127.0.0.1]", "0.0.0.0"):
        url = f"http://{host}:{port}/article"
        with pytest.raises(CoverageError) as refused:
            pages.fetch(url, policy=PublicOnly())
        assert str(refused.value) == f"{url}: {REFUSED}"
    assert pages.fetch(site.base + "/article").data == ARTICLE  # without a policy: what the user names


def test_an_allowed_host_is_fetched_and_its_redirects_are_checked_again(site):
    site.page("/article", ARTICLE)
    port = site.base.rsplit(":", 1)[1]
    policy = PublicOnly.allowing(["LOCALHOST."])
    assert pages.fetch(f"http://localhost:{port}/article", policy=policy).data == ARTICLE
    to_loopback = site.page("/elsewhere", b"", status=302, headers=[("Location", f"{site.base}/article")])
    named = to_loopback.replace("127.0.0.1", "localhost")
    with pytest.raises(CoverageError) as refused:
        pages.fetch(named, policy=policy)
    assert str(refused.value) == f"{named}: {REFUSED}"
