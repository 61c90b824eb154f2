"""Every user-visible string, in English and Korean.

Strings live in ui/locales/<area>.py as STRINGS = {key: {"en": ..., "ko": ...}};
each page area owns one file. `t(key, lang, **fields)` formats one.
ui/locales/terms.py lists the course's words (one Korean term per concept).

Plurals: a string that counts with the field `n` ("{n} drawings saved.") may have a
singular variant under the key `<key>.one` ("1 drawing saved."). t() picks it by
itself when n == 1, so callers always ask for the base key. A count in a field other
than `n` is written so that it reads right for 1 too ("epochs: {epochs}").
"""
import importlib
import numbers
import pkgutil
from functools import lru_cache

from ui import locales

LANGUAGES = {"en": "English", "ko": "한국어"}
DEFAULT_LANGUAGE = "en"
COUNT_FIELD = "n"
SINGULAR = ".one"


@lru_cache(maxsize=1)
def catalogue():
    merged = {}
    for mod in pkgutil.iter_modules(locales.__path__):
        strings = getattr(importlib.import_module(f"ui.locales.{mod.name}"), "STRINGS", None)
        if strings is None:  # not a page area (terms.py)
            continue
        clash = merged.keys() & strings.keys()
        if clash:
            raise KeyError(f"ui/locales/{mod.name}.py redefines {sorted(clash)}")
        merged.update(strings)
    return merged


def normalize_language(lang):
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def variant(key, fields):
    """The key whose text fits these fields: `<key>.one` when n == 1 and the catalogue has it."""
    n = fields.get(COUNT_FIELD)
    if isinstance(n, numbers.Number) and not isinstance(n, bool) and n == 1 and key + SINGULAR in catalogue():
        return key + SINGULAR
    return key


def t(key, lang=DEFAULT_LANGUAGE, **fields):
    entry = catalogue().get(key)
    if entry is None:
        raise KeyError(f"no string {key!r} in ui/locales")
    entry = catalogue()[variant(key, fields)]
    text = entry[normalize_language(lang)]
    return text.format(**fields) if fields else text
