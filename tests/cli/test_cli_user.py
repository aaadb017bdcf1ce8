"""`quotes user …` and `quotes serve`: accounts from the command line, and starting the desk."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import http.client
import statistics
import time

from quotes.registry.accounts import sign_in, user_for_token
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
        assert sign_in(registry, "Ayşe K.", PASSWORD).role == "translator"
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
    token = made.output.strip()
    assert made.exit_code == 0 and len(token) >= 40
    registry = Registry(run.db)
    try:
        assert user_for_token(registry, token).name == "Ayşe K."
        assert run("user", "disable", "ayse k.").output == "disabled u-000001 Ayşe K.\n"
        assert user_for_token(registry, token) is None
    finally:
        registry.close()
    assert "disabled" in run("user", "list").output
    assert run("user", "disable", "Nobody").output == "Error: no user named Nobody\n"


def test_serve_starts_uvicorn_on_the_desk_with_the_registry_for_its_workers(run, monkeypatch):
    started = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **options: started.update(app=app, **options))
    monkeypatch.setenv("QUOTES_DB", "elsewhere.db")  # what serve sets for its workers is undone after the test
    run("user", "add", "Ali A.", "--role", "admin", "--password-stdin", input=PASSWORD)
    result = run("serve", "--port", "8471", "--workers", "2")
    assert result.exit_code == 0, result.output
    assert started == {"app": "quotes.web.app:app_from_environment", "factory": True, "host": "127.0.0.1",
                       "port": 8471, "workers": 2}
    assert os.environ["QUOTES_DB"] == run.db


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
