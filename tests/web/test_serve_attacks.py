"""Issue 18's attacks on sessions, cookies, the API's description, tokens and sign-in,
tried against a real `quotes serve` (two worker processes over one SQLite registry) as an
ordinary user or a stranger would, with the accounts changed through the CLI meanwhile."""

from __future__ import annotations

import httpx2 as httpx
import pytest
from click.testing import CliRunner
from sqlalchemy import update

from quotes.cli.main import cli
from quotes.registry import schema as t
from quotes.registry.accounts import MAX_ATTEMPTS
from quotes.registry.registry import Registry, now
from tests.helpers.browser import DeskServer, seed_registry
from tests.helpers.web import PASSWORD, USERS, csrf_of, sign_in

ATTACKER, OWNER = "203.0.113.66", "192.0.2.10"  # addresses a trusted proxy forwards


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """The desk as `quotes serve` starts it: no proxy trusted, cookies Secure only over https."""
    folder = tmp_path_factory.mktemp("desk")
    seed_registry(folder / "quotes.db")
    server = DeskServer(folder / "quotes.db", folder / "serve.log", workers=2)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def proxied_desk(tmp_path_factory):
    """The desk behind a TLS proxy on its own host: `--forwarded-allow-ips 127.0.0.1`."""
    folder = tmp_path_factory.mktemp("proxied")
    seed_registry(folder / "quotes.db")
    server = DeskServer(folder / "quotes.db", folder / "serve.log", options=("--forwarded-allow-ips", "127.0.0.1"))
    yield server
    server.stop()


OPEN: list[httpx.Client] = []


@pytest.fixture(autouse=True)
def _close_clients():
    yield
    while OPEN:
        OPEN.pop().close()


def browser(desk: DeskServer, **headers: str) -> httpx.Client:
    """A client of its own (its own cookies), closed after the test."""
    client = httpx.Client(base_url=desk.url, follow_redirects=False, headers=headers, timeout=30)
    OPEN.append(client)
    return client


def signed_in(desk: DeskServer, role: str, password: str = PASSWORD) -> httpx.Client:
    client = browser(desk)
    assert sign_in(client, USERS[role], password).status_code == 303
    return client


def copy_of(client: httpx.Client, desk: DeskServer) -> httpx.Client:
    """Another client with the same cookies: a copy saved by the user, or taken from them."""
    thief = browser(desk)
    thief.cookies = httpx.Cookies(client.cookies)
    return thief


def quotes(desk: DeskServer, *args: str, input: str | None = None):
    """The CLI on the desk's registry, while the desk runs."""
    result = CliRunner().invoke(cli, ["--db", str(desk.db), *args], input=input)
    assert result.exit_code == 0, result.output
    return result


def signed_out(client: httpx.Client) -> bool:
    """Whether the desk sends this client to sign in (asked a few times: either worker may answer)."""
    answers = {client.get("/").headers.get("location") for _ in range(4)}
    assert len(answers) == 1, answers
    return answers == {"/login?next=/"}


def test_a_cookie_saved_before_signing_out_no_longer_signs_in(desk):
    reviewer = signed_in(desk, "reviewer")
    saved = copy_of(reviewer, desk)
    assert not signed_out(saved)
    home = reviewer.get("/")
    assert reviewer.post("/logout", data={"csrf_token": csrf_of(home.text)}).headers["location"] == "/login"
    assert signed_out(saved)


def test_disabling_a_user_or_a_new_password_from_the_cli_ends_their_sessions(desk):
    translator, editor = signed_in(desk, "translator"), signed_in(desk, "editor")
    quotes(desk, "user", "password", USERS["translator"], "--password-stdin", input="a new long password\n")
    assert signed_out(translator) and not signed_out(editor)
    assert not signed_out(signed_in(desk, "translator", "a new long password"))
    quotes(desk, "user", "disable", USERS["editor"])
    assert signed_out(editor)
    assert sign_in(browser(desk), USERS["editor"], PASSWORD).status_code == 401


