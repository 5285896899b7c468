"""The demo content files (home/demo_content/, TOML) read and turned into field values: what the
demo loader (home/demo.py) and the demo pages (home/demo_pages.py) share."""

import datetime
import tomllib
from pathlib import Path

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.rich_text import RichText

from cityprofiles.dates import parse_partial_date
from cityprofiles.text import paragraphs

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"


class DemoContentError(Exception):
    """The demo content files are inconsistent (unknown reference, unplaceable municipality, ...)."""


def read(name):
    """Parse one TOML file of the demo content."""
    with open(CONTENT_DIR / name, "rb") as fh:
        return tomllib.load(fh)


def sources(items):
    """TOML source tables → StreamField data for a sources field."""
    result = []
    for item in items or []:
        date = item.get("date")
        if date:
            date = parse_partial_date(date)[0]
        result.append(("source", {"title": item["title"], "url": item["url"], "date": date}))
    return result


def article_body(item):
    """Profile or practice TOML → body StreamField data (fact box, quote, sections)."""
    body = []
    if item.get("facts"):
        body.append(("fact_box", {"title": "Key facts", "facts": item["facts"]}))
    for section in item.get("sections", []):
        body.append(("section", {"heading": section["heading"], "text": RichText(paragraphs(section["text"]))}))
    if item.get("quote"):
        body.append(("quote", {"text": item["quote"]["text"], "author": item["quote"]["author"], "role": ""}))
    return body


def text_document(title, filename, text):
    """A Wagtail document holding a plain-text template, created once."""
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file.save(filename, ContentFile(text.encode("utf-8")), save=False)
        document.save()
    return document


def today():
    """The date the demo content was written (fixed, so that reloads compare equal)."""
    return datetime.date(2026, 11, 24)
