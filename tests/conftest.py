"""Shared fixtures: the offline mirror on 127.0.0.1, and real crawls against it."""

from __future__ import annotations

from pathlib import Path

import pytest

import mirror

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def mirror_day1():
    with mirror.running(seed=0, day=1) as running:
        yield running
