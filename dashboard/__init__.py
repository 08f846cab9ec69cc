"""The recruiter dashboard: a Streamlit app that talks to the collector's REST API."""
