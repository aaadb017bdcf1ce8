"""The registry: quotes as first made, their versions, speakers, renditions and notes,
with every change recorded in the event log in the same transaction.

The functions taking a ``conn`` are the building blocks; ``Registry`` methods are the
commands, each one transaction.
"""

from __future__ import annotations

import copy
import getpass
import hashlib
import json
import os
import re
import secrets
import unicodedata
from collections import defaultdict
from contextlib import contextmanager
from datetime import date, datetime, timezone
from typing import Callable, Iterable, Iterator, Sequence

from sqlalchemy import Connection, Table, and_, func, or_, select, true

from quotes.registry import schema as t
from quotes.errors import AmbiguousId, InvalidInput, NotFound
from quotes.registry.index import index_target
from quotes.text import casefold, identity_key, match_key, normalize_typography, tokenize, words
from quotes.languages import parse_language
from quotes.registry.models import (
    QUOTE_STATUSES,
    Event,
    Note,
    Quote,
    QuoteVersion,
    Rendition,
    Revision,
    Speaker,
)
from quotes.registry.store import Store


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def current_user() -> str:
    """Who the event log names when a command has no --translator/--reviewer: QUOTES_USER or the login name."""
    try:
        return os.environ.get("QUOTES_USER") or getpass.getuser()
    except (KeyError, OSError):  # a container user with no passwd entry and no USER set
        return f"uid-{os.getuid()}"


def parse_date(value: str | None, *, field: str = "date") -> str | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InvalidInput(f"{value!r} is not a date (use YYYY-MM-DD)", field=field) from None


# What no stored string may hold: lone surrogates (bytes that were not UTF-8, as Python
# escapes them; neither database can store them) and control characters, C0, DEL and C1
# (terminal escapes, BEL, NUL: PostgreSQL refuses NUL, SQLite would keep it, so an export
# from one would not import into the other).  A text (a quote, a rendition, a note, a
# reason, a context) may hold tabs and line breaks (LF, and the CR of CRLF); a name, an id,
# a language code or a URL is one line and may not.
_SURROGATES = "\ud800-\udfff"
_NOT_IN_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_SURROGATES}]")
_NOT_IN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_SURROGATES}]")


def check_characters(value: str, *, field: str, multiline: bool = False) -> str:
    """``value`` if it can be stored, else InvalidInput naming ``field`` and the character.

    ``multiline`` for texts (tab, LF and CR allowed); names and other one-line values
    allow no control character at all.
    """
    found = (_NOT_IN_TEXT if multiline else _NOT_IN_LINE).search(value)
    if found is None:
        return value
    code = ord(found.group())
    if 0xD800 <= code <= 0xDFFF:
        raise InvalidInput("contains invalid characters (not Unicode text)", field=field)
    what = "a NUL character" if code == 0 else "a control character"
    raise InvalidInput(f"contains {what} (U+{code:04X})", field=field)


def optional_text(value: str | None, *, field: str, multiline: bool = False) -> str | None:
    """An optional value (a source URL, an outlet, a context): checked when given."""
    return None if value is None else check_characters(value, field=field, multiline=multiline)


def require_text(value: str | None, *, field: str, multiline: bool = False) -> str:
    """A value that must be given: not blank, and storable (``check_characters``).

    One line unless ``multiline``: names (speaker, translator, reviewer, author) are one
    line; notes, reasons and texts pass ``multiline=True``.
    """
    if value is None or not value.strip():
        raise InvalidInput("must not be empty", field=field)
    return check_characters(value, field=field, multiline=multiline)


def require_name(value: str | None, *, field: str) -> str:
    """A person's name, one line, stripped; names compare by ``identity_key``."""
    return unicodedata.normalize("NFC", require_text(value, field=field).strip())


def require_words(value: str | None, *, field: str, lang: str | None = None) -> str:
    """Text that can be matched: at least one word or number, not only punctuation."""
    value = require_text(value, field=field, multiline=True)
    if not words(value, lang):
        raise InvalidInput(f"has no words to register ({value!r})", field=field)
    return value


IdSource = Callable[[str, int], str]
"""Makes an id from its prefix and the length of what follows the dash: ``ids("q", 6)``."""


