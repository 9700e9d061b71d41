"""RFC 9162 inclusion and consistency proofs over a tree whose perfect subtrees a ``NodeSource`` provides.

Every range the RFC's recursion asks for, ``MTH(D[a:b])``, starts at a multiple of the largest power of two
below its size, so it splits into a few aligned perfect subtrees; the source answers those (from stored
nodes, or from leaf hashes for the small ones). A proof therefore costs O(log n) lookups.
"""

from __future__ import annotations

from collections.abc import Callable

from phigate.audit.verifier import node_hash

PerfectRoot = Callable[[int, int], bytes]
"""``perfect(height, index)``: the root of the aligned subtree of 2**height leaves starting at index << height."""


def subtree_levels(leaves: list[bytes]) -> list[list[bytes]]:
    """Every level above a run of leaf hashes that starts at a multiple of its width: level ``h`` holds the roots
    of its complete subtrees of ``2**h`` leaves, left to right (an odd last node waits for a partner)."""
    levels = [leaves]
    while len(levels[-1]) > 1:
        below = levels[-1]
        levels.append([node_hash(below[k], below[k + 1]) for k in range(0, len(below) - 1, 2)])
    return levels


def _largest_power_below(n: int) -> int:
    return 1 << (n - 1).bit_length() - 1


def range_root(perfect: PerfectRoot, start: int, end: int) -> bytes:
    """``MTH(D[start:end])`` for a range whose start is aligned as in RFC 9162's recursion."""
    size = end - start
    if size & (size - 1) == 0:
        height = size.bit_length() - 1
        return perfect(height, start >> height)
    k = _largest_power_below(size)
    return node_hash(range_root(perfect, start, start + k), range_root(perfect, start + k, end))


def inclusion_path(perfect: PerfectRoot, index: int, tree_size: int) -> list[bytes]:
    """RFC 9162 §2.1.3.1 PATH(index, D[0:tree_size])."""
    path: list[bytes] = []
    start, end, m = 0, tree_size, index
    while end - start > 1:
        k = _largest_power_below(end - start)
        if m < k:
            path.append(range_root(perfect, start + k, end))
            end = start + k
        else:
            path.append(range_root(perfect, start, start + k))
            start, m = start + k, m - k
    path.reverse()
    return path


def consistency_path(perfect: PerfectRoot, old_size: int, new_size: int) -> list[bytes]:
    """RFC 9162 §2.1.4.1 PROOF(old_size, D[0:new_size])."""
    if old_size in (0, new_size):
        return []
    path: list[bytes] = []
    start, end, m, complete = 0, new_size, old_size, True
    while m != end - start:
        k = _largest_power_below(end - start)
        if m <= k:
            path.append(range_root(perfect, start + k, end))
            end = start + k
        else:
            path.append(range_root(perfect, start, start + k))
            start, m, complete = start + k, m - k, False
    if not complete:
        path.append(range_root(perfect, start, end))
    path.reverse()
    return path
