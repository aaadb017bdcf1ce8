"""The desk's accounts: users with a role and a password, API tokens, sessions, signing
in, and what each role may do.

Passwords are kept as argon2id hashes (argon2-cffi); API tokens and session ids as the
SHA-256 of a random 256-bit value, which only its holder has (a token is shown once when
made, a session id lives in the browser's cookie). Tokens have an id, a label and an
expiry, and are revoked one by one; sessions end when their user signs out, is disabled or
gets a new password, on every worker process at once since they live in the registry.
Failed sign-ins are counted per account and client address in the registry, so the limit
holds across the worker processes and holds up whoever fails, not the account's owner.
Every change (a user added or disabled, a password set, a token made or revoked) is an
event in the audit log, as any other change of the registry. The session secret of the
desk is kept here too (``session_secret``).

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
from quotes.registry.registry import (
    Registry,
    current_user,
    log_event,
    new_id,
    now,
    require_name,
    require_text,
    resolve_id,
)
from quotes.registry.schema import TOKEN_DAYS
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
MAX_ATTEMPTS = 5  # sign-in attempts per name and client address ...
ATTEMPT_WINDOW = timedelta(minutes=15)  # ... within this time; a successful one clears them
SESSION_LIFETIME = timedelta(hours=12)  # a working day: then sign in again
MAX_TOKEN_DAYS = 366  # the longest a token may be made to work: a year, then make a new one
LAST_USED_PRECISION = timedelta(hours=1)  # a token's last use is written at most this often
SECRET_KEY = "session_secret"  # the row of ``meta`` holding the desk's session secret


class SignInRefused(QuotesError):
    """Wrong name or password, or a disabled account: the message does not say which, so
    that nobody learns from it which names have accounts."""


class TooManyAttempts(QuotesError):
    """Too many failed sign-ins for one name from one client address lately;
    ``retry_after`` is in seconds."""

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


@dataclass(frozen=True)
class Token:
    """An API token as listed (the token itself is never kept)."""

    id: str
    user: str  # the name of the user it signs in
    label: str | None
    created_at: str
    expires_at: str
    last_used_at: str | None  # to the hour (LAST_USED_PRECISION)
    revoked_at: str | None

    def state(self, at: str) -> str:
        """``revoked``, ``expired`` or ``active`` at the time ``at`` (as ``now()`` gives it)."""
        if self.revoked_at:
            return "revoked"
        return "expired" if self.expires_at <= at else "active"


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
        _end_sessions(conn, user.id)
        log_event(conn, actor, "disable-user", user.id, {"name": user.name, "before": {"disabled": False},
                                                          "after": {"disabled": True}})
        return user_named(conn, name)


def set_password(registry: Registry, name: str, password: str, *, actor: str | None = None) -> User:
    """A new password for the user; their sessions end (whoever had one signs in again),
    their API tokens stay (``revoke_token`` ends those)."""
    password = _require_password(password)
    password_hash = _password_hasher().hash(password)
    actor = actor or current_user()
    with registry.store.write() as conn:
        user = user_named(conn, name)
        conn.execute(t.users.update().where(t.users.c.id == user.id).values(password_hash=password_hash))
        ended = _end_sessions(conn, user.id)
        log_event(conn, actor, "set-password", user.id, {"name": user.name, "sessions_ended": ended})
        return user


def _end_sessions(conn: Connection, user_id: str) -> int:
    """End every session of the user; how many there were."""
    return conn.execute(delete(t.sessions).where(t.sessions.c.user_id == user_id)).rowcount


def start_session(registry: Registry, user: User) -> str:
    """A new session for the user, for SESSION_LIFETIME: its id, for the browser's cookie
    (only its hash is kept). Sessions past their time are cleared out on the way."""
    session_id = secrets.token_urlsafe(32)
    at = datetime.now(timezone.utc)
    with registry.store.write() as conn:
        conn.execute(delete(t.sessions).where(t.sessions.c.expires_at <= _timestamp(at)))
        conn.execute(t.sessions.insert().values(id_sha256=_sha256(session_id), user_id=user.id,
                                                created_at=_timestamp(at),
                                                expires_at=_timestamp(at + SESSION_LIFETIME)))
    return session_id


def user_for_session(registry: Registry, session_id: str) -> User | None:
    """The enabled user of a session that has not ended, or None: one indexed lookup."""
    with registry.store.read() as conn:
        row = conn.execute(
            select(t.users).join(t.sessions, t.sessions.c.user_id == t.users.c.id)
            .where(t.sessions.c.id_sha256 == _sha256(session_id), t.sessions.c.expires_at > now())
        ).first()
    return _user(row) if row is not None and not row.disabled else None


def end_session(registry: Registry, session_id: str) -> None:
    """Sign out: the session is gone, whoever holds a copy of its cookie."""
    with registry.store.write() as conn:
        conn.execute(delete(t.sessions).where(t.sessions.c.id_sha256 == _sha256(session_id)))


def new_token(registry: Registry, name: str, *, label: str | None = None, days: int | None = None,
              actor: str | None = None) -> tuple[str, Token]:
    """A new API token for the user, working for ``days`` (1 to MAX_TOKEN_DAYS; None:
    TOKEN_DAYS): the token, returned once (only its hash is kept), and its record."""
    label = None if label is None else require_text(label, field="label").strip()
    days = TOKEN_DAYS if days is None else days
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_TOKEN_DAYS:
        raise InvalidInput(f"a token works for 1 to {MAX_TOKEN_DAYS} days, not {days}", field="expires")
    actor = actor or current_user()
    token = secrets.token_urlsafe(32)
    at = datetime.now(timezone.utc)
    with registry.store.write() as conn:
        user = user_named(conn, name)
        if user.disabled:
            raise InvalidInput(f"{user.name} is disabled", field="name")
        token_id = new_id(conn, t.api_tokens, "t")
        conn.execute(t.api_tokens.insert().values(
            id=token_id, token_sha256=_sha256(token), user_id=user.id, label=label, created_at=_timestamp(at),
            expires_at=_timestamp(at + timedelta(days=days))))
        log_event(conn, actor, "new-token", user.id, {"name": user.name, "token": token_id, "label": label,
                                                       "days": days})
        return token, _token(conn, token_id)


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _timestamp(at: datetime) -> str:
    """As ``now()`` writes times, so that they compare as strings."""
    return at.isoformat(timespec="seconds")


def _tokens(conn: Connection, condition) -> list[Token]:
    rows = conn.execute(
        select(t.api_tokens, t.users.c.name).join(t.users, t.users.c.id == t.api_tokens.c.user_id)
        .where(condition).order_by(t.api_tokens.c.created_at, t.api_tokens.c.expires_at, t.api_tokens.c.id))
    return [Token(id=row.id, user=row.name, label=row.label, created_at=row.created_at, expires_at=row.expires_at,
                  last_used_at=row.last_used_at, revoked_at=row.revoked_at) for row in rows]


def _token(conn: Connection, token_id: str) -> Token:
    return _tokens(conn, t.api_tokens.c.id == token_id)[0]


def list_tokens(registry: Registry, name: str) -> list[Token]:
    """The user's API tokens, oldest first (of those made in the same second, the first to
    expire), revoked and expired ones too."""
    with registry.store.read() as conn:
        user = user_named(conn, name)
        return _tokens(conn, t.api_tokens.c.user_id == user.id)


def revoke_token(registry: Registry, token_ref: str, *, actor: str | None = None) -> Token:
    """End an API token now (by its id or a unique start of it); InvalidInput if it was revoked already."""
    actor = actor or current_user()
    with registry.store.write() as conn:
        token_id = resolve_id(conn, t.api_tokens, "t", token_ref, "token")
        token = _token(conn, token_id)
        if token.revoked_at:
            raise InvalidInput(f"{token_id} was revoked already, at {token.revoked_at}", field="token")
        at = now()
        conn.execute(t.api_tokens.update().where(t.api_tokens.c.id == token_id).values(revoked_at=at))
        log_event(conn, actor, "revoke-token", token_id, {"name": token.user, "label": token.label}, at)
        return _token(conn, token_id)


def user_for_token(registry: Registry, token: str) -> User | None:
    """The enabled user an API token belongs to, while the token is neither revoked nor
    expired; else None. One indexed lookup; the token's last use is written only when the
    one recorded is older than LAST_USED_PRECISION."""
    at = datetime.now(timezone.utc)
    with registry.store.read() as conn:
        row = conn.execute(
            select(t.users, t.api_tokens.c.id.label("token_id"), t.api_tokens.c.last_used_at)
            .join(t.api_tokens, t.api_tokens.c.user_id == t.users.c.id)
            .where(t.api_tokens.c.token_sha256 == _sha256(token), t.api_tokens.c.revoked_at.is_(None),
                   t.api_tokens.c.expires_at > _timestamp(at))
        ).first()
    if row is None or row.disabled:
        return None
    if row.last_used_at is None or row.last_used_at <= _timestamp(at - LAST_USED_PRECISION):
        with registry.store.write() as conn:
            conn.execute(t.api_tokens.update().where(t.api_tokens.c.id == row.token_id)
                         .values(last_used_at=_timestamp(at)))
    return _user(row)


def sign_in(registry: Registry, name: str, password: str, *, client: str) -> User:
    """The user whose name and password these are, asked from the address ``client``.
    Each attempt is counted first, per name and client (in one transaction with the check,
    so parallel attempts cannot slip past the limit): past MAX_ATTEMPTS within
    ATTEMPT_WINDOW, TooManyAttempts without looking at the password. Another client is not
    held up: whoever guesses slows themselves, not the account's owner. A wrong name, a
    wrong password and a disabled account are one SignInRefused."""
    from argon2.exceptions import InvalidHashError, VerificationError

    key = identity_key(name or "")
    at = datetime.now(timezone.utc)
    attempts = t.login_attempts.c
    theirs = (attempts.name_key == key) & (attempts.client == client)
    with registry.store.write() as conn:
        conn.execute(delete(t.login_attempts).where(attempts.at < _timestamp(at - ATTEMPT_WINDOW)))
        recent = conn.execute(select(func.count(), func.min(attempts.at)).where(theirs)).one()
        if recent[0] >= MAX_ATTEMPTS:
            retry_after = datetime.fromisoformat(recent[1]) + ATTEMPT_WINDOW - at
            minutes = max(1, round(retry_after.total_seconds() / 60))
            raise TooManyAttempts(f"too many sign-in attempts for this name; try again in {minutes} minutes",
                                  retry_after=max(1, int(retry_after.total_seconds())))
        conn.execute(t.login_attempts.insert().values(name_key=key, client=client, at=_timestamp(at)))
        row = conn.execute(select(t.users).where(t.users.c.name_key == key)).first()
    try:
        _password_hasher().verify(row.password_hash if row else _nobodys_hash(), password or "")
    except (VerificationError, InvalidHashError):
        row = None
    if row is None or row.disabled:
        raise SignInRefused("wrong name or password")
    with registry.store.write() as conn:
        conn.execute(delete(t.login_attempts).where(theirs))
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
