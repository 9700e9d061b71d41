"""Scanners of the quarantine gate (the ``Scanner`` port): the built-in structural validators, clamd over
INSTREAM, YARA rules, and the composite that says ``clean`` only when every one of them did.

Reason codes (stable): ``too_large``, ``encrypted``, ``type.unsupported``, ``type_mismatch``, ``polyglot``,
``pdf.malformed``, ``pdf.javascript``, ``pdf.launch``, ``pdf.open_action``, ``pdf.auto_action``,
``pdf.embedded_file``, ``pdf.xfa``, ``pdf.too_many_pages``, ``pdf.too_many_objects``, ``zip.malformed``,
``zip.bomb``, ``zip.path_traversal``, ``zip.nested_archive``, ``ooxml.macro``, ``ooxml.external_relationship``,
``image.bomb``, ``image.malformed``, ``text.encoding``, ``json.too_deep``, ``json.malformed``,
``fhir.malformed``, ``hl7.malformed``, ``hl7.too_many_segments``, ``malware.signature``, ``yara.match``,
``yara.content``, ``yara.flag``, ``scanner.unavailable``, ``scanner.timeout``, ``scanner.limit``, ``scanner.error``;
since issue 17: ``type.leading_bytes``, ``type.trailing_bytes``, ``text.markup``, ``text.script``,
``text.formula``, ``ooxml.dtd``, ``hl7.external_reference``, ``hl7.field_too_large``, ``pdf.xref_repaired``,
``embedded.undecodable``, ``embedded.too_deep``, ``embedded.too_many``, ``embedded.too_large``,
``embedded.bomb``, ``json.duplicate_key``, ``zip.duplicate_entry``. Payload findings keep their own codes,
with a detail saying where the payload was found. A malware finding (``malware.signature``, and ``yara.match``
since issue 17) is never adjustable by a policy. docs/threat-model.md lists the families.
"""

from __future__ import annotations

from ._clamd import ClamdScanner
from ._composite import CompositeScanner, FindingPolicy
from ._gate import ClamdSpec, GateSpec, build_gate
from ._validators import StructuralValidator
from ._yara import BUILTIN_RULES, YaraScanner

__all__ = ["BUILTIN_RULES", "ClamdScanner", "ClamdSpec", "CompositeScanner", "FindingPolicy", "GateSpec",
           "StructuralValidator", "YaraScanner", "build_gate"]
