"""``moto_server`` with one fix, run as ``python tests/_fixtures/moto_server.py -H HOST -p PORT``.

moto (5.2.x) answers every ``ListObjectVersions`` by deep-copying every version of every key in the bucket, and
only then filtering by the request's prefix; the copies are not freed. phigate lists the versions of one key
before deleting it (``S3Store.delete``), so on a bucket that keeps its documents each deletion costs time and
memory in proportion to everything stored: about 25 MB per document in the full chaos run (`python -m bench
chaos`), which ended with moto_server out of memory at 22 GB, and a quadratic slowdown of the long-lived test
servers. Here the listing sees only the keys under the request's prefix, which is all it returns anyway.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from moto.s3.models import S3Backend
from moto.s3.utils import _VersionedKeyStore
from moto.server import main

_listing = threading.local()  # the prefix of the ListObjectVersions this thread is answering, if any
_all_lists = _VersionedKeyStore.iterlists
_list_versions = S3Backend.list_object_versions


def _iterlists(self: _VersionedKeyStore) -> Iterator[tuple[str, list[Any]]]:
    prefix = getattr(_listing, "prefix", "")
    for name, versions in _all_lists(self):
        if name.startswith(prefix):
            yield name, versions


def _list_object_versions(self: S3Backend, bucket_name: str, *args: Any, **kwargs: Any) -> Any:
    _listing.prefix = kwargs.get("prefix") or ""
    try:
        return _list_versions(self, bucket_name, *args, **kwargs)
    finally:
        _listing.prefix = ""


_VersionedKeyStore.iterlists = _iterlists  # type: ignore[method-assign]
S3Backend.list_object_versions = _list_object_versions  # type: ignore[method-assign]

if __name__ == "__main__":
    main()
