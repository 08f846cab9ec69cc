"""Rendering functions that draw already loaded data, so they can be timed on their own."""

from dashboard.views.attempt_detail import render_attempt_detail

__all__ = ["render_attempt_detail"]
