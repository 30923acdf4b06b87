"""kg works on the project tree it is run in (found upward from the current folder, as git
finds its repository), says which tree that is, and falls back to the bundled copy only
outside any project: a curator's edit in a checkout is what gets built."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.config import Project, bundled_project, find_project

KG = [sys.executable, "-c", "from kg.cli import main; main()"]
WARS = "data/reference/wars.yaml"


def _copy_registry(project: Project) -> None:
    """sample_copy leaves the registry out; discovery looks for a complete tree."""
    (project.root / "registry").mkdir(exist_ok=True)
    (project.root / "registry" / "minted.txt").write_text("", encoding="utf-8")


def test_finds_the_tree_from_a_subfolder(sample_copy: Project) -> None:
    _copy_registry(sample_copy)
    found = find_project(sample_copy.root / "data" / "reference")
    assert found == Project(sample_copy.root.resolve())


def test_outside_any_tree_nothing_is_found(tmp_path: Path) -> None:
    assert find_project(tmp_path) is None


def test_an_edit_in_the_tree_run_in_is_what_gets_built(sample_copy: Project) -> None:
    _copy_registry(sample_copy)
    wars = sample_copy.root / WARS
    wars.write_text(
        wars.read_text(encoding="utf-8").replace(
            "label: Russian invasion of Ukraine\n", "label: Russian invasion of Ukraine (edited)\n"
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [*KG, "build", "--format", "nt"],
        cwd=sample_copy.root / "data",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"note: using project tree {sample_copy.root.resolve()}" in result.stderr
    assert '"Russian invasion of Ukraine (edited)"' in result.stdout


def test_outside_a_tree_the_command_says_it_uses_the_bundled_copy(tmp_path: Path) -> None:
    result = subprocess.run([*KG, "query", "--list"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    bundled = bundled_project()
    if bundled.bundled:
        assert "note: using the copy bundled with the installed package" in result.stderr
    else:
        pytest.skip("an editable install: the package's own checkout is its bundled copy")
