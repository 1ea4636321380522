"""Shared fixtures: real Chroma stores in temporary folders, the real packaged models."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_cf9cc913bd578db9.txt"


@pytest.fixture(scope="session")
def seeded(tmp_path_factory):
    """An Assistant over an embedded store holding the seed article (read-only use)."""
    from qa import Assistant

    assistant = Assistant(tmp_path_factory.mktemp("seeded"))
    report = assistant.add_files([str(SEED)])
    assert report.added == [str(SEED)]
    return assistant


@pytest.fixture
def fresh(tmp_path):
    """An Assistant over an empty embedded store of its own."""
    from qa import Assistant

    return Assistant(tmp_path / "store")


@pytest.fixture(scope="module")
def server(assistant):
    """The newsqa HTTP server on 127.0.0.1 over the module's own ``assistant`` fixture; its base URL."""
    from tests.servers import running_server

    with running_server(assistant) as url:
        yield url