def random_id(prefix: str, length: int) -> str:
    """The registry's ids unless it is given another source: random hex digits (``q-7f3a2c``)."""
    return f"{prefix}-{secrets.token_hex(length // 2 + 1)[:length]}"


def new_id(conn: Connection, table: Table, prefix: str) -> str:
    """A short, typeable id (``q-7f3a2c``) from the registry's id source; lengthened on the rare collision."""
    ids = conn.get_execution_options().get("quotes_ids", random_id)
    length = 6
    while True:
        candidate = ids(prefix, length)
        if conn.execute(select(table.c.id).where(table.c.id == candidate)).first() is None:
            return candidate
        length += 1


def resolve_id(conn: Connection, table: Table, prefix: str, ref: str, kind: str) -> str:
    """The full id for ``ref``: an id or any unique prefix of one, with or without ``q-``/``r-``."""
    ref = ref.strip()
    if not ref.startswith(f"{prefix}-"):
        ref = f"{prefix}-{ref}"
    # A whole id is the usual case and an index lookup; a prefix search (LIKE) reads
    # every id, ~0.1 s at a million quotes.
    if conn.execute(select(table.c.id).where(table.c.id == ref)).first():
        return ref
    escaped = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    found = conn.execute(
        select(table.c.id).where(table.c.id.like(escaped + "%", escape="\\")).order_by(table.c.id).limit(6)
    ).scalars().all()
    if not found:
        raise NotFound(f"no {kind} with id {ref}")
    if len(found) > 1:
        listed = ", ".join(found[:5]) + (", …" if len(found) > 5 else "")
        raise AmbiguousId(f"{ref} is ambiguous: it matches {listed}")
    return found[0]


def resolve_quote(conn: Connection, ref: str) -> str:
    return resolve_id(conn, t.quotes, "q", ref, "quote")


def resolve_rendition(conn: Connection, ref: str) -> str:
    return resolve_id(conn, t.renditions, "r", ref, "rendition")


def log_event(conn: Connection, actor: str, action: str, subject: str, detail: dict, at: str | None = None) -> None:
    conn.execute(
        t.events.insert().values(
            at=at or now(), actor=actor, action=action, subject=subject,
            detail=json.dumps(detail, ensure_ascii=False, sort_keys=True),
        )
    )


def quote_exists(conn: Connection, quote_id: str) -> bool:
    return conn.execute(select(t.quotes.c.id).where(t.quotes.c.id == quote_id)).first() is not None


def rendition_exists(conn: Connection, rendition_id: str) -> bool:
    return conn.execute(select(t.renditions.c.id).where(t.renditions.c.id == rendition_id)).first() is not None


def speaker_identities(conn: Connection) -> dict[str, str]:
    """``identity_key`` of every registered speaker's name → its id (the oldest speaker
    where names registered before keys were compared collide)."""
    rows = conn.execute(select(t.speakers.c.id, t.speakers.c.name).order_by(t.speakers.c.created_at, t.speakers.c.id))
    identities: dict[str, str] = {}
    for speaker_id, name in rows:
        identities.setdefault(identity_key(name), speaker_id)
    return identities


def speaker_named(conn: Connection, name: str, identities: dict[str, str] | None = None) -> str | None:
    """The id of the speaker registered under ``name``: the same name however it is typed
    (``identity_key``: "elon musk" is "Elon Musk", "Mehmet Simsek" is "Mehmet Şimşek").

    The name as registered is an index lookup; another spelling reads the speakers' names
    (a thousand at a million quotes), or ``identities`` (``speaker_identities``), which an
    import keeps for all its lines.
    """
    exact = conn.execute(select(t.speakers.c.id).where(t.speakers.c.name == name)).scalar()
    if exact is not None:
        return exact
    if identities is None:
        identities = speaker_identities(conn)
    return identities.get(identity_key(name))


