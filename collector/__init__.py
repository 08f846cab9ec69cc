"""The collector: HireMate's FastAPI REST and WebSocket service."""
