"""The README's notebook example runs as written and prints what it says."""

import contextlib
import io
import os
import re

from conftest import ROOT


def test_notebook_section_runs_as_written():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## In a notebook\n.*?```python\n(.*?)```", readme, re.S).group(1)
    expected = re.search(r"model\.predict\(\[.*?\]\)\n# (.*)\n", block).group(1)
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        namespace: dict = {}
        exec(compile(block, "README.md", "exec"), namespace)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            print(namespace["model"].predict(["Les deux pays renforceront leur coopération dans le pétrole et le gaz."]))
    finally:
        os.chdir(here)
    assert out.getvalue().strip() == expected
    assert namespace["result"].sectors
