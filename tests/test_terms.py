"""The catalogue speaks the course's words: ui/locales/terms.py, checked over every string."""
import re
from pathlib import Path

from ui.i18n import LANGUAGES, catalogue
from ui.locales.terms import BUTTON_ENDINGS_TO_AVOID, PERCENT_WITH_SPACE, TERMS

ROOT = Path(__file__).resolve().parents[1]
HEADER = re.compile(r"[._]col_")  # table headers (runs.col_run, home.demo_col_run) may use ko_short


def term_faults(strings):
    """'key: uses WORD ...' for every Korean string that uses a variant terms.py rules out."""
    faults = []
    for key, entry in strings.items():
        text = entry["ko"]
        for concept, term in TERMS.items():
            if HEADER.search(key) and text == term.get("ko_short"):
                continue
            for word in term.get("ko_avoid", []):
                if word in text:
                    faults.append(f"{key}: uses {word!r}; the term for {concept!r} is {term['ko']!r}")
            for pattern, why in term.get("ko_avoid_re", {}).items():
                for found in re.finditer(pattern, text):
                    faults.append(f"{key}: {found.group(0)!r} in “…{text[max(0, found.start() - 12):found.end() + 12]}…”"
                                  f"; {why}")
    return faults


def percent_faults(strings):
    return [f"{key} [{lang}]: {found.group(0)!r}: write 99.72%, no space before %"
            for key, entry in strings.items() for lang in LANGUAGES
            for found in re.finditer(PERCENT_WITH_SPACE, entry[lang])]


def test_every_korean_string_uses_the_terms():
    faults = term_faults(catalogue())
    assert not faults, "\n".join(faults)


def test_percentages_are_written_one_way():
    faults = percent_faults(catalogue())
    assert not faults, "\n".join(faults)


def test_the_checks_find_a_bad_word():
    bad = {
        "a.max": {"en": "largest", "ko": "기울기의 최대값"},
        "a.snap": {"en": "snapshot", "ko": "10에포크 스냅샷"},
        "a.run": {"en": "run {id}", "ko": "실행 {id}"},
        "a.alone": {"en": "this run", "ko": "이 기록에는"},
        "a.col_run": {"en": "Run", "ko": "기록"},  # a table header may say 기록
        "a.percent": {"en": "99.72 %", "ko": "{acc} %"},
    }
    faults = term_faults(bad) + percent_faults(bad)
    for key, word in [("a.max", "최대값"), ("a.snap", "스냅샷"), ("a.snap", "0에포크"), ("a.run", "실행 {"),
                      ("a.alone", "기록"), ("a.percent", "2 %"), ("a.percent", "} %")]:
        assert any(f.startswith(f"{key}") and word in f for f in faults), (key, word, faults)
    assert not any(f.startswith("a.col_run") for f in faults)


def test_the_terms_do_not_rule_themselves_out():
    for concept, term in TERMS.items():
        assert {"en", "ko"} <= set(term), concept
        for other, rules in TERMS.items():
            for word in rules.get("ko_avoid", []):
                assert word not in term["ko"], (concept, other, word)
            for pattern in rules.get("ko_avoid_re", {}):
                assert not re.search(pattern, term["ko"]), (concept, other, pattern)


def button_keys():
    """Keys of the labels the pages put on buttons and page links (nav.* are page names)."""
    call = re.compile(r"""\b(?:button|download_button|form_submit_button|page_link)\((?:[^()\n]|\([^()\n]*\))*?"""
                      r"""\btr\(\s*f?["']([\w.{}]+)["']""")
    keys = set()
    for path in [ROOT / "streamlit_app.py", *ROOT.glob("ui/*.py"), *ROOT.glob("pages/*.py")]:
        for key in call.findall(path.read_text()):
            if "{" in key:  # tr(f"compare.{kind}_button")
                pattern = re.sub(r"\\\{\w+\\\}", r"\\w+", re.escape(key)) + "$"
                keys |= {k for k in catalogue() if re.match(pattern, k)}
            elif not key.startswith("nav."):
                keys.add(key)
    return keys


def test_korean_button_labels_are_noun_phrases():
    keys = button_keys()
    assert {"train.train", "runs.delete", "sketch.clear", "compare.lr_button"} <= keys
    faults = []
    for key in sorted(keys):
        label = re.sub(r"\s*\([^)]*\)$", "", catalogue()[key]["ko"]).rstrip("…").strip()
        if label.endswith(BUTTON_ENDINGS_TO_AVOID):
            faults.append(f"{key}: {catalogue()[key]['ko']!r} ends in {label[-1]!r}; say it as a noun phrase "
                          f"(학습 시작, 삭제, 이름표 저장)")
    assert not faults, "\n".join(faults)