def insert_quote(conn: Connection, *, quote_id: str, speaker_id: str, lang: str, said_on: str | None,
                 source_url: str | None, outlet: str | None, medium: str | None, context: str | None,
                 status: str, status_note: str | None, created_at: str, created_by: str) -> None:
    """A quote's row; its text goes in with ``insert_version``."""
    for field, value in (("source_url", source_url), ("outlet", outlet), ("medium", medium), ("created_by", created_by)):
        optional_text(value, field=field)
    for field, value in (("context", context), ("status_note", status_note)):
        optional_text(value, field=field, multiline=True)
    conn.execute(
        t.quotes.insert().values(
            id=quote_id, speaker_id=speaker_id, lang=lang, said_on=said_on, source_url=source_url, outlet=outlet,
            medium=medium, context=context, status=status, status_note=status_note, created_at=created_at,
            created_by=created_by,
        )
    )


def speaker_id_for(conn: Connection, name: str, aliases: Iterable[str], actor: str,
                   identities: dict[str, str] | None = None) -> str:
    """The speaker called ``name`` (compared by ``identity_key``), created when new; aliases
    are added, never removed. ``identities``, when given, is ``speaker_identities`` and is
    kept up to date.

    Aliases are kept as written, each spelling its own: they are the names coverage uses
    and the names shown (attribution folds diacritics itself when it looks for them)."""
    name = require_name(name, field="speaker")
    aliases = [require_name(alias, field="alias") for alias in aliases if alias.strip()]
    speaker_id = speaker_named(conn, name, identities)
    if speaker_id is None:
        speaker_id = new_id(conn, t.speakers, "s")
        conn.execute(t.speakers.insert().values(id=speaker_id, name=name, created_at=now()))
        log_event(conn, actor, "add-speaker", speaker_id, {"name": name})
        if identities is not None:
            identities[identity_key(name)] = speaker_id
    if not aliases:
        return speaker_id
    known = {conn.execute(select(t.speakers.c.name).where(t.speakers.c.id == speaker_id)).scalar()}
    known.update(conn.execute(select(t.speaker_aliases.c.alias).where(t.speaker_aliases.c.speaker_id == speaker_id)).scalars())
    for alias in aliases:
        if alias not in known:
            conn.execute(t.speaker_aliases.insert().values(speaker_id=speaker_id, alias=alias))
            log_event(conn, actor, "add-alias", speaker_id, {"alias": alias})
            known.add(alias)
    return speaker_id


def insert_rendition(
    conn: Connection, *, quote_id: str, lang: str, text: str, translator: str, method: str,
    state: str, from_rendition_id: str | None = None, engine: str | None = None,
    model: str | None = None, model_version: str | None = None,
    rendition_id: str | None = None, created_at: str | None = None, author: str | None = None,
) -> str:
    """A new rendition with its first revision (written by ``author``, the translator unless said)."""
    require_text(translator, field="translator")
    for field, value in (("engine", engine), ("model", model), ("model_version", model_version)):
        optional_text(value, field=field)
    rendition_id = rendition_id or new_id(conn, t.renditions, "r")
    created_at = created_at or now()
    conn.execute(
        t.renditions.insert().values(
            id=rendition_id, quote_id=quote_id, lang=lang, translator=translator, method=method,
            engine=engine, model=model, model_version=model_version,
            from_rendition_id=from_rendition_id, state=state, created_at=created_at,
        )
    )
    insert_revision(conn, rendition_id, text, author or translator, at=created_at)
    return rendition_id


def insert_revision(conn: Connection, rendition_id: str, text: str, author: str, at: str | None = None) -> int:
    """A rendition's text (first or revised), indexed for matching in the same transaction."""
    require_text(text, field="text", multiline=True)
    require_text(author, field="translator")
    rendition = conn.execute(
        select(t.renditions.c.quote_id, t.renditions.c.lang).where(t.renditions.c.id == rendition_id)
    ).one()
    last = conn.execute(
        select(func.max(t.rendition_revisions.c.revision)).where(t.rendition_revisions.c.rendition_id == rendition_id)
    ).scalar()
    revision = (last or 0) + 1
    conn.execute(
        t.rendition_revisions.insert().values(
            rendition_id=rendition_id, revision=revision, text=text, created_at=at or now(), created_by=author
        )
    )
    index_target(conn, quote_id=rendition.quote_id, lang=rendition.lang, text=text,
                 rendition_id=rendition_id, revision=revision)
    return revision


