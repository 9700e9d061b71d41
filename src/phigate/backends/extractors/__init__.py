"""Extractors: one module per format behind the ``Extractor`` port, and a chooser by media type."""

from phigate.backends.extractors.chooser import ExtractorChooser, normalise_media_type

__all__ = ["ExtractorChooser", "normalise_media_type"]
