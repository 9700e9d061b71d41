"""The use cases, one module per area. Each takes a ``Principal``, asks ``authorize()`` once, and writes its audit
event in the same transaction as its change (a failed audit write rolls the change back). The edges (``api/``,
``cli/``) call these and nothing below them."""

from phigate.services._authz import authorize, decide
from phigate.services._authz import install as install_policies

__all__ = ["authorize", "decide", "install_policies"]