def test_the_api_description_is_not_shown_to_strangers(desk):
    stranger = browser(desk)
    assert stranger.get("/docs").headers["location"] == "/login?next=/docs"
    assert stranger.get("/openapi.json").status_code == 401
    admin = signed_in(desk, "admin")
    assert admin.get("/docs").status_code == 200
    assert "/api/quotes" in admin.get("/openapi.json").json()["paths"]


def test_tokens_are_revoked_one_by_one_and_expire(desk):
    name = USERS["reviewer"]
    laptop = quotes(desk, "user", "token", name, "--name", "laptop").stdout.strip()
    script = quotes(desk, "user", "token", name, "--name", "script", "--expires", "1").stdout.strip()
    cat_tool = quotes(desk, "user", "token", name, "--name", "CAT tool").stdout.strip()
    for token in (laptop, script, cat_tool):
        assert browser(desk, Authorization=f"Bearer {token}").get("/api/quotes").status_code == 200
    listed = {line.split("  ")[1]: line.split("  ")[0] for line in quotes(desk, "user", "tokens", name).stdout.splitlines()[:-1]}
    quotes(desk, "user", "revoke", listed["laptop"])
    registry = Registry(str(desk.db))
    try:  # as if a day had passed
        with registry.store.write() as conn:
            conn.execute(update(t.api_tokens).where(t.api_tokens.c.id == listed["script"]).values(expires_at=now()))
    finally:
        registry.close()
    for token, status in ((laptop, 401), (script, 401), (cat_tool, 200)):
        for _ in range(2):  # either worker
            assert browser(desk, Authorization=f"Bearer {token}").get("/api/quotes").status_code == status


def test_forwarded_headers_from_an_untrusted_address_change_nothing(desk):
    claimed_https = browser(desk, **{"X-Forwarded-Proto": "https"})
    assert "secure" not in sign_in(claimed_https, USERS["admin"], PASSWORD).headers["set-cookie"].lower()
    for attempt in range(MAX_ATTEMPTS):  # a new made-up address for every guess
        guess = browser(desk, **{"X-Forwarded-For": f"198.51.100.{attempt}"})
        assert sign_in(guess, USERS["admin"], "a guess").status_code == 401
    held_up = browser(desk, **{"X-Forwarded-For": "198.51.100.99"})
    assert sign_in(held_up, USERS["admin"], PASSWORD).status_code == 429


def test_behind_a_trusted_proxy_https_makes_the_cookie_secure(proxied_desk):
    over_https = browser(proxied_desk, **{"X-Forwarded-Proto": "https", "X-Forwarded-For": OWNER})
    cookie = sign_in(over_https, USERS["editor"], PASSWORD).headers["set-cookie"].lower()
    assert cookie.startswith("quotes_session=") and cookie.endswith("; secure")
    over_http = browser(proxied_desk, **{"X-Forwarded-Proto": "http", "X-Forwarded-For": OWNER})
    assert "secure" not in sign_in(over_http, USERS["editor"], PASSWORD).headers["set-cookie"].lower()


def test_whoever_guesses_a_password_holds_up_themselves_not_its_owner(proxied_desk):
    attacker = browser(proxied_desk, **{"X-Forwarded-For": ATTACKER})
    for _ in range(MAX_ATTEMPTS):
        assert sign_in(attacker, USERS["reviewer"], "a guess").status_code == 401
    assert sign_in(attacker, USERS["reviewer"], PASSWORD).status_code == 429
    owner = browser(proxied_desk, **{"X-Forwarded-For": OWNER})
    assert sign_in(owner, USERS["reviewer"], PASSWORD).status_code == 303
    assert sign_in(browser(proxied_desk, **{"X-Forwarded-For": ATTACKER}), USERS["reviewer"], PASSWORD).status_code == 429
