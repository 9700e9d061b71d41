"""The OpenAPI document, made to tell this server's truth: the size limits are the configured ones (a size the
schema allows is a size this server takes), and an optional parameter is either sent or absent, never ``null``
(pydantic writes ``str | None`` as "a string or null"; a header or query value is always a string)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI


def install(app: FastAPI, *, max_upload_bytes: int) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            schema["components"]["schemas"]["UploadCreate"]["properties"]["size"]["maximum"] = max_upload_bytes
            for parameter in schema["paths"]["/v1/tus/"]["post"]["parameters"]:
                if parameter["name"].lower() == "upload-length":
                    parameter["schema"]["maximum"] = max_upload_bytes
            for item in schema["paths"].values():
                for operation in item.values():
                    for parameter in operation.get("parameters", []):
                        parameter["schema"] = _not_null(parameter["schema"])
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _not_null(schema: dict[str, Any]) -> dict[str, Any]:
    options = schema.get("anyOf")
    if not isinstance(options, list):
        return schema
    kept = [o for o in options if o != {"type": "null"}]
    if len(kept) != 1:
        return schema
    rest = {k: v for k, v in schema.items() if k != "anyOf"}
    return {**kept[0], **rest}
