from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
LABELS = ROOT / "labels"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def trained(tmp_path_factory):
    """A model trained by the real procedure on the repository's labels (once per test run)."""
    from classifier.training import train

    out = tmp_path_factory.mktemp("model") / "sectors.joblib"
    return train(LABELS, out)


@pytest.fixture(scope="session")
def model(trained):
    import classifier

    return classifier.load(trained.path)


@pytest.fixture(scope="session")
def scheme():
    from classifier.scheme import load_scheme

    return load_scheme()
