"""Machine drafts with Argos Translate (the ``argostranslate`` package), offline.

Models are Argos packages (``.argosmodel`` zips) kept where argostranslate's own settings put
them (``ARGOS_PACKAGES_DIR``, else ``~/.local/share/argos-translate/packages``), so
``argospm`` and quotes see the same models. Nothing here touches the network except
:func:`install_from_index`, and only when the user asks for it.

argostranslate, CTranslate2 and ONNX Runtime are imported inside the functions that need
them: importing this module costs nothing, listing models costs argostranslate's settings and
package modules, and only translating (or installing) loads CTranslate2.

Sentence splitting. argostranslate 1.12 splits each paragraph into sentences with MiniSBD
(``ARGOS_CHUNK_TYPE`` default). ``MiniSBDSentencizer`` uses the first ``minisbd/*.onnx``
inside the package when there is one; otherwise it asks MiniSBD for the language's model,
which *downloads* it from GitHub into ``<argos data dir>/minisbd`` the first time. Setting
``ARGOS_CHUNK_TYPE=NONE`` is no way out: argostranslate then refuses to load the package at
all. So before a package translates anything, :func:`_translation_for` checks that its
MiniSBD model is on disk (shipped in the package, or already cached); when it is not, the
package gets :class:`_OfflineSentencizer`, a punctuation-based splitter, instead of a
download. To use MiniSBD's model for such a package, put ``<lang>.onnx`` into the package's
``minisbd/`` folder or into the MiniSBD cache. Other splitters chosen through
``ARGOS_CHUNK_TYPE`` (Stanza, spaCy) are the user's explicit choice and are left alone.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from quotes.errors import QuotesError

if TYPE_CHECKING:
    from quotes.registry.registry import Registry

__all__ = [
    "ENGINE",
    "PIVOT",
    "InstalledPair",
    "MachineDraft",
    "MachineTranslationError",
    "TranslationCache",
    "install_file",
    "install_from_index",
    "installed_pairs",
    "packages_dir",
    "remove",
    "translate",
]

log = logging.getLogger(__name__)

ENGINE = "argostranslate"
PIVOT = "en"
INSTALL_FILE_HINT = "install a downloaded model with `quotes mt install PATH.argosmodel`"

# BCP 47 tags (as the registry stores them) whose Argos code is not their language subtag.
_ARGOS_CODES = {
    "zh-hant": "zt",
    "zh-tw": "zt",
    "zh-hk": "zt",
    "zh-mo": "zt",
    "zh-hans": "zh",
    "zh-cn": "zh",
    "pt-br": "pb",
}


class MachineTranslationError(QuotesError):
    """No model for a pair, a bad model file, the package index out of reach, or a model failing."""


@dataclass(frozen=True)
class InstalledPair:
    from_code: str
    to_code: str
    package: str  # argospm name, e.g. "translate-tr_en"
    version: str  # the package's package_version, e.g. "1.9"


@dataclass(frozen=True)
class MachineDraft:
    text: str
    engine: str  # always ENGINE
    model: str  # package name(s): "translate-tr_en", or "translate-tr_en+translate-en_de" when pivoting
    model_version: str  # matching "1.0", or "1.0+1.2"
    via: tuple[str, ...]  # language codes passed through, e.g. ("tr", "en", "de")


class TranslationCache(Protocol):
    """Where translations are kept between runs (the registry). Keys are per model leg."""

    def get(self, model: str, model_version: str, source_text: str) -> str | None: ...

    def put(self, model: str, model_version: str, source_text: str, translation: str) -> None: ...


# --- argostranslate access -----------------------------------------------------------------


def _settings():
    import argostranslate.settings

    return argostranslate.settings


def packages_dir() -> Path:
    """Where argostranslate installs packages (its settings: ``ARGOS_PACKAGES_DIR``)."""
    return Path(_settings().package_data_dir)


def _argos_code(tag: str) -> str:
    """The Argos code for a language tag: ``tr`` → ``tr``, ``en-GB`` → ``en``, ``pt-BR`` → ``pb``."""
    code = (tag or "").strip().replace("_", "-").lower()
    if not code:
        raise MachineTranslationError("a language code is empty")
    return _ARGOS_CODES.get(code, code.split("-", 1)[0])


def _package_name(pkg: Any) -> str:
    from argostranslate import package

    return package.argospm_package_name(pkg)


def _pair(pkg: Any) -> InstalledPair:
    return InstalledPair(pkg.from_code, pkg.to_code, _package_name(pkg), str(pkg.package_version or ""))


def _version_key(version: str):
    import packaging.version

    try:
        return (1, packaging.version.parse(version), "")
    except packaging.version.InvalidVersion:
        return (0, packaging.version.parse("0"), version)


def _installed_packages() -> list[Any]:
    """argostranslate's installed translation packages, highest version first per pair."""
    from argostranslate import package

    directories = [Path(d) for d in _settings().package_dirs if Path(d).is_dir()]
    try:
        packages = package.get_installed_packages(directories)
    except (OSError, ValueError) as error:  # a folder without metadata.json, unreadable JSON …
        where = ", ".join(str(d) for d in directories)
        raise MachineTranslationError(
            f"cannot read the installed machine translation models in {where}: {error}; "
            "remove or reinstall the broken folder"
        ) from error
    packages = [p for p in packages if p.type == "translate" and p.from_code and p.to_code]
    packages.sort(key=lambda p: _version_key(str(p.package_version or "")), reverse=True)
    packages.sort(key=lambda p: (p.from_code, p.to_code))
    return packages


