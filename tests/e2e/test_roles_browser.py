"""Teacher and student in real browsers, through scripts/serve.sh with a teacher
key: the student joins the teacher's training on the same replica, sees its
progress, and cannot stop it."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SERVED_KEY as KEY
from tests.e2e.helpers import APP_TIMEOUT_MS, go_to, main, sign_in_as_teacher, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


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
    sign_in_as_teacher(teacher, served, KEY)
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
