"""Blob store adapters: filesystem and S3."""

from __future__ import annotations

from collections.abc import Iterable

from phigate.ports import BlobWriter


def write_all(writer: BlobWriter, chunks: Iterable[bytes]) -> int:
    """Feed every chunk to ``writer`` and commit it; abort it (nothing becomes visible) if anything fails."""
    try:
        for chunk in chunks:
            writer.write(chunk)
    except BaseException:
        writer.abort()
        raise
    return writer.commit()
