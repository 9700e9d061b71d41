"""Interactive API docs at ``/docs``: Swagger UI from the locally installed ``swagger-ui-py`` package (nothing
from a CDN), started by a script of our own so that the page needs no inline script. The edge middleware gives
``/docs`` and its assets a CSP that allows only 'self' (``DOCS_CSP``); every other route keeps ``default-src
'none'``."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

DOCS_PATH = "/docs"
ASSETS = f"{DOCS_PATH}/assets"
_PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>phigate API</title>
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
<link rel="icon" type="image/png" href="{ASSETS}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script src="{DOCS_PATH}/start.js"></script>
</body>
</html>
"""
_START = """window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
                               presets: [SwaggerUIBundle.presets.apis]});
});
"""

router = APIRouter(include_in_schema=False)


@router.get(DOCS_PATH)
def docs_page() -> HTMLResponse:
    return HTMLResponse(_PAGE)


@router.get(f"{DOCS_PATH}/start.js")
def docs_start() -> Response:
    return Response(_START, media_type="text/javascript")


def assets_dir() -> Path:
    """Swagger UI's files as the ``swagger-ui-py`` wheel installs them."""
    return Path(str(files("swagger_ui") / "static"))


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.mount(ASSETS, StaticFiles(directory=assets_dir()), name="docs-assets")
