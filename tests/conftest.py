"""Shared fixtures. Evaluation data lives in ``<repo>/../shared`` (read-only)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED_TXT = SHARED / "seed" / "article.txt"
SEED_GOLD = SHARED / "seed" / "article.gold.json"
GOLD_ARTICLES = SHARED / "eval" / "events" / "gold-articles"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("shared data folder not present")
    return SHARED


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"
