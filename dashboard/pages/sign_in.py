"""Sign-in page: exchange the recruiter's email and password for an access token."""

from __future__ import annotations

import streamlit as st

from dashboard.api import ApiError, HireMateClient
from dashboard.session import FLASH_KEY, api_url, show_api_error, sign_in


def sign_in_page() -> None:
    st.title("Sign in to HireMate")
    st.caption("Use your recruiter account. Your administrator can create one for you.")
    flash = st.session_state.get(FLASH_KEY)
    if flash and flash["expired"]:
        st.warning(flash["message"], icon=":material/lock_clock:")
    elif flash:
        st.info(flash["message"], icon=":material/logout:")
    with st.form("sign_in"):
        email = st.text_input("Email", placeholder="you@company.com")
        password = st.text_input("Password", type="password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if not submitted:
        return
    if not email.strip() or not password:
        st.warning("Enter your email and password.")
        return
    try:
        with st.spinner("Signing in..."), HireMateClient(api_url()) as client:
            body = client.login(email.strip(), password, client_ip=st.context.ip_address)
            user = client.me()
    except ApiError as exc:
        show_api_error(exc, "Sign-in")
        return
    sign_in(body["access_token"], body.get("refresh_token"), user)
    st.rerun()


sign_in_page()
