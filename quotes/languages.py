"""Language codes: validated and normalised once, so the registry only holds BCP 47 tags
in their shortest form (``tur`` → ``tr``), and shown to people by name."""

from .errors import InvalidInput


def parse_language(code: str, *, where: str = "language") -> str:
    """Return the normalised tag for ``code`` or raise InvalidInput naming ``where``."""
    import langcodes  # lazy: loading its tables costs ~0.1 s, which `quotes --help` must not pay

    candidate = (code or "").strip()
    if candidate and langcodes.tag_is_valid(candidate):
        tag = langcodes.standardize_tag(candidate)
        if tag != "und" and langcodes.Language.get(tag).is_valid():
            return tag
    raise InvalidInput(f"{where}: {code!r} is not a language code (use ISO 639 codes such as tr, en, az)")


def language_name(tag: str) -> str:
    """English name of a language tag, e.g. ``tr`` → ``Turkish``."""
    import langcodes

    return langcodes.Language.get(tag).display_name()
