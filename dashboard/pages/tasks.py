"""Tasks page: browse the task library and create or edit the organisation's own tasks."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.api import ApiError
from dashboard.loaders import get_tasks
from dashboard.session import access_token, api_errors, api_url, get_client, show_api_error
from dashboard.views.task_form import render_task_form

NEW_TASK = "__new__"
COPY_PREFIX = "copy:"


def tasks_page() -> None:
    st.title("Tasks")
    with api_errors("Loading the task library"), st.spinner("Loading tasks..."):
        tasks = get_tasks(api_url(), access_token())
    notice = st.session_state.pop("task_notice", None)
    if notice:
        st.success(notice, icon=":material/check:")
    browse, edit = st.tabs(["Library", "Create or edit"])
    with browse:
        render_library(tasks)
    with edit:
        render_editor(tasks)


def render_library(tasks: list[dict]) -> None:
    if not tasks:
        st.info("No tasks yet. Create the first one in **Create or edit**.")
        return
    categories = sorted({str(task.get("category") or "general") for task in tasks})
    left, right = st.columns(2)
    category = left.selectbox("Category", ["all", *categories])
    search = right.text_input("Search titles and scenarios")
    rows = []
    for task in tasks:
        if category != "all" and str(task.get("category") or "general") != category:
            continue
        text = f"{task.get('title', '')} {task.get('scenario', '')}".lower()
        if search and search.lower() not in text:
            continue
        rows.append(
            {
                "title": task.get("title"),
                "category": task.get("category"),
                "difficulty": task.get("difficulty"),
                "options": len(task.get("options") or []),
                "reasoning": "required" if task.get("reasoning_required") else "optional",
                "positions": ", ".join(task.get("suited_positions") or []),
                "owner": "shared library" if task.get("org_id") is None else "your organisation",
                "version": task.get("version"),
            }
        )
    if not rows:
        st.info("No task matches this filter.")
        return
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def render_editor(tasks: list[dict]) -> None:
    own = {str(t["id"]): t for t in tasks if t.get("org_id") is not None}
    library = {f"{COPY_PREFIX}{t['id']}": t for t in tasks if t.get("org_id") is None}
    choices = {NEW_TASK: "New task"}
    choices.update({task_id: f"Edit: {task['title']}" for task_id, task in own.items()})
    choices.update({key: f"Copy of library task: {task['title']}" for key, task in library.items()})
    choice = st.selectbox(
        "Task",
        list(choices),
        format_func=choices.get,
        help="Library tasks are read-only; copy one into a new task of your own to change it.",
    )

    task = own.get(choice)
    template = task or library.get(choice)
    submitted = render_task_form(template, key=choice)
    if submitted is None:
        return

    client = get_client()
    try:
        with st.spinner("Saving the task..."):
            if task is None:
                saved = client.create_task(submitted)
            else:
                saved = client.update_task(task["id"], submitted)
    except ApiError as exc:
        show_api_error(exc, "Saving the task")
        return
    finally:
        client.close()
    get_tasks.clear()
    st.session_state["task_notice"] = f"Saved task “{saved.get('title')}”."
    st.rerun()


tasks_page()
