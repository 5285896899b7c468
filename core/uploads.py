"""The one upload checker: every file the site takes in is checked here by its bytes.

- ``check_attachment``: a submitter's attachment (PDF, JPEG or PNG); images come back re-encoded
  without metadata (submissions.forms).
- ``check_document``: an editor's Wagtail document; the content must match the extension
  (site_config.security.SafeDocumentForm).
- ``check_image``: an editor's Wagtail image; a real image of an accepted type and size
  (home.forms.AccessibleImageForm).

Every PDF, wherever it comes from, is opened with pypdf and refused when it carries JavaScript,
launch actions or embedded files (``check_pdf``).
"""

import io
import re

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

ATTACHMENT_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
DOCUMENT_SIGNATURES = {
    "pdf": {"application/pdf"},
    "rtf": {"application/rtf"},
    "docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"},
    "xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"},
    "odt": {"application/vnd.oasis.opendocument.text", "application/zip"},
}
IMAGE_SIGNATURES = {
    "gif": {"image/gif"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "png": {"image/png"},
    "webp": {"image/webp"},
}
TEXT_DOCUMENTS = {"csv", "txt"}
TEXT_MARKUP = (b"<html", b"<script", b"<svg", b"<!doctype", b"<?xml", b"<iframe")
PDF_MAX_OBJECTS = 200_000  # more objects than any real leaflet or report; a bomb is refused, not walked


def extension_of(name):
    """The file name's extension in lower case, or ""."""
    return name.rsplit(".", 1)[-1].lower() if "." in (name or "") else ""


def check_size(upload, limit):
    """Refuse a file larger than `limit` bytes."""
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is larger than %(mb)s MB."), params={"name": upload.name, "mb": limit // 2**20}
        )


def sniff(upload):
    """The file's type by its first bytes (filetype), or None; the file is left at its start."""
    head = upload.read(8192)
    upload.seek(0)
    return filetype.guess(head), head


def pdf_active_content(data):
    """What active content a PDF holds ("JavaScript", "a launch action", "embedded files"), or None.

    Walks every object reachable from the document's trailer with pypdf: actions of type
    JavaScript or Launch, /JS entries, the name trees of JavaScript and embedded files, file
    specifications with embedded streams and file-attachment annotations. Raises ValueError when
    the file cannot be read as a PDF, or is encrypted and so cannot be checked.
    """
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValueError("encrypted")
        pending, seen = [reader.trailer], set()
        while pending:
            item = pending.pop()
            if isinstance(item, IndirectObject):
                if (item.idnum, item.generation) in seen:
                    continue
                seen.add((item.idnum, item.generation))
                if len(seen) > PDF_MAX_OBJECTS:
                    raise ValueError("too many objects")
                item = item.get_object()
            if isinstance(item, DictionaryObject):
                found = active_entry(item)
                if found:
                    return found
                pending.extend(item.values())
            elif isinstance(item, ArrayObject):
                pending.extend(item)
    except ValueError:
        raise
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds of errors on broken files
        raise ValueError(type(error).__name__) from error
    return None


def active_entry(dictionary):
    """The kind of active content one PDF dictionary is or names, or None."""
    action = dictionary.get("/S")
    if action == "/JavaScript" or "/JS" in dictionary or "/JavaScript" in dictionary:
        return "JavaScript"
    if action == "/Launch" or "/Launch" in dictionary:
        return "a launch action"
    if (
        "/EmbeddedFiles" in dictionary
        or "/EF" in dictionary
        or dictionary.get("/Type") == "/EmbeddedFile"
        or dictionary.get("/Subtype") == "/FileAttachment"
    ):
        return "embedded files"
    return None


PDF_REFUSALS = {
    "JavaScript": _(
        "“%(name)s” contains JavaScript. PDFs with scripts are not accepted; "
        "please save it again without them (for example by printing it to a new PDF)."
    ),
    "a launch action": _(
        "“%(name)s” contains an action that starts other programs. Such PDFs are not accepted; "
        "please save it again without it (for example by printing it to a new PDF)."
    ),
    "embedded files": _(
        "“%(name)s” contains embedded files. PDFs with files inside are not accepted; "
        "please send those files separately."
    ),
}


