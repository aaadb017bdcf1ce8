"""The desk's accounts: users with a role and a password, API tokens, signing in, and what
each role may do.

Passwords are kept as argon2id hashes (argon2-cffi); API tokens as the SHA-256 of a
random 256-bit token, shown once when made. Sign-in attempts are counted per name in the
registry, so the limit holds across the server's worker processes. Every change (a user
added or disabled, a token made) is an event in the audit log, as any other change of
the registry. The session secret of the desk is kept here too (``session_secret``).

Roles, as SPEC's table has them: a ``translator`` translates, revises, notes and
submits; a ``reviewer`` also approves, requests changes and rejects, never on a rendition
they wrote; an ``editor`` adds and edits quotes and sets their status; an ``admin``
manages users. Every signed-in user reads, checks coverage and copies approved quotes.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import Connection, delete, func, select

from quotes.registry import schema as t
from quotes.errors import InvalidInput, NotFound, QuotesError
from quotes.languages import parse_language
from quotes.registry.models import Rendition
from quotes.registry.registry import Registry, current_user, log_event, new_id, now, require_name, require_text
from quotes.text import identity_key

ROLES = ("translator", "reviewer", "editor", "admin")

EVERYONE = frozenset({"read", "check", "copy"})
TRANSLATOR = EVERYONE | {"translate", "revise", "note", "submit"}
REVIEW_DECISIONS = frozenset({"approve", "request-changes", "reject"})
PERMISSIONS: dict[str, frozenset[str]] = {
    "translator": TRANSLATOR,
    "reviewer": TRANSLATOR | REVIEW_DECISIONS,
    "editor": EVERYONE | {"add", "edit", "status"},
    "admin": EVERYONE | {"users"},
}

# The permissions whose names are not verbs one can say in "may not …".
ACTIONS_SAID = {"add": "register quotes", "edit": "correct a quote's wording", "status": "set a quote's status",
                "users": "manage users"}

MIN_PASSWORD_LENGTH = 8
MAX_ATTEMPTS = 5  # sign-in attempts per name ...
ATTEMPT_WINDOW = timedelta(minutes=15)  # ... within this time; a successful one clears them
SECRET_KEY = "session_secret"  # the row of ``meta`` holding the desk's session secret


class SignInRefused(QuotesError):
    """Wrong name or password, or a disabled account: the message does not say which, so
    that nobody learns from it which names have accounts."""


class TooManyAttempts(QuotesError):
    """Too many sign-in attempts for one name lately; ``retry_after`` is in seconds."""

    def __init__(self, problem: str, *, retry_after: int):
        super().__init__(problem)
        self.retry_after = retry_after


class NotAllowed(QuotesError):
    """The user's role does not allow the action, or the rendition is their own."""


@dataclass(frozen=True)
class User:
    id: str
    name: str
    role: str
    languages: tuple[str, ...]  # empty: all languages
    disabled: bool
    created_at: str
    created_by: str

    def may(self, action: str) -> bool:
        return not self.disabled and action in PERMISSIONS[self.role]


@functools.cache
def _password_hasher():
    """argon2-cffi's hasher, imported on first use (the command line starts without it)."""
    from argon2 import PasswordHasher

    return PasswordHasher()


@functools.cache
def _nobodys_hash() -> str:
    """A hash of no one's password, verified when a name has no account, so that a wrong
    name takes as long to refuse as a wrong password."""
    return _password_hasher().hash(secrets.token_urlsafe(16))


def _user(row) -> User:
    return User(id=row.id, name=row.name, role=row.role, languages=tuple(row.languages.split()),
                disabled=bool(row.disabled), created_at=row.created_at, created_by=row.created_by)


def _row_named(conn: Connection, name: str):
    return conn.execute(select(t.users).where(t.users.c.name_key == identity_key(name))).first()


def _require_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"{role!r} is not one of {', '.join(ROLES)}", field="role")
    return role


def _require_password(password: str | None) -> str:
    if password is None or len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"must be at least {MIN_PASSWORD_LENGTH} characters", field="password")
    return require_text(password, field="password")


def add_user(registry: Registry, name: str, *, role: str, password: str, languages: tuple[str, ...] = (),
             actor: str | None = None) -> User:
    """A new account; InvalidInput when the name (however typed) has one already."""
    name = require_name(name, field="name")
    role = _require_role(role)
    password = _require_password(password)
    languages = tuple(dict.fromkeys(parse_language(lang, field="lang") for lang in languages))
    password_hash = _password_hasher().hash(password)
    actor = actor or current_user()
    with registry.store.write() as conn:
        existing = _row_named(conn, name)
        if existing is not None:
            raise InvalidInput(f"{existing.name} has an account already ({existing.id})", field="name")
        user_id = new_id(conn, t.users, "u")
        at = now()
        conn.execute(t.users.insert().values(
            id=user_id, name=name, name_key=identity_key(name), role=role, languages=" ".join(languages),
            password_hash=password_hash, disabled=False, created_at=at, created_by=actor))
        log_event(conn, actor, "add-user", user_id, {"after": {"name": name, "role": role, "languages": list(languages)}}, at)
        return _user(_row_named(conn, name))


def list_users(registry: Registry) -> list[User]:
    with registry.store.read() as conn:
        return [_user(row) for row in conn.execute(select(t.users).order_by(t.users.c.name_key))]


