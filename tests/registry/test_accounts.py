"""Accounts of the desk (quotes.registry.accounts): users, passwords, sessions, tokens,
sign-in limits, roles."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

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
    end_session,
    list_tokens,
    list_users,
    new_token,
    revoke_token,
    session_secret,
    set_password,
    sign_in,
    start_session,
    user_for_session,
    user_for_token,
)
from quotes.errors import InvalidInput, NotFound
from quotes.registry.schema import SCHEMA_VERSION
from quotes.registry.registry import Registry, now
from quotes.translations.renditions import record_rendition

PASSWORD = "correct horse battery"
HERE, THERE = "192.0.2.10", "198.51.100.7"  # two clients' addresses


def events(registry, action):
    with registry.store.read() as conn:
        return conn.execute(select(t.events).where(t.events.c.action == action)).all()


def test_a_user_signs_in_with_their_password_and_the_hash_is_slow_and_salted(any_registry):
    added = add_user(any_registry, "Ayşe K.", role="translator", password=PASSWORD, languages=("en", "EN", "tr"))
    assert (added.name, added.role, added.languages, added.disabled) == ("Ayşe K.", "translator", ("en", "tr"), False)
    assert sign_in(any_registry, "ayse k.", PASSWORD, client=HERE) == added  # the name however typed
    with any_registry.store.read() as conn:
        stored = conn.execute(select(t.users.c.password_hash)).scalar()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    event = events(any_registry, "add-user")[0]
    assert event.actor == "tester" and json.loads(event.detail)["after"]["role"] == "translator"


def test_wrong_password_unknown_name_and_disabled_user_are_refused_alike(any_registry):
    add_user(any_registry, "Deniz Y.", role="reviewer", password=PASSWORD)
    for name, password in (("Deniz Y.", "wrong password"), ("Nobody", PASSWORD)):
        with pytest.raises(SignInRefused, match="^wrong name or password$"):
            sign_in(any_registry, name, password, client=HERE)
    disable_user(any_registry, "deniz y.")
    with pytest.raises(SignInRefused, match="^wrong name or password$"):
        sign_in(any_registry, "Deniz Y.", PASSWORD, client=HERE)
    assert [u.disabled for u in list_users(any_registry)] == [True]
    assert events(any_registry, "disable-user")


def fail_to_sign_in(registry, name, times, *, client):
    for _ in range(times):
        with pytest.raises(SignInRefused):
            sign_in(registry, name, "wrong password", client=client)


def test_sign_in_attempts_are_limited_per_name_and_client_and_a_success_clears_them(any_registry):
    add_user(any_registry, "Deniz Y.", role="reviewer", password=PASSWORD)
    add_user(any_registry, "Ayşe K.", role="translator", password=PASSWORD)
    fail_to_sign_in(any_registry, "Deniz Y.", MAX_ATTEMPTS - 1, client=HERE)
    sign_in(any_registry, "Deniz Y.", PASSWORD, client=HERE)  # the fifth attempt, right: the count starts again
    fail_to_sign_in(any_registry, "Deniz Y.", MAX_ATTEMPTS, client=HERE)
    with pytest.raises(TooManyAttempts, match="try again in 15 minutes") as refused:
        sign_in(any_registry, "DENIZ Y.", PASSWORD, client=HERE)  # even the right password, under any spelling
    assert 0 < refused.value.retry_after <= 15 * 60
    assert sign_in(any_registry, "Ayşe K.", PASSWORD, client=HERE).name == "Ayşe K."  # other names are not held up


def test_whoever_guesses_holds_up_their_own_address_not_the_accounts_owner(any_registry):
    add_user(any_registry, "Deniz Y.", role="reviewer", password=PASSWORD)
    fail_to_sign_in(any_registry, "Deniz Y.", MAX_ATTEMPTS, client=THERE)
    with pytest.raises(TooManyAttempts):
        sign_in(any_registry, "Deniz Y.", PASSWORD, client=THERE)
    assert sign_in(any_registry, "Deniz Y.", PASSWORD, client=HERE).name == "Deniz Y."  # the owner, elsewhere
    with pytest.raises(TooManyAttempts):  # the owner's success cleared their own count, not the attacker's
        sign_in(any_registry, "Deniz Y.", PASSWORD, client=THERE)


def test_the_limit_is_in_the_registry_so_every_process_sees_it(db_location):
    first, second = Registry(db_location), Registry(db_location)
    try:
        add_user(first, "Deniz Y.", role="reviewer", password=PASSWORD)
        fail_to_sign_in(first, "Deniz Y.", MAX_ATTEMPTS, client=HERE)
        with pytest.raises(TooManyAttempts):
            sign_in(second, "Deniz Y.", PASSWORD, client=HERE)
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
    token, made = new_token(any_registry, "Ayşe K.")
    assert len(token) >= 40 and user_for_token(any_registry, token).name == "Ayşe K."
    assert user_for_token(any_registry, token + "x") is None
    with any_registry.store.read() as conn:
        assert token not in [value for row in conn.execute(select(t.api_tokens)) for value in row]
    disable_user(any_registry, "Ayşe K.")
    assert user_for_token(any_registry, token) is None
    with pytest.raises(InvalidInput, match="disabled"):
        new_token(any_registry, "Ayşe K.")


def test_a_token_has_a_label_and_expires_after_90_days_unless_told_at_most_a_year(any_registry):
    add_user(any_registry, "Ayşe K.", role="translator", password=PASSWORD)
    _, default = new_token(any_registry, "Ayşe K.")
    _, labelled = new_token(any_registry, "ayse k.", label=" OmegaT sync ", days=7)
    assert (default.label, labelled.label, labelled.user) == (None, "OmegaT sync", "Ayşe K.")
    assert _days_between(default.created_at, default.expires_at) == 90
    assert _days_between(labelled.created_at, labelled.expires_at) == 7
    for days in (0, -1, 367):
        with pytest.raises(InvalidInput, match=f"^expires: a token works for 1 to 366 days, not {days}$"):
            new_token(any_registry, "Ayşe K.", days=days)
    with pytest.raises(InvalidInput, match="^label: must not be empty$"):
        new_token(any_registry, "Ayşe K.", label=" ")
    event = events(any_registry, "new-token")[-1]
    assert json.loads(event.detail) == {"name": "Ayşe K.", "token": labelled.id, "label": "OmegaT sync", "days": 7}


def _days_between(start: str, end: str) -> int:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).days


def test_an_expired_token_is_refused(any_registry):
    add_user(any_registry, "Ayşe K.", role="translator", password=PASSWORD)
    token, made = new_token(any_registry, "Ayşe K.", days=1)
    _move_expiry(any_registry, made.id, seconds=-1)
    assert user_for_token(any_registry, token) is None
    [listed] = list_tokens(any_registry, "Ayşe K.")
    assert listed.state(now_plus(0)) == "expired"


def _move_expiry(registry, token_id, *, seconds):
    """As if the token's time ran out (or not yet): its expiry this many seconds from now."""
    with registry.store.write() as conn:
        conn.execute(t.api_tokens.update().where(t.api_tokens.c.id == token_id).values(expires_at=now_plus(seconds)))


