"""Take the README's screenshots from a running app with stored runs.

    .venv/bin/streamlit run streamlit_app.py --server.port 8600 &
    .venv/bin/python scripts/readme_screenshots.py http://127.0.0.1:8600
"""
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.e2e.conftest import CHROMIUM_ARGS, chromium_path  # noqa: E402
from tests.e2e.helpers import canvas, draw_stroke, open_app, wait_for_app  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SEVEN = [[(70, 60), (210, 60), (120, 230)]]  # a '7' in the 280x280 canvas's pixels


def main(url):
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(120_000)
        for path in ("compare", "activations"):
            open_app(page, url, path)
            page.locator("[data-testid=stPlotlyChart] .main-svg").first.wait_for()
            page.wait_for_timeout(3000)  # let the other charts draw
            page.screenshot(path=OUT / f"{path}.png")
        open_app(page, url, "sketch")
        for stroke in SEVEN:
            draw_stroke(page, canvas(page), stroke)
        page.get_by_text("Prediction").first.wait_for()
        wait_for_app(page)
        page.wait_for_timeout(3000)
        page.screenshot(path=OUT / "sketch.png")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8501")
