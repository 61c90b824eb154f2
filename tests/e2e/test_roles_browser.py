"""Teacher and student in real browsers, through scripts/serve.sh with a teacher
key: the student joins the teacher's training on the same replica, sees its
progress, and cannot stop it."""
import os
import re
import signal
import subprocess

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import free_port
from tests.e2e.helpers import APP_TIMEOUT_MS, wait_for_app
from tests.helpers import ROOT
from tests.test_serve import wait_for_start

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
KEY = "browser-class-key"


@pytest.fixture
def served(tmp_path, e2e_home):
    import shutil

    home = tmp_path / "home"
    shutil.copytree(e2e_home, home)
    port = free_port()
    env = {**os.environ, "MNIST_STUDIO_HOME": str(home), "MNIST_STUDIO_TEACHER_KEY": KEY}
    server = subprocess.Popen(["bash", "scripts/serve.sh", "--replicas", "2", "--port", str(port),
                               "--address", "127.0.0.1"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    wait_for_start(server)
    yield f"http://127.0.0.1:{port}"
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=60)


def main(page):
    return page.get_by_test_id("stMainBlockContainer")


def go_to(page, menu, title):
    """Through the sidebar's menu, as a user does: the session (and its role) stays."""
    page.get_by_test_id("stSidebarNav").get_by_text(menu, exact=True).click()
    wait_for_app(page)
    if page.viewport_size["width"] < 640:  # on a phone the menu covers the page: close it, as a student does
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
    expect(main(page).locator("h1").first).to_have_text(title, timeout=APP_TIMEOUT_MS)


def ask_for_training(page):
    go_to(page, "Train", "Train a network")
    main(page).get_by_text("S3 · numpy2layer").click()
    epochs = main(page).get_by_role("spinbutton", name="Epochs", exact=True)
    expect(epochs).to_have_value("17", timeout=APP_TIMEOUT_MS)  # the preset's own settings are in the form
    wait_for_app(page)
    epochs.fill("60")
    epochs.press("Enter")
    wait_for_app(page)
    expect(epochs).to_have_value("60")
    main(page).get_by_role("button", name="Train", exact=True).click()


def test_a_student_cannot_stop_the_teachers_training_that_it_joined(browser, served, screenshots):
    teacher = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    teacher.goto(served)
    wait_for_app(teacher)
    sidebar = teacher.get_by_test_id("stSidebar")
    sidebar.get_by_text("Teacher sign-in", exact=True).click()
    field = sidebar.get_by_label("Teacher key")
    field.fill(KEY)
    field.press("Enter")
    expect(sidebar.get_by_text("You are the teacher on this device.")).to_be_visible(timeout=APP_TIMEOUT_MS)
    assert KEY not in teacher.content() and KEY not in teacher.url
    ask_for_training(teacher)
    expect(main(teacher).get_by_role("button", name="Stop", exact=True)).to_be_visible(timeout=APP_TIMEOUT_MS)

    # The student's browser lands on the teacher's replica (its cookie), where the job runs.
    replica = next(c for c in teacher.context.cookies() if c["name"] == "mnist_replica")
    student_context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    student_context.add_cookies([replica])
    student = student_context.new_page()
    student.goto(served)
    wait_for_app(student)
    student.get_by_test_id("stExpandSidebarButton").click()
    ask_for_training(student)
    expect(main(student).get_by_text("Started by someone else")).to_be_visible(timeout=APP_TIMEOUT_MS)
    expect(main(student).get_by_role("progressbar")).to_be_visible()
    expect(main(student).get_by_role("button", name="Stop", exact=True)).to_have_count(0)
    student.screenshot(path=str(screenshots / "roles-student-joined-390.png"))
    teacher.screenshot(path=str(screenshots / "roles-teacher-training-1280.png"))

    # the teacher's training goes on: its epoch count rises
    bar = main(teacher).get_by_role("progressbar")
    first = re.search(r"Epoch (\d+)", main(teacher).inner_text())
    expect(main(teacher).get_by_text(re.compile(r"Epoch ([2-9]|\d\d) of 60"))).to_be_visible(timeout=120_000)
    assert first is None or int(re.search(r"Epoch (\d+)", main(teacher).inner_text()).group(1)) >= int(first.group(1))
    expect(bar).to_be_visible()
    main(teacher).get_by_role("button", name="Stop", exact=True).click()
    expect(main(teacher).get_by_text(re.compile("stopped", re.I)).first).to_be_visible(timeout=120_000)
    student_context.close()
    teacher.context.close()