def insert_version(conn: Connection, quote_id: str, lang: str, version: int, text: str, *, reason: str | None,
                   at: str, by: str) -> None:
    """A quote's text (first or corrected), indexed for matching in the same transaction."""
    require_text(text, field="text", multiline=True)
    optional_text(reason, field="reason", multiline=True)
    require_text(by, field="actor")
    conn.execute(
        t.quote_versions.insert().values(
            quote_id=quote_id, version=version, text=text, reason=reason, created_at=at, created_by=by
        )
    )
    index_target(conn, quote_id=quote_id, lang=lang, text=text, version=version)


def insert_note(conn: Connection, rendition_id: str, note: Note) -> None:
    require_text(note.author, field="author")
    require_text(note.text, field="note", multiline=True)
    conn.execute(
        t.notes.insert().values(
            rendition_id=rendition_id, author=note.author, role=note.role, action=note.action,
            text=note.text, created_at=note.created_at,
        )
    )


def load_quotes(conn: Connection, quote_ids: Sequence[str]) -> list[Quote]:
    """Whole quotes (versions, renditions, notes) in the order of ``quote_ids``, a few queries
    for each 500 (databases cap the parameters of one statement)."""
    if len(quote_ids) > 500:
        return [q for start in range(0, len(quote_ids), 500) for q in load_quotes(conn, quote_ids[start:start + 500])]
    if not quote_ids:
        return []
    rows = {r.id: r for r in conn.execute(select(t.quotes).where(t.quotes.c.id.in_(quote_ids)))}
    speaker_rows = {
        r.id: r for r in conn.execute(select(t.speakers).where(t.speakers.c.id.in_({r.speaker_id for r in rows.values()})))
    }
    aliases = defaultdict(list)
    for r in conn.execute(
        select(t.speaker_aliases).where(t.speaker_aliases.c.speaker_id.in_(speaker_rows)).order_by(t.speaker_aliases.c.alias)
    ):
        aliases[r.speaker_id].append(r.alias)
    versions = defaultdict(list)
    for r in conn.execute(
        select(t.quote_versions).where(t.quote_versions.c.quote_id.in_(quote_ids)).order_by(t.quote_versions.c.version)
    ):
        versions[r.quote_id].append(QuoteVersion(r.version, r.text, r.reason, r.created_at, r.created_by))
    renditions_by_quote = defaultdict(list)
    for rendition in load_renditions(conn, t.renditions.c.quote_id.in_(quote_ids)):
        renditions_by_quote[rendition.quote_id].append(rendition)
    quotes = []
    for quote_id in quote_ids:
        r = rows[quote_id]
        s = speaker_rows[r.speaker_id]
        quotes.append(
            Quote(
                id=r.id, speaker=Speaker(s.id, s.name, tuple(aliases[s.id])), lang=r.lang, said_on=r.said_on,
                source_url=r.source_url, outlet=r.outlet, medium=r.medium, context=r.context,
                status=r.status, status_note=r.status_note, created_at=r.created_at, created_by=r.created_by,
                versions=tuple(versions[quote_id]), renditions=tuple(renditions_by_quote[quote_id]),
            )
        )
    return quotes


def load_rendition(conn: Connection, rendition_id: str) -> Rendition:
    return load_renditions(conn, t.renditions.c.id == rendition_id)[0]


def find_renditions(conn: Connection, *, state: str | None = None, lang: str | None = None,
                    quote_id: str | None = None, translators: Sequence[str] | None = None,
                    limit: int | None = None, offset: int = 0) -> list[Rendition]:
    """Renditions in ``state``, in ``lang``, of ``quote_id``, by one of ``translators`` (names
    as stored; each when given), oldest first, ``limit`` of them after the first ``offset``."""
    return load_renditions(conn, renditions_where(state=state, lang=lang, quote_id=quote_id, translators=translators),
                           limit=limit, offset=offset)


def renditions_where(*, state: str | None = None, lang: str | None = None, quote_id: str | None = None,
                     translators: Sequence[str] | None = None):
    c = t.renditions.c
    wanted = [column == value for column, value in ((c.state, state), (c.lang, lang), (c.quote_id, quote_id))
              if value is not None]
    if translators is not None:
        wanted.append(c.translator.in_(translators))
    return and_(true(), *wanted)


def set_rendition_state(conn: Connection, rendition_id: str, state: str) -> None:
    conn.execute(t.renditions.update().where(t.renditions.c.id == rendition_id).values(state=state))


