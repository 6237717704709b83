"""The compiled catalogue (.mo, committed) must say what the editable one (.po) says."""

import ast
import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "src/patuh/locale/id/LC_MESSAGES"
ENTRY = re.compile(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.MULTILINE)


def _unquote(lines: str) -> str:
    return "".join(ast.literal_eval(line) for line in lines.splitlines())


def test_compiled_catalogue_matches_the_po_file():
    po = (LOCALE / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy\nmsgid" not in po, "fuzzy entries are not compiled: translate them"
    with (LOCALE / "django.mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    entries = [(_unquote(msgid), _unquote(msgstr)) for msgid, msgstr in ENTRY.findall(po)]
    translated = [(msgid, msgstr) for msgid, msgstr in entries if msgid and msgstr]
    assert len(translated) > 100
    stale = [msgid for msgid, msgstr in translated if catalogue.gettext(msgid) != msgstr]
    assert not stale, f"run `patuh compilemessages`; the .mo lacks: {stale[:5]}"


def test_every_message_is_translated():
    po = (LOCALE / "django.po").read_text(encoding="utf-8")
    untranslated = [
        _unquote(msgid) for msgid, msgstr in ENTRY.findall(po) if _unquote(msgstr) == ""
    ]
    assert [msgid for msgid in untranslated if msgid] == []
