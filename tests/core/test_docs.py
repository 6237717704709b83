"""Documentation is part of done: every setting and every command is documented."""

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_documented_in_configuration_md():
    settings_source = (ROOT / "src/patuh/settings.py").read_text()
    names = set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', settings_source))
    assert "PATUH_DEBUG" in names and "DATABASE_URL" in names
    documented = (ROOT / "docs/configuration.md").read_text()
    missing = sorted(name for name in names if f"`{name}`" not in documented)
    assert not missing, f"add these settings to docs/configuration.md: {missing}"


def test_every_patuh_command_has_a_section_in_cli_md():
    commands = sorted(name for name, app in get_commands().items() if app.startswith("patuh."))
    assert "compute" in commands
    reference = (ROOT / "docs/cli.md").read_text()
    missing = [name for name in commands if f"## patuh {name}" not in reference]
    assert not missing, f"document these commands in docs/cli.md: {missing}"


def test_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    head = readme[:800]
    assert "./run" in head and "./test" in head


def test_no_file_holds_a_leftover_merge_conflict():
    markers = ("<<<<<<< ", ">>>>>>> ")
    suffixes = {".py", ".md", ".html", ".yaml", ".json", ".toml", ".po", ".css", ".js", ".txt"}
    places = [
        ROOT / "README.md",
        ROOT / "pyproject.toml",
        ROOT / "docs",
        ROOT / "src",
        ROOT / "tests",
    ]
    files = [p for place in places for p in ([place] if place.is_file() else place.rglob("*"))]
    conflicted = [
        str(path.relative_to(ROOT))
        for path in files
        if path.suffix in suffixes
        and any(line.startswith(markers) for line in path.read_text(errors="replace").splitlines())
    ]
    assert conflicted == []


def test_where_in_the_code_names_files_and_functions_that_exist():
    # Each item of a "Where in the code" list names files (`src/…`, `tests/…`) and what they
    # define (`function`, `Class.method`, `CONSTANT`): a rename that leaves the docs behind fails.
    sections = {
        doc.name: doc.read_text().split("\n## Where in the code\n", 1)[1].split("\n## ", 1)[0]
        for doc in (ROOT / "docs").glob("*.md")
        if "\n## Where in the code\n" in doc.read_text()
    }
    assert {"instruments.md", "formats.md"} <= sections.keys()
    unknown = []
    for name, section in sections.items():
        for item in section.split("\n- "):
            named = re.findall(r"`([^`]+)`", item)
            paths = [ROOT / n for n in named if n.startswith(("src/", "tests/"))]
            unknown += [f"{name}: {p.relative_to(ROOT)}" for p in paths if not p.exists()]
            sources = "\n".join(p.read_text() for p in paths if p.suffix == ".py" and p.exists())
            for identifier in (n for n in named if not n.startswith(("src/", "tests/"))):
                last = identifier.rsplit(".", 1)[-1]
                if not re.search(rf"^\s*(def|class) {last}\b|^{last} =", sources, re.M):
                    unknown.append(f"{name}: {identifier}")
    assert unknown == []
