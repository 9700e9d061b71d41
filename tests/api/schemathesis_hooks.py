"""Loaded by the schemathesis run of ``test_openapi_conformance.py`` (``SCHEMATHESIS_HOOKS``): tus bodies
(``application/offset+octet-stream``) are plain bytes, serialised like ``application/octet-stream``."""

import schemathesis

schemathesis.serializer.alias("application/offset+octet-stream", "application/octet-stream")
