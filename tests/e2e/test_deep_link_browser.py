"""A link straight to a page, as the very first request a fresh server gets
(a bookmark, a QR code on the board), opens the whole app: sidebar, language."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import app_server
from tests.e2e.helpers import APP_TIMEOUT_MS, open_app

pytestmark = pytest.mark.e2e


def test_deep_link_to_a_fresh_server_runs_the_whole_app(page, e2e_home, tmp_path):
    with app_server(e2e_home, tmp_path) as (url, _):
        open_app(page, url, "dataset", lang="ko")
        heading = page.get_by_test_id("stMainBlockContainer").locator("h1").first
        expect(heading).to_have_text("MNIST 데이터셋", timeout=APP_TIMEOUT_MS)
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar.get_by_text("한국어")).to_be_visible()
        expect(page.get_by_test_id("stSidebarNav").get_by_text("숫자 그리기")).to_be_visible()
        expect(page.get_by_test_id("stException")).to_have_count(0)
        assert re.search(r"/dataset\?.*lang=ko", page.url)
