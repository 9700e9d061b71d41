"""The intake records' old place. They are a port now (``phigate.ports.IntakeRecords``; the pipeline names it
with its stage results as ``phigate.pipeline.results.Records``) with their SQL in ``phigate.backends.db.records``;
this name stays for the modules that still import it from here."""

from __future__ import annotations

from phigate.pipeline.results import Records as IntakeRecords

__all__ = ["IntakeRecords"]
