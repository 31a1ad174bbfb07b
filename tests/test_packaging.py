"""The package layout in pyproject.toml covers every module and data file, so that a plain
``pip install .`` ships what an editable install sees."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
SETUP = CONFIG["tool"]["setuptools"]


def _package_dirs() -> dict[str, Path]:
    return {name: ROOT / folder for name, folder in SETUP["package-dir"].items()}


def test_every_python_package_folder_is_listed() -> None:
    listed = set(SETUP["packages"])
    mapped = _package_dirs()
    for name in ("thesisgraph.graph", "thesisgraph.loaders", "thesisgraph.viz", "thesisgraph.ontology"):
        top = mapped[name]
        for init in top.rglob("__init__.py"):
            rel = init.parent.relative_to(top)
            pkg = ".".join([name, *rel.parts]) if rel.parts else name
            assert pkg in listed, f"{pkg} ({init.parent}) is not in [tool.setuptools] packages"
            assert pkg in mapped, f"{pkg} is not in [tool.setuptools] package-dir"


def test_every_data_file_is_package_data() -> None:
    data = SETUP.get("package-data", {})
    for pkg, folder in _package_dirs().items():
        if not folder.is_dir():
            continue
        for f in folder.iterdir():
            if f.is_file() and f.suffix not in (".py", ".pyc") and not f.name.startswith("."):
                patterns = data.get(pkg, [])
                assert any(fnmatch.fnmatch(f.name, p) for p in patterns), f"{f} is not package data of {pkg}"
        for sub in folder.iterdir():
            if sub.is_dir() and not (sub / "__init__.py").exists() and sub.name != "__pycache__":
                for f in sub.iterdir():
                    patterns = data.get(pkg, [])
                    assert any(fnmatch.fnmatch(f"{sub.name}/{f.name}", p) for p in patterns), (
                        f"{f} is not package data of {pkg}"
                    )


def test_heavy_libraries_are_not_imported_with_the_package() -> None:
    import subprocess
    import sys

    code = (
        "import sys, thesisgraph, thesisgraph.cli, thesisgraph.graph.store, thesisgraph.loaders.pipeline\n"
        "heavy = [m for m in ('pyvis', 'pyshacl', 'trafilatura', 'pypdf', 'rdflib', 'networkx', 'http.server')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"imported at start-up: {out.stdout.strip()}"