def now_plus(seconds: int) -> str:
    return (datetime.fromisoformat(now()) + timedelta(seconds=seconds)).isoformat(timespec="seconds")


def test_tokens_are_listed_and_revoked_one_by_one(any_registry):
    add_user(any_registry, "Ayşe K.", role="translator", password=PASSWORD)
    first, made_first = new_token(any_registry, "Ayşe K.", label="laptop")
    second, made_second = new_token(any_registry, "Ayşe K.", label="CAT tool")
    revoked = revoke_token(any_registry, made_first.id)
    assert revoked.revoked_at and revoked.state(now()) == "revoked"
    assert user_for_token(any_registry, first) is None
    assert user_for_token(any_registry, second).name == "Ayşe K."  # the other token goes on
    listed = {token.id: token for token in list_tokens(any_registry, "ayse k.")}  # made in the same second
    assert {(token.label, token.state(now())) for token in listed.values()} == {("laptop", "revoked"),
                                                                                ("CAT tool", "active")}
    assert listed[made_first.id].last_used_at is None and listed[made_second.id].last_used_at is not None
    with pytest.raises(InvalidInput, match=f"^token: {made_first.id} was revoked already, at "):
        revoke_token(any_registry, made_first.id)
    with pytest.raises(NotFound, match="^no token with id t-nothing$"):
        revoke_token(any_registry, "t-nothing")
    assert json.loads(events(any_registry, "revoke-token")[0].detail) == {"name": "Ayşe K.", "label": "laptop"}


def test_a_tokens_last_use_is_written_at_most_once_an_hour(any_registry):
    add_user(any_registry, "Ayşe K.", role="translator", password=PASSWORD)
    token, _ = new_token(any_registry, "Ayşe K.")
    assert list_tokens(any_registry, "Ayşe K.")[0].last_used_at is None
    for last_used, written in ((now_plus(-3000), False), (now_plus(-3601), True)):
        with any_registry.store.write() as conn:
            conn.execute(t.api_tokens.update().values(last_used_at=last_used))
        assert user_for_token(any_registry, token).name == "Ayşe K."
        assert (list_tokens(any_registry, "Ayşe K.")[0].last_used_at != last_used) is written


def test_a_session_lasts_until_sign_out_and_only_its_hash_is_kept(any_registry):
    user = add_user(any_registry, "Deniz Y.", role="reviewer", password=PASSWORD)
    session, other = start_session(any_registry, user), start_session(any_registry, user)
    assert len(session) >= 40 and user_for_session(any_registry, session) == user
    with any_registry.store.read() as conn:
        assert session not in [value for row in conn.execute(select(t.sessions)) for value in row]
    end_session(any_registry, session)
    assert user_for_session(any_registry, session) is None
    assert user_for_session(any_registry, other) == user  # another browser's session goes on


