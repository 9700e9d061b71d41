"""The AI gateway's parts below the services: the model and BAA catalog (``catalog``), the surrogate round trip
(``surrogates``), the output scrub (``scrub``) and the prompt-injection scan (``injection``). Plain functions and
frozen types over text; the use cases that tie them to documents, policy and the audit log are in
``phigate.services.ai``. Nothing is imported here, so the catalog's types stay cheap to import."""
