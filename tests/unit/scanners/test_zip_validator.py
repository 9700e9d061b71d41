from __future__ import annotations

import struct
import zipfile

import pytest

from tests._fixtures import hostile as h
from tests.unit.scanners._helpers import codes, validate


def test_clean_zip_and_docx() -> None:
    assert validate(h.zip_of({"a.txt": b"hello", "b/c.txt": b"world"}), h.ZIP).kind == "clean"
    assert validate(h.docx(), h.DOCX).kind == "clean"
    # an ordinary external hyperlink is not a remote template
    assert validate(h.docx(hyperlink=True), h.DOCX).kind == "clean"


def test_python_docx_document_is_clean() -> None:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("Synthetic referral letter.")
    out = io.BytesIO()
    document.save(out)
    assert validate(out.getvalue(), h.DOCX).kind == "clean"


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/passwd", "a/../../b", "C:/Windows/x.txt", "..\\x.txt"])
def test_path_traversal(name: str) -> None:
    verdict = validate(h.zip_of({name: b"x"}), h.ZIP)
    assert verdict.kind == "infected" and codes(verdict) == {"zip.path_traversal"}


@pytest.mark.parametrize("name", ["a..b.txt", "dir/..hidden", "x/y/z.txt"])
def test_dots_in_names_are_not_traversal(name: str) -> None:
    assert validate(h.zip_of({name: b"x"}), h.ZIP).kind == "clean"


def test_nested_archive_by_name_and_by_magic_and_no_name_leaks() -> None:
    by_name = validate(h.zip_of({"Jane_Doe_MRI.zip": b"not really"}), h.ZIP)
    by_magic = validate(h.zip_of({"Jane_Doe_scan.dat": h.zip_of({"x": b"y"})}), h.ZIP)
    for verdict in (by_name, by_magic):
        assert codes(verdict) == {"zip.nested_archive"}
        assert all("Jane" not in r.detail for r in verdict.reasons)


def test_bombs_are_refused_from_the_directory() -> None:
    assert codes(validate(h.single_entry_bomb(8), h.ZIP)) == {"zip.bomb"}
    assert codes(validate(h.nested_bomb(levels=2, fan_out=4), h.ZIP)) == {"zip.nested_archive"}
    many = h.zip_of({f"f{i}.txt": b"x" for i in range(30)})
    assert codes(validate(many, h.ZIP, max_zip_entries=20)) == {"zip.bomb"}
    assert codes(validate(many, h.ZIP, max_zip_uncompressed_bytes=10)) == {"zip.bomb"}


def test_overlapping_entries_are_a_bomb() -> None:
    data = bytearray(h.zip_of({"a.txt": b"a" * 100, "b.txt": b"b" * 100}, method=zipfile.ZIP_STORED))
    # point the second central directory record at the first local header (Fifield-style overlap)
    cd = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, cd + 42, 0)
    assert codes(validate(bytes(data), h.ZIP)) == {"zip.bomb"}


def test_encrypted_entries_are_unscannable() -> None:
    data = bytearray(h.zip_of({"a.txt": b"secret"}, method=zipfile.ZIP_STORED))
    struct.pack_into("<H", data, 6, 1)  # local header: general purpose flag bit 0 (encrypted)
    struct.pack_into("<H", data, data.rfind(b"PK\x01\x02") + 8, 1)  # central directory: same bit
    assert codes(validate(bytes(data), h.ZIP)) == {"encrypted"}


def test_macro_and_remote_template() -> None:
    assert codes(validate(h.docx(macro=True), h.DOCX)) == {"ooxml.macro"}
    assert codes(validate(h.docx(remote_template=True), h.DOCX)) == {"ooxml.external_relationship"}


def test_zip_declared_as_docx_is_a_mismatch() -> None:
    verdict = validate(h.zip_of({"word/evil.txt": b"x"}), h.DOCX)
    assert verdict.kind == "unscannable" and codes(verdict) == {"type_mismatch"}


@pytest.mark.parametrize("data", [
    b"PK\x03\x04" + b"\0" * 10,
    h.zip_of({"a.txt": b"hello" * 100})[:-30],  # directory cut off
    b"PK\x03\x04" + bytes(200) + b"PK\x05\x06" + b"\xff" * 18,
], ids=["header-only", "directory-cut-off", "bogus-end-record"])  # stable ids: the zip's bytes carry the clock
def test_malformed_zip_is_unscannable(data: bytes) -> None:
    assert validate(data, h.ZIP).kind == "unscannable"
