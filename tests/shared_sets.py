"""Where the shared real labelled sets are: ../shared beside the checkout (CI), or /work/shared."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REALDEV = next(
    (p / "realdev" for p in (ROOT.parent / "shared", Path("/work/shared")) if (p / "realdev").is_dir()),
    None,
)
needs_realdev = pytest.mark.skipif(REALDEV is None, reason="../shared/realdev not present")