def _packages_by_pair() -> dict[tuple[str, str], Any]:
    best: dict[tuple[str, str], Any] = {}
    for pkg in _installed_packages():
        best.setdefault((pkg.from_code, pkg.to_code), pkg)
    return best


def installed_pairs() -> list[InstalledPair]:
    """Installed language pairs with their package names and versions, sorted by pair."""
    return [_pair(pkg) for pkg in _installed_packages()]


# --- installing and removing ----------------------------------------------------------------


def _validate_archive(archive: Path) -> tuple[str, dict]:
    """Check that ``archive`` is an Argos package; return its top folder and metadata."""
    import zipfile

    def refuse(why: str) -> MachineTranslationError:
        return MachineTranslationError(f"{archive}: {why}")

    if not archive.exists():
        raise refuse("no such file")
    if not archive.is_file():
        raise refuse("not a file (expected a .argosmodel archive)")
    if not zipfile.is_zipfile(archive):
        raise refuse("not an Argos model (a .argosmodel file is a zip archive)")
    try:
        with zipfile.ZipFile(archive) as zf:
            names = [n for n in zf.namelist() if n and not n.startswith("__MACOSX/")]
            tops = sorted({n.split("/", 1)[0] for n in names})
            if len(tops) != 1 or not any("/" in n for n in names):
                raise refuse(f"not an Argos model (expected one top-level folder, found {', '.join(tops) or 'none'})")
            top = tops[0]
            if any(n.startswith("/") or ".." in n.split("/") for n in names):
                raise refuse("not an Argos model (it has paths outside its folder)")
            if f"{top}/metadata.json" not in names:
                raise refuse(f"not an Argos model (no {top}/metadata.json)")
            raw = zf.read(f"{top}/metadata.json")
    except zipfile.BadZipFile as error:
        raise refuse(f"not a readable zip archive ({error})") from error
    try:
        metadata = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise refuse(f"{top}/metadata.json is not valid JSON ({error})") from error
    if not isinstance(metadata, dict):
        raise refuse(f"{top}/metadata.json is not a JSON object")
    if metadata.get("type", "translate") != "translate":
        raise refuse(f"a {metadata.get('type')!r} package, not a translation model")
    for key in ("from_code", "to_code"):
        if not isinstance(metadata.get(key), str) or not metadata[key].strip():
            raise refuse(f"{top}/metadata.json has no {key}")
    if f"{top}/model/model.bin" not in names:
        raise refuse(f"not an Argos model (no CTranslate2 model at {top}/model/model.bin)")
    if f"{top}/sentencepiece.model" not in names and f"{top}/bpe.model" not in names:
        raise refuse(f"not an Argos model (no {top}/sentencepiece.model or bpe.model)")
    return top, metadata


