"""JSON Lines interchange: one quote per line, with its versions, renditions and notes.

``export_jsonl`` then ``import_jsonl`` round-trips without loss. An import is one
transaction: every line is validated first — every string in it, whatever the field, must
be storable text (no lone surrogates, no control characters but tabs and line breaks in
texts) — and any bad line (named by file, number and field) means nothing is imported.
Importing a file again adds nothing: a quote already present (same id, or the same
statement: same speaker, however the name is typed, same language, and the same text
but for typography) is skipped and counted as such.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from sqlalchemy import Connection

from quotes.registry import schema as t
from quotes.reading import read_file
from quotes.errors import ImportFailed, InvalidInput
from quotes.registry.index import batched_index
from quotes.languages import parse_language
from quotes.registry.models import QUOTE_STATUSES, Note, Quote, ReviewState
from quotes.registry.registry import (
    Registry,
    check_characters,
    current_user,
    insert_note,
    insert_quote,
    insert_rendition,
    insert_revision,
    insert_version,
    load_quotes,
    log_event,
    new_id,
    now,
    parse_date,
    quote_exists,
    rendition_exists,
    require_words,
    speaker_id_for,
    speaker_identities,
    speaker_named,
    Statements,
    statements_of,
)
from quotes.text import identity_key, normalize_typography

METHODS = ("human", "machine")
ID_PATTERN = re.compile(r"[qr]-[0-9a-z][0-9a-z-]{0,61}")  # ours are q-7f3a2c; other systems' may be longer
ROLES = ("translator", "reviewer")
TEXT_FIELDS = frozenset({"text", "reason", "context", "status_note"})
"""Fields that hold text, where tabs and line breaks belong; every other string is one line."""


def quote_record(quote: Quote) -> dict[str, Any]:
    """The interchange form of a quote (SPEC "JSON Lines interchange", plus history fields)."""
    return {
        "id": quote.id,
        "text": quote.text,
        "lang": quote.lang,
        "speaker": quote.speaker.name,
        "speaker_aliases": list(quote.speaker.aliases),
        "said_on": quote.said_on,
        "source": {"url": quote.source_url, "outlet": quote.outlet, "medium": quote.medium},
        "context": quote.context,
        "status": quote.status,
        "status_note": quote.status_note,
        "created_at": quote.created_at,
        "created_by": quote.created_by,
        "versions": [
            {"version": v.version, "text": v.text, "reason": v.reason, "at": v.created_at, "by": v.created_by}
            for v in quote.versions
        ],
        "renditions": [
            {
                "id": r.id,
                "lang": r.lang,
                "text": r.text,
                "translator": r.translator,
                "method": r.method,
                "engine": r.engine,
                "model": r.model,
                "model_version": r.model_version,
                "from": r.from_rendition_id or "original",
                "state": r.state,
                "created_at": r.created_at,
                "revisions": [
                    {"revision": v.revision, "text": v.text, "at": v.created_at, "by": v.created_by} for v in r.revisions
                ],
                "notes": [
                    {"author": n.author, "role": n.role, "action": n.action, "at": n.created_at, "text": n.text}
                    for n in r.notes
                ],
            }
            for r in quote.renditions
        ],
    }


def export_jsonl(quotes: Iterable[Quote], *, approved_only: bool = False) -> Iterable[str]:
    """One line per quote; ``approved_only`` leaves out retracted quotes and renditions
    that are not approved (what may be passed on for publication)."""
    for quote in quotes:
        if approved_only and quote.status == "retracted":
            continue
        record = quote_record(quote)
        if approved_only:
            record["renditions"] = [r for r in record["renditions"] if r["state"] == ReviewState.APPROVED.value]
        yield json.dumps(record, ensure_ascii=False)


@dataclass(frozen=True)
class ImportReport:
    added: list[str]
    skipped: list[str]


class _Line:
    """Field access that names the file, line and field in every error."""

    def __init__(self, where: str, data: Any):
        if not isinstance(data, dict):
            raise ImportFailed(f"{where}: expected a JSON object")
        self.where, self.data = where, data

    def text(self, key: str, *, required: bool = False, data: dict | None = None) -> str | None:
        value = (self.data if data is None else data).get(key)
        if value is None or value == "":
            if required:
                raise ImportFailed(f"{self.where}: {key!r} is missing")
            return None
        if not isinstance(value, str):
            raise ImportFailed(f"{self.where}: {key!r} must be a string")
        if required and not value.strip():
            raise ImportFailed(f"{self.where}: {key!r} is empty")
        return value

    def items(self, key: str, data: dict | None = None) -> list[dict]:
        value = (self.data if data is None else data).get(key) or []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise ImportFailed(f"{self.where}: {key!r} must be a list of objects")
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: str | None, data: dict | None = None) -> str:
        value = self.text(key, data=data) or default
        if value not in choices:
            raise ImportFailed(f"{self.where}: {key!r} is {value!r}, expected one of {', '.join(choices)}")
        return value

    def identifier(self, key: str, prefix: str, data: dict | None = None) -> str | None:
        value = self.text(key, data=data)
        if value is not None and not (ID_PATTERN.fullmatch(value) and value.startswith(prefix + "-")):
            raise ImportFailed(f"{self.where}: {key!r} {value!r} is not a {prefix}- id (like {prefix}-7f3a2c)")
        return value

    def checked(self, parse, value, field: str):
        try:
            return parse(value, field=field)
        except InvalidInput as error:
            raise ImportFailed(f"{self.where}: {error}") from None


def _check_strings(where: str, value: Any, path: str = "", key: str = "") -> None:
    """Every string of a line, at any depth, storable (``check_characters``); the error
    names the field by its path (``speaker``, ``renditions[0].notes[1].text``)."""
    if isinstance(value, str):
        try:
            check_characters(value, field=path, multiline=key in TEXT_FIELDS)
        except InvalidInput as error:
            raise ImportFailed(f"{where}: {error}") from None
    elif isinstance(value, dict):
        for name, item in value.items():
            _check_strings(where, item, f"{path}.{name}" if path else str(name), str(name))
    elif isinstance(value, list):
        for number, item in enumerate(value):
            _check_strings(where, item, f"{path}[{number}]", key)


def _parse_line(where: str, raw: str) -> dict:
    """Validate one line and return it in normalised form (every field present)."""
    try:
        line = _Line(where, json.loads(raw))
    except json.JSONDecodeError as error:
        raise ImportFailed(f"{where}: not valid JSON ({error.msg} at column {error.colno})") from None
    _check_strings(where, line.data)
    source = line.data.get("source") or {}
    if not isinstance(source, dict):
        raise ImportFailed(f"{where}: 'source' must be an object")
    aliases = line.data.get("speaker_aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ImportFailed(f"{where}: 'speaker_aliases' must be a list of strings")
    text = line.checked(require_words, line.text("text", required=True), "text")
    versions = [
        {"text": line.text("text", required=True, data=v), "reason": line.text("reason", data=v),
         "at": line.text("at", data=v), "by": line.text("by", data=v)}
        for v in line.items("versions")
    ] or [{"text": text, "reason": None, "at": None, "by": None}]
    if versions[-1]["text"] != text:
        raise ImportFailed(f"{where}: 'text' differs from the last of 'versions'")
    renditions = []
    for r in line.items("renditions"):
        revisions = [
            {"text": line.text("text", required=True, data=v), "at": line.text("at", data=v), "by": line.text("by", data=v)}
            for v in line.items("revisions", r)
        ] or [{"text": line.text("text", required=True, data=r), "at": None, "by": None}]
        if revisions[-1]["text"] != line.text("text", required=True, data=r):
            raise ImportFailed(f"{where}: a rendition's 'text' differs from the last of its 'revisions'")
        notes = [
            Note(
                author=line.text("author", required=True, data=n), role=line.choice("role", ROLES, "reviewer", n),
                text=line.text("text", required=True, data=n), created_at=line.text("at", data=n) or now(),
                action=line.text("action", data=n),
            )
            for n in line.items("notes", r)
        ]
        state = line.choice("state", tuple(s.value for s in ReviewState), ReviewState.DRAFT.value, r)
        method = line.choice("method", METHODS, "human", r)
        if method == "machine" and state == ReviewState.APPROVED.value:
            # A reviewer other than who ran the machine or revised the draft, however they
            # spell their name (quotes.text.identity_key).
            authors = {identity_key(name) for name in
                       [line.text("translator", required=True, data=r), *(v["by"] for v in revisions if v["by"])]}
            if not any(n.role == "reviewer" and identity_key(n.author) not in authors for n in notes):
                raise ImportFailed(f"{where}: an approved machine rendition needs a reviewer's note, by someone other "
                                   "than who ran the machine (machine renditions are never approved automatically)")
        renditions.append({
            "id": line.identifier("id", "r", data=r), "lang": line.checked(parse_language, line.text("lang", required=True, data=r), "rendition lang"),
            "translator": line.text("translator", required=True, data=r), "method": method,
            "engine": line.text("engine", data=r), "model": line.text("model", data=r),
            "model_version": line.text("model_version", data=r), "from": line.text("from", data=r) or "original",
            "state": state, "created_at": line.text("created_at", data=r), "revisions": revisions, "notes": notes,
        })
    rendition_ids = [r["id"] for r in renditions if r["id"]]
    if len(rendition_ids) != len(set(rendition_ids)):
        raise ImportFailed(f"{where}: two renditions share an id")
    return {
        "id": line.identifier("id", "q"),
        "text": text,
        "lang": line.checked(parse_language, line.text("lang", required=True), "lang"),
        "speaker": line.text("speaker", required=True),
        "speaker_aliases": aliases,
        "said_on": line.checked(parse_date, line.text("said_on"), "said_on"),
        "source_url": line.text("url", data=source), "outlet": line.text("outlet", data=source),
        "medium": line.text("medium", data=source), "context": line.text("context"),
        "status": line.choice("status", QUOTE_STATUSES, "unverified"), "status_note": line.text("status_note"),
        "created_at": line.text("created_at"), "created_by": line.text("created_by"),
        "versions": versions, "renditions": renditions,
    }


def read_lines(path: str | Path) -> list[tuple[int, str]]:
    """The non-blank lines of a JSONL file, numbered from 1; an unreadable file raises a QuotesError naming it."""
    path = Path(path)
    data = read_file(path, str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFailed(f"{path}:{line}: not UTF-8 (byte 0x{data[error.start]:02x}); JSON Lines must be UTF-8") from None
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not numbered:
        raise ImportFailed(f"{path}: empty file, nothing to import")
    return numbered


def import_jsonl(registry: Registry, path: str | Path, *, actor: str | None = None,
                 progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Import a JSON Lines file, all or nothing; ``progress(done, total)`` is told after
    each line is written (the lines are read and validated first)."""
    actor = actor or current_user()
    records = [(n, _parse_line(f"{path}:{n}", raw)) for n, raw in read_lines(path)]
    added, skipped = [], []
    with registry.store.write() as conn, batched_index(conn):
        known = _Known(conn)
        for done, (n, record) in enumerate(records, 1):
            where = f"{path}:{n}"
            existing = _existing(conn, record, where, known)
            if existing:
                skipped.append(existing)
            else:
                try:
                    added.append(_insert(conn, record, actor, where, known))
                except InvalidInput as error:  # a building block's check: name the line
                    raise ImportFailed(f"{where}: {error}") from None
            if progress is not None:
                progress(done, len(records))
        log_event(conn, actor, "import", "import", {"file": str(path), "added": added, "skipped": skipped})
    return ImportReport(added, skipped)


