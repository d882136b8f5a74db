"""The development ``.env`` file read by the settings, and production still requiring a SECRET_KEY.

``manage.py check`` runs in a subprocess from a copy of the project's entry points (``manage.py``
and ``lagi_portal/``; the apps are imported from this checkout), so that the ``.env`` next to the
copied settings is the test's own, whatever the developer's checkout holds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from lagi_portal.settings import read_env_file

REPO = Path(__file__).resolve().parent.parent
SECRET_KEY_REQUIRED = "SECRET_KEY is required"
# Variables of the developer's or the test run's environment that would decide the outcome.
_DECIDING_VARIABLES = ("DEBUG", "SECRET_KEY", "ENV_FILE")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "manage.py", root)
    shutil.copytree(REPO / "lagi_portal", root / "lagi_portal", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("templates", "static", "locale"):
        (root / name).symlink_to(REPO / name)
    return root


def run(root: Path, *command: str, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if name not in _DECIDING_VARIABLES}
    env.update(PYTHONPATH=str(REPO), DATABASE_URL=f"sqlite:///{root / 'db.sqlite3'}", **variables)
    return subprocess.run(
        [sys.executable, *command], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )


def manage_check(root: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    return run(root, "manage.py", "check", **variables)


def test_a_dot_env_with_debug_lets_manage_py_run_without_a_secret_key(project):
    (project / ".env").write_text("# Development settings\n\nDEBUG=1\n", encoding="utf-8")
    result = manage_check(project)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_without_dot_env_manage_py_requires_a_secret_key(project):
    result = manage_check(project)
    assert result.returncode != 0
    assert SECRET_KEY_REQUIRED in result.stderr


def test_without_dot_env_the_wsgi_application_requires_a_secret_key(project):
    # What gunicorn lagi_portal.wsgi does first.
    result = run(project, "-c", "import lagi_portal.wsgi")
    assert result.returncode != 0
    assert SECRET_KEY_REQUIRED in result.stderr


def test_a_variable_of_the_environment_wins_over_the_file(project):
    (project / ".env").write_text("DEBUG=1\n", encoding="utf-8")
    result = manage_check(project, DEBUG="0")
    assert result.returncode != 0
    assert SECRET_KEY_REQUIRED in result.stderr
    # And the other way round: the file's value is not applied over the environment's.
    (project / ".env").write_text("DEBUG=0\n", encoding="utf-8")
    assert manage_check(project, DEBUG="1").returncode == 0


def test_a_malformed_line_stops_the_start_up_without_showing_the_line(project):
    (project / ".env").write_text("DEBUG=1\nexport SECRET_KEY=do-not-print-me\n", encoding="utf-8")
    result = manage_check(project)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert ".env, line 2: expected NAME=value or a # comment" in result.stderr
    assert "do-not-print-me" not in result.stdout + result.stderr


def test_env_file_names_another_file(project, tmp_path):
    other = tmp_path / "development.env"
    other.write_text("DEBUG=1\n", encoding="utf-8")
    assert manage_check(project, ENV_FILE=str(other)).returncode == 0
    missing = manage_check(project, ENV_FILE=str(tmp_path / "missing.env"))
    assert missing.returncode != 0
    assert "ENV_FILE names a file that does not exist" in missing.stderr


# --- the parser itself ----------------------------------------------------------------------


def test_the_parser_reads_names_and_values_as_written(tmp_path):
    path = tmp_path / ".env"
    path.write_text(
        '# a comment\n\n  DEBUG=1  \nSECRET_KEY=a=b#c\nALLOWED_HOSTS=\nLOG_LEVEL="INFO"\n', encoding="utf-8"
    )
    assert read_env_file(path) == {
        "DEBUG": "1",
        "SECRET_KEY": "a=b#c",
        "ALLOWED_HOSTS": "",
        "LOG_LEVEL": '"INFO"',
    }


@pytest.mark.parametrize(
    "line", ["DEBUG", "DEBUG = 1", "export DEBUG=1", "1DEBUG=1", "DÉBUG=1", "=1"], ids=repr
)
def test_the_parser_refuses_a_line_it_cannot_read(tmp_path, line):
    path = tmp_path / ".env"
    path.write_text(f"# first\n{line}\n", encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match=r"\.env, line 2: expected NAME=value"):
        read_env_file(path)


def test_the_parser_refuses_a_name_set_twice(tmp_path):
    path = tmp_path / ".env"
    path.write_text("DEBUG=1\nDEBUG=0\n", encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match="line 2: DEBUG is set twice"):
        read_env_file(path)
