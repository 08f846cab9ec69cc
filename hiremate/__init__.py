"""HireMate shared package: settings, domain models and the store."""

__version__ = "0.1.0"
