"""The README's notebook example runs as written and prints what it says."""

import os
import re

from conftest import ROOT


def test_notebook_section_runs_as_written():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## In a notebook\n.*?```python\n(.*?)```", readme, re.S).group(1)
    call, expected = re.search(r"^(model\.predict\(\[.*?\]\))\n# (.*)\n", block, re.M).groups()
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        namespace: dict = {}
        exec(compile(block, "README.md", "exec"), namespace)
        shown = repr(eval(call, namespace))
    finally:
        os.chdir(here)
    assert shown == expected
    assert namespace["result"].sectors
