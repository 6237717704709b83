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
ENTRY = re.compile(r'^(?:msgctxt (".*")\n)?msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.MULTILINE)


def _unquote(lines: str) -> str:
    return "".join(ast.literal_eval(line) for line in lines.splitlines())


def _entries(po: str) -> list[tuple[str, str, str]]:
    """(context or "", msgid, msgstr) of every singular entry."""
    return [
        (_unquote(context) if context else "", _unquote(msgid), _unquote(msgstr))
        for context, msgid, msgstr in ENTRY.findall(po)
    ]


def test_the_project_catalogue_is_found():
    assert SOURCE / "locale/id/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: str(path.relative_to(SOURCE)))
def test_compiled_catalogue_matches_the_po_file(po_path):
    po = po_path.read_text(encoding="utf-8")
    assert "#, fuzzy\nmsgid" not in po, "fuzzy entries are not compiled: translate them"
    with po_path.with_suffix(".mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    translated = [entry for entry in _entries(po) if entry[1] and entry[2]]
    assert translated
    stale = [
        msgid
        for context, msgid, msgstr in translated
        if (catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)) != msgstr
    ]
    assert not stale, f"run `patuh compilemessages`; the .mo lacks: {stale[:5]}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: str(path.relative_to(SOURCE)))
def test_every_message_is_translated(po_path):
    po = po_path.read_text(encoding="utf-8")
    untranslated = [msgid for _context, msgid, msgstr in _entries(po) if msgid and not msgstr]
    assert untranslated == []


def test_a_message_has_one_translation_across_catalogues():
    """Django merges the apps' catalogues and keeps one translation per message: the same
    English text translated two ways shows one of them everywhere. Give a different meaning
    its own context (pgettext) instead."""
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for po_path in CATALOGUES:
        for context, msgid, msgstr in _entries(po_path.read_text(encoding="utf-8")):
            if msgid and msgstr:
                seen.setdefault((context, msgid), {})[str(po_path.relative_to(SOURCE))] = msgstr
    differing = {msgid: by for msgid, by in seen.items() if len(set(by.values())) > 1}
    assert differing == {}
