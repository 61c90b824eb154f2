import re
import string
from pathlib import Path

import pytest

from core.i18n import LANGUAGES, catalogue, t

ROOT = Path(__file__).resolve().parents[1]


def fields(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_string_has_english_and_korean_with_the_same_fields():
    for key, entry in catalogue().items():
        assert set(entry) == set(LANGUAGES), key
        assert all(entry[lang].strip() for lang in LANGUAGES), key
        assert fields(entry["en"]) == fields(entry["ko"]), key


def test_korean_strings_are_korean():
    hangul = re.compile("[\uac00-\ud7a3]")
    not_korean = [k for k, e in catalogue().items() if not hangul.search(e["ko"]) and e["ko"] != e["en"]]
    assert not not_korean


def test_every_key_used_in_the_code_exists():
    used = set()
    for path in [ROOT / "streamlit_app.py", *ROOT.glob("ui/*.py"), *ROOT.glob("pages/*.py")]:
        used |= set(re.findall(r"""\btr\(\s*["']([\w.]+)["']""", path.read_text()))
    missing = sorted(used - set(catalogue()))
    assert not missing


def test_t_formats_and_falls_back_to_english():
    assert t("home.runs_ready", "ko", n=3) == "학습된 기록이 3개 저장되어 있습니다."
    assert t("home.runs_ready", "fr", n=3) == "3 trained runs are stored."
    with pytest.raises(KeyError):
        t("no.such.key")
