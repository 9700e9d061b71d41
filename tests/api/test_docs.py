"""Interactive API docs at /docs: served from the installed package's assets, nothing from another host, and a
CSP that allows this origin only."""

from __future__ import annotations

import re

from tests._fixtures.server import IntakeServer


def test_docs_page_and_assets_come_from_this_origin_only(intake_server: IntakeServer) -> None:
    with intake_server.client() as c:
        page = c.get("/docs")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        html = page.text
        assert "<script>" not in html  # no inline script: the CSP needs none
        refs = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert refs and all(r.startswith("/") and not r.startswith("//") for r in refs), refs
        assert not re.search(r"https?://", html)
        csp = page.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp and "default-src 'none'" in csp
        assert "http" not in csp and "*" not in csp and "unsafe" not in csp
        for ref in refs:
            r = c.get(ref)
            assert r.status_code == 200, ref
            assert r.headers["content-security-policy"] == csp
        start = c.get("/docs/start.js").text
        assert '"/openapi.json"' in start and not re.search(r"https?://", start)
        # every other route keeps the strict policy
        assert c.get("/healthz").headers["content-security-policy"].startswith("default-src 'none'; frame-")
        assert "/docs" not in c.get("/openapi.json").json()["paths"]
