"""Project-wide guards: no missing migration, a clean ``check --deploy`` with production
settings, and complete, compiled translation catalogues."""

from __future__ import annotations

import ast
import gettext
import os
import re
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

BASE_DIR = Path(settings.BASE_DIR)
LOCALE_DIR = BASE_DIR / "locale"
VI_CATALOGUE = LOCALE_DIR / "vi" / "LC_MESSAGES" / "django.po"
# The options of `make messages`, so the guard sees what a developer would get.
MAKEMESSAGES_OPTIONS = ["--no-obsolete", "--add-location=file", "--ignore=var", "--ignore=node_modules"]


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


# --- migrations ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_missing_migrations() -> None:
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"Models and migrations differ; run makemigrations for that app:\n{out.getvalue()}")


# --- check --deploy -----------------------------------------------------------------------

# Variables that change the security settings: a developer's own values must not leak into the check.
_SECURITY_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "USE_X_FORWARDED_PROTO",
    "PLAIN_STATIC_STORAGE",
)


def production_environment(**overrides: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in _SECURITY_VARIABLES and not name.startswith("SECURE_")
    }
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="example.org")
    env.update(overrides)
    return env


def run_deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_production_settings() -> None:
    env = production_environment()
    assert len(env["SECRET_KEY"]) >= 50
    result = run_deploy_check(env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_catches_a_production_setting_turned_off() -> None:
    # The guard above can fail: without the SSL redirect the check reports security.W008.
    result = run_deploy_check(production_environment(SECURE_SSL_REDIRECT="0"))
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


# --- translations -------------------------------------------------------------------------


@dataclass
class CatalogueEntry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def is_fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def is_translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())

    def __str__(self) -> str:
        context = f" (context {self.msgctxt!r})" if self.msgctxt is not None else ""
        return f"line {self.line}: {self.msgid!r}{context}"


_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')
_CONTINUATION = re.compile(r'^(".*")\s*$')


def _po_string(quoted: str) -> str:
    # PO strings use C escapes (\n, \t, \", \\), which Python's string literals share.
    return ast.literal_eval(quoted)


def parse_po(path: Path) -> list[CatalogueEntry]:
    """The entries of a gettext catalogue, the header included, obsolete ones flagged."""
    entries: list[CatalogueEntry] = []
    entry = CatalogueEntry()
    target: tuple[str, int] | None = None
    started = False

    def finish() -> None:
        nonlocal entry, target, started
        if started:
            entries.append(entry)
        entry, target, started = CatalogueEntry(), None, False

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):  # previous msgid of an obsolete entry
                continue
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if entry.msgstr:  # a comment after a complete entry starts the next one
                finish()
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, quoted = match.group(1), match.group(2), match.group(3)
            if keyword in ("msgctxt", "msgid") and entry.msgstr:
                finish()
            if not started:
                entry.line = number
            started = True
            entry.obsolete = entry.obsolete or obsolete
            value = _po_string(quoted)
            if keyword == "msgctxt":
                entry.msgctxt, target = value, ("msgctxt", 0)
            elif keyword == "msgid":
                entry.msgid, target = value, ("msgid", 0)
            elif keyword == "msgid_plural":
                entry.msgid_plural, target = value, ("msgid_plural", 0)
            else:
                plural_index = int(index) if index is not None else 0
                entry.msgstr[plural_index], target = value, ("msgstr", plural_index)
            continue
        match = _CONTINUATION.match(line)
        if match and target is not None:
            value = _po_string(match.group(1))
            name, plural_index = target
            if name == "msgstr":
                entry.msgstr[plural_index] += value
            else:
                setattr(entry, name, (getattr(entry, name) or "") + value)
            continue
        raise ValueError(f"{path}:{number}: cannot read {raw!r}")
    finish()
    return entries


def active_entries(path: Path) -> list[CatalogueEntry]:
    return [entry for entry in parse_po(path) if not entry.obsolete]


def _listing(entries: list[CatalogueEntry], limit: int = 30) -> str:
    shown = "\n".join(f"  {entry}" for entry in entries[:limit])
    more = f"\n  ... and {len(entries) - limit} more" if len(entries) > limit else ""
    return shown + more


