"""The one text normaliser: how names, titles and visitors' queries are compared everywhere (site
search, autocomplete, place suggestions, the gazetteer, duplicate detection).

A pipeline of small steps, each usable alone:
- `squeeze`: Unicode NFC, runs of white space as one space, trimmed (the text as typed, tidied);
- `search_words`: only the words (letters, digits, inner hyphens and apostrophes), as safe input
  for the database's full-text search syntax;
- `fold`: case, accents, hyphens and repeated spaces ignored ("Köln" → "koln");
- `folded_words` and `match_key`: the folded words of a text, as a list or as one key.
"""

import re
import unicodedata

MAX_SEARCH_LENGTH = 200
NOT_A_WORD = re.compile(r"[^\w\s'’-]+", re.UNICODE)
WORD = re.compile(r"(\w+)", re.UNICODE)

# Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "ħ": "h",
        "ŀ": "l",
        "’": "'",
        "‘": "'",
        "‐": " ",
        "‑": " ",
        "–": " ",
        "-": " ",
    }
)


def squeeze(text):
    """The text in Unicode NFC with each run of white space as one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", str(text or "")).split())


def search_words(text, max_length=MAX_SEARCH_LENGTH):
    """The words of `text` (letters, digits, inner hyphens and apostrophes), single-spaced and at
    most `max_length` characters; "" when nothing searchable is left.

    The database back ends hand parts of the text to SQLite FTS5 or PostgreSQL's tsquery parser,
    whose syntax characters (quotes, operators, brackets) or an empty query after parsing make them
    fail; search is for words, so only words are kept.
    """
    text = unicodedata.normalize("NFC", str(text or ""))[: max_length * 2]
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = NOT_A_WORD.sub(" ", text)
    words = [word.strip("-'’_") for word in text.split()]
    return " ".join(word for word in words if word)[:max_length].strip()


def fold(text):
    """Fold a name for matching: case, accents, hyphens and repeated spaces ignored.

    "Köln" → "koln", "Łódź" → "lodz", "Castrop-Rauxel" → "castrop rauxel".
    """
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.translate(_UNDECOMPOSED).split())


def folded_words(text):
    """The accent- and case-folded words of a text (a list)."""
    return fold(" ".join(WORD.findall(text or ""))).split()


def match_key(text):
    """The form in which names and queries are compared by prefix: words only, accent-folded, lower case."""
    return fold(search_words(text))
