"""Entry point of the recruiter dashboard: `streamlit run dashboard/app.py`."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from dashboard.session import is_signed_in

PAGES = Path(__file__).parent / "pages"


def main() -> None:
    """Declare the pages; a visitor who is not signed in gets only the sign-in page."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    st.set_page_config(page_title="HireMate", page_icon=":material/psychology:", layout="wide")
    if not is_signed_in():
        pages = [st.Page(PAGES / "sign_in.py", title="Sign in", icon=":material/login:")]
    else:
        pages = {
            "Assessments": [
                st.Page(
                    PAGES / "overview.py",
                    title="Overview",
                    icon=":material/dashboard:",
                    default=True,
                ),
                st.Page(
                    PAGES / "new_assessment.py",
                    title="New assessment",
                    icon=":material/upload_file:",
                ),
                st.Page(PAGES / "attempts.py", title="Attempts", icon=":material/list:"),
                st.Page(
                    PAGES / "attempt_detail.py",
                    title="Attempt detail",
                    icon=":material/person_search:",
                ),
                st.Page(PAGES / "live.py", title="Live", icon=":material/sensors:"),
                st.Page(PAGES / "compare.py", title="Compare", icon=":material/compare:"),
            ],
            "Library": [st.Page(PAGES / "tasks.py", title="Tasks", icon=":material/task:")],
            "Account": [st.Page(PAGES / "sign_out.py", title="Sign out", icon=":material/logout:")],
        }
    st.navigation(pages).run()


main()
