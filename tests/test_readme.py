"""The README's commands are the ones CI runs, and its Python example runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    m = re.search(r'^TEST_COMMAND="(.+)"$', ci, re.M)
    assert m, ".ci/run has no TEST_COMMAND line"
    section = README.split("## Test it", 1)[1].split("##", 1)[0]
    assert f"```bash\n{m.group(1)}\n```" in section


def test_readme_run_command_loads_the_bundled_examples() -> None:
    section = README.split("## Run it", 1)[1].split("##", 1)[0]
    assert "thesisgraph load examples/notes" in section
    assert (ROOT / "examples" / "notes").is_dir()


def test_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    section = README.split("## The same in Python", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code
    monkeypatch.chdir(ROOT)
    text = code.group(1).replace('"research.trig"', repr(str(tmp_path / "research.trig")))
    exec(compile(text, "README.md", "exec"), {})
    assert (tmp_path / "research.trig").stat().st_size > 0
