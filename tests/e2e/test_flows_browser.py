"""What a teacher does in class, in a real browser: train a tiny run from the
Train page and watch its curves, then compare it with another run."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import APP_TIMEOUT_MS, open_app, wait_for_app

pytestmark = pytest.mark.e2e

TRAINING_TIMEOUT_MS = 240_000  # a 2-epoch NumPy run on 2,000 digits, on a busy 2-core machine


def main(page):
    return page.get_by_test_id("stMainBlockContainer")


def choose(page, label, option):
    """Pick `option` in the selectbox labelled `label`."""
    main(page).get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)


def test_train_a_tiny_run_and_see_its_curves_then_compare(page, app_url):
    open_app(page, app_url, "train")
    main(page).get_by_text("S3 · numpy2layer").click()
    wait_for_app(page)
    choose(page, "Training digits", "first 2,000")
    epochs = main(page).get_by_role("spinbutton", name="Epochs", exact=True)
    epochs.fill("2")
    epochs.press("Enter")
    wait_for_app(page)

    main(page).get_by_role("button", name="Train", exact=True).click()
    done = main(page).get_by_text(re.compile(r"Trained in .* stored as run [0-9a-f]{10}"))
    expect(done).to_be_visible(timeout=TRAINING_TIMEOUT_MS)
    run_id = re.search(r"run ([0-9a-f]{10})", done.inner_text()).group(1)
    expect(main(page).get_by_test_id("stPlotlyChart").first).to_be_visible()
    expect(main(page).get_by_test_id("stMetric").first).to_contain_text("%")
    expect(page.get_by_test_id("stException")).to_have_count(0)

    open_app(page, app_url, "compare")
    expect(main(page).locator("h1").first).to_have_text("Compare runs")
    assert run_id in page.url  # the default comparison: the two newest runs, kept in the URL
    expect(main(page).get_by_test_id("stPlotlyChart").first).to_be_visible(timeout=APP_TIMEOUT_MS)
    expect(page.get_by_test_id("stException")).to_have_count(0)

    link = page.url  # the same comparison from a link, in another tab
    other = page.context.new_page()
    other.goto(link)
    wait_for_app(other)
    assert run_id in other.url
    expect(other.get_by_test_id("stPlotlyChart").first).to_be_visible(timeout=APP_TIMEOUT_MS)
