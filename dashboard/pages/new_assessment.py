"""New assessment page: resume in, fields confirmed, tasks picked, candidate link out."""

from __future__ import annotations

import hashlib
import logging

import streamlit as st

from dashboard.api import ApiError
from dashboard.loaders import get_attempts, get_tasks
from dashboard.session import access_token, api_errors, api_url, get_client, show_api_error
from dashboard.views import resume
from hiremate.settings import get_settings

logger = logging.getLogger(__name__)

PARSED_KEY = "parsed_resumes"
CREATED_KEY = "created_attempt"
RESUME_TYPES = ["pdf", "docx", "txt"]
BYTES_PER_MB = 1024 * 1024


def new_assessment_page() -> None:
    st.title("New assessment")
    created = st.session_state.get(CREATED_KEY)
    if created:
        render_created(created)
        return
    limit_mb = upload_limit_mb()
    upload = st.file_uploader(
        "Candidate resume (PDF, DOCX or plain text)",
        type=RESUME_TYPES,
        key="resume_upload",
        max_upload_size=limit_mb,
        help=f"One file of up to {limit_mb} MB, the largest resume the HireMate API accepts.",
    )
    st.caption(f"Accepted: PDF, DOCX or TXT, up to {limit_mb} MB.")
    parse = parse_upload(upload) if upload is not None else None
    if upload is None:
        st.info(
            "Upload a resume to fill in the candidate's details, or type them in below.",
            icon=":material/upload_file:",
        )
    with api_errors("Loading the task library"), st.spinner("Loading tasks..."):
        tasks = get_tasks(api_url(), access_token())
    render_form(parse or {}, tasks, key=_upload_key(upload))


def upload_limit_mb() -> int:
    """Return the collector's upload cap (`upload_max_bytes`) in whole MB, rounded down.

    Streamlit 1.67 turns its upload limit in MB into bytes as MB * 1024 * 1024 (in the upload
    route, for `server.maxUploadSize`). Rounding down keeps the uploader's limit within the cap.
    """
    # NOTE: this reads the dashboard's own settings, so a collector started with a different
    # HIREMATE_UPLOAD_MAX_BYTES still rejects files by its own cap, with its own message.
    return max(1, get_settings().upload_max_bytes // BYTES_PER_MB)


def _upload_key(upload) -> str:
    return hashlib.sha256(upload.getvalue()).hexdigest()[:16] if upload is not None else "manual"


def parse_upload(upload) -> dict | None:
    """Parse an uploaded file once: the result is kept in session state under its hash."""
    content = upload.getvalue()
    digest = hashlib.sha256(content).hexdigest()
    parsed = st.session_state.setdefault(PARSED_KEY, {})
    if digest not in parsed:
        try:
            with st.spinner(f"Reading {upload.name}..."), get_client() as client:
                parsed[digest] = client.parse_resume(upload.name, content, upload.type)
        except ApiError as exc:
            show_api_error(exc, f"Reading {upload.name}")
            return None
        logger.info("parsed resume %s (%d bytes)", digest[:12], len(content))
    return parsed[digest]


def render_form(parse: dict, tasks: list[dict], key: str) -> None:
    for message in resume.warnings(parse):
        st.warning(message, icon=":material/warning:")
    st.subheader("Candidate")
    values = {}
    columns = st.columns(2)
    for index, name in enumerate(resume.EDITABLE_FIELDS):
        field = resume.parsed_field(parse, name)
        confidence = field["confidence"]
        help_text = (
            f"Parser confidence {confidence:.0%}" if isinstance(confidence, (int, float)) else None
        )
        with columns[index % 2]:
            values[name] = st.text_input(
                name.capitalize(), value=field["value"] or "", key=f"{key}-{name}", help=help_text
            )
            if parse:
                st.caption(confidence_caption(field))
    skills_text = st.text_input(
        "Skills (comma-separated)",
        value=", ".join(resume.parsed_skills(parse)),
        key=f"{key}-skills",
    )

    st.subheader("Tasks")
    if not tasks:
        st.warning("The task library is empty. Create a task on the **Tasks** page first.")
        return
    by_id = {str(task["id"]): task for task in tasks}
    suggested = [s for s in resume.suggestions(parse) if s["task_id"] in by_id]
    if suggested:
        st.markdown("**Suggested for this position**")
        for entry in suggested:
            reason = entry["reason"] or "fits the position"
            st.markdown(f"- **{by_id[entry['task_id']].get('title')}**: {reason}")
    default = [s["task_id"] for s in suggested] or list(by_id)[:3]
    chosen = st.multiselect(
        "Tasks for this candidate, in order",
        list(by_id),
        default=default,
        format_func=lambda task_id: task_label(by_id[task_id]),
        key=f"{key}-tasks",
    )

    expires = st.number_input("Link valid for (days)", 1, 90, 7, key=f"{key}-expires")
    if st.button("Create attempt", type="primary", disabled=not chosen):
        create_attempt(values, skills_text, chosen, int(expires), parse)


def confidence_caption(field: dict) -> str:
    confidence = field["confidence"]
    if field["value"] in (None, ""):
        return f"Not found: {field['reason']}" if field.get("reason") else "Not found; enter it."
    if not isinstance(confidence, (int, float)):
        return "Found in the resume."
    verdict = "check it" if confidence < 0.6 else "likely right"
    return f"Confidence {confidence:.0%}, {verdict}."


def task_label(task: dict) -> str:
    return f"{task.get('title')} ({task.get('category') or 'general'}, {task.get('difficulty')})"


def create_attempt(values: dict, skills_text: str, task_ids: list, expires: int, parse: dict):
    if not values["name"].strip() or not values["email"].strip():
        st.warning("Enter the candidate's name and email before creating the attempt.")
        return
    info = {name: value.strip() or None for name, value in values.items()}
    info["skills"] = [skill.strip() for skill in skills_text.split(",") if skill.strip()]
    info["resume_text"] = resume.resume_text(parse) or None
    info["resume_file_id"] = parse.get("file_id")
    try:
        with st.spinner("Creating the attempt..."), get_client() as client:
            created = client.create_attempt(info, task_ids, expires)
    except ApiError as exc:
        show_api_error(exc, "Creating the attempt")
        return
    get_attempts.clear()
    st.session_state[CREATED_KEY] = created
    st.rerun()


def render_created(created: dict) -> None:
    info = created.get("candidate_info") or {}
    st.success(f"Attempt created for {info.get('name', 'the candidate')}.", icon=":material/check:")
    st.markdown("Send this one-time link to the candidate (the copy button is on the right):")
    st.code(created.get("link") or "", language=None)
    st.caption(f"The link expires {created.get('expires_at') or 'in 7 days'}.")
    left, right = st.columns(2)
    if left.button("Open the attempt"):
        st.session_state.pop(CREATED_KEY, None)
        st.switch_page("pages/attempt_detail.py", query_params={"attempt": created["id"]})
    if right.button("Start another assessment", type="primary"):
        st.session_state.pop(CREATED_KEY, None)
        st.rerun()


new_assessment_page()