def _forget(pairs: set[tuple[str, str]]) -> None:
    """Drop loaded translators (ours and argostranslate's) after packages changed."""
    with _LOADED_LOCK:
        _LOADED.clear()
    import sys

    argos_translate = sys.modules.get("argostranslate.translate")
    if argos_translate is not None:
        # argostranslate keeps one translation per "from-to" for the life of the process,
        # even after that package is uninstalled; drop the ones for pairs that changed.
        stale = {f"{f}-{t}" for f, t in pairs}
        argos_translate.installed_translates[:] = [
            entry for entry in argos_translate.installed_translates if entry.package_key not in stale
        ]
        argos_translate.get_installed_languages.cache_clear()


def install_file(path: str | Path) -> InstalledPair:
    """Install a ``.argosmodel`` file; an installed model of the same pair is replaced."""
    import shutil

    from argostranslate import package

    archive = Path(path).expanduser()
    top, metadata = _validate_archive(archive)
    pair = (metadata["from_code"], metadata["to_code"])
    destination = packages_dir()
    destination.mkdir(parents=True, exist_ok=True)
    target = destination / top
    replaced = [p for p in _installed_packages() if (p.from_code, p.to_code) == pair and _inside(p.package_path, destination)]
    if target.exists() and not any(_same_path(p.package_path, target) for p in replaced):
        raise MachineTranslationError(f"{archive}: cannot install: {target} already exists and is not a model for {pair[0]} → {pair[1]}")
    for old in replaced:
        package.uninstall(old)
    try:
        package.install_from_path(archive)
        installed = package.Package(target)
    except Exception as error:
        shutil.rmtree(target, ignore_errors=True)
        raise MachineTranslationError(f"{archive}: cannot install: {error}") from error
    finally:
        _forget({pair})
    return _pair(installed)


def _inside(path: Path, directory: Path) -> bool:
    try:
        return Path(path).resolve().parent == Path(directory).resolve()
    except OSError:
        return False


