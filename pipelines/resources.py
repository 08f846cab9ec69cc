"""Dagster resources: the HireMate store and the settings behind it."""

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg

from hiremate.settings import Settings, get_settings
from hiremate.store import Store, open_store

logger = logging.getLogger(__name__)


class StoreResource(dg.ConfigurableResource):
    """The HireMate store named by the settings; fields left unset come from `HIREMATE_*`."""

    data_dir: str | None = None
    database_url: str | None = None

    def settings(self) -> Settings:
        """Return the process settings with this resource's overrides applied."""
        base = get_settings()
        overrides: dict[str, Any] = {}
        if self.data_dir is not None:
            overrides["data_dir"] = Path(self.data_dir)
        if self.database_url is not None:
            overrides["database_url"] = self.database_url
        if not overrides:
            return base
        return base.model_copy(update=overrides)

    @contextlib.contextmanager
    def open(self) -> Iterator[Store]:
        """Open the store for one step and close it afterwards."""
        store = open_store(self.settings())
        try:
            yield store
        finally:
            store.close()


def store_resource_for(settings: Settings) -> StoreResource:
    """Return a resource that opens the store of `settings`."""
    return StoreResource(
        data_dir=str(settings.data_dir), database_url=settings.resolved_database_url
    )
