"""The sketch page in a real browser: draw with the mouse or a finger, read the prediction."""
import io

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.helpers import APP_TIMEOUT_MS, canvas, draw_stroke, open_app, touch_stroke

pytestmark = pytest.mark.e2e

SEVEN = [(80, 50), (200, 50), (130, 250)]
ONE = [(140, 40), (140, 250)]
DRAW_PROMPT = "Draw a digit in the black square"


def prediction_metrics(page):
    return page.get_by_test_id("stMetric").filter(has_text="Prediction")


def assert_reads(page, digit):
    """The model's answer is on the page, and it is the digit drawn."""
    metric = prediction_metrics(page).first
    expect(metric).to_be_visible(timeout=APP_TIMEOUT_MS)  # the first prediction loads TensorFlow
    expect(metric.get_by_test_id("stMetricValue")).to_have_text(str(digit))


def test_draw_with_the_mouse_then_clear(page, app_url):
    open_app(page, app_url, "sketch")
    expect(page.get_by_text(DRAW_PROMPT)).to_be_visible()
    expect(prediction_metrics(page)).to_have_count(0)

    draw_stroke(page, canvas(page), SEVEN)
    assert_reads(page, 7)
    expect(page.get_by_text("4. Centred in 28×28: the model input")).to_be_visible()

    old_canvas = canvas(page).element_handle()
    page.get_by_role("button", name="Clear", exact=True).click()
    expect(page.get_by_text(DRAW_PROMPT)).to_be_visible()
    expect(prediction_metrics(page)).to_have_count(0)
    # The cleared canvas is a new component: wait until the old one is gone and the new one shows.
    page.wait_for_function("el => !el.isConnected", arg=old_canvas)
    expect(canvas(page)).to_be_visible()

    draw_stroke(page, canvas(page), ONE)
    assert_reads(page, 1)


def test_draw_with_a_finger_on_a_phone(phone_page, app_url):
    page = phone_page
    open_app(page, app_url, "sketch")
    target = canvas(page)
    expect(target).to_be_visible()
    box = target.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # the whole canvas fits the screen
    touch_stroke(page, target, SEVEN)
    assert_reads(page, 7)


def test_upload_a_picture(page, app_url):
    open_app(page, app_url, "sketch")
    page.get_by_text("Upload", exact=True).click()
    dropzone = page.get_by_test_id("stFileUploaderDropzoneInput")
    dropzone.wait_for(state="attached")

    gif = io.BytesIO()
    Image.new("L", (20, 20)).save(gif, "GIF")
    dropzone.set_input_files(files=[{"name": "digit.gif", "mimeType": "image/gif", "buffer": gif.getvalue()}])
    expect(page.get_by_test_id("stFileUploader")).to_contain_text("files are not allowed")

    paper = np.full((200, 200), 245, np.uint8)
    paper[30:170, 90:110] = 20  # a dark "1" on light paper
    png = io.BytesIO()
    Image.fromarray(paper).save(png, "PNG")
    dropzone.set_input_files(files=[{"name": "digit.png", "mimeType": "image/png", "buffer": png.getvalue()}])
    assert_reads(page, 1)
