"""Accounts of the desk (quotes.registry.accounts): users, passwords, tokens, sign-in limits, roles."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from quotes.registry import schema as t
from quotes.registry.accounts import (
    MAX_ATTEMPTS,
    NotAllowed,
    SignInRefused,
    TooManyAttempts,
    add_user,
    authorize,
    disable_user,
    list_users,
    new_token,
    session_secret,
    sign_in,
    user_for_token,
)
from quotes.errors import InvalidInput, NotFound
from quotes.registry.registry import Registry
from quotes.translations.renditions import record_rendition

PASSWORD = "correct horse battery"


def events(registry, action):
    with registry.store.read() as conn:
        return conn.execute(select(t.events).where(t.events.c.action == action)).all()


def test_a_user_signs_in_with_their_password_and_the_hash_is_slow_and_salted(any_registry):
    added = add_user(any_registry, "Ayşe K.", role="translator", password=PASSWORD, languages=("en", "EN", "tr"))
    assert (added.name, added.role, added.languages, added.disabled) == ("Ayşe K.", "translator", ("en", "tr"), False)
    assert sign_in(any_registry, "ayse k.", PASSWORD) == added  # the name however typed
    with any_registry.store.read() as conn:
        stored = conn.execute(select(t.users.c.password_hash)).scalar()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    event = events(any_registry, "add-user")[0]
    assert event.actor == "tester" and json.loads(event.detail)["after"]["role"] == "translator"


def test_wrong_password_unknown_name_and_disabled_user_are_refused_alike(any_registry):
    add_user(any_registry, "Deniz Y.", role="reviewer", password=PASSWORD)
    for name, password in (("Deniz Y.", "wrong password"), ("Nobody", PASSWORD)):
        with pytest.raises(SignInRefused, match="^wrong name or password$"):
            sign_in(any_registry, name, password)
    disable_user(any_registry, "deniz y.")
    with pytest.raises(SignInRefused, match="^wrong name or password$"):
        sign_in(any_registry, "Deniz Y.", PASSWORD)
    assert [u.disabled for u in list_users(any_registry)] == [True]
    assert events(any_registry, "disable-user")


def test_sign_in_attempts_are_limited_per_name_and_a_success_clears_them(any_registry):
    add_user(any_registry, "Deniz Y.", role="reviewer", password=PASSWORD)
    add_user(any_registry, "Ayşe K.", role="translator", password=PASSWORD)
    for _ in range(MAX_ATTEMPTS - 1):
        with pytest.raises(SignInRefused):
            sign_in(any_registry, "Deniz Y.", "wrong password")
    sign_in(any_registry, "Deniz Y.", PASSWORD)  # the fifth attempt, right: the count starts again
    for _ in range(MAX_ATTEMPTS):
        with pytest.raises(SignInRefused):
            sign_in(any_registry, "Deniz Y.", "wrong password")
    with pytest.raises(TooManyAttempts, match="try again in 15 minutes") as refused:
        sign_in(any_registry, "DENIZ Y.", PASSWORD)  # even the right password, under any spelling
    assert 0 < refused.value.retry_after <= 15 * 60
    assert sign_in(any_registry, "Ayşe K.", PASSWORD).name == "Ayşe K."  # other names are not held up


def test_the_limit_is_in_the_registry_so_every_process_sees_it(db_location):
    first, second = Registry(db_location), Registry(db_location)
    try:
        add_user(first, "Deniz Y.", role="reviewer", password=PASSWORD)
        for _ in range(MAX_ATTEMPTS):
            with pytest.raises(SignInRefused):
                sign_in(first, "Deniz Y.", "wrong password")
        with pytest.raises(TooManyAttempts):
            sign_in(second, "Deniz Y.", PASSWORD)
    finally:
        first.close()
        second.close()


def test_bad_accounts_are_refused_with_the_field_named(any_registry):
    add_user(any_registry, "Ayşe K.", role="translator", password=PASSWORD)
    with pytest.raises(InvalidInput, match="^name: Ayşe K. has an account already"):
        add_user(any_registry, "AYSE K.", role="editor", password=PASSWORD)
    with pytest.raises(InvalidInput, match="^role: 'boss' is not one of translator, reviewer, editor, admin$"):
        add_user(any_registry, "B", role="boss", password=PASSWORD)
    with pytest.raises(InvalidInput, match="^password: must be at least 8 characters$"):
        add_user(any_registry, "B", role="editor", password="short")
    with pytest.raises(InvalidInput, match="^lang: "):
        add_user(any_registry, "B", role="editor", password=PASSWORD, languages=("xx-nonsense-1",))
    with pytest.raises(NotFound, match="no user named C"):
        disable_user(any_registry, "C")
    assert [u.name for u in list_users(any_registry)] == ["Ayşe K."]


def test_a_token_names_its_user_until_the_user_is_disabled_and_only_its_hash_is_kept(any_registry):
    add_user(any_registry, "Ayşe K.", role="translator", password=PASSWORD)
    token = new_token(any_registry, "Ayşe K.")
    assert len(token) >= 40 and user_for_token(any_registry, token).name == "Ayşe K."
    assert user_for_token(any_registry, token + "x") is None
    with any_registry.store.read() as conn:
        assert token not in [row.token_sha256 for row in conn.execute(select(t.api_tokens))]
    disable_user(any_registry, "Ayşe K.")
    assert user_for_token(any_registry, token) is None
    with pytest.raises(InvalidInput, match="disabled"):
        new_token(any_registry, "Ayşe K.")


def test_roles_allow_what_spec_says_and_nobody_decides_on_their_own_rendition(any_registry):
    users = {role: add_user(any_registry, role.title(), role=role, password=PASSWORD)
             for role in ("translator", "reviewer", "editor", "admin")}
    allowed = {role: {a for a in ("read", "check", "copy", "translate", "submit", "note", "approve", "reject",
                                  "request-changes", "add", "edit", "status", "users") if u.may(a)}
               for role, u in users.items()}
    everyone = {"read", "check", "copy"}
    assert allowed == {
        "translator": everyone | {"translate", "submit", "note"},
        "reviewer": everyone | {"translate", "submit", "note", "approve", "reject", "request-changes"},
        "editor": everyone | {"add", "edit", "status"},
        "admin": everyone | {"users"},
    }
    with pytest.raises(NotAllowed, match="Translator is a translator and may not approve"):
        authorize(users["translator"], "approve")
    quote = any_registry.add_quote("We will buy it", speaker="A", lang="en")
    rendition = record_rendition(any_registry, quote.id, lang="tr", translator="reviewer", text="Onu alacağız")
    for action in ("approve", "request-changes", "reject"):
        with pytest.raises(NotAllowed, match="Reviewer wrote this rendition"):
            authorize(users["reviewer"], action, rendition)
    authorize(users["reviewer"], "submit", rendition)


def test_a_version_3_registry_gets_the_account_tables(db_location):
    registry = Registry(db_location)
    with registry.store.write() as conn:
        for table in ("login_attempts", "api_tokens", "users"):
            conn.exec_driver_sql(f"DROP TABLE {table}")
        conn.execute(t.meta.update().where(t.meta.c.key == "schema_version").values(value="3"))
    registry.close()
    reopened = Registry(db_location)
    try:
        add_user(reopened, "Ayşe K.", role="admin", password=PASSWORD)
        assert [u.name for u in list_users(reopened)] == ["Ayşe K."]
    finally:
        reopened.close()


def test_the_session_secret_is_made_once_and_kept(any_registry):
    secret = session_secret(any_registry)
    assert len(secret) >= 40 and session_secret(any_registry) == secret
