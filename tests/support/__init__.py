"""Helpers shared by tests: live servers and clients."""
