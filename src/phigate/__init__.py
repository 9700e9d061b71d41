"""phigate: the gateway every medical document passes through before any AI feature may touch it."""

from __future__ import annotations

from phigate.errors import Error

__version__ = "0.1.0"

__all__ = ["Error", "__version__"]
