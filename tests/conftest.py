from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
LABELS = ROOT / "labels"
DATA = Path(__file__).resolve().parent / "data"
SMALL = DATA / "labels" / "small.jsonl"  # 31 corpus articles, every sector 12+ times; no seed among them


@pytest.fixture(scope="session")
def trained(tmp_path_factory):
    """A model trained by the real procedure on the small labelled set (a few seconds, once per run)."""
    from classifier.training import train

    out = tmp_path_factory.mktemp("model") / "sectors.joblib"
    return train(SMALL, out)


@pytest.fixture(scope="session")
def model(trained):
    import classifier

    return classifier.load(trained.path)


@pytest.fixture(scope="session")
def without_seeds(tmp_path_factory):
    """A model trained on the whole corpus but the seeds: what tagging the seeds really tests (slow)."""
    import shutil

    from classifier.training import train

    folder = tmp_path_factory.mktemp("labels")
    shutil.copytree(LABELS / "corpus", folder / "corpus")
    return train(folder, tmp_path_factory.mktemp("full") / "sectors.joblib")


@pytest.fixture(scope="session")
def scheme():
    from classifier.scheme import load_scheme

    return load_scheme(LABELS / "scheme.json")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: trains on the whole corpus (run in CI: pytest -m slow)")
    config.addinivalue_line("markers", "browser: drives headless Chromium (skipped without it)")


# Property-based tests: a short run by default (CI), a long one for developers:
#   HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py
try:
    import os

    from hypothesis import HealthCheck, settings

    settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
except ImportError:  # hypothesis comes with the test extra
    pass
