"""The task form used to create and edit tasks."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

DIFFICULTIES = ["easy", "medium", "hard"]
RISK_LEVELS = ["low", "medium", "high"]
MIN_OPTIONS = 2


def render_task_form(task: dict[str, Any] | None, key: str) -> dict[str, Any] | None:
    """Draw the form filled from `task`; return the task body when it is submitted and valid."""
    task = task or {}
    options = pd.DataFrame(
        task.get("options")
        or [
            {"id": "a", "text": "", "risk_level": "low"},
            {"id": "b", "text": "", "risk_level": "medium"},
        ],
        columns=["id", "text", "risk_level"],
    )
    with st.form(f"task-{key}"):
        title = st.text_input("Title", value=task.get("title", ""))
        scenario = st.text_area("Scenario", value=task.get("scenario", ""))
        left, middle, right = st.columns(3)
        category = left.text_input("Category", value=task.get("category") or "General")
        difficulty = middle.selectbox(
            "Difficulty", DIFFICULTIES, index=DIFFICULTIES.index(task.get("difficulty", "medium"))
        )
        limit = right.number_input(
            "Time limit (seconds)", 30, 3600, int(task.get("time_limit_seconds") or 300)
        )
        edited = st.data_editor(
            options,
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_config={
                "id": st.column_config.TextColumn("Option id", required=True),
                "text": st.column_config.TextColumn("Text", required=True, width="large"),
                "risk_level": st.column_config.SelectboxColumn(
                    "Risk", options=RISK_LEVELS, required=True
                ),
            },
            key=f"options-{key}",
        )
        required = st.checkbox("Reasoning required", value=task.get("reasoning_required", True))
        min_length = st.number_input(
            "Minimum reasoning length (characters)",
            0,
            5000,
            int(task.get("reasoning_min_length", 20)),
        )
        positions = st.text_input(
            "Suited positions (comma-separated)",
            value=", ".join(task.get("suited_positions") or []),
        )
        submitted = st.form_submit_button("Save task", type="primary")
    if not submitted:
        return None
    body = {
        "title": title.strip(),
        "scenario": scenario.strip(),
        "category": category.strip() or "General",
        "difficulty": difficulty,
        "time_limit_seconds": int(limit),
        "options": [
            {
                "id": str(row["id"]).strip(),
                "text": str(row["text"]).strip(),
                "risk_level": row["risk_level"],
            }
            for row in edited.to_dict("records")
            if str(row.get("id") or "").strip() and str(row.get("text") or "").strip()
        ],
        "reasoning_required": bool(required),
        "reasoning_min_length": int(min_length),
        "suited_positions": [p.strip() for p in positions.split(",") if p.strip()],
    }
    problems = validate_task(body)
    for problem in problems:
        st.warning(problem)
    return None if problems else body


def validate_task(body: dict[str, Any]) -> list[str]:
    """Return what to fix before the task can be saved (the API checks the same again)."""
    problems = []
    if not body["title"]:
        problems.append("Enter a title.")
    if not body["scenario"]:
        problems.append("Enter the scenario the candidate reads.")
    if len(body["options"]) < MIN_OPTIONS:
        problems.append(f"Give at least {MIN_OPTIONS} options, each with an id and a text.")
    ids = [option["id"] for option in body["options"]]
    if len(ids) != len(set(ids)):
        problems.append("Option ids must be unique.")
    return problems
