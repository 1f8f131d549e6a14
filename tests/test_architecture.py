"""The pure core never imports Django (nor the web shell); the import contracts hold."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "gia"
CORE = ["standard", "dataset", "accounting", "assessment", "symbiosis", "toolbox", "certificates", "io"]
FORBIDDEN = ("django", "ninja", "gia.web")


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("package", CORE)
def test_core_package_does_not_import_django(package):
    offenders = [
        f"{path.relative_to(SRC)}: {name}"
        for path in (SRC / package).rglob("*.py")
        for name in imported_modules(path)
        if name == FORBIDDEN[0] or name.startswith(tuple(f"{f}." for f in FORBIDDEN) + FORBIDDEN[1:])
    ]
    assert offenders == []


def test_import_contracts_hold():
    executable = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert executable, "import-linter is a dev dependency"
    completed = subprocess.run([executable], capture_output=True, text=True, cwd=SRC.parents[1], check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
