"""Class mode in a real browser, measured: presenter mode makes the page readable
from the back row, the answer sits beside the drawing, and a training visibly
moves within an epoch."""
import re
import time

import pytest
from playwright.sync_api import expect

from ui.i18n import LANGUAGES
from tests.e2e.conftest import app_server
from tests.e2e.helpers import APP_TIMEOUT_MS, canvas, draw_stroke, open_app, touch_stroke, wait_for_app

pytestmark = pytest.mark.e2e

SEVEN = [(80, 50), (200, 50), (130, 250)]
SCALE = 1.25  # presenter mode: everything the room reads at least this much larger


def px(text):
    return float(text.removesuffix("px"))


def font_size(locator):
    return px(locator.first.evaluate("e => getComputedStyle(e).fontSize"))


def text_sizes(locator):
    """{text: font size} of the elements, for comparing the same text in both modes."""
    pairs = locator.evaluate_all("els => els.map(e => [e.textContent.trim(), getComputedStyle(e).fontSize])")
    return {text: size for text, size in pairs if text and size}


def sizes(page):
    """What the back row reads: the title, each paragraph and button, chart text, the canvas."""
    main = page.get_by_test_id("stMainBlockContainer")
    found = {"h1": font_size(main.locator("h1"))}
    found |= {f"text: {t[:30]}": px(size) for t, size in text_sizes(main.locator("p")).items()}
    found |= {f"chart: {t[:30]}": px(size) for t, size in text_sizes(main.locator(".gtitle, .xtick text")).items()}
    if page.locator("[data-testid=stBidiComponentIsolated] canvas.upper-canvas").count():
        found["canvas"] = canvas(page).bounding_box()["width"]
    return found


def settled_sizes(page, timeout_s=30):
    """sizes() once the page has finished drawing: two reads a moment apart agree."""
    deadline = time.monotonic() + timeout_s
    last = sizes(page)
    while time.monotonic() < deadline:
        page.wait_for_timeout(400)
        now = sizes(page)
        if now == last:
            return now
        last = now
    return last


def open_presenting(page, app_url, path, present, lang="en"):
    page.goto(f"{app_url}/{path}?lang={lang}" + ("&present=1" if present else ""))
    wait_for_app(page)
    expect(page.get_by_test_id("stMainBlockContainer").locator("h1").first).to_be_visible(timeout=APP_TIMEOUT_MS)
    if path in ("dataset", "compare"):  # charts draw after the script run
        expect(page.locator(".xtick text").first).to_be_attached(timeout=APP_TIMEOUT_MS)
    if path == "sketch":
        expect(canvas(page)).to_be_visible(timeout=APP_TIMEOUT_MS)


