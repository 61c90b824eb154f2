"""Browser helpers for the e2e tests: open a page, wait for the app, draw on the canvas."""
from playwright.sync_api import Locator, Page, expect

APP_TIMEOUT_MS = 60_000  # the first script run of a fresh server imports a lot
CANVAS = "[data-testid=stBidiComponentIsolated] canvas.upper-canvas"


def wait_for_app(page: Page, timeout=APP_TIMEOUT_MS):
    """Until the websocket is up and the script has finished its run."""
    page.locator("[data-testid=stApp][data-test-connection-state=CONNECTED]").wait_for(
        state="attached", timeout=timeout)
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(
        state="attached", timeout=timeout)


def open_app(page: Page, app_url: str, path: str = "", lang: str | None = None):
    """Go to a page of the app ("" is home, "sketch" the canvas page) and wait for its first run."""
    query = f"?lang={lang}" if lang else ""
    page.goto(f"{app_url}/{path}{query}")
    wait_for_app(page)
    expect(page.get_by_test_id("stMainBlockContainer").locator("h1").first).to_be_visible(timeout=APP_TIMEOUT_MS)


def canvas(page: Page) -> Locator:
    """The drawing canvas (Fabric's upper canvas takes the pointer events)."""
    return page.locator(CANVAS).first


def draw_stroke(page: Page, target: Locator, points, steps_between=6):
    """One mouse stroke through `points` (x, y in the canvas's own pixels)."""
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    (x0, y0), rest = points[0], points[1:]
    page.mouse.move(box["x"] + x0, box["y"] + y0)
    page.mouse.down()
    for x, y in rest:
        page.mouse.move(box["x"] + x, box["y"] + y, steps=steps_between)
    page.mouse.up()


def touch_stroke(page: Page, target: Locator, points, steps_between=6):
    """One finger stroke through `points`, as raw touch events (Chromium's DevTools protocol)."""
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    cdp = page.context.new_cdp_session(page)

    def touch(kind, x, y):
        touch_points = [] if kind == "touchEnd" else [{"x": box["x"] + x, "y": box["y"] + y}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": touch_points})

    touch("touchStart", *points[0])
    last = points[0]
    for point in points[1:]:
        for i in range(1, steps_between + 1):
            t = i / steps_between
            touch("touchMove", last[0] + (point[0] - last[0]) * t, last[1] + (point[1] - last[1]) * t)
        last = point
    touch("touchEnd", *last)
    cdp.detach()


def main(page: Page) -> Locator:
    return page.get_by_test_id("stMainBlockContainer")


def go_to(page: Page, menu: str, title: str):
    """Through the sidebar's menu, as a user does: the session (and its role) stays."""
    page.get_by_test_id("stSidebarNav").get_by_text(menu, exact=True).click()
    wait_for_app(page)
    if page.viewport_size["width"] < 640:  # on a phone the menu covers the page: close it, as a student does
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
    expect(main(page).locator("h1").first).to_have_text(title, timeout=APP_TIMEOUT_MS)


def sign_in_as_teacher(page: Page, url: str, key: str):
    """Open the app and type the key under Teacher sign-in in the sidebar."""
    page.goto(url)
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Teacher sign-in", exact=True).click()
    field = sidebar.get_by_label("Teacher key")
    field.fill(key)
    field.press("Enter")
    expect(sidebar.get_by_text("You are the teacher on this device.")).to_be_visible(timeout=APP_TIMEOUT_MS)
    assert key not in page.content() and key not in page.url