def _same_path(a: Path, b: Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def remove(from_code: str, to_code: str) -> InstalledPair:
    """Uninstall the model for ``from_code`` → ``to_code``; return what was removed."""
    from argostranslate import package

    f, t = _argos_code(from_code), _argos_code(to_code)
    matching = [p for p in _installed_packages() if (p.from_code, p.to_code) == (f, t)]
    if not matching:
        raise MachineTranslationError(f"no machine translation model for {f} → {t} is installed; see `quotes mt list`")
    destination = packages_dir()
    removable = [p for p in matching if _inside(p.package_path, destination)]
    if not removable:
        raise MachineTranslationError(
            f"the model for {f} → {t} is in {matching[0].package_path.parent}, outside {destination}; quotes does not remove it"
        )
    try:
        for pkg in removable:
            package.uninstall(pkg)
    except OSError as error:
        raise MachineTranslationError(f"cannot remove {removable[0].package_path}: {error}") from error
    finally:
        _forget({(f, t)})
    return _pair(removable[0])


def _fetch(url: str, timeout: float) -> bytes:
    """GET ``url`` within ``timeout`` seconds overall, or raise OSError / TimeoutError.

    The request runs in a daemon thread so that even a resolver that hangs (which socket
    timeouts do not cover) cannot hold the caller past ``timeout``; the thread holds no lock.
    """
    import urllib.request

    from argostranslate.networking import USER_AGENT

    result: dict[str, Any] = {}

    def fetch() -> None:
        try:
            request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
            with urllib.request.urlopen(request, timeout=timeout) as response:
                result["data"] = response.read()
        except BaseException as error:  # handed to the caller
            result["error"] = error

    worker = threading.Thread(target=fetch, name="argos-package-index", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise TimeoutError(f"no answer within {timeout:g} s")
    if "error" in result:
        raise result["error"]
    return result["data"]


def _reason(error: BaseException) -> str:
    """A short reason: ``Name or service not known``, ``timed out``, ``HTTP 404 Not Found``."""
    import urllib.error

    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code} {error.reason}"
    if isinstance(error, urllib.error.URLError):
        return _reason(error.reason) if isinstance(error.reason, BaseException) else str(error.reason)
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def install_from_index(from_code: str, to_code: str, *, timeout: float = 10.0) -> InstalledPair:
    """Download the model for ``from_code`` → ``to_code`` from the Argos package index and install it.

    Offline this fails within ``timeout`` seconds. (argostranslate's own
    ``update_package_index()`` cannot be used for that: it waits on the network with no
    timeout while holding the package lock, and it swallows errors, after which
    ``get_available_packages()`` retries until a RecursionError.) The index is fetched
    here, with a deadline, and saved where ``update_package_index()`` saves it.
    """
    import tempfile
    import urllib.request

    from argostranslate import package
    from argostranslate.networking import USER_AGENT

    f, t = _argos_code(from_code), _argos_code(to_code)
    settings = _settings()
    url = settings.remote_package_index
    try:
        raw = _fetch(url, timeout)
    except Exception as error:
        raise MachineTranslationError(f"cannot reach the Argos package index ({url}: {_reason(error)}): {INSTALL_FILE_HINT}") from error
    try:
        index = json.loads(raw.decode("utf-8"))
        if not isinstance(index, list):
            raise ValueError("expected a JSON list of packages")
    except (UnicodeDecodeError, ValueError) as error:
        raise MachineTranslationError(f"the Argos package index at {url} is not valid ({error}): {INSTALL_FILE_HINT}") from error
    try:  # keep argostranslate's local copy current, as update_package_index() does
        local = Path(settings.local_package_index)
        partial = local.with_name(local.name + ".partial")
        partial.write_bytes(raw)
        os.replace(partial, local)
    except OSError as error:
        log.info("could not save the package index to %s: %s", settings.local_package_index, error)

    available = []
    for metadata in index:
        if isinstance(metadata, dict):
            try:
                available.append(package.AvailablePackage(metadata))
            except Exception:  # one malformed entry must not hide the others
                continue
    offered = {(p.from_code, p.to_code) for p in available if p.type == "translate"}
    matching = [p for p in available if p.type == "translate" and (p.from_code, p.to_code) == (f, t)]
    if not matching:
        hint = ""
        if (f, PIVOT) in offered and (PIVOT, t) in offered:
            hint = (
                f"; it has {f} → {PIVOT} and {PIVOT} → {t}: install both "
                f"(`quotes mt install {f} {PIVOT}`, `quotes mt install {PIVOT} {t}`) and drafts pivot through English"
            )
        raise MachineTranslationError(f"the Argos package index has no model for {f} → {t}{hint}")
    best = max(matching, key=lambda p: _version_key(str(p.package_version or "")))
    name = f"{_package_name(best)} {best.package_version}"
    links = [link for link in best.links if isinstance(link, str) and link.split(":", 1)[0].lower() in ("http", "https", "file")]
    if not links:
        raise MachineTranslationError(f"the Argos package index lists no download link for {name}: {INSTALL_FILE_HINT}")

    downloads = Path(settings.downloads_dir)
    downloads.mkdir(parents=True, exist_ok=True)
    failures = []
    for link in links:
        handle = tempfile.NamedTemporaryFile(dir=downloads, prefix=_package_name(best) + "-", suffix=".argosmodel", delete=False)
        archive = Path(handle.name)
        try:
            with handle:
                request = urllib.request.Request(link, headers={"User-Agent": USER_AGENT})
                # the timeout bounds connecting and each read, not the whole (large) download
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    while chunk := response.read(1 << 20):
                        handle.write(chunk)
        except Exception as error:
            archive.unlink(missing_ok=True)
            failures.append(f"{link}: {_reason(error)}")
            continue
        try:
            return install_file(archive)
        finally:
            archive.unlink(missing_ok=True)
    raise MachineTranslationError(f"cannot download {name} from the Argos package index ({'; '.join(failures)}): {INSTALL_FILE_HINT}")


# --- translating ----------------------------------------------------------------------------

_LOADED: dict[tuple[str, str, int], Any] = {}
_LOADED_LOCK = threading.Lock()

class _OfflineSentencizer:
    """The sentence splitter of quotes' own passages (``quotes.checking.passages.split_sentences``),
    used instead of a MiniSBD model that is not on disk (see the module docstring)."""

    def split_sentences(self, text: str) -> list[str]:
        from quotes.checking.passages import split_sentences

        return [text[start:end].strip() for start, end in split_sentences(text) if text[start:end].strip()]

    def __str__(self) -> str:
        return "quotes offline sentence splitter"


def _minisbd_model_on_disk(sentencizer: Any) -> bool:
    import minisbd.models

    model = sentencizer.lang  # a path to the package's own .onnx, or a MiniSBD language code
    if os.path.isfile(model):
        return True
    filename = minisbd.models.MODELS.get(model)
    return filename is not None and os.path.isfile(os.path.join(minisbd.models.cache_dir, filename))


def _translation_for(pkg: Any):
    """argostranslate's PackageTranslation for ``pkg``, loaded once per process, never downloading."""
    metadata = Path(pkg.package_path) / "metadata.json"
    try:
        stamp = metadata.stat().st_mtime_ns
    except OSError:
        stamp = 0
    key = (str(pkg.package_path), str(pkg.package_version), stamp)
    with _LOADED_LOCK:
        if key in _LOADED:
            return _LOADED[key]
        from argostranslate import sbd
        from argostranslate import translate as argos

        name = _package_name(pkg)
        try:
            translation = argos.PackageTranslation(
                argos.Language(pkg.from_code, pkg.from_name), argos.Language(pkg.to_code, pkg.to_name), pkg
            )
        except (RuntimeError, NotImplementedError) as error:
            raise MachineTranslationError(
                f"{name}: argostranslate cannot split sentences with its settings (ARGOS_CHUNK_TYPE): {error}"
            ) from error
        if isinstance(translation.sentencizer, sbd.MiniSBDSentencizer) and not _minisbd_model_on_disk(translation.sentencizer):
            log.info("%s has no MiniSBD model on disk; splitting sentences offline instead of downloading one", name)
            translation.sentencizer = _OfflineSentencizer()
        _LOADED[key] = translation
        return translation


def _run(pkg: Any, text: str) -> str:
    translation = _translation_for(pkg)
    try:
        return translation.translate(text)
    except Exception as error:
        raise MachineTranslationError(f"{_package_name(pkg)} {pkg.package_version} failed to translate: {error}") from error


def translate(text: str, from_code: str, to_code: str, *, cache: TranslationCache | None = None) -> MachineDraft:
    """A machine draft of ``text`` from ``from_code`` into ``to_code``.

    Uses the installed model for the pair, else pivots through English when both legs are
    installed. Each leg is looked up in ``cache`` by (package, version, its source text)
    before the model runs, and stored there after.
    """
    if not text or not text.strip():
        raise MachineTranslationError("nothing to translate: the text is empty")
    f, t = _argos_code(from_code), _argos_code(to_code)
    if f == t:
        raise MachineTranslationError(f"nothing to translate: the text is already in {f}")
    by_pair = _packages_by_pair()
    if (f, t) in by_pair:
        route, via = [by_pair[(f, t)]], (f, t)
    elif f != PIVOT and t != PIVOT and (f, PIVOT) in by_pair and (PIVOT, t) in by_pair:
        route, via = [by_pair[(f, PIVOT)], by_pair[(PIVOT, t)]], (f, PIVOT, t)
    else:
        raise MachineTranslationError(
            f"no machine translation model for {f} → {t}; "
            f"install one with `quotes mt install {f} {t}` or `quotes mt install PATH.argosmodel`"
        )
    current, names, versions = text, [], []
    for pkg in route:
        name, version = _package_name(pkg), str(pkg.package_version or "")
        translated = cache.get(name, version, current) if cache is not None else None
        if translated is None:
            translated = _run(pkg, current)
            if cache is not None:
                cache.put(name, version, current, translated)
        names.append(name)
        versions.append(version)
        current = translated
    return MachineDraft(current, ENGINE, "+".join(names), "+".join(versions), via)


def machine_translator(registry: Registry):
    """For `check`: a function giving, for a passage and its language, its translation into
    every language an installed model reaches (cached in the registry). Models are listed
    on first use, so a check whose passages all match never loads argostranslate."""
    from quotes.registry.registry import TranslationCache

    cache = TranslationCache(registry)

    @functools.cache
    def reachable() -> dict[str, list[str]]:
        pairs: dict[str, list[str]] = {}
        for pair in installed_pairs():
            pairs.setdefault(pair.from_code, []).append(pair.to_code)
        return pairs

    def translations(text: str, lang: str):
        for target_lang in sorted(reachable().get(lang, ())):
            try:
                yield target_lang, translate(text, lang, target_lang, cache=cache).text
            except MachineTranslationError:
                continue

    return translations