def load_renditions(conn: Connection, condition, *, limit: int | None = None, offset: int = 0) -> list[Rendition]:
    rows = conn.execute(select(t.renditions).where(condition).order_by(t.renditions.c.created_at, t.renditions.c.id)
                        .limit(limit).offset(offset)).all()
    ids = [r.id for r in rows]
    revisions, notes = defaultdict(list), defaultdict(list)
    for r in conn.execute(
        select(t.rendition_revisions).where(t.rendition_revisions.c.rendition_id.in_(ids))
        .order_by(t.rendition_revisions.c.revision)
    ):
        revisions[r.rendition_id].append(Revision(r.revision, r.text, r.created_at, r.created_by))
    for r in conn.execute(select(t.notes).where(t.notes.c.rendition_id.in_(ids)).order_by(t.notes.c.id)):
        notes[r.rendition_id].append(Note(r.author, r.role, r.text, r.created_at, r.action))
    return [
        Rendition(
            id=r.id, quote_id=r.quote_id, lang=r.lang, translator=r.translator, method=r.method, engine=r.engine,
            model=r.model, model_version=r.model_version, from_rendition_id=r.from_rendition_id, state=r.state,
            created_at=r.created_at, revisions=tuple(revisions[r.id]), notes=tuple(notes[r.id]),
        )
        for r in rows
    ]


def statement_key(text: str, lang: str | None) -> str:
    """The form in which two texts of one speaker are the same statement: what the checker
    calls `verbatim` (SPEC: the same words; typography aside: quote marks, apostrophe
    style, whitespace, Unicode form). Its words and amounts as ``tokenize`` finds them,
    each typography-normalised as ``drift._same_word`` compares them; punctuation and
    quote marks between words dropped, as the checker drops them; case kept but for the
    first word's (``drift._only_case_at_start``). So "They don't actually have the money"
    is “They don’t actually have the money.” (and its NFD form), while "they don't have
    THE money" and "They don't have 10 money" are other statements.

    Two texts with one key are ones the checker could not tell apart, so a registry with
    both would match coverage to either. Texts are stored as given, only compared in
    this form."""
    forms = [normalize_typography(token.text) for token in tokenize(text, lang)]
    if forms:
        forms[0] = casefold(forms[0], lang)
    return " ".join(forms)


_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")


def _rough_statement_key(text: str, lang: str | None) -> str:
    """Letters and digits only, case folded: equal for texts whose ``statement_key`` is
    equal (every letter and digit is in a token), and several times cheaper to compute, so
    only the few texts that pass it are tokenized."""
    return casefold(_NOT_ALPHANUMERIC.sub("", unicodedata.normalize("NFC", text)), lang).casefold()


class Statements:
    """A speaker's statements in one language, by ``statement_key``: which registered quote,
    if any, a text is the same statement as."""

    def __init__(self, lang: str, quotes: Iterable[tuple[str, str]] = ()):
        self.lang = lang
        self._by_rough_key: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for quote_id, text in quotes:
            self.add(quote_id, text)

    def add(self, quote_id: str, text: str) -> None:
        self._by_rough_key[_rough_statement_key(text, self.lang)].append((quote_id, text))

    def find(self, text: str) -> str | None:
        """The first registered quote that is the same statement as ``text``."""
        candidates = self._by_rough_key.get(_rough_statement_key(text, self.lang))
        if not candidates:
            return None
        key = statement_key(text, self.lang)
        return next((quote_id for quote_id, other in candidates if statement_key(other, self.lang) == key), None)


def statements_of(conn: Connection, speaker_id: str, lang: str) -> Statements:
    """The current text of each quote of the speaker in ``lang``, oldest quote first.

    Reads only that speaker's quotes (an index lookup), each at its newest version, and
    compares in Python: it runs on every add and every imported line (an import keeps what
    it read, per speaker), ~30 ms for a speaker with a thousand quotes.
    """
    later = t.quote_versions.alias("later")
    newer_exists = select(later.c.version).where(
        later.c.quote_id == t.quote_versions.c.quote_id, later.c.version > t.quote_versions.c.version
    ).exists()
    rows = conn.execute(
        select(t.quotes.c.id, t.quote_versions.c.text)
        .join(t.quote_versions, t.quote_versions.c.quote_id == t.quotes.c.id)
        .where(t.quotes.c.speaker_id == speaker_id, t.quotes.c.lang == lang, ~newer_exists)
        .order_by(t.quotes.c.created_at, t.quotes.c.id)
    )
    return Statements(lang, rows)