@pytest.mark.parametrize("path", ["sketch", "train", "compare", "dataset"])
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_presenter_mode_is_readable_from_the_back_row(browser, app_url, path, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    open_presenting(page, app_url, path, present=False, lang=lang)
    normal = settled_sizes(page)
    open_presenting(page, app_url, path, present=True, lang=lang)
    presenting = settled_sizes(page)
    both = normal.keys() & presenting.keys()  # presenter mode leaves the intros out
    assert {"h1", "canvas"} & both and len([k for k in both if k.startswith("text: ")]) >= 2, (normal, presenting)
    if path in ("compare", "dataset"):
        assert any(k.startswith("chart: ") for k in both), (normal, presenting)
    smaller = {k: (normal[k], presenting[k]) for k in both if presenting[k] < SCALE * normal[k] - 0.01}
    assert not smaller
    ratios = {what: min(presenting[k] / normal[k] for k in both if k.startswith(what)) for what in
              ("h1", "text", "chart", "canvas") if any(k.startswith(what) for k in both)}
    print(f"{path} {lang}: presenter / normal " + ", ".join(f"{k} {v:.2f}" for k, v in ratios.items()))
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280  # no sideways scrolling
    assert not page.get_by_test_id("stToolbar").is_visible()
    assert not page.get_by_test_id("stSidebar").is_visible()  # collapsed: the room sees the page
    context.close()


def prediction(page):
    return page.get_by_test_id("stMetric").filter(has_text=re.compile("Prediction|예측")).first


@pytest.mark.parametrize("present", [False, True])
def test_the_answer_is_on_screen_beside_the_drawing(browser, app_url, present, screenshots):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    open_presenting(page, app_url, "sketch", present)
    target = canvas(page)
    draw_stroke(page, target, SEVEN)
    expect(prediction(page).get_by_test_id("stMetricValue")).to_have_text("7", timeout=APP_TIMEOUT_MS)
    scroll = page.evaluate("scrollY")
    box, drawing = prediction(page).bounding_box(), target.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 720, box  # no scrolling to read it
    assert 0 <= drawing["y"] and drawing["y"] + drawing["height"] <= 720 + 1, drawing  # the canvas too
    confidence = page.get_by_text(re.compile(r"^Confidence \d+\.\d%$")).first.bounding_box()
    assert 0 <= confidence["y"] and confidence["y"] + confidence["height"] <= 720, confidence
    page.screenshot(path=screenshots / f"sketch-answer-{'present' if present else 'normal'}.png")
    context.close()
    print(f"presenter={present}: Prediction at {box['y'] + scroll:.0f} px, canvas at {drawing['y'] + scroll:.0f} px")


def test_on_a_phone_the_answer_sits_under_the_canvas(phone_page, app_url):
    page = phone_page
    open_app(page, app_url, "sketch")
    target = canvas(page)
    touch_stroke(page, target, SEVEN)
    expect(prediction(page).get_by_test_id("stMetricValue")).to_have_text("7", timeout=APP_TIMEOUT_MS)
    drawing, box = target.bounding_box(), prediction(page).bounding_box()
    assert 0 < box["y"] - (drawing["y"] + drawing["height"]) and box["y"] + box["height"] - drawing["y"] <= 844
    print(f"phone: Prediction {box['y'] - drawing['y']:.0f} px below the canvas top")


@pytest.fixture
def own_app_url(tmp_path):
    """A server of its own on an empty app folder: what this test trains stays out of the shared one."""
    with app_server(tmp_path / "studio", tmp_path) as (url, _):
        yield url


@pytest.mark.slow
def test_a_cnn_epoch_shows_progress_while_it_runs(page, own_app_url):
    main = page.get_by_test_id("stMainBlockContainer")
    open_app(page, own_app_url, "train")
    main.get_by_text("S4 · cnn", exact=True).click()
    wait_for_app(page)
    main.get_by_role("combobox", name="Training digits", exact=True).click()
    page.get_by_role("option", name="first 20,000", exact=True).click()
    wait_for_app(page)
    epochs = main.get_by_role("spinbutton", name="Epochs", exact=True)
    epochs.fill("3")  # a machine fast enough to end an epoch between two looks still shows a later one
    epochs.press("Enter")
    wait_for_app(page)
    main.get_by_role("button", name="Train", exact=True).click()

    bar = main.get_by_test_id("stProgress")
    seen, deadline = {}, time.monotonic() + 300  # epoch -> the batch counts the bar showed in it
    while time.monotonic() < deadline:
        text = bar.inner_text() if bar.count() else ""
        done = re.search(r"Epoch (\d+) of 3 · batch ([\d,]+) of ([\d,]+)", text)
        if done:
            counts = seen.setdefault(int(done.group(1)), [])
            if done.group(2) not in counts:
                counts.append(done.group(2))
        if any(len(counts) >= 3 for counts in seen.values()) or main.get_by_text(re.compile("Trained in")).count():
            break
        page.wait_for_timeout(250)
    assert any(len(counts) >= 3 for counts in seen.values()), seen  # the bar moved at least twice within an epoch
    main.get_by_role("button", name="Stop", exact=True).click()
    print(f"batch counts seen, by epoch: {seen}")
    expect(main.get_by_text(re.compile("nothing was stored|Stopped at epoch|Trained in"))).to_be_visible(
        timeout=APP_TIMEOUT_MS)
