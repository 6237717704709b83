"""Every compiled catalogue (.mo, committed) must say what its editable one (.po) says.

The project catalogue lives in src/patuh/locale; an app may keep its own in <app>/locale.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src/patuh"
CATALOGUES = sorted(SOURCE.glob("**/locale/id/LC_MESSAGES/django.po"))
ENTRY = re.compile(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.MULTILINE)


def _unquote(lines: str) -> str:
    return "".join(ast.literal_eval(line) for line in lines.splitlines())


def test_the_project_catalogue_is_found():
    assert SOURCE / "locale/id/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: str(path.relative_to(SOURCE)))
def test_compiled_catalogue_matches_the_po_file(po_path):
    po = po_path.read_text(encoding="utf-8")
    assert "#, fuzzy\nmsgid" not in po, "fuzzy entries are not compiled: translate them"
    with po_path.with_suffix(".mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    entries = [(_unquote(msgid), _unquote(msgstr)) for msgid, msgstr in ENTRY.findall(po)]
    translated = [(msgid, msgstr) for msgid, msgstr in entries if msgid and msgstr]
    assert translated
    stale = [msgid for msgid, msgstr in translated if catalogue.gettext(msgid) != msgstr]
    assert not stale, f"run `patuh compilemessages`; the .mo lacks: {stale[:5]}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: str(path.relative_to(SOURCE)))
def test_every_message_is_translated(po_path):
    po = po_path.read_text(encoding="utf-8")
    untranslated = [
        _unquote(msgid) for msgid, msgstr in ENTRY.findall(po) if _unquote(msgstr) == ""
    ]
    assert [msgid for msgid in untranslated if msgid] == []