def get_user(registry: Registry, user_id: str) -> User | None:
    """The user of a session (which names them by id), or None if there is none."""
    with registry.store.read() as conn:
        row = conn.execute(select(t.users).where(t.users.c.id == user_id)).first()
        return _user(row) if row else None


def user_named(conn: Connection, name: str) -> User:
    row = _row_named(conn, name)
    if row is None:
        raise NotFound(f"no user named {name}")
    return _user(row)


def disable_user(registry: Registry, name: str, *, actor: str | None = None) -> User:
    """Refuse the user from now on: sessions, sign-in and tokens. The account and what it
    did stay (nothing is deleted)."""
    actor = actor or current_user()
    with registry.store.write() as conn:
        user = user_named(conn, name)
        if user.disabled:
            raise InvalidInput(f"{user.name} is disabled already", field="name")
        conn.execute(t.users.update().where(t.users.c.id == user.id).values(disabled=True))
        log_event(conn, actor, "disable-user", user.id, {"name": user.name, "before": {"disabled": False},
                                                          "after": {"disabled": True}})
        return user_named(conn, name)


def new_token(registry: Registry, name: str, *, actor: str | None = None) -> str:
    """A new API token for the user, returned once: only its hash is kept."""
    actor = actor or current_user()
    token = secrets.token_urlsafe(32)
    with registry.store.write() as conn:
        user = user_named(conn, name)
        if user.disabled:
            raise InvalidInput(f"{user.name} is disabled", field="name")
        conn.execute(t.api_tokens.insert().values(token_sha256=_token_hash(token), user_id=user.id, created_at=now()))
        log_event(conn, actor, "new-token", user.id, {"name": user.name})
    return token


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def user_for_token(registry: Registry, token: str) -> User | None:
    """The enabled user an API token belongs to, or None."""
    with registry.store.read() as conn:
        row = conn.execute(
            select(t.users).join(t.api_tokens, t.api_tokens.c.user_id == t.users.c.id)
            .where(t.api_tokens.c.token_sha256 == _token_hash(token))
        ).first()
    user = _user(row) if row else None
    return user if user and not user.disabled else None


def sign_in(registry: Registry, name: str, password: str) -> User:
    """The user whose name and password these are. Each attempt is counted first (in one
    transaction with the check, so parallel attempts cannot slip past the limit): past
    MAX_ATTEMPTS within ATTEMPT_WINDOW, TooManyAttempts without looking at the password.
    A wrong name, a wrong password and a disabled account are one SignInRefused."""
    from argon2.exceptions import InvalidHashError, VerificationError

    key = identity_key(name or "")
    at = datetime.now(timezone.utc)
    since = (at - ATTEMPT_WINDOW).isoformat(timespec="seconds")
    with registry.store.write() as conn:
        attempts = t.login_attempts.c
        conn.execute(delete(t.login_attempts).where(attempts.at < since))
        recent = conn.execute(select(func.count(), func.min(attempts.at)).where(attempts.name_key == key)).one()
        if recent[0] >= MAX_ATTEMPTS:
            retry_after = datetime.fromisoformat(recent[1]) + ATTEMPT_WINDOW - at
            minutes = max(1, round(retry_after.total_seconds() / 60))
            raise TooManyAttempts(f"too many sign-in attempts for this name; try again in {minutes} minutes",
                                  retry_after=max(1, int(retry_after.total_seconds())))
        conn.execute(t.login_attempts.insert().values(name_key=key, at=at.isoformat(timespec="seconds")))
        row = conn.execute(select(t.users).where(t.users.c.name_key == key)).first()
    try:
        _password_hasher().verify(row.password_hash if row else _nobodys_hash(), password or "")
    except (VerificationError, InvalidHashError):
        row = None
    if row is None or row.disabled:
        raise SignInRefused("wrong name or password")
    with registry.store.write() as conn:
        conn.execute(delete(t.login_attempts).where(t.login_attempts.c.name_key == key))
    return _user(row)


def authorize(user: User, action: str, rendition: Rendition | None = None) -> None:
    """NotAllowed unless the user's role allows ``action``; a reviewer's decision on a
    rendition they wrote (its translator, or who revised it) is never allowed."""
    if not user.may(action):
        raise NotAllowed(f"{user.name} is {_article(user.role)} {user.role} and may not {ACTIONS_SAID.get(action, action)}")
    if rendition is not None and action in REVIEW_DECISIONS and wrote(user.name, rendition):
        raise NotAllowed(f"{rendition.id}: {user.name} wrote this rendition and may not {action} it; "
                         "ask another reviewer")


def wrote(name: str, rendition: Rendition) -> bool:
    """Whether ``name`` is the rendition's translator or revised it (names compared by identity_key)."""
    return identity_key(name) in {identity_key(n) for n in (rendition.translator, *(r.created_by for r in rendition.revisions))}


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def session_secret(registry: Registry) -> str:
    """The key that signs the desk's session cookies: made once and kept in the registry,
    so that every worker process (and every restart) signs and reads the same cookies."""
    with registry.store.read() as conn:
        secret = conn.execute(select(t.meta.c.value).where(t.meta.c.key == SECRET_KEY)).scalar()
    if secret is not None:
        return secret
    with registry.store.write() as conn:  # writers take turns: the first worker's secret wins
        secret = conn.execute(select(t.meta.c.value).where(t.meta.c.key == SECRET_KEY)).scalar()
        if secret is None:
            secret = secrets.token_urlsafe(32)
            conn.execute(t.meta.insert().values(key=SECRET_KEY, value=secret))
        return secret
