"""The registry's tables, as SQLAlchemy Core metadata: one definition for SQLite and
PostgreSQL. Opening and transactions are in ``quotes.registry.store``, upgrades in
``quotes.registry.migrations``."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

SCHEMA_VERSION = 6

# How long an API token works unless its maker says otherwise; also the time left to the
# tokens of a version-4 registry, which had no expiry, from the upgrade on.
TOKEN_DAYS = 90

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

speakers = Table(
    "speakers",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
)

speaker_aliases = Table(
    "speaker_aliases",
    metadata,
    Column("speaker_id", String(64), ForeignKey("speakers.id"), nullable=False),
    Column("alias", Text, nullable=False),
    PrimaryKeyConstraint("speaker_id", "alias"),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("speaker_id", String(64), ForeignKey("speakers.id"), nullable=False, index=True),
    Column("lang", String(64), nullable=False),
    Column("said_on", String(10)),
    Column("source_url", Text),
    Column("outlet", Text),
    Column("medium", Text),
    Column("context", Text),
    Column("status", String(64), nullable=False),
    Column("status_note", Text),
    Column("created_at", String(32), nullable=False),
    Column("created_by", Text, nullable=False),
)

# A quote's text lives only here: every correction is a new version with a reason.
quote_versions = Table(
    "quote_versions",
    metadata,
    Column("quote_id", String(64), ForeignKey("quotes.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("reason", Text),
    Column("created_at", String(32), nullable=False),
    Column("created_by", Text, nullable=False),
    PrimaryKeyConstraint("quote_id", "version"),
)

renditions = Table(
    "renditions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("quote_id", String(64), ForeignKey("quotes.id"), nullable=False, index=True),
    Column("lang", String(64), nullable=False),
    Column("translator", Text, nullable=False),
    Column("method", String(64), nullable=False),
    Column("engine", Text),
    Column("model", Text),
    Column("model_version", Text),
    Column("from_rendition_id", String(64), ForeignKey("renditions.id")),
    Column("state", String(32), nullable=False),
    Column("created_at", String(32), nullable=False),
)

rendition_revisions = Table(
    "rendition_revisions",
    metadata,
    Column("rendition_id", String(64), ForeignKey("renditions.id"), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("created_by", Text, nullable=False),
    PrimaryKeyConstraint("rendition_id", "revision"),
)

notes = Table(
    "notes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("rendition_id", String(64), ForeignKey("renditions.id"), nullable=False, index=True),
    Column("author", Text, nullable=False),
    Column("role", String(64), nullable=False),
    Column("action", String(32)),
    Column("text", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
)

# Append-only: nothing updates or deletes a row here.
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", String(32), nullable=False),
    Column("subject", String(64), nullable=False, index=True),
    Column("detail", Text, nullable=False),
)

mt_cache = Table(
    "mt_cache",
    metadata,
    Column("model", Text, nullable=False),
    Column("model_version", Text, nullable=False),
    Column("source_sha256", String(64), nullable=False),
    Column("source_text", Text, nullable=False),
    Column("translation", Text, nullable=False),
    UniqueConstraint("model", "model_version", "source_sha256"),
)

# The word index (quotes/index.py): derived from the texts above, written in the same
# transactions, so that lookups need nothing loaded or rebuilt at start-up.
targets = Table(
    "targets",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("quote_id", String(64), ForeignKey("quotes.id"), nullable=False),
    Column("version", Integer),
    Column("rendition_id", String(64), ForeignKey("renditions.id")),
    Column("revision", Integer),
    Column("lang", String(64), nullable=False),
    # How many words the text has: of texts sharing the same rare pairs with a passage,
    # the one of the passage's length is likeliest its source.
    Column("words", Integer, nullable=False),
)

terms = Table(
    "terms",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("term", Text, nullable=False, unique=True),
    # The ids of the targets holding the term, ascending, as little-endian 32-bit
    # integers (quotes.registry.index.encode_ids): one row a term instead of one a posting, so a
    # lookup reads a dozen rows and a million quotes' 18 million postings are written
    # as 810,000 rows. Its length is the term's document frequency.
    Column("postings", LargeBinary, nullable=False),
)

# The desk's accounts (quotes/accounts.py). A user's name is who the audit log and the
# renditions name; ``name_key`` (quotes.text.identity_key) keeps one account per person
# however the name is typed.
users = Table(
    "users",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False, unique=True),
    Column("role", String(32), nullable=False),
    # Language codes the user works in, space-separated; empty: all languages.
    Column("languages", Text, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("disabled", Boolean, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("created_by", Text, nullable=False),
)

# Tokens are random and long, so a plain SHA-256 of one is as good as a slow hash and
# lets a request find its user by one index lookup; the token itself is never stored.
# A token has a short id (``t-…``) to list and revoke it by, an optional label, and an
# expiry; revoking keeps the row (``revoked_at``), so the listing still shows it.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("user_id", String(64), ForeignKey("users.id"), nullable=False, index=True),
    Column("label", Text),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
    # Written at most once an hour per token (quotes.registry.accounts.LAST_USED_PRECISION),
    # so that an API request stays one read.
    Column("last_used_at", String(32)),
    Column("revoked_at", String(32)),
)

# The desk's sessions: the cookie holds a random session id, this table its SHA-256 (as
# for tokens). Signing out, disabling the user and a new password delete the rows, which
# ends those sessions on every worker process at once.
sessions = Table(
    "sessions",
    metadata,
    Column("id_sha256", String(64), primary_key=True),
    Column("user_id", String(64), ForeignKey("users.id"), nullable=False, index=True),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False, index=True),
)

# Failed sign-in attempts of the last minutes, per account and client address: the limit
# holds across the server's worker processes because it lives here, not in their memory,
# and an attacker's failures hold up the attacker's address, not the account's owner.
login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name_key", Text, nullable=False),
    Column("client", Text, nullable=False),
    Column("at", String(32), nullable=False, index=True),
    Index("ix_login_attempts_name_key_client", "name_key", "client"),
)

# Where registered quotes were seen printed (quotes/registry/sightings.py): one row per page,
# passage and quote, however often the page is checked. ``identity`` is the SHA-256 of
# those three, unique: a passage may be longer than an index entry may be on PostgreSQL.
# ``seen_on`` is the page's publication date, else the day it was first checked: what the
# listing sorts and ``--since`` filters by, both through an index.
sightings = Table(
    "sightings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("identity", String(64), nullable=False, unique=True),
    Column("quote_id", String(64), ForeignKey("quotes.id"), nullable=False),
    Column("rendition_id", String(64), ForeignKey("renditions.id")),
    Column("verdict", String(32), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("flags", Text, nullable=False),  # space-separated
    Column("reason", String(32)),
    Column("passage", Text, nullable=False),
    Column("lang", String(64), nullable=False),
    Column("url", Text),
    Column("outlet", Text),
    Column("title", Text),
    Column("published", String(32)),
    Column("seen_on", String(10), nullable=False, index=True),
    Column("first_checked", String(32), nullable=False),
    Column("checked_at", String(32), nullable=False),
    Column("checked_by", Text, nullable=False),
    Index("sightings_quote", "quote_id", "seen_on"),
    Index("sightings_outlet", "outlet", "seen_on"),
)

# Feeds followed by `quotes watch` (quotes/registry/feeds.py): the validators of the last
# answer read in full (ETag, Last-Modified) for conditional requests, and every item whose
# page was read, by the SHA-256 of its id (or link), so that a second run reads nothing again.
feeds = Table(
    "feeds",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("url", Text, nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("added_at", String(32), nullable=False),
    Column("added_by", Text, nullable=False),
)

feed_items = Table(
    "feed_items",
    metadata,
    Column("feed_id", String(64), ForeignKey("feeds.id"), nullable=False),
    Column("item", String(64), nullable=False),
    Column("url", Text, nullable=False),
    Column("read_at", String(32), nullable=False),
    PrimaryKeyConstraint("feed_id", "item"),
)

V1_TABLES = [meta, speakers, speaker_aliases, quotes, quote_versions, renditions, rendition_revisions, notes, events, mt_cache]
INDEX_TABLES = [targets, terms]
ACCOUNT_TABLES = [users, api_tokens, sessions, login_attempts]
DRIFT_TABLES = [sightings, feeds, feed_items]
