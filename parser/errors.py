"""Typed errors the library raises; the CLI turns them into one plain sentence."""

from __future__ import annotations


class MinutesError(Exception):
    """Base class: a file could not be handled. ``str(e)`` is meant for users."""

    def __init__(self, path: str, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


class NotAPDFError(MinutesError):
    """The file is not a PDF at all (empty, text, HTML ...)."""


class EncryptedPDFError(MinutesError):
    """The PDF needs a password."""


class BrokenPDFError(MinutesError):
    """The PDF is truncated or damaged beyond what the reader can repair."""


class OCRUnavailableError(MinutesError):
    """Pages need OCR but Tesseract or its Finnish/Swedish language data is missing."""


class ArchiveBusyError(MinutesError):
    """Another import is writing to the same archive."""
