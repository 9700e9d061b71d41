"""Cryptography for phigate. Callers use ``phigate.crypto.envelope`` only; ``_``-modules are private."""
