"""Sign-out page: forget the token held by this browser session."""

from __future__ import annotations

import streamlit as st

from dashboard.session import current_user, sign_out


def sign_out_page() -> None:
    st.title("Sign out")
    user = current_user()
    st.write(f"Signed in as **{user.get('email', 'unknown')}**.")
    if st.button("Sign out", type="primary"):
        sign_out("You signed out.")
        st.rerun()


sign_out_page()
