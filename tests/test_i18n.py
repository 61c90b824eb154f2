import re
import string
from pathlib import Path

import pytest

from ui.i18n import LANGUAGES, SINGULAR, catalogue, t

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
    assert t("home.runs_ready", "ko", n=3) == "학습 기록 3개가 저장되어 있습니다."
    assert t("home.runs_ready", "fr", n=3) == "3 trained runs are stored."
    with pytest.raises(KeyError):
        t("no.such.key")


def test_a_count_of_one_picks_the_singular_variant():
    assert t("home.runs_ready", "en", n=1) == "1 trained run is stored."
    assert t("home.runs_ready", "en", n=2) == "2 trained runs are stored."
    assert t("home.runs_ready", "en", n=0) == "0 trained runs are stored."
    assert t("sketch.class_counts", "en", n=1, counts="3×1") == "1 drawing saved. Per digit: 3×1"
    assert t("home.runs_ready", "ko", n=1) == "학습 기록 1개가 저장되어 있습니다."
    assert t("inside.layer_units", "en", n=1, units=50, top=16).startswith("Layer 1: 50 units")  # no variant
    with pytest.raises(KeyError):
        t("home.runs_ready.one.more", n=1)


def test_singular_variants_belong_to_a_string_that_counts_with_n():
    strings = catalogue()
    for key in strings:
        if key.endswith(SINGULAR):
            base = key[:-len(SINGULAR)]
            assert base in strings and "n" in fields(strings[base]["en"]), key
            assert fields(strings[key]["en"]) <= fields(strings[base]["en"]), key


PLURAL_NOUN = re.compile(r"\b1\**\s+(?:[a-z-]+\s+)?(runs|digits|drawings|epochs|units|images|folders|networks|"
                         r"layers|maps|kernels|variants|pixels|models|seconds|minutes|cores|snapshots)\b")


def test_no_english_string_says_1_followed_by_a_plural():
    """Every string with {n}, formatted for n = 1 (other fields 2): "1 drawing", never "1 drawings"."""
    faults = []
    for key, entry in catalogue().items():
        names = fields(entry["en"])
        if "n" in names and not key.endswith(SINGULAR):
            text = t(key, "en", **{name: 1 if name == "n" else 2 for name in names})
            if PLURAL_NOUN.search(text) or "(s)" in text:
                faults.append(f"{key}: {text!r}: add {key}{SINGULAR}")
    assert not faults, "\n".join(faults)
