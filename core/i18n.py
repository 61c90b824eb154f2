"""Every user-visible string, in English and Korean.

Strings live in core/locales/<area>.py as STRINGS = {key: {"en": ..., "ko": ...}};
each page area owns one file. `t(key, lang, **fields)` formats one.
"""
import importlib
import pkgutil
from functools import lru_cache

from core import locales

LANGUAGES = {"en": "English", "ko": "한국어"}
DEFAULT_LANGUAGE = "en"


@lru_cache(maxsize=1)
def catalogue():
    merged = {}
    for mod in pkgutil.iter_modules(locales.__path__):
        strings = importlib.import_module(f"core.locales.{mod.name}").STRINGS
        clash = merged.keys() & strings.keys()
        if clash:
            raise KeyError(f"core/locales/{mod.name}.py redefines {sorted(clash)}")
        merged.update(strings)
    return merged


def normalize_language(lang):
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key, lang=DEFAULT_LANGUAGE, **fields):
    entry = catalogue().get(key)
    if entry is None:
        raise KeyError(f"no string {key!r} in core/locales")
    text = entry[normalize_language(lang)]
    return text.format(**fields) if fields else text
