"""Plain text to safe rich text."""

from django.utils.html import escape


def paragraphs(text):
    """Plain text with blank-line-separated paragraphs → escaped rich-text HTML."""
    parts = [" ".join(p.split()) for p in (text or "").replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{escape(p)}</p>" for p in parts if p)
