"""The keyword lists of the content checks, loaded from YAML (keywords.yaml). Pure Python.

Matching ignores case and accents: phrases and page text are both folded (pages.fold) and
phrases match whole words only.
"""

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from patuh.webcheck.ids import CONTENT_CHECKS
from patuh.webcheck.pages import Link, ParsedPage, fold

_KEYS = frozenset({"phrases", "patterns", "links"})


class RulesError(ValueError):
    """A keyword file is invalid; the message names the file and the place in it."""


def phrase_pattern(phrases: list[str]) -> str:
    """A regular expression matching any of `phrases` as whole words in folded text."""
    parts = [r"\s+".join(re.escape(word) for word in fold(p).split()) for p in phrases if p.strip()]
    return rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)" if parts else ""


def _compile(patterns: list[str], where: str) -> re.Pattern | None:
    patterns = [p for p in patterns if p]
    if not patterns:
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns))
    except re.error as exc:
        raise RulesError(f"{where}: not a valid regular expression: {exc}") from exc


@dataclass(frozen=True)
class Match:
    page: str
    matched: str
    excerpt: str = ""
    link: str = ""

    def as_dict(self) -> dict:
        found = {"page": self.page, "matched": self.matched}
        if self.excerpt:
            found["excerpt"] = self.excerpt
        if self.link:
            found["link"] = self.link
        return found


@dataclass(frozen=True)
class Rule:
    text: re.Pattern | None = None
    links: re.Pattern | None = None

    def with_phrases(self, phrases: list[str]) -> "Rule":
        """This rule also matching `phrases` (a site's own product names)."""
        extra = phrase_pattern(phrases)
        if not extra:
            return self
        text = f"{self.text.pattern}|{extra}" if self.text else extra
        return Rule(re.compile(text), self.links)

    def search(self, page: ParsedPage) -> Match | None:
        """The first match on `page`: in its text, else in its links."""
        if self.text is not None:
            found = self.text.search(page.text.folded)
            if found:
                matched, excerpt = page.text.excerpt(*found.span())
                return Match(page.url, matched, excerpt)
        if self.links is not None:
            for link in page.links:
                if self.links.search(link.url.lower()):
                    return Match(page.url, link.text or link.url, link=link.url)
        return None

    def scores_link(self, link: Link) -> bool:
        """Whether following `link` looks likely to find what this rule wants."""
        if self.text is not None and self.text.search(fold(f"{link.text} {link.url}")):
            return True
        return self.links is not None and bool(self.links.search(link.url.lower()))


@dataclass(frozen=True)
class Rules:
    checks: dict[str, Rule]
    crawl_hints: Rule = field(default_factory=Rule)
    bot_walls: re.Pattern | None = None


def parse_rules(data: object, source: str) -> Rules:
    if not isinstance(data, dict) or not isinstance(data.get("checks"), dict):
        raise RulesError(f"{source}: expected a mapping with a 'checks' mapping")
    checks = {}
    for check, entry in data["checks"].items():
        where = f"{source}: checks.{check}"
        if check not in CONTENT_CHECKS:
            raise RulesError(f"{where}: unknown check; use one of {', '.join(CONTENT_CHECKS)}")
        if not isinstance(entry, dict) or not set(entry) <= _KEYS:
            raise RulesError(f"{where}: use only {', '.join(sorted(_KEYS))}")
        for key, values in entry.items():
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise RulesError(f"{where}.{key}: expected a list of strings")
        text = [phrase_pattern(entry.get("phrases", [])), *entry.get("patterns", [])]
        checks[check] = Rule(
            _compile(text, f"{where}.patterns"), _compile(entry.get("links", []), f"{where}.links")
        )
    missing = [check for check in CONTENT_CHECKS if check not in checks]
    if missing:
        raise RulesError(f"{source}: checks: no keywords for {', '.join(missing)}")
    hints = data.get("crawl_hints", {}).get("phrases", [])
    walls = data.get("bot_walls", {}).get("phrases", [])
    return Rules(
        checks=checks,
        crawl_hints=Rule(_compile([phrase_pattern(hints)], f"{source}: crawl_hints")),
        bot_walls=_compile([phrase_pattern(walls)], f"{source}: bot_walls"),
    )


def load_rules(path: Path | str | None = None) -> Rules:
    """The keyword lists in `path`, or the built-in ones."""
    if path:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RulesError(f"{source}: cannot be read: {exc}") from exc
    else:
        source = "keywords.yaml"
        text = resources.files("patuh.webcheck").joinpath("keywords.yaml").read_text("utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulesError(f"{source}: not valid YAML: {exc}") from exc
    return parse_rules(data, source)
