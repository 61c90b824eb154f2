"""What a student can type into the app: query strings and run labels.

Whatever arrives, the page shows a message or ignores it, never a traceback,
and text a person typed is shown as typed: it cannot put links, images or
colours into the app's own boxes."""
import json
import re

import pytest

from core.choices import inside_link, parse_index, parse_run_ids, read_run_ids
from core.runs import RunStore
from core.training import TrainConfig
from tests.helpers import all_text, open_page
from ui.navigation import PAGES

TIMEOUT = 120
HOSTILE_LABEL = ("[click me](http://evil.example) ![x](http://evil.example/a.png) :red[boo] <b>bold</b> **loud** "
                 "https://bare.example www.bare.example")
# each shown as typed: the Markdown source of an element may hold them only escaped
RAW_MARKUP = ["[click me](http", "![x](http", ":red[boo]", "<b>bold</b>", "**loud**",
              "://bare.example", "www.bare.example"]  # bare addresses: Markdown links them even escaped
HOSTILE_QUERIES = [
    {"digit": "²"}, {"digit": "-1"}, {"digit": "99999999999999999999"}, {"digit": "٣"}, {"digit": "1e3"},
    {"run": "x@²"}, {"run": "../../etc/passwd"}, {"run": "abc@"}, {"run": "@3"}, {"run": "<b>x</b>"},
    {"runs": "[evil](http://evil.example),../x,abc@²,,,"}, {"runs": ",".join(["ffffffffff"] * 50)},
    {"lang": "../../xx"}, {"present": "<script>"},
]


@pytest.fixture
def hostile_run(app_home):
    store = RunStore()
    run = store.get_or_train(TrainConfig(preset="numpy2layer", epochs=2, train_limit=1000, snapshot_epochs=(1,)))
    store.set_label(run.run_id, HOSTILE_LABEL)
    other = store.get_or_train(TrainConfig(preset="numpy2layer", epochs=1, train_limit=1000))
    return run, other


def test_strict_numbers_and_ids():
    assert parse_index("²", 10_000) is None and parse_index("٣", 10) is None and parse_index("-1", 10) is None
    assert parse_index(" 7 ", 10) == 7 and parse_index("10", 10) is None and parse_index(None, 10) is None
    assert inside_link("x@²", "²", {"x"}, 10) == (None, None, None)
    assert parse_run_ids("[evil](http://x),../x,abc@²,0123456789,0123456789@10") == ["0123456789", "0123456789@10"]
    assert read_run_ids("../x, 0123456789,../x," + "y" * 99) == (["0123456789"], ["../x", "y" * 40])


def markdown_sources(at):
    """The Markdown source of every element Streamlit renders as Markdown."""
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "success", "info", "warning", "error"):
        texts += [str(el.value) for el in getattr(at, kind)]
    texts += [m.label for m in at.metric]
    return texts


def chart_texts(at):
    """Trace names and titles of every Plotly figure (Plotly reads <a>, <b> and <br> in them)."""
    texts = []
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        texts += [str(trace.get("name", "")) for trace in spec.get("data", [])]
        title = spec.get("layout", {}).get("title", {})
        texts.append(str(title.get("text", "")) if isinstance(title, dict) else str(title))
    return texts


@pytest.mark.parametrize("page", [path for path, _, _ in PAGES])
def test_a_label_is_shown_as_typed_on_every_page(hostile_run, page):
    run, other = hostile_run
    at = open_page(page, timeout=TIMEOUT)
    for box in at.selectbox:  # open the labelled run wherever a page offers it
        if _takes(box, run.run_id):
            box.set_value(run.run_id)
    for box in at.multiselect:
        if _takes(box, run.run_id):
            box.set_value([run.run_id, other.run_id])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    for text in markdown_sources(at):
        for markup in RAW_MARKUP:
            assert markup not in text, (page, text)
    for text in chart_texts(at):
        assert "<b>" not in text, (page, text)


def _takes(box, run_id):
    try:
        return box.format_func(run_id) in box.options
    except Exception:
        return False


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items())[:40])
@pytest.mark.parametrize("page", ["pages/inside.py", "pages/compare.py", "pages/sketch.py", "pages/home.py"])
def test_a_hostile_query_string_is_ignored_or_answered(hostile_run, page, query):
    from streamlit.testing.v1 import AppTest

    from tests.helpers import ROOT

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    text = all_text(at)
    assert "Traceback" not in text and "ValueError" not in text
    for source in markdown_sources(at):  # no link or tag of a query's making (escaped ones show as text)
        assert not re.search(r"(?<!\\)\]\(http|(?<!\\)<b>", source), source