def test_disabling_a_user_or_a_new_password_ends_their_sessions(any_registry):
    deniz = add_user(any_registry, "Deniz Y.", role="reviewer", password=PASSWORD)
    ayse = add_user(any_registry, "Ayşe K.", role="translator", password=PASSWORD)
    token, _ = new_token(any_registry, "Deniz Y.")
    deniz_session, ayse_session = start_session(any_registry, deniz), start_session(any_registry, ayse)
    set_password(any_registry, "deniz y.", "a new long password")
    assert user_for_session(any_registry, deniz_session) is None
    assert user_for_token(any_registry, token).name == "Deniz Y."  # tokens stay; revoke_token ends them
    with pytest.raises(SignInRefused):
        sign_in(any_registry, "Deniz Y.", PASSWORD, client=HERE)
    assert sign_in(any_registry, "Deniz Y.", "a new long password", client=HERE) == deniz
    assert json.loads(events(any_registry, "set-password")[0].detail) == {"name": "Deniz Y.", "sessions_ended": 1}
    with pytest.raises(InvalidInput, match="^password: must be at least 8 characters$"):
        set_password(any_registry, "Deniz Y.", "short")
    disable_user(any_registry, "Ayşe K.")
    assert user_for_session(any_registry, ayse_session) is None
    with any_registry.store.read() as conn:
        assert conn.execute(select(t.sessions)).all() == []


def test_a_session_ends_after_its_lifetime(any_registry):
    user = add_user(any_registry, "Deniz Y.", role="reviewer", password=PASSWORD)
    session = start_session(any_registry, user)
    with any_registry.store.write() as conn:
        conn.execute(t.sessions.update().values(expires_at=now_plus(-1)))
    assert user_for_session(any_registry, session) is None
    start_session(any_registry, user)  # and the next sign-in clears the ended one out
    with any_registry.store.read() as conn:
        assert len(conn.execute(select(t.sessions)).all()) == 1


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
        for table in ("login_attempts", "sessions", "api_tokens", "users"):
            conn.exec_driver_sql(f"DROP TABLE {table}")
        conn.execute(t.meta.update().where(t.meta.c.key == "schema_version").values(value="3"))
    registry.close()
    reopened = Registry(db_location)
    try:
        add_user(reopened, "Ayşe K.", role="admin", password=PASSWORD)
        assert [u.name for u in list_users(reopened)] == ["Ayşe K."]
    finally:
        reopened.close()


def test_a_version_4_registrys_tokens_keep_working_for_90_days_and_can_be_listed_and_revoked(db_location):
    registry = Registry(db_location)
    add_user(registry, "Ayşe K.", role="translator", password=PASSWORD)
    old_token = "a token made by version 4, which kept only its hash"
    old_hash = hashlib.sha256(old_token.encode()).hexdigest()
    with registry.store.write() as conn:  # version 4's tables, as it made them
        for table in ("login_attempts", "sessions", "api_tokens"):
            conn.exec_driver_sql(f"DROP TABLE {table}")
        conn.exec_driver_sql("CREATE TABLE api_tokens (token_sha256 VARCHAR(64) PRIMARY KEY, "
                             "user_id VARCHAR(64) NOT NULL REFERENCES users (id), created_at VARCHAR(32) NOT NULL)")
        conn.exec_driver_sql("CREATE TABLE login_attempts (id INTEGER PRIMARY KEY, name_key TEXT NOT NULL, "
                             "at VARCHAR(32) NOT NULL)")
        user_id = conn.execute(select(t.users.c.id)).scalar()
        conn.exec_driver_sql(f"INSERT INTO api_tokens VALUES ('{old_hash}', '{user_id}', '2026-01-02T03:04:05+00:00')")
        conn.exec_driver_sql("INSERT INTO login_attempts VALUES (1, 'ayşe k.', '2026-01-02T03:04:05+00:00')")
        conn.execute(t.meta.update().where(t.meta.c.key == "schema_version").values(value="4"))
    registry.close()
    reopened = Registry(db_location)
    try:
        [migrated] = list_tokens(reopened, "Ayşe K.")
        assert (migrated.id, migrated.label, migrated.created_at) == (
            f"t-{old_hash[:6]}", "made before tokens had names", "2026-01-02T03:04:05+00:00")
        left = datetime.fromisoformat(migrated.expires_at) - datetime.fromisoformat(now())
        assert timedelta(days=89, hours=23) < left <= timedelta(days=90)  # 90 days from the upgrade
        assert user_for_token(reopened, old_token).name == "Ayşe K."
        revoke_token(reopened, migrated.id)
        assert user_for_token(reopened, old_token) is None
        assert sign_in(reopened, "Ayşe K.", PASSWORD, client=HERE).name == "Ayşe K."
        user = sign_in(reopened, "Ayşe K.", PASSWORD, client=HERE)
        assert user_for_session(reopened, start_session(reopened, user)) == user
        with reopened.store.read() as conn:
            assert conn.execute(select(t.meta.c.value).where(t.meta.c.key == "schema_version")).scalar() == str(
                SCHEMA_VERSION)
    finally:
        reopened.close()


def test_the_session_secret_is_made_once_and_kept(any_registry):
    secret = session_secret(any_registry)
    assert len(secret) >= 40 and session_secret(any_registry) == secret
