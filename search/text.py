"""Visitors' search text made safe for Wagtail's search back ends.

The database back ends hand parts of the text to SQLite FTS5 or PostgreSQL's tsquery parser, whose
syntax characters (quotes, operators, brackets) or an empty query after parsing make them fail.
Search here is for words, so only words are kept.
"""

import re
import unicodedata

MAX_SEARCH_LENGTH = 200
NOT_A_WORD = re.compile(r"[^\w\s'’-]+", re.UNICODE)


def search_words(text, max_length=MAX_SEARCH_LENGTH):
    """The words of `text` (letters, digits, inner hyphens and apostrophes), single-spaced and at
    most `max_length` characters; "" when nothing searchable is left."""
    text = unicodedata.normalize("NFC", str(text or ""))[: max_length * 2]
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = NOT_A_WORD.sub(" ", text)
    words = [word.strip("-'’_") for word in text.split()]
    return " ".join(word for word in words if word)[:max_length].strip()
