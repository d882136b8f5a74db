"""Checks on attached PDF documents.

A document is accepted only if it is within the size limit, its first bytes are the PDF
signature ``%PDF-`` (whatever its name says) and pypdf reads it as a PDF: its cross-reference
table and trailer, its page tree with at least one page, no password. It is stored under a random
name and served as an attachment in a sandbox (``core.media``), never shown in the portal's origin.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PdfStreamError

PDF_SIGNATURE = b"%PDF-"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_document_bytes() -> int:
    return int(getattr(settings, "ARTICLE_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_pdf(upload: File) -> None:
    """Raise a translated ``ValidationError`` unless ``upload`` is a PDF within the size limit."""
    limit = max_document_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("The document is too big (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_big",
        )
    if not size:
        raise ValidationError(_("The document is empty."), code="empty")
    upload.seek(0)
    head = upload.read(len(PDF_SIGNATURE))
    upload.seek(0)
    if head != PDF_SIGNATURE:
        raise ValidationError(_("Attach a PDF document."), code="not_a_pdf")
    _check_structure(upload)


def _check_structure(upload: File) -> None:
    """Parse the document (strictly): a file that only starts like a PDF is refused."""
    try:
        reader = PdfReader(upload, strict=True)
        if reader.is_encrypted:
            raise ValidationError(_("Attach a PDF document without a password."), code="encrypted")
        if len(reader.pages) < 1:
            raise ValidationError(_("Attach a PDF document."), code="not_a_pdf")
    except ValidationError:
        raise
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise ValidationError(_("Attach a PDF document."), code="not_a_pdf") from exc
    finally:
        upload.seek(0)


def stored_name() -> str:
    """A random file name: the uploader's file name is never used."""
    return f"{uuid.uuid4().hex}.pdf"
