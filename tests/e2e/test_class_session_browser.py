"""A class session in real browsers through scripts/serve.sh: the teacher
starts it on the projector (1280x720), three students join from the join URL
on phones (390x844), draw and send, and the wall counts their drawings by
itself; the QR code on the projector decodes to the join URL."""
import io
import re

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import SERVED_KEY
from tests.e2e.helpers import APP_TIMEOUT_MS, canvas, go_to, main, sign_in_as_teacher, touch_stroke, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
SEVEN = [(80, 50), (200, 50), (130, 250)]
WALL_MS = 3_000  # a new drawing must be on the wall within 2 s; the browser's own steps get 1 s more


def test_three_phones_join_from_the_qr_code_and_fill_the_wall(browser, served, screenshots):
    teacher = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    sign_in_as_teacher(teacher, served, SERVED_KEY)
    go_to(teacher, "Class session", "Class session")
    main(teacher).get_by_role("button", name="Start a class session").click()
    wait_for_app(teacher)
    caption = main(teacher).get_by_text(re.compile(r"Scan the QR code, or open "))
    expect(caption).to_be_visible(timeout=APP_TIMEOUT_MS)
    url = re.search(r"(http\S+)", caption.inner_text()).group(1)
    code = url.rsplit("=", 1)[1]
    assert url == f"{served}/?class={code}"
    qr = main(teacher).get_by_test_id("stImage").locator("img").first
    picture = Image.open(io.BytesIO(qr.screenshot()))
    assert [r.text for r in zxingcpp.read_barcodes(picture)] == [url]
    teacher.screenshot(path=str(screenshots / "class-session-projector-1280.png"))

    drawings = main(teacher).get_by_test_id("stMetric").nth(1)
    for n in range(1, 4):
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                    device_scale_factor=2).new_page()
        phone.goto(url)
        wait_for_app(phone)
        expect(main(phone).locator("h1").first).to_have_text("Draw a 7", timeout=APP_TIMEOUT_MS)
        expect(phone.get_by_test_id("stSidebarNav")).to_have_count(0)
        touch_stroke(phone, canvas(phone), SEVEN)  # a finger, as on a phone
        expect(main(phone).get_by_text("What the model will read (28×28)")).to_be_visible(timeout=APP_TIMEOUT_MS)
        main(phone).get_by_role("button", name="Send").click()
        expect(main(phone).get_by_text(re.compile(r"Received \(#\d+\)"))).to_be_visible(timeout=APP_TIMEOUT_MS)
        if n == 1:
            phone.screenshot(path=str(screenshots / "class-session-phone-390.png"))
        # nobody touches the teacher's page: the wall counts the drawing by itself
        expect(drawings).to_contain_text(str(n), timeout=WALL_MS)
        phone.context.close()
    teacher.screenshot(path=str(screenshots / "class-session-wall-1280.png"))
    expect(teacher.get_by_test_id("stException")).to_have_count(0)
    teacher.context.close()
