"""`quotes user …` and `quotes serve`: accounts from the command line, and starting the desk."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import http.client
import statistics
import time

import pytest

from quotes.registry.accounts import SignInRefused, sign_in, user_for_token
from tests.helpers.browser import DeskServer, seed_registry
from quotes.registry.registry import Registry

PASSWORD = "correct horse battery"


def test_user_add_reads_the_password_from_stdin_and_list_shows_the_account(run):
    added = run("user", "add", "Ayşe K.", "--role", "translator", "--lang", "en", "--password-stdin",
                input=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    assert added.output == "added u-000001 Ayşe K. (translator)\n"
    listed = run("user", "list")
    assert listed.output == "u-000001  Ayşe K.  translator  en\n1 user\n"
    records = json.loads(run("user", "list", "--format", "json").output)
    assert [(r["name"], r["role"], r["languages"], r["disabled"]) for r in records] == [("Ayşe K.", "translator", ["en"], False)]
    registry = Registry(run.db)
    try:
        assert sign_in(registry, "Ayşe K.", PASSWORD, client="192.0.2.10").role == "translator"
    finally:
        registry.close()


def test_user_add_prompts_twice_for_a_hidden_password(run):
    added = run("user", "add", "Deniz Y.", "--role", "reviewer", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert added.exit_code == 0, added.output
    assert PASSWORD not in added.output and "Repeat for confirmation" in added.output
    mismatched = run("user", "add", "Ece E.", "--role", "editor", input=f"{PASSWORD}\nsomething else\n" * 3)
    assert mismatched.exit_code != 0 and "do not match" in mismatched.output


def test_bad_accounts_are_one_line_errors_naming_the_option(run):
    run("user", "add", "Ayşe K.", "--role", "translator", "--password-stdin", input=PASSWORD)
    again = run("user", "add", "ayse k.", "--role", "editor", "--password-stdin", input=PASSWORD)
    assert (again.exit_code, again.output) == (2, "Error: name: Ayşe K. has an account already (u-000001)\n")
    short = run("user", "add", "B", "--role", "editor", "--password-stdin", input="short")
    assert (short.exit_code, short.output) == (2, "Error: password: must be at least 8 characters\n")
    role = run("user", "add", "B", "--role", "boss", "--password-stdin", input=PASSWORD)
    assert role.exit_code == 2 and "'boss' is not one of" in role.output


def test_user_token_prints_a_token_once_and_disable_refuses_it(run):
    run("user", "add", "Ayşe K.", "--role", "translator", "--password-stdin", input=PASSWORD)
    made = run("user", "token", "Ayşe K.")
    token = made.stdout.strip()
    assert made.exit_code == 0 and len(token) >= 40 and made.stdout == token + "\n"
    expires = (datetime.now(timezone.utc) + timedelta(days=90)).date().isoformat()
    assert re.fullmatch(rf"made t-000001 for Ayşe K\., expires {expires}T[0-9:]+\+00:00; "
                        r"the token is shown only this once\n", made.stderr), made.stderr
    registry = Registry(run.db)
    try:
        assert user_for_token(registry, token).name == "Ayşe K."
        assert run("user", "disable", "ayse k.").output == "disabled u-000001 Ayşe K.\n"
        assert user_for_token(registry, token) is None
    finally:
        registry.close()
    assert "disabled" in run("user", "list").output
    assert run("user", "disable", "Nobody").output == "Error: no user named Nobody\n"


def test_tokens_are_named_expire_are_listed_and_revoked_one_by_one(run):
    run("user", "add", "Ayşe K.", "--role", "translator", "--password-stdin", input=PASSWORD)
    laptop = run("user", "token", "Ayşe K.", "--name", "laptop", "--expires", "7").stdout.strip()
    cat_tool = run("user", "token", "Ayşe K.", "--name", "CAT tool").stdout.strip()
    registry = Registry(run.db)
    try:
        assert user_for_token(registry, cat_tool).name == "Ayşe K."  # used once: its last use is listed
    finally:
        registry.close()
    records = json.loads(run("user", "tokens", "ayse k.", "--format", "json").output)
    assert [(r["id"], r["user"], r["label"], r["state"], r["revoked_at"]) for r in records] == [
        ("t-000001", "Ayşe K.", "laptop", "active", None), ("t-000002", "Ayşe K.", "CAT tool", "active", None)]
    assert [_days(r["created_at"], r["expires_at"]) for r in records] == [7, 90]
    assert records[0]["last_used_at"] is None and records[1]["last_used_at"] is not None
    assert run("user", "revoke", "t-000001").output == "revoked t-000001 (laptop) of Ayşe K.\n"
    table = run("user", "tokens", "Ayşe K.").output.splitlines()
    assert [re.sub(r"\d{4}-\d\d-\d\dT[0-9:]+\+00:00", "TIME", line) for line in table] == [
        "t-000001  laptop  made TIME  expires TIME  last used never  revoked",
        "t-000002  CAT tool  made TIME  expires TIME  last used TIME  active",
        "2 tokens",
    ]
    csv_lines = run("user", "tokens", "Ayşe K.", "--format", "csv").output.splitlines()
    assert csv_lines[0] == "id,user,label,created_at,expires_at,last_used_at,revoked_at,state"
    registry = Registry(run.db)
    try:
        assert user_for_token(registry, laptop) is None and user_for_token(registry, cat_tool).name == "Ayşe K."
    finally:
        registry.close()


def _days(start: str, end: str) -> int:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).days


def test_bad_token_commands_are_one_line_errors(run):
    run("user", "add", "Ayşe K.", "--role", "translator", "--password-stdin", input=PASSWORD)
    for days in ("0", "400"):
        refused = run("user", "token", "Ayşe K.", "--expires", days)
        assert (refused.exit_code, refused.output) == (2, f"Error: --expires: a token works for 1 to 366 days, not {days}\n")
    blank = run("user", "token", "Ayşe K.", "--name", " ")
    assert (blank.exit_code, blank.output) == (2, "Error: --name: must not be empty\n")
    nobody = run("user", "token", "Nobody")
    assert (nobody.exit_code, nobody.output) == (2, "Error: no user named Nobody\n")
    assert run("user", "tokens", "Ayşe K.").output == "0 tokens\n"
    unknown = run("user", "revoke", "t-nothing")
    assert (unknown.exit_code, unknown.output) == (2, "Error: no token with id t-nothing\n")
    run("user", "token", "Ayşe K.")
    run("user", "revoke", "t-000001")
    again = run("user", "revoke", "000001")
    assert again.exit_code == 2 and again.output.startswith("Error: token: t-000001 was revoked already, at ")


def test_a_new_password_from_the_command_line_signs_in_and_the_old_one_does_not(run):
    run("user", "add", "Ayşe K.", "--role", "translator", "--password-stdin", input=PASSWORD)
    changed = run("user", "password", "ayse k.", "--password-stdin", input="a new long password\n")
    assert (changed.exit_code, changed.output) == (0, "new password for u-000001 Ayşe K.; their sessions have ended\n")
    registry = Registry(run.db)
    try:
        assert sign_in(registry, "Ayşe K.", "a new long password", client="192.0.2.10").name == "Ayşe K."
        with pytest.raises(SignInRefused):
            sign_in(registry, "Ayşe K.", PASSWORD, client="192.0.2.10")
    finally:
        registry.close()
    short = run("user", "password", "Ayşe K.", "--password-stdin", input="short\n")
    assert (short.exit_code, short.output) == (2, "Error: password: must be at least 8 characters\n")
    prompted = run("user", "password", "Ayşe K.", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert prompted.exit_code == 0 and PASSWORD not in prompted.output


def test_serve_starts_uvicorn_on_the_desk_with_the_registry_for_its_workers(run, monkeypatch):
    started = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **options: started.update(app=app, **options))
    for variable in ("QUOTES_DB", "QUOTES_SECURE_COOKIES", "QUOTES_PUBLIC_DOCS"):
        monkeypatch.setenv(variable, "set before")  # what serve sets for its workers is undone after the test
    run("user", "add", "Ali A.", "--role", "admin", "--password-stdin", input=PASSWORD)
    result = run("serve", "--port", "8471", "--workers", "2")
    assert result.exit_code == 0, result.output
    assert started == {"app": "quotes.web.app:app_from_environment", "factory": True, "host": "127.0.0.1",
                       "port": 8471, "workers": 2, "proxy_headers": False, "forwarded_allow_ips": None}
    assert os.environ["QUOTES_DB"] == run.db
    assert (os.environ["QUOTES_SECURE_COOKIES"], os.environ["QUOTES_PUBLIC_DOCS"]) == ("0", "0")
    behind_proxy = run("serve", "--forwarded-allow-ips", "127.0.0.1,::1", "--secure-cookies", "--public-docs")
    assert behind_proxy.exit_code == 0, behind_proxy.output
    assert (started["proxy_headers"], started["forwarded_allow_ips"]) == (True, "127.0.0.1,::1")
    assert (os.environ["QUOTES_SECURE_COOKIES"], os.environ["QUOTES_PUBLIC_DOCS"]) == ("1", "1")


def test_kept_alive_answers_from_several_workers_are_not_held_for_a_delayed_ack(tmp_path):
    """A page on a kept-alive connection answers at once. Nagle's algorithm holds the body of
    an answer until the client acknowledges its head, and a client delays that ACK ~40 ms:
    every answer but the first then takes 40 ms or more, unless the server's accepted socket
    has TCP_NODELAY (uvicorn#3149: with --workers > 1 it had not, before uvicorn 0.55)."""
    db = tmp_path / "desk.db"
    seed_registry(db)
    desk = DeskServer(db, tmp_path / "serve.log", workers=2)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", desk.port, timeout=10)
        times = []
        for _ in range(21):
            started = time.perf_counter()
            connection.request("GET", "/static/desk.css")
            answer = connection.getresponse()
            answer.read()
            times.append(time.perf_counter() - started)
            assert answer.status == 200 and not answer.will_close
        connection.close()
    finally:
        desk.stop()
    assert statistics.median(times[1:]) < 0.030, f"kept-alive answers took {sorted(times)} s"


def test_serve_refuses_a_registry_that_does_not_exist(run, tmp_path, monkeypatch):
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: None)
    result = run("serve", "--db", str(tmp_path / "missing.db"))
    assert result.exit_code == 2 and "no such registry" in result.output


def test_help_does_not_import_the_web_stack():
    code = (
        "import sys; from click.testing import CliRunner; from quotes.cli.main import cli;"
        "r = CliRunner().invoke(cli, ['--help']); assert 'serve' in r.output and 'user' in r.output, r.output;"
        "print(','.join(m for m in ('fastapi', 'uvicorn', 'starlette', 'argon2', 'jinja2') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