class TranslationCache:
    """Machine translations kept in the registry, keyed by (model, version, source text)."""

    def __init__(self, registry: Registry):
        self.store = registry.store

    @staticmethod
    def _key(source_text: str) -> str:
        return hashlib.sha256(source_text.encode("utf-8")).hexdigest()

    def _lookup(self, conn: Connection, model: str, model_version: str, source_text: str) -> str | None:
        c = t.mt_cache.c
        return conn.execute(
            select(c.translation).where(c.model == model, c.model_version == model_version,
                                        c.source_sha256 == self._key(source_text))
        ).scalar()

    def get(self, model: str, model_version: str, source_text: str) -> str | None:
        with self.store.read() as conn:
            return self._lookup(conn, model, model_version, source_text)

    def put(self, model: str, model_version: str, source_text: str, translation: str) -> None:
        if self.store.read_only:  # a check of a read-only registry translates without keeping it
            return
        # Writers take turns (Store.write), so checking first is enough even with --jobs.
        with self.store.write() as conn:
            if self._lookup(conn, model, model_version, source_text) is None:
                conn.execute(t.mt_cache.insert().values(
                    model=model, model_version=model_version, source_sha256=self._key(source_text),
                    source_text=source_text, translation=translation))


class JoinedStore:
    """A store whose transactions are one already open (``Registry.transaction``): every
    command run through it reads and writes in that transaction; the rest is the store's."""

    def __init__(self, store: Store, conn: Connection):
        self._store, self._conn = store, conn

    def __getattr__(self, name: str):
        return getattr(self._store, name)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        yield self._conn

    read = write


