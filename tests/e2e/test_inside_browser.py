"""The Inside page in a real browser: draw a digit, see where the network looked."""
import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import APP_TIMEOUT_MS, canvas, draw_stroke, open_app, wait_for_app

pytestmark = pytest.mark.e2e

SEVEN = [(60, 45), (175, 45), (105, 215)]  # in the 240x240 canvas's pixels


def test_draw_a_digit_and_see_the_saliency_image(page, app_url):
    open_app(page, app_url, "inside")
    expect(page.get_by_text("Draw a digit in the black square")).to_be_visible()
    draw_stroke(page, canvas(page), SEVEN)

    saliency = page.get_by_test_id("stImage").filter(has_text="Where the network looked to answer")
    expect(saliency).to_be_visible(timeout=APP_TIMEOUT_MS)
    expect(saliency).to_contain_text("answer 7")
    picture = saliency.locator("img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
    width, height, shown = picture.evaluate("img => [img.naturalWidth, img.naturalHeight, img.width]")
    assert width == height >= 240 and shown == 240  # the 28x28 map in crisp squares, as large as the canvas
    wait_for_app(page)
    expect(page.get_by_text("Layer by layer")).to_be_visible()
    expect(page.get_by_test_id("stMetric").filter(has_text="Answer").get_by_test_id("stMetricValue")).to_have_text("7")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert "run=" in page.url  # the page can be linked to as it is