def test_po_parser_reads_contexts_plurals_flags_and_continuations(tmp_path: Path) -> None:
    catalogue = tmp_path / "django.po"
    catalogue.write_text(
        "\n".join(
            [
                'msgid ""',
                'msgstr ""',
                '"Content-Type: text/plain; charset=UTF-8\\n"',
                "",
                "#: organizations/models.py",
                "#, python-format",
                'msgid "Term %(ordinal)s"',
                'msgstr "Nhiệm kỳ %(ordinal)s"',
                "",
                'msgctxt "month"',
                'msgid "May"',
                'msgstr ""',
                "",
                "#, fuzzy",
                'msgid ""',
                '"A long "',
                '"message"',
                'msgid_plural "%(count)s messages"',
                'msgstr[0] "Một \\"tin\\""',
                "",
                '#~ msgid "Gone"',
                '#~ msgstr "Đã bỏ"',
                "",
            ]
        ),
        encoding="utf-8",
    )
    header, term, month, long, gone = parse_po(catalogue)
    assert header.is_header and header.msgstr[0] == "Content-Type: text/plain; charset=UTF-8\n"
    assert term.is_translated and term.flags == {"python-format"} and not term.is_fuzzy
    assert month.key == ("month", "May") and not month.is_translated
    assert long.msgid == "A long message" and long.msgid_plural == "%(count)s messages"
    assert long.is_fuzzy and long.msgstr == {0: 'Một "tin"'}
    assert gone.obsolete and gone.msgid == "Gone"


def test_vietnamese_catalogue_has_no_untranslated_or_fuzzy_entry() -> None:
    assert VI_CATALOGUE.exists(), f"{VI_CATALOGUE.relative_to(BASE_DIR)} is missing: run `make messages`"
    entries = active_entries(VI_CATALOGUE)
    untranslated = [entry for entry in entries if not entry.is_header and not entry.is_translated]
    fuzzy = [entry for entry in entries if entry.is_fuzzy]
    assert not untranslated, (
        f"{len(untranslated)} untranslated entries in locale/vi:\n{_listing(untranslated)}"
    )
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries in locale/vi (check, then unflag them):\n{_listing(fuzzy)}"


def _compiled_catalogue(mo_path: Path) -> dict:
    with mo_path.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


@pytest.mark.parametrize(
    "po_path", sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")), ids=lambda path: path.parts[-3]
)
def test_compiled_catalogue_matches_its_source(po_path: Path) -> None:
    """The committed .mo holds exactly the translated, non-fuzzy entries of the .po."""
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path.relative_to(BASE_DIR)} is missing: run `make compilemessages`"
    expected: dict = {}
    for entry in active_entries(po_path):
        if entry.is_header or entry.is_fuzzy or not entry.is_translated:
            continue
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected[msgid] = entry.msgstr[0]
        else:
            expected.update({(msgid, index): text for index, text in entry.msgstr.items()})
    compiled = {key: text for key, text in _compiled_catalogue(mo_path).items() if key != ""}
    stale = sorted(str(key) for key in set(expected) ^ set(compiled))
    changed = sorted(str(key) for key in set(expected) & set(compiled) if expected[key] != compiled[key])
    assert not stale and not changed, (
        f"{mo_path.relative_to(BASE_DIR)} is out of date, run `make compilemessages`:\n"
        f"  differing entries: {(stale + changed)[:20]}"
    )


def test_vietnamese_catalogue_has_every_source_string(tmp_path: Path) -> None:
    """`make messages` would add nothing to the committed catalogue."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        message = "gettext is not installed (apt-get install gettext): cannot extract the source strings"
        if running_in_ci():
            pytest.fail(message)
        pytest.skip(message)
    assert VI_CATALOGUE.exists(), f"{VI_CATALOGUE.relative_to(BASE_DIR)} is missing: run `make messages`"

    copy = tmp_path / "project"
    shutil.copytree(
        BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "var", "node_modules", "__pycache__", "*.pyc", ".*_cache", "test-results"
        ),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", *MAKEMESSAGES_OPTIONS],
        cwd=copy,
        env={**os.environ, "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    committed = {entry.key for entry in active_entries(VI_CATALOGUE)}
    extracted = active_entries(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po")
    missing = [entry for entry in extracted if entry.key not in committed]
    assert not missing, (
        f"{len(missing)} source strings are not in locale/vi; run `make messages` and translate them:\n"
        f"{_listing(missing)}"
    )
