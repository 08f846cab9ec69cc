"""OpenAPI schema tweaks: every validation error is documented as `{"detail": "<text>"}`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from collector.errors import DEFAULT_EXAMPLES, DESCRIPTIONS

ERROR_REF = "#/components/schemas/ErrorOut"
ERROR_SCHEMA = {
    "title": "ErrorOut",
    "type": "object",
    "description": "Every error body: `detail` is one human-readable string.",
    "properties": {"detail": {"title": "Detail", "type": "string"}},
    "required": ["detail"],
}


def _string_error(status: str) -> dict[str, Any]:
    code = int(status)
    return {
        "description": DESCRIPTIONS.get(code, "Error"),
        "content": {
            "application/json": {
                "schema": {"$ref": ERROR_REF},
                "example": {"detail": DEFAULT_EXAMPLES.get(code, "Error")},
            }
        },
    }


def install_openapi(app: FastAPI) -> None:
    """Replace FastAPI's list-shaped 422 schema, which the error handler never sends."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                responses = operation.get("responses", {})
                if "422" in responses and "HTTPValidationError" in str(responses["422"]):
                    responses["422"] = _string_error("422")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        components.setdefault("ErrorOut", ERROR_SCHEMA)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
