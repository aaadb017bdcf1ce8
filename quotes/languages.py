"""Language codes: validated and normalised once, so the registry and the checker hold
one form — the language subtag, shortest code (``tur`` → ``tr``, ``tr-TR`` → ``tr``) —
and shown to people by name. Regions and scripts are dropped: matching and Turkish
casing depend on the language, and one form keeps lookups by language exact."""

from quotes.errors import InvalidInput


def parse_language(code: str, *, field: str = "lang") -> str:
    """Return the normalised tag for ``code`` or raise InvalidInput naming ``field``."""
    import langcodes  # lazy: loading its tables costs ~0.1 s, which `quotes --help` must not pay

    candidate = (code or "").strip()
    if candidate and langcodes.tag_is_valid(candidate):
        language = langcodes.Language.get(langcodes.standardize_tag(candidate)).language
        if language and len(language) in (2, 3) and language != "und" and langcodes.Language.get(language).is_valid():
            return language
    raise InvalidInput(f"{code!r} is not a language code (use ISO 639 codes such as tr, en, az)", field=field)


def language_name(tag: str) -> str:
    """English name of a language tag, e.g. ``tr`` → ``Turkish``."""
    import langcodes

    return langcodes.Language.get(tag).display_name()