class _Known:
    """What an import has read of the registry, kept up to date as it adds: the speakers
    by identity key, and each speaker's statements in a language (read once per speaker,
    not once per line)."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.speakers = speaker_identities(conn)
        self._statements: dict[tuple[str, str], Statements] = {}

    def statements(self, speaker_id: str, lang: str) -> Statements:
        key = (speaker_id, lang)
        if key not in self._statements:
            self._statements[key] = statements_of(self.conn, speaker_id, lang)
        return self._statements[key]


def _existing(conn: Connection, record: dict, where: str, known: _Known) -> str | None:
    speaker_id = speaker_named(conn, record["speaker"], known.speakers)
    same = speaker_id and known.statements(speaker_id, record["lang"]).find(record["text"])
    if record["id"] and quote_exists(conn, record["id"]):
        registered = load_quotes(conn, [record["id"]])[0]
        # The same id: its text as registered, typography aside (a tool may have re-encoded it).
        if normalize_typography(record["text"]) not in {normalize_typography(v.text) for v in registered.versions}:
            raise ImportFailed(f"{where}: {record['id']} is already registered with another text; use `quotes edit` to correct it")
        _refuse_additions(record, registered, where)
        return record["id"]
    if same and record["id"]:
        # Another id for a registered statement (an export of another registry): the
        # statement is there; what the line adds to it is refused, not dropped.
        _refuse_additions(record, load_quotes(conn, [same])[0], where)
    return same or None


def _refuse_additions(record: dict, registered: Quote, where: str) -> None:
    known = {r.id for r in registered.renditions}
    if len(record["versions"]) > len(registered.versions) or any(r["id"] not in known for r in record["renditions"]):
        # Skipping would lose what the line adds; merging into a registered quote is not supported.
        raise ImportFailed(f"{where}: {registered.id} is already registered and this line adds versions or renditions "
                           "to it; add them with `quotes edit` / `quotes translate`")


def _insert(conn: Connection, record: dict, actor: str, where: str, known: _Known) -> str:
    speaker_id = speaker_id_for(conn, record["speaker"], record["speaker_aliases"], actor, known.speakers)
    quote_id = record["id"] or new_id(conn, t.quotes, "q")
    created_at = record["created_at"] or now()
    insert_quote(conn, quote_id=quote_id, speaker_id=speaker_id, lang=record["lang"], said_on=record["said_on"],
                 source_url=record["source_url"], outlet=record["outlet"], medium=record["medium"],
                 context=record["context"], status=record["status"], status_note=record["status_note"],
                 created_at=created_at, created_by=record["created_by"] or actor)
    for number, version in enumerate(record["versions"], start=1):
        insert_version(conn, quote_id, record["lang"], number, version["text"], reason=version["reason"],
                       at=version["at"] or created_at, by=version["by"] or actor)
    ids = {}
    for rendition in record["renditions"]:
        if rendition["id"] and rendition_exists(conn, rendition["id"]):
            raise ImportFailed(f"{where}: rendition {rendition['id']} already belongs to another quote")
        ids[rendition["id"] or id(rendition)] = rendition["id"] or new_id(conn, t.renditions, "r")
    for rendition in record["renditions"]:
        source = rendition["from"]
        if source != "original" and source not in ids.values():
            raise ImportFailed(f"{where}: rendition 'from' {source!r} is neither 'original' nor a rendition of this quote")
    # Parents first, so that foreign keys hold whatever the line's order.
    pending = list(record["renditions"])
    while pending:
        ready = [r for r in pending if r["from"] == "original" or r["from"] not in {ids[p["id"] or id(p)] for p in pending}]
        if not ready:
            raise ImportFailed(f"{where}: renditions are made from each other in a cycle")
        for rendition in ready:
            pending.remove(rendition)
            rendition_id = ids[rendition["id"] or id(rendition)]
            first, *later = rendition["revisions"]
            insert_rendition(
                conn, quote_id=quote_id, lang=rendition["lang"], text=first["text"],
                translator=rendition["translator"], author=first["by"], method=rendition["method"], state=rendition["state"],
                from_rendition_id=None if rendition["from"] == "original" else rendition["from"],
                engine=rendition["engine"], model=rendition["model"], model_version=rendition["model_version"],
                rendition_id=rendition_id, created_at=first["at"] or rendition["created_at"] or created_at,
            )
            for revision in later:
                insert_revision(conn, rendition_id, revision["text"], revision["by"] or rendition["translator"], at=revision["at"])
            for note in rendition["notes"]:
                insert_note(conn, rendition_id, note)
    log_event(conn, actor, "import", quote_id, {"after": {"text": record["text"], "renditions": list(ids.values())}})
    known.statements(speaker_id, record["lang"]).add(quote_id, record["text"])
    return quote_id
