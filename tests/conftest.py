"""Shared fixtures. Seeds are read from ../shared/seeds (or $KORYU_SEEDS), never copied
into the repo. Outside CI a missing seeds folder skips the tests that need it; in CI it
stops the run, so that a green CI never hides skipped seed tests."""

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# Property tests check behaviour, not speed: a loaded CI machine must not fail them on
# hypothesis' per-example deadline (speed is measured in benchmarks/).
hypothesis_settings.register_profile("koryu", deadline=None, print_blob=True)
hypothesis_settings.load_profile("koryu")

REPO = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("KORYU_SEEDS") or REPO.parent / "shared" / "seeds")


def pytest_sessionstart(session):
    if os.environ.get("CI") == "true" and not SEEDS.is_dir():
        raise pytest.UsageError(f"CI needs the seeds at {SEEDS} (../shared beside the clone)")


def seed_path(prefix: str) -> Path:
    """Path of the seed whose file name starts with ``prefix`` (e.g. "003")."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    return matches[0]


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seeds folder not found at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """One PostgreSQL test database per pytest process, so that concurrent runs (CI's two
    suites, several developers on one server) never drop each other's database."""
    import os

    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        db.setdefault("TEST", {})["NAME"] = f"test_koryu_{os.getpid()}"
