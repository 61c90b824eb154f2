"""Every page in a real browser, in English and Korean: it loads, shows no exception,
and leaves a screenshot in a temporary folder for a person to look at (its path is printed)."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ui.i18n import LANGUAGES
from tests.e2e.helpers import APP_TIMEOUT_MS, open_app
from ui.navigation import PAGES as NAVIGATION

pytestmark = pytest.mark.e2e

# URL paths of every page in the navigation ("" for the default page)
PAGES = ["" if i == 0 else Path(path).stem for i, (path, _, _) in enumerate(NAVIGATION)]


@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_exception(page, app_url, path, lang, screenshots):
    open_app(page, app_url, path, lang=lang)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    heading = page.get_by_test_id("stMainBlockContainer").locator("h1").first
    if lang == "ko":
        expect(heading).to_have_text(re.compile("[\uac00-\ud7a3]|MNIST"), timeout=APP_TIMEOUT_MS)
    # every element drawn (charts load their library lazily), not stuck as a placeholder
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=APP_TIMEOUT_MS)
    page.screenshot(path=screenshots / f"{path or 'home'}_{lang}.png", full_page=True)


def test_language_switch_keeps_across_pages(page, app_url):
    open_app(page, app_url, "dataset")
    page.get_by_test_id("stSidebar").get_by_text("한국어").click()
    expect(page.get_by_test_id("stMainBlockContainer").locator("h1").first).to_have_text("MNIST 데이터셋")
    assert "lang=ko" in page.url
    page.get_by_test_id("stSidebarNav").get_by_text("홈").click()
    expect(page.get_by_test_id("stMainBlockContainer").locator("h1").first).to_have_text("MNIST 스튜디오")
    assert "lang=ko" in page.url