def check_pdf(upload):
    """Refuse a PDF that cannot be read or carries JavaScript, launch actions or embedded files."""
    data = upload.read()
    upload.seek(0)
    try:
        found = pdf_active_content(data)
    except ValueError:
        raise ValidationError(
            _("“%(name)s” could not be read as a PDF (it may be damaged or password-protected)."),
            params={"name": upload.name},
        ) from None
    if found:
        raise ValidationError(PDF_REFUSALS[found], params={"name": upload.name})
    return data


def open_image(upload, name):
    """The upload opened and fully decoded with Pillow; refuses unreadable images and pixel bombs."""
    data = upload.read()
    upload.seek(0)
    try:
        image = Image.open(io.BytesIO(data))  # a copy: closing the image never closes the upload
        if image.width * image.height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
            raise ValidationError(_("“%(name)s” has too many pixels."), params={"name": name})
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(_("“%(name)s” could not be read as an image."), params={"name": name}) from None
    return image


def check_attachment(upload):
    """A submitter's attachment checked by its bytes; returns a clean file (PDF checked and kept,
    images re-encoded without metadata). Raises ValidationError with a message the submitter understands."""
    check_size(upload, settings.SUBMISSION_MAX_UPLOAD_BYTES)
    kind, _head = sniff(upload)
    if kind is None or kind.mime not in ATTACHMENT_TYPES:
        raise ValidationError(_("“%(name)s” is not a PDF, JPEG or PNG file."), params={"name": upload.name})
    stem = re.sub(r"[^\w.-]", "_", upload.name.rsplit(".", 1)[0])[:80] or "attachment"
    if kind.mime == "application/pdf":
        return SimpleUploadedFile(f"{stem}.pdf", check_pdf(upload), content_type=kind.mime)
    with open_image(upload, upload.name) as image:
        clean = io.BytesIO()
        fmt = "JPEG" if kind.mime == "image/jpeg" else "PNG"
        (image.convert("RGB") if fmt == "JPEG" else image).save(clean, format=fmt)
    return SimpleUploadedFile(f"{stem}.{ATTACHMENT_TYPES[kind.mime]}", clean.getvalue(), content_type=kind.mime)


def check_document(upload):
    """An editor's document: raise ValidationError unless its content matches its extension.

    PDF, RTF and office files must carry their signature (and PDFs pass ``check_pdf``); CSV and
    text files must be UTF-8 text without markup that a browser could run.
    """
    name = upload.name or ""
    extension = extension_of(name)
    check_size(upload, settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)
    kind, head = sniff(upload)
    if extension in TEXT_DOCUMENTS:
        if not is_text(head) or any(marker in head.lower() for marker in TEXT_MARKUP):
            raise ValidationError(_("“%(name)s” is not a plain text file."), params={"name": name})
        return
    if kind is None or kind.mime not in DOCUMENT_SIGNATURES.get(extension, set()):
        raise ValidationError(
            _("The content of “%(name)s” is not a .%(ext)s file."), params={"name": name, "ext": extension}
        )
    if kind.mime == "application/pdf":
        check_pdf(upload)


def check_image(upload):
    """An editor's image: its bytes must be the image type its extension says, readable and not too large."""
    name = upload.name or ""
    extension = extension_of(name)
    check_size(upload, settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)
    kind, _head = sniff(upload)
    if kind is None or kind.mime not in IMAGE_SIGNATURES.get(extension, set()):
        raise ValidationError(
            _("“%(name)s” is not a GIF, JPEG, PNG or WebP image with the matching extension."), params={"name": name}
        )
    open_image(upload, name).close()


def is_text(head):
    """True when the bytes are UTF-8 text without NUL bytes (a character cut off at the end is fine)."""
    if b"\x00" in head:
        return False
    for cut in range(4):
        try:
            head[: len(head) - cut].decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    return False
