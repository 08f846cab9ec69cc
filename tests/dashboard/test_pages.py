"""Every dashboard page driven by AppTest against a real collector with seeded data."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.api import HireMateClient
from hiremate.settings import Settings
from tests.conftest import shared_data
from tests.dashboard import candidate
from tests.dashboard.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, APP_PATH, LiveCollector

pytestmark = pytest.mark.usefixtures("dashboard_settings")
TIMEOUT_SECONDS = 30


def assert_clean(at: AppTest) -> None:
    """Fail on an uncaught exception or an error message anywhere on the page."""
    assert not at.exception, [element.value for element in at.exception]
    assert not at.error, [element.value for element in at.error]


def signed_in_app(collector: LiveCollector, page: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT_SECONDS)
    at.session_state["access_token"] = collector.token
    at.session_state["user"] = {"email": ADMIN_EMAIL, "full_name": "Admin"}
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    return at


def test_sign_in_form_signs_in_and_out(dashboard_settings: Settings) -> None:
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT_SECONDS).run()
    assert at.title[0].value == "Sign in to HireMate"
    at.text_input[0].input(ADMIN_EMAIL)
    at.text_input[1].input(ADMIN_PASSWORD)
    at.button[0].click().run()
    assert_clean(at)
    assert at.session_state["access_token"]
    assert at.session_state["user"]["email"] == ADMIN_EMAIL
    # AppTest stays on the page that called st.rerun(), so open the next page explicitly.
    at.switch_page("pages/overview.py").run()
    assert_clean(at)
    assert at.title[0].value == "Overview"
    at.switch_page("pages/sign_out.py").run()
    at.button[0].click().run()
    assert_clean(at)
    assert "access_token" not in at.session_state
    assert at.session_state["flash_message"] == {"message": "You signed out.", "expired": False}


def test_sign_in_wrong_password_shows_detail(dashboard_settings: Settings) -> None:
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT_SECONDS).run()
    at.text_input[0].input(ADMIN_EMAIL)
    at.text_input[1].input("Not-the-password1")
    at.button[0].click().run()
    assert not at.exception
    assert len(at.error) == 1
    assert "Invalid email or password" in at.error[0].value


def test_expired_token_returns_to_sign_in(collector: LiveCollector) -> None:
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT_SECONDS)
    at.session_state["access_token"] = "not-a-valid-token"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Sign in to HireMate"
    assert "session expired" in at.warning[0].value.lower()


def test_stale_token_refreshes_in_session(collector: LiveCollector) -> None:
    with HireMateClient(collector.base_url) as client:
        pair = client.login(ADMIN_EMAIL, ADMIN_PASSWORD)
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT_SECONDS)
    at.session_state["access_token"] = "stale-access-token"
    at.session_state["refresh_token"] = pair["refresh_token"]
    at.session_state["user"] = {"email": ADMIN_EMAIL, "full_name": "Admin"}
    at.run()
    at.switch_page("pages/overview.py").run()
    assert_clean(at)
    assert at.title[0].value == "Overview"
    assert at.session_state["access_token"] != "stale-access-token"
    assert at.session_state["refresh_token"] != pair["refresh_token"]


def test_bad_refresh_token_returns_to_sign_in(collector: LiveCollector) -> None:
    at = AppTest.from_file(str(APP_PATH), default_timeout=TIMEOUT_SECONDS)
    at.session_state["access_token"] = "rejected-access-token"
    at.session_state["refresh_token"] = "not-a-refresh-token"
    at.session_state["user"] = {"email": ADMIN_EMAIL, "full_name": "Admin"}
    at.run()
    assert not at.exception
    assert at.title[0].value == "Sign in to HireMate"
    assert "session expired" in at.warning[0].value.lower()


def test_overview_shows_stats(collector: LiveCollector) -> None:
    at = signed_in_app(collector, "overview")
    assert_clean(at)
    assert [metric.label for metric in at.metric][:2] == ["Candidates", "In progress"]


def test_new_assessment_parses_once_and_creates(collector: LiveCollector) -> None:
    resume = shared_data("resumes", "openresume-john-doe.pdf")
    at = signed_in_app(collector, "new_assessment")
    assert_clean(at)
    at.file_uploader[0].set_value((resume.name, resume.read_bytes(), "application/pdf")).run()
    assert_clean(at)
    parsed = at.session_state["parsed_resumes"]
    assert len(parsed) == 1
    name_input = at.text_input[0]
    assert name_input.value, "the parsed name should fill the name field"
    name_input.input("John Q. Doe").run()
    assert_clean(at)
    at.number_input[0].set_value(10).run()
    assert_clean(at)
    assert len(at.session_state["parsed_resumes"]) == 1
    assert collector.parse_count() == 1, "widget changes must not upload the file again"
    assert at.multiselect[0].value, "suggested or default tasks should be selected"
    create = next(button for button in at.button if button.label == "Create attempt")
    create.click().run()
    assert_clean(at)
    link = at.code[0].value
    assert "/assessment/" in link
    assert at.session_state["created_attempt"]["candidate_info"]["name"] == "John Q. Doe"


def test_attempts_lists_filters_and_searches(
    collector: LiveCollector, scored_attempt_id: str
) -> None:
    at = signed_in_app(collector, "attempts")
    assert_clean(at)
    assert at.dataframe, "the attempts table should be shown"
    at.selectbox[0].select("completed").run()
    assert_clean(at)
    statuses = set(at.dataframe[0].value["status"])
    assert statuses == {"completed"}
    at.text_input[0].input("no such candidate zzz").run()
    assert_clean(at)
    assert not at.dataframe
    assert "No attempt matches" in at.info[0].value


def test_attempts_pages_through_results(collector: LiveCollector) -> None:
    for index in range(11):
        candidate.create_attempt(collector.base_url, collector.token, f"Paged Person {index}")
    at = signed_in_app(collector, "attempts")
    at.text_input[0].input("Paged Person").run()
    at.selectbox[1].select(10).run()
    assert_clean(at)
    assert len(at.dataframe[0].value) == 10
    assert at.caption[-1].value == "Page 1 of 2, 11 attempts"
    next(button for button in at.button if button.label == "Next").click().run()
    assert_clean(at)
    assert len(at.dataframe[0].value) == 1
    assert at.caption[-1].value == "Page 2 of 2, 11 attempts"


def test_attempt_detail_scored_attempt(collector: LiveCollector, scored_attempt_id: str) -> None:
    at = signed_in_app(collector, "attempt_detail", attempt=scored_attempt_id)
    assert_clean(at)
    assert at.header[0].value == "Grace Scored"
    labels = [expander.label for expander in at.expander]
    assert any(label.startswith("**Thinking style:**") for label in labels), labels
    assert "not computed" not in " ".join(labels)
    assert len(at.tabs) == 6
    next(button for button in at.button if button.label == "Request a new profile").click().run()
    assert_clean(at)
    assert "Request recorded" in at.success[0].value


def test_attempt_detail_pending_attempt(collector: LiveCollector) -> None:
    created = candidate.create_attempt(collector.base_url, collector.token, "Nora Pending")
    at = signed_in_app(collector, "attempt_detail", attempt=created["id"])
    assert_clean(at)
    assert at.header[0].value == "Nora Pending"
    assert any("No skill profile yet" in info.value for info in at.info)


def test_attempt_detail_unknown_id_shows_detail(collector: LiveCollector) -> None:
    at = signed_in_app(collector, "attempt_detail", attempt="no-such-attempt")
    assert not at.exception
    assert len(at.error) == 1
    assert "Attempt not found" in at.error[0].value


def test_attempt_detail_without_id_offers_choice(collector: LiveCollector) -> None:
    at = signed_in_app(collector, "attempt_detail")
    assert_clean(at)
    assert at.selectbox[0].label == "Attempt"


def test_live_shows_running_attempt(collector: LiveCollector, running_attempt_id: str) -> None:
    at = signed_in_app(collector, "live", attempt=running_attempt_id)
    assert_clean(at)
    events = next(metric for metric in at.metric if metric.label == "Events")
    assert int(events.value) > 0


def test_compare_two_candidates(collector: LiveCollector, scored_attempt_id: str) -> None:
    at = signed_in_app(collector, "compare")
    assert_clean(at)
    assert len(at.multiselect[0].value) == 2
    profile = at.dataframe[0].value
    assert list(profile["dimension"])[0] == "Thinking style"
    assert len(profile.columns) == 3


def test_tasks_copy_then_edit(collector: LiveCollector) -> None:
    library = candidate.list_tasks(collector.base_url, collector.token)
    at = signed_in_app(collector, "tasks")
    assert_clean(at)
    assert len(at.dataframe[0].value) >= 10
    next(box for box in at.selectbox if box.label == "Task").select(f"copy:{library[0]['id']}")
    at.run()
    assert_clean(at)
    next(box for box in at.text_input if box.label == "Title").input("Vendor escalation, copy")
    next(button for button in at.button if button.label == "Save task").click().run()
    assert_clean(at)
    assert "Vendor escalation, copy" in at.success[0].value
    assert "your organisation" in set(at.dataframe[0].value["owner"])

    created = next(
        task
        for task in candidate.list_tasks(collector.base_url, collector.token)
        if task["title"] == "Vendor escalation, copy"
    )
    assert created["options"] == library[0]["options"]
    next(box for box in at.selectbox if box.label == "Task").select(created["id"])
    at.run()
    next(box for box in at.text_input if box.label == "Title").input("Vendor escalation v2")
    next(button for button in at.button if button.label == "Save task").click().run()
    assert_clean(at)
    table = at.dataframe[0].value
    edited = table[table["title"] == "Vendor escalation v2"]
    assert list(edited["version"]) == [2]


def test_tasks_form_rejects_missing_options(collector: LiveCollector) -> None:
    at = signed_in_app(collector, "tasks")
    next(box for box in at.text_input if box.label == "Title").input("Only a title")
    next(area for area in at.text_area if area.label == "Scenario").input("Some scenario.")
    next(button for button in at.button if button.label == "Save task").click().run()
    assert not at.exception
    # The blank default options carry no text, so the form shows a warning instead of saving.
    assert any("at least 2 options" in warning.value for warning in at.warning)


def test_new_assessment_shows_upload_cap(collector: LiveCollector) -> None:
    at = signed_in_app(collector, "new_assessment")
    assert_clean(at)
    captions = [caption.value for caption in at.caption]
    assert "Accepted: PDF, DOCX or TXT, up to 10 MB." in captions
