"""Reading an HTML page: title, language, viewport, visible text and links. Pure Python.

A link's words belong to the link, not to the page's text: a menu entry "Maklumat" shows where
the service declaration may be, not that this page publishes it.

Text is matched case- and accent-insensitively: `Text` keeps the page's text and a folded copy
(case-folded, accents removed) with a map back, so a match in the folded copy is reported as
the page's own words.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

# Elements whose content is not page text.
_HIDDEN = frozenset({"script", "style", "noscript", "template", "svg"})
# Elements that separate words, so "<td>Biaya</td><td>Gratis</td>" reads "Biaya Gratis".
_BLOCKS = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "td", "th", "tr", "table", "h1", "h2", "h3", "h4",
        "h5", "h6", "section", "article", "header", "footer", "nav", "aside", "main", "dd",
        "dt", "option", "title", "address", "blockquote", "figcaption", "label", "button",
    }
)  # fmt: skip
_SPACES = re.compile(r"\s+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


def fold(text: str) -> str:
    """`text` without case or accents, for matching."""
    return Text(text).folded


class Text:
    """A text and its folded copy, with the position in the text of each folded character."""

    def __init__(self, text: str):
        self.text = text
        folded, origin = [], []
        for index, char in enumerate(text):
            for piece in unicodedata.normalize("NFKD", char).casefold():
                if not unicodedata.combining(piece):
                    folded.append(piece)
                    origin.append(index)
        self.folded = "".join(folded)
        self._origin = origin

    def excerpt(self, start: int, end: int, context: int = 60) -> tuple[str, str]:
        """The page's words for the folded span [start, end), and them with some context."""
        if not self._origin:
            return "", ""
        first = self._origin[start]
        last = self._origin[end - 1] + 1 if end > start else first
        matched = self.text[first:last]
        before = max(0, first - context)
        after = min(len(self.text), last + context)
        around = self.text[before:after].strip()
        return matched, ("…" if before else "") + around + ("…" if after < len(self.text) else "")


@dataclass
class Link:
    url: str
    text: str


@dataclass
class ParsedPage:
    url: str
    title: str = ""
    lang: str = ""
    viewport: str = ""
    text: Text = field(default_factory=lambda: Text(""))
    links: list[Link] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self, base_url: str):
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.page = ParsedPage(url=base_url)
        self.hidden = 0
        self.in_title = False
        self.title: list[str] = []
        self.words: list[str] = []
        self.link: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html" and not self.page.lang:
            self.page.lang = values.get("lang", "") or values.get("xml:lang", "")
        elif tag == "base" and values.get("href"):
            self.base_url = urljoin(self.base_url, values["href"])
        elif tag == "meta" and values.get("name", "").lower() == "viewport":
            self.page.viewport = values.get("content", "")
        elif tag == "title":
            self.in_title = True
        elif tag == "a" and values.get("href"):
            self.link = (values["href"], [])
        if tag in _HIDDEN:
            self.hidden += 1
        if tag in _BLOCKS:
            self.words.append("\n")
        if tag == "img" and values.get("alt") and self.link is not None:
            self.link[1].append(values["alt"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag == "a" and self.link is not None:
            href, text = self.link
            self.link = None
            url = _absolute(self.base_url, href)
            if url:
                self.page.links.append(Link(url, _SPACES.sub(" ", " ".join(text)).strip()))
        if tag in _HIDDEN and self.hidden:
            self.hidden -= 1
        if tag in _BLOCKS:
            self.words.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.hidden:
            return
        # Lines come from block elements, not from line breaks in the source.
        data = _SPACES.sub(" ", data)
        # A link's words name another page; they are not what this page says.
        if self.link is not None:
            self.link[1].append(data)
        else:
            self.words.append(data)


def _absolute(base: str, href: str) -> str:
    """The absolute form of a link without its fragment; "" for links that go nowhere."""
    href = href.strip()
    if not href or href.startswith(("#", "javascript:")):
        return ""
    url = urljoin(base, href)
    parts = urlsplit(url)
    return urlunsplit(parts._replace(fragment=""))


def decode(body: bytes, content_type_header: str) -> str:
    """The page's text, decoded by the declared charset, else a <meta> one, else UTF-8."""
    charset = ""
    match = re.search(r"charset=([\w-]+)", content_type_header, re.IGNORECASE)
    if match:
        charset = match.group(1)
    else:
        meta = _CHARSET.search(body[:4096])
        charset = meta.group(1).decode("ascii") if meta else ""
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def parse_page(url: str, body: bytes, content_type_header: str = "") -> ParsedPage:
    parser = _Parser(url)
    parser.feed(decode(body, content_type_header))
    parser.close()
    page = parser.page
    page.title = _SPACES.sub(" ", "".join(parser.title)).strip()
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parser.words).split("\n"))
    page.text = Text("\n".join(line for line in lines if line))
    return page
