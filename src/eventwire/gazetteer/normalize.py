"""Name normalisation shared by the gazetteer build and lookups.

Two keys are derived from every name:

``name_key``
    the *exact* key: transliterated to ASCII, casefolded, apostrophes and quote marks removed
    (``’ ' ‘ ` ʼ ʻ ´``: "Qa'im" and "Qa’im" both give ``qaim``), every other run of punctuation
    or white space turned into one space ("Tal-Afar" -> ``tal afar``, "St. Louis" -> ``st louis``).

``variant_key``
    a looser key for transliteration variants: the exact key without a leading Arabic article
    (``al``/``el``/``ad``/``an``/``ar``/``as``/``at``/``ash``/``az``… followed by a space, so
    "al-Qa'im", "Al Qaim" and "Qa'im" meet), without spaces ("Tal Afar" meets "Tallafar"
    after letter collapsing), with doubled letters collapsed ("Qayyarah" meets "Qayarah"),
    ``q`` written ``k`` ("Kaim" meets "Qa'im"), ``-iyah``/``-iya`` unified, and the French
    and Russian spellings of the j sound, ``dj`` and ``dzh``, written ``j`` ("Adjara" meets
    "Ajara", "Adzhariya" meets "Ajariya"). Lookups try
    the exact key first, so the loose key only adds candidates when a name is written
    differently.

Both are computed by the same function at build and at query time: a change here needs a
rebuild of the data file (``scripts/build_gazetteer.py``), which records ``KEY_VERSION``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

__all__ = ["KEY_VERSION", "MAX_KEY_BYTES", "is_latin", "name_key", "variant_key"]

#: Stored in the data file; the loader refuses a file built with other keys.
KEY_VERSION = 3

#: Keys are stored as fixed-width byte strings; longer keys are cut (both sides cut alike).
MAX_KEY_BYTES = 48

_APOSTROPHES = re.compile(r"[’'‘`ʼʻ´′ʿʾ\"“”]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ARTICLE = re.compile(r"^(?:al|el|ad|an|ar|as|at|ash|az|adh|ath)\s+")
_DOUBLE = re.compile(r"([a-z])\1+")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The exact lookup key of a name (see module doc); ``""`` if nothing is left."""
    text = unicodedata.normalize("NFKC", name)
    text = _APOSTROPHES.sub("", text)
    # unidecode also handles letters NFKD does not decompose (Ł, ø, ß, ı).
    text = unidecode(text).casefold()
    text = _APOSTROPHES.sub("", text)  # unidecode may emit ' for some letters
    text = _NON_ALNUM.sub(" ", text).strip()
    return text[:MAX_KEY_BYTES]


def variant_key(key: str) -> str:
    """The loose key derived from an exact key (see module doc)."""
    stripped = _ARTICLE.sub("", key)
    if not stripped:
        stripped = key
    # Arabic qaf is written q or k ("Qaim", "Kaim"); spaces and doubled letters vary too.
    compact = stripped.replace(" ", "").replace("q", "k").replace("dzh", "j").replace("dj", "j")
    compact = _DOUBLE.sub(r"\1", compact)
    if compact.endswith("iyah"):
        compact = compact[:-1]
    return compact[:MAX_KEY_BYTES]


def is_latin(name: str) -> bool:
    """True when every letter of ``name`` is Latin script (a name an English text can use)."""
    for ch in name:
        if ch.isalpha():
            if ord(ch) < 0x250:
                continue
            if 0x1E00 <= ord(ch) <= 0x1EFF:  # Latin Extended Additional (ṭ, ḩ, ẓ…)
                continue
            return False
    return True