class Registry:
    """The commands on the registry, one transaction each."""

    def __init__(self, location: str | Store, ids: IdSource = random_id):
        """``ids`` makes the ids of what is registered (tests give a predictable source)."""
        self.store = location if isinstance(location, Store) else Store(location)
        # Every connection of the store carries it (an execution option), so new_id uses it
        # in whatever transaction registers something: here, in imports and in translations.
        self.store.engine.update_execution_options(quotes_ids=ids)

    def close(self) -> None:
        self.store.close()

    @contextmanager
    def transaction(self) -> Iterator[Registry]:
        """Several commands as one transaction, all or nothing: the registry yielded runs
        every command in it (an XLIFF import records its renditions so), and an error
        raised by any of them leaves the registry as it was."""
        with self.store.write() as conn:
            joined = copy.copy(self)  # not __init__: it would reset the store's id source
            joined.store = JoinedStore(self.store, conn)
            yield joined

    def add_quote(
        self, text: str, *, speaker: str, lang: str, said_on: str | None = None, source_url: str | None = None,
        outlet: str | None = None, medium: str | None = None, context: str | None = None,
        aliases: Iterable[str] = (), actor: str | None = None,
    ) -> Quote:
        lang = parse_language(lang, field="lang")
        text = require_words(text, field="text", lang=lang)
        said_on = parse_date(said_on, field="said_on")
        speaker = require_name(speaker, field="speaker")
        aliases = list(aliases)
        for field, value in (("source_url", source_url), ("outlet", outlet), ("medium", medium)):
            optional_text(value, field=field)
        optional_text(context, field="context", multiline=True)
        actor = actor or current_user()
        with self.store.write() as conn:
            speaker_id = speaker_id_for(conn, speaker, aliases, actor)
            existing = self._same_statement(conn, speaker_id, lang, text)
            if existing:
                raise InvalidInput(f"already registered as {existing}")
            quote_id = new_id(conn, t.quotes, "q")
            at = now()
            insert_quote(conn, quote_id=quote_id, speaker_id=speaker_id, lang=lang, said_on=said_on,
                         source_url=source_url, outlet=outlet, medium=medium, context=context, status="unverified",
                         status_note=None, created_at=at, created_by=actor)
            insert_version(conn, quote_id, lang, 1, text, reason=None, at=at, by=actor)
            log_event(conn, actor, "add", quote_id, {"after": {"text": text, "speaker": speaker, "lang": lang}}, at)
            return load_quotes(conn, [quote_id])[0]

    @staticmethod
    def _same_statement(conn: Connection, speaker_id: str, lang: str, text: str) -> str | None:
        """An existing quote of this speaker, in ``lang``, whose current text is ``text``
        but for typography (``statement_key``)."""
        return statements_of(conn, speaker_id, lang).find(text)

    def get_quote(self, ref: str) -> Quote:
        with self.store.read() as conn:
            return load_quotes(conn, [resolve_id(conn, t.quotes, "q", ref, "quote")])[0]

    def list_quotes(self, *, speaker: str | None = None, lang: str | None = None, status: str | None = None) -> list[Quote]:
        with self.store.read() as conn:
            query = self._quotes_where(conn, speaker=speaker, lang=lang, status=status)
            return load_quotes(conn, conn.execute(query.order_by(t.quotes.c.created_at, t.quotes.c.id)).scalars().all())

    def search_quotes(self, text: str = "", *, speaker: str | None = None, lang: str | None = None,
                      limit: int = 200) -> tuple[list[Quote], int]:
        """The first ``limit`` quotes (oldest first) of ``speaker`` in ``lang`` whose current
        wording holds ``text``, typography, case and diacritics aside ("satin" finds "satın"),
        and how many match in all.

        The database filters and pages; a text is compared in Python (``match_key``: SQLite
        folds only ASCII) over a stream of the current wordings, so memory stays flat however
        large the registry (time does not: a text search reads every wording)."""
        with self.store.read() as conn:
            query = self._quotes_where(conn, speaker=speaker, lang=lang)
            order = (t.quotes.c.created_at, t.quotes.c.id)
            wanted = match_key(text.strip(), None) if text.strip() else ""
            if not wanted:
                total = conn.execute(select(func.count()).select_from(query.subquery())).scalar()
                return load_quotes(conn, conn.execute(query.order_by(*order).limit(limit)).scalars().all()), total
            current = select(t.quote_versions.c.quote_id, func.max(t.quote_versions.c.version).label("version")) \
                .group_by(t.quote_versions.c.quote_id).subquery()
            wordings = (
                select(t.quotes.c.id, t.quotes.c.lang, t.quote_versions.c.text)
                .join(current, current.c.quote_id == t.quotes.c.id)
                .join(t.quote_versions, and_(t.quote_versions.c.quote_id == current.c.quote_id,
                                             t.quote_versions.c.version == current.c.version))
                .where(t.quotes.c.id.in_(query)).order_by(*order).execution_options(yield_per=5000)
            )
            found = [quote_id for quote_id, quote_lang, wording in conn.execute(wordings)
                     if wanted in match_key(wording, quote_lang)]
            return load_quotes(conn, found[:limit]), len(found)

    def _quotes_where(self, conn: Connection, *, speaker: str | None, lang: str | None, status: str | None = None):
        """The ids of the quotes of ``speaker`` (a name or alias), in ``lang``, with ``status`` (each when given)."""
        query = select(t.quotes.c.id)
        if lang:
            query = query.where(t.quotes.c.lang == parse_language(lang, field="lang"))
        if status:
            if status not in QUOTE_STATUSES:
                raise InvalidInput(f"{status!r} is not one of {', '.join(QUOTE_STATUSES)}", field="status")
            query = query.where(t.quotes.c.status == status)
        if speaker:
            query = query.where(t.quotes.c.speaker_id.in_(self._speakers_named(conn, speaker)))
        return query

    def has_quotes(self) -> bool:
        with self.store.read() as conn:
            return conn.execute(select(t.quotes.c.id).limit(1)).first() is not None

    def speaker_quotes(self, speaker_id: str, *, limit: int) -> list[Quote]:
        """A speaker's newest quotes, at most ``limit``."""
        c = t.quotes.c
        with self.store.read() as conn:
            ids = conn.execute(select(c.id).where(c.speaker_id == speaker_id)
                               .order_by(c.created_at.desc(), c.id.desc()).limit(limit)).scalars().all()
            return load_quotes(conn, ids)

    @staticmethod
    def _speakers_named(conn: Connection, name: str) -> list[str]:
        """Speakers whose name or an alias is ``name``, compared by ``identity_key`` (case,
        diacritics, Unicode form and spacing aside; folded in Python: SQLite's lower()
        knows only ASCII, and Şimşek must find Şimşek)."""
        wanted = identity_key(name)
        names = conn.execute(select(t.speakers.c.id, t.speakers.c.name)).all()
        aliases = conn.execute(select(t.speaker_aliases.c.speaker_id, t.speaker_aliases.c.alias)).all()
        return sorted({speaker_id for speaker_id, label in [*names, *aliases] if identity_key(label) == wanted})

    def speakers(self) -> list[Speaker]:
        with self.store.read() as conn:
            aliases = defaultdict(list)
            for r in conn.execute(select(t.speaker_aliases).order_by(t.speaker_aliases.c.alias)):
                aliases[r.speaker_id].append(r.alias)
            return [Speaker(r.id, r.name, tuple(aliases[r.id])) for r in conn.execute(select(t.speakers).order_by(t.speakers.c.name))]

    def edit_quote(self, ref: str, *, text: str, reason: str, actor: str | None = None) -> Quote:
        """A correction: a new version with a reason; the old text stays readable and matchable."""
        text = require_words(text, field="text")
        reason = require_text(reason, field="reason", multiline=True)
        actor = actor or current_user()
        with self.store.write() as conn:
            quote_id = resolve_id(conn, t.quotes, "q", ref, "quote")
            before = load_quotes(conn, [quote_id])[0]
            if before.text == text:
                raise InvalidInput(f"{quote_id}: the new text is the same as version {before.versions[-1].version}")
            other = self._same_statement(conn, before.speaker.id, before.lang, text)
            if other not in (None, quote_id):
                raise InvalidInput(f"{quote_id}: the new text is {other}'s, already registered for {before.speaker.name}")
            version = before.versions[-1].version + 1
            at = now()
            insert_version(conn, quote_id, before.lang, version, text, reason=reason, at=at, by=actor)
            log_event(conn, actor, "edit", quote_id,
                      {"version": version, "reason": reason, "before": {"text": before.text}, "after": {"text": text}}, at)
            return load_quotes(conn, [quote_id])[0]

    def set_status(self, ref: str, status: str, *, note: str, actor: str | None = None) -> Quote:
        if status not in QUOTE_STATUSES[1:]:
            raise InvalidInput(f"{status!r} is not one of {', '.join(QUOTE_STATUSES[1:])}", field="status")
        note = require_text(note, field="note", multiline=True)
        actor = actor or current_user()
        with self.store.write() as conn:
            quote_id = resolve_id(conn, t.quotes, "q", ref, "quote")
            before = conn.execute(select(t.quotes.c.status).where(t.quotes.c.id == quote_id)).scalar()
            conn.execute(t.quotes.update().where(t.quotes.c.id == quote_id).values(status=status, status_note=note))
            log_event(conn, actor, "status", quote_id, {"before": {"status": before}, "after": {"status": status}, "note": note})
            return load_quotes(conn, [quote_id])[0]

    def reindex(self, *, jobs: int = 1, actor: str | None = None, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the matching index from every registered text, in one transaction;
        ``progress(done, total)`` is told as texts are split into terms."""
        from quotes.registry.index import rebuild

        with self.store.write() as conn:
            count = rebuild(conn, jobs=jobs, progress=progress)
            log_event(conn, actor or current_user(), "reindex", "index", {"texts": count})
        return count

    def history(self, ref: str) -> list[Event]:
        """Every event of a quote and of its renditions, oldest first."""
        with self.store.read() as conn:
            quote_id = resolve_id(conn, t.quotes, "q", ref, "quote")
            rendition_ids = select(t.renditions.c.id).where(t.renditions.c.quote_id == quote_id)
            rows = conn.execute(
                select(t.events).where(or_(t.events.c.subject == quote_id, t.events.c.subject.in_(rendition_ids)))
                .order_by(t.events.c.id)
            )
            return [Event(r.id, r.at, r.actor, r.action, r.subject, json.loads(r.detail)) for r in rows]

