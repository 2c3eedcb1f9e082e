"""Whatever users scrape gets a clear answer: tagged, or one line naming the file and the problem."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from classifier.cli import app
from conftest import LABELS, ROOT, SEEDS, SMALL

SHIPPED = ROOT / "models" / "sectors.joblib"  # a model good enough to judge what got tagged

runner = CliRunner()
SEED = (SEEDS / "tolam-mishustin.txt").read_text(encoding="utf-8")
FRENCH = "La coopération énergétique entre les deux pays progresse.\n\nLes étudiants vietnamiens à Moscou."


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


# name -> (bytes of the file, what stderr must say or None when it must be tagged)
HOSTILE = {
    "empty.txt": (b"", "empty.txt: file is empty"),
    "blank.txt": (b" \n\n\t  \r\n", "blank.txt: file is empty"),
    "report.pdf.txt": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n" * 20, "report.pdf.txt: looks like a binary file"),
    "photo.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "photo.txt: looks like a binary file"),
    "cp1252.txt": (FRENCH.replace("à", "à “Hanoï”").encode("cp1252"), "cp1252.txt: not UTF-8 text"),
    "latin1.txt": (FRENCH.encode("latin-1"), "latin1.txt: not UTF-8 text"),
    "utf16.txt": (SEED.encode("utf-16"), None),
    "one-word.txt": (b"x" * 2**20, None),
    "long-paragraph.txt": (("la coopération dans le pétrole et le gaz " * 2500)[:100_000].encode(), None),
    "control.txt": ("Le pétrole\x00 et\x07 le gaz\x1b[0m.\x0c\n\nLa santé\x08 publique.".encode(), None),
    "vietnamese.txt": ("Việt Nam và Nga tăng cường hợp tác dầu khí và giáo dục.\n\nHai bên thúc đẩy du lịch.".encode(), None),
    "cyrillic-chinese.txt": ("Россия и Вьетнам расширяют сотрудничество в энергетике.\n\n中越两国加强能源合作。".encode(), None),
}


def _make(folder: Path) -> None:
    for name, (data, _) in HOSTILE.items():
        (folder / name).write_bytes(data)
    os.symlink("loop.txt", folder / "loop.txt")  # a link to itself
    os.mkfifo(folder / "pipe.txt")  # reading it would block for ever
    (folder / "sub").mkdir()
    os.symlink("..", folder / "sub" / "up")  # a folder loop: must not be followed
    (folder / "sub" / "good.txt").write_text(SEED, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    _make(folder)
    return folder


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_hostile_file_alone(trained, hostile, name):
    _, message = HOSTILE[name]
    result = run("tag", hostile / name, "--model", SHIPPED, "--format", "json")
    assert "Traceback" not in result.output
    if message is None:
        assert result.exit_code == 0, result.output
        [article] = json.loads(result.stdout)["articles"]
        scores = [s["score"] for p in article["paragraphs"] for s in p["sectors"]]
        assert all(0 <= s <= 1 for s in scores)
        assert not any(c in p["text"] for p in article["paragraphs"] for c in "\x00\x07\x08\x0c\x1b")
    else:
        assert result.exit_code == 1
        [line] = result.stderr.strip().splitlines()
        assert line.startswith("error: ") and message in line


def test_utf16_and_long_inputs_are_tagged_as_text(trained, hostile):
    [article] = json.loads(run("tag", hostile / "utf16.txt", "--model", SHIPPED, "--format", "json").stdout)["articles"]
    assert {"energy", "education", "transport"} <= {s["sector"] for s in article["sectors"]}
    [article] = json.loads(run("tag", hostile / "long-paragraph.txt", "--model", SHIPPED, "--format", "json").stdout)["articles"]
    assert len(article["paragraphs"]) == 1 and len(article["paragraphs"][0]["text"]) > 99_000
    assert article["sectors"][0]["sector"] == "energy"
    [article] = json.loads(run("tag", hostile / "one-word.txt", "--model", SHIPPED, "--format", "json").stdout)["articles"]
    assert len(article["paragraphs"]) == 1


@pytest.mark.parametrize("name, encoding", [("cp1252.txt", "cp1252"), ("latin1.txt", "latin-1")])
def test_encoding_option_reads_legacy_files(trained, hostile, name, encoding):
    result = run("tag", hostile / name, "--model", SHIPPED, "--format", "json", "--encoding", encoding)
    assert result.exit_code == 0, result.output
    [article] = json.loads(result.stdout)["articles"]
    assert article["paragraphs"][0]["text"].startswith("La coopération énergétique")
    assert "energy" in [s["sector"] for s in article["sectors"]]


def test_links_fifos_and_unreadable_files(trained, hostile, monkeypatch):
    result = run("tag", hostile / "loop.txt", "--model", SHIPPED)
    assert result.exit_code == 1 and result.stderr.startswith(f"error: {hostile / 'loop.txt'}: cannot read")
    result = run("tag", hostile / "pipe.txt", "--model", SHIPPED)
    assert result.exit_code == 1 and result.stderr.strip() == f"error: {hostile / 'pipe.txt'}: not a regular file"

    secret = hostile / "sub" / "good.txt"
    real = Path.read_bytes

    def read_bytes(self):  # chmod 000 does not stop root, so refuse the read the way the OS would
        if self == secret:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = run("tag", secret, "--model", SHIPPED)
    assert result.exit_code == 1 and result.stderr.strip() == f"error: {secret}: permission denied"


def test_a_folder_of_hostile_files_tags_the_good_ones_and_reports_the_bad(trained, hostile):
    result = run("tag", hostile, "--model", SHIPPED, "--format", "jsonl")
    assert result.exit_code == 1
    tagged = {Path(json.loads(line)["source"]).name for line in result.stdout.splitlines()}
    good = {name for name, (_, message) in HOSTILE.items() if message is None} | {"good.txt"}
    assert tagged == good  # sub/good.txt once: the loop through sub/up is not followed
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    assert lines[-2].startswith("read ") and "txt" in lines[-2]  # what the walk read and skipped
    bad = [name for name, (_, message) in HOSTILE.items() if message] + ["loop.txt", "pipe.txt"]
    assert len(errors) == len(bad) + 1
    for name in bad:
        assert sum(f"/{name}: " in line for line in errors) == 1, name
    assert errors[-1] == f"error: {len(bad)} of {len(bad) + len(good)} inputs could not be tagged, the others were (see above)"


def test_parallel_run_reports_the_same(trained, hostile):
    one = run("tag", hostile, "--model", SHIPPED, "--format", "jsonl")
    two = run("tag", hostile, "--model", SHIPPED, "--format", "jsonl", "--jobs", "2")
    assert two.exit_code == one.exit_code == 1
    assert two.stdout == one.stdout and sorted(two.stderr.splitlines()) == sorted(one.stderr.splitlines())


def test_usage_errors_exit_2_and_debug_shows_the_traceback(trained, hostile):
    result = run("tag", hostile / "utf16.txt", "--model", SHIPPED, "--encoding", "klingon")
    assert result.exit_code == 2 and result.stderr.strip() == "error: unknown encoding 'klingon' (try utf-8, cp1252, latin-1)"
    assert run("tag", hostile / "utf16.txt", "--jobs", "0").exit_code == 2
    assert run("tag").exit_code == 2
    result = run("--debug", "tag", hostile / "empty.txt", "--model", SHIPPED)
    assert result.exit_code == 1 and "Traceback" in result.stderr and "file is empty" in result.stderr


def test_stdin_binary_and_empty(trained):
    result = runner.invoke(app, ["tag", "-", "--model", str(SHIPPED)], input=b"\x00\x01\x02\x03" * 100)
    assert result.exit_code == 1 and result.stderr.strip() == "error: <stdin>: looks like a binary file, not text (expected a UTF-8 .txt article)"
    result = run("tag", "-", "--model", SHIPPED, input="")
    assert result.exit_code == 1 and result.stderr.strip() == "error: <stdin>: no text on standard input"


# -- training killed midway ------------------------------------------------------------------


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.parent.iterdir())}


@pytest.mark.parametrize("sig, code", [(signal.SIGKILL, -signal.SIGKILL), (signal.SIGTERM, 143)])
def test_training_killed_while_writing_leaves_the_old_model(trained, tmp_path, sig, code):
    """The save pauses once every new file is written in full, just before the renames
    (storage.PAUSE_ENV): the kill lands in the middle of writing, every time."""
    from classifier.storage import PAUSE_ENV

    out = tmp_path / "m" / "sectors.joblib"
    out.parent.mkdir()
    for src in trained.path.parent.iterdir():  # a previous model, in place
        (out.parent / src.name).write_bytes(src.read_bytes())
    before = _files(out)
    marker = tmp_path / "paused"
    proc = subprocess.Popen(
        [sys.executable, "-c", "from classifier.cli import main; main()", "train", "--data", str(SMALL), "--out", str(out), "--force"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, PAUSE_ENV: str(marker)},
    )
    deadline = time.monotonic() + 120
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), "training never reached the write"
    staged = [Path(t) for t in marker.read_text().split()]
    assert len(staged) == 3 and all(t.exists() and t.stat().st_size > 0 for t in staged)  # new files written, not yet in place
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code
    after = _files(out)
    if sig == signal.SIGTERM:
        assert err.decode().strip() == "error: terminated"
        assert after == before  # same files, same bytes, temporary files cleaned up
    else:  # a SIGKILL leaves the temporary files (hidden, ignored), never a replaced model
        assert {k: v for k, v in after.items() if not k.endswith(".tmp")} == before

    import classifier

    assert classifier.load(out).digest == trained.manifest.digest
