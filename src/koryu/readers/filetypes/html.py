"""HTML page -> text: the page's main content, tables kept as TAB rows.

What goes: scripts, styles, navigation, page headers and footers, side bars, forms, menus
and the usual chrome of municipal CMS pages (breadcrumbs, "skip to content" links, font
size and colour switchers, "back to top", reader-software notices), found by tag, ARIA
role, and id/class words. The main content is the page's <main> (or role=main, or the
usual #main/#content/#contents containers) when it holds a fair share of the page's text,
else the whole cleaned body. Tables become one TAB line per row with rowspan and colspan
expanded (the value repeated into each covered cell); a table whose cells hold tables is a
layout table: its cells are read as blocks and the inner tables as tables.

The measurement that chose this walk over trafilatura, jusText and readability-lxml is in
``benchmarks/html_extraction.py``.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from koryu.readers.base import CorruptDocument
from koryu.readers.encoding import decode
from koryu.readers.filetypes.lines import TextBuilder, cell, clean

_DROP_TAGS = {
    "script", "style", "noscript", "template", "nav", "aside", "form", "menu", "iframe",
    "svg", "canvas", "button", "select", "textarea", "input", "label", "object", "embed",
    "map", "dialog", "head",
}  # fmt: skip
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu",
               "menubar", "toolbar", "dialog", "alertdialog"}  # fmt: skip
# id/class words of chrome (split on -, _ and camelCase). Japanese CMS names included:
# pankuzu/topicpath (breadcrumbs), gnav/lnav (global/local navigation), moji (font size).
_CHROME_WORDS = {
    "breadcrumb", "breadcrumbs", "topicpath", "pankuzu", "crumb", "crumbs", "skip",
    "skiplink", "gnav", "lnav", "snav", "globalnav", "localnav", "sidenav", "subnav", "nav",
    "navi", "navbar", "navigation", "menu", "menubar", "megamenu", "sidebar", "sidemenu",
    "side", "aside", "footer", "header", "banner", "banners", "fontsize", "mojisize",
    "moji", "textsize", "fontchange", "sizechange", "zoom", "colorchange", "haikei",
    "search", "searchbox", "sns", "share", "social", "pagetop", "totop", "print", "utility",
    "util", "cookie", "modal", "popup", "translate", "translation", "language", "lang",
    "advert", "ads", "related", "recommend", "rss", "reader", "acrobat", "feedback",
    "questionnaire", "enquete", "survey", "hidden", "visuallyhidden", "srOnly",
}  # fmt: skip
_MAIN_IDS = ("main", "content", "contents", "main-content", "maincontent", "tmp_contents",
             "main_body", "mainbody", "article", "primary", "container-main")  # fmt: skip
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
    "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "address", "figure", "figcaption",
    "caption", "center", "hr", "header", "footer", "summary", "details", "body", "html",
    "fieldset", "legend", "tbody", "thead", "tfoot",
}  # fmt: skip
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORD_SPLIT = re.compile(r"[-_\s]+")
_SKIP_LINK = re.compile(
    r"skip|本文へ|本文に|メインコンテンツ|ナビゲーション|メニューへ|コンテンツへ|바로가기|перейти|跳转",
    re.IGNORECASE,
)
# Lines that are chrome whatever element holds them.
_CHROME_LINE = re.compile(
    r"^(?:文字サイズ|文字の大きさ|文字色|背景色|色の変更|表示色|拡大|縮小|標準|大|中|小|"
    r"ページの先頭へ(?:戻る)?|このページの(?:先頭|トップ)へ(?:戻る)?|ページトップへ?|"
    r"Page ?top|Back to top|Text ?size|Font ?size|A|印刷|印刷用ページ|Print|"
    r"閉じる|メニュー|Menu|English|中文|简体中文|繁體中文|한국어|Русский|日本語|"
    r"Foreign Language|Language|[\s|｜/・]*)(?:[\s|｜/・]+(?:文字サイズ|拡大|縮小|標準|"
    r"大|中|小|A|English|中文|简体中文|繁體中文|한국어|Русский|日本語|Foreign Language))*$",
    re.IGNORECASE,
)
_READER_NOTICE = re.compile(
    r"Adobe\s*(?:Acrobat\s*)?Reader|Acrobat Reader|PDFファイルをご覧いただくには|"
    r"PDF形式のファイルを(?:ご覧|閲覧)",
    re.IGNORECASE,
)
_HOME = r"(?:ホーム|トップページ|トップ|Home|HOME|Top|홈|首页|首頁|Главная)"
_BREADCRUMB = re.compile(rf"^\s*{_HOME}\s*[>＞›»/|]\s*.+")

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)


def extract(data: bytes, name: str) -> tuple[str, list[str], str]:
    """``(text, locations, encoding)`` of an HTML page."""
    text, encoding = decode_html(data, name)
    # lxml refuses str input with an XML encoding declaration, and text nodes holding
    # characters XML forbids (NUL, other C0 controls, lone surrogates): a page is text
    # for people, so those characters carry nothing and go.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    text = _NOT_XML.sub("", text)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise CorruptDocument(name, None, f"not a readable HTML page ({exc})") from None
    builder = TextBuilder()
    title = _title(root)
    url = _stated_url(root)
    if title:
        builder.line(title)
    if url:
        builder.line(f"# source: {url}")
    header_lines = len(builder.lines)
    body = root.find("body")
    if body is None:
        body = root
    _drop_chrome(body)
    content = _main_content(body)
    _Walker(builder).block(content)
    lines, locations = _drop_chrome_lines(builder, header_lines)
    out = TextBuilder(lines, locations)
    text_out, locations_out = out.text()
    if not any(locations_out):
        locations_out = []
    return text_out, locations_out, encoding


def decode_html(data: bytes, name: str) -> tuple[str, str]:
    """Bytes -> text with the page's declared charset when it decodes cleanly, else the
    encoding detection every text document goes through."""
    match = _CHARSET.search(data[:4096])
    if match:
        declared = match.group(1).decode("ascii", "ignore").lower()
        declared = {"shift_jis": "cp932", "x-sjis": "cp932", "sjis": "cp932"}.get(
            declared, declared
        )
        try:
            text = data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
            if text.strip():
                return text, declared
    return decode(data, name)


def _title(root) -> str:
    title = root.find(".//title")
    if title is not None and clean(title.text_content()):
        return clean(title.text_content())
    h1 = root.find(".//h1")
    return clean(h1.text_content()) if h1 is not None else ""


def _stated_url(root) -> str | None:
    for xpath in (
        ".//link[@rel='canonical']/@href",
        ".//meta[@property='og:url']/@content",
        ".//base/@href",
    ):
        for value in root.xpath(xpath):
            value = value.strip()
            if value.startswith(("http://", "https://")):
                return value
    return None


def _words(element) -> set[str]:
    words: set[str] = set()
    for value in (element.get("id"), element.get("class")):
        if value:
            for part in _WORD_SPLIT.split(_CAMEL.sub("-", value)):
                if part:
                    words.add(part.lower())
    return words


_CHROME_LOWER = {w.lower() for w in _CHROME_WORDS}


def _is_chrome(element) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _DROP_TAGS:
        return True
    if (element.get("role") or "").lower() in _DROP_ROLES:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if "display:none" in (element.get("style") or "").replace(" ", "").lower():
        return True
    if tag in ("header", "footer") and not _inside_content(element):
        return True
    if tag == "a" and (element.get("href") or "").startswith("#"):
        if _SKIP_LINK.search(element.text_content() or ""):
            return True
    if _words(element) & _CHROME_LOWER and tag not in ("html", "body", "main", "article"):
        # a container named like chrome that holds the page's heading or a data table is
        # misnamed content ("article-header" around the <h1>): keep it
        return not element.xpath(".//h1|.//table|.//main|.//article")
    return False


def _inside_content(element) -> bool:
    return any(a.tag in ("article", "main") for a in element.iterancestors())


def _drop_chrome(body) -> None:
    for element in list(body.iter()):
        if not isinstance(element.tag, str):  # comments, processing instructions
            if element.getparent() is not None:
                element.drop_tree()
            continue
        if element.getparent() is None:
            continue
        # an ancestor may already have been dropped: then this element is detached
        if not _attached(element, body):
            continue
        if _is_chrome(element):
            element.drop_tree()


def _attached(element, root) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is root:
            return True
    return False


def _main_content(body):
    total = len(_text_of(body))
    candidates = body.xpath("//main|//*[@role='main']")
    for ident in _MAIN_IDS:
        candidates += body.xpath(f"//*[@id='{ident}']")  # noqa: S608 - a fixed word
    articles = body.xpath("//article")
    if len(articles) == 1:
        candidates.append(articles[0])
    for candidate in candidates:
        if total and len(_text_of(candidate)) >= 0.3 * total:
            return candidate
    return body


def _text_of(element) -> str:
    return "".join(element.itertext()).strip()


class _Walker:
    """Turns the content tree into lines: blocks become lines, tables TAB rows."""

    def __init__(self, builder: TextBuilder) -> None:
        self.out = builder
        self.buffer: list[str] = []
        self.prefix = ""
        self.tables = 0

    def flush(self) -> None:
        text = clean("".join(self.buffer))
        self.buffer = []
        if text:
            self.out.line(self.prefix + text)
        self.prefix = ""

    def block(self, element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        special = self._SPECIAL.get(tag)
        if special is not None:
            special(self, element)
        else:
            self.container(element, tag)
        self.buffer.append(element.tail or "")

    def _table_block(self, element) -> None:
        self.flush()
        self.table(element)

    def _definition_block(self, element) -> None:
        self.flush()
        self.definition_list(element)

    def _line_break(self, element) -> None:
        if any(a.tag == "li" for a in element.iterancestors()):
            self.buffer.append(" ")  # a list item stays one line
        else:
            self.flush()

    def _image(self, element) -> None:
        """An image has no text of its own (only its tail, which ``block`` adds)."""

    _SPECIAL = {"table": _table_block, "dl": _definition_block, "br": _line_break, "img": _image}

    def container(self, element, tag: str) -> None:
        """An element holding text and children: a block (its own lines; "- " before a
        list item) or inline; <pre> keeps its lines as they are."""
        is_block = tag in _BLOCK_TAGS or tag in ("tr", "td", "th")
        if is_block:
            self.flush()
            if tag == "li":
                self.prefix = "- "
        if tag == "pre":
            for raw_line in element.text_content().split("\n"):
                self.out.line(raw_line)
        else:
            self.buffer.append(element.text or "")
            for child in element:
                self.block(child)
        if is_block:
            self.flush()
            if tag in ("ul", "ol") and not any(a.tag == "li" for a in element.iterancestors()):
                self.out.blank()

    def table(self, table) -> None:
        if table.xpath(".//table"):
            # a layout table: its cells are blocks, the tables inside are read as tables
            for row in _rows(table):
                for td in row:
                    self.block_children(td)
            return
        self.tables += 1
        caption = table.find("caption")
        if caption is not None:
            self.out.blank()
            self.out.line(caption.text_content())
        grid = _grid(table)
        locations = [f"table {self.tables}, row {n}" for n in range(1, len(grid) + 1)]
        self.out.table(grid, locations)

    def block_children(self, element) -> None:
        self.flush()
        self.buffer.append(element.text or "")
        for child in element:
            self.block(child)
        self.flush()

    def definition_list(self, dl) -> None:
        rows: list[list[str]] = []
        for child in dl:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "dt" or not rows:
                rows.append([_cell_text(child)])
            else:
                rows[-1].append(_cell_text(child))
        self.tables += 1
        locations = [f"table {self.tables}, row {n}" for n in range(1, len(rows) + 1)]
        self.out.table(rows, locations)


def _rows(table) -> list:
    """The table's own rows (not those of tables nested in its cells)."""
    rows = []
    for child in table:
        if child.tag == "tr":
            rows.append([c for c in child if c.tag in ("td", "th")])
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend([c for c in tr if c.tag in ("td", "th")] for tr in child if tr.tag == "tr")
    return rows


def _cell_text(element) -> str:
    """A cell's text on one line: line breaks and list items become spaces."""
    parts: list[str] = []

    def walk(node) -> None:
        if not isinstance(node.tag, str):
            parts.append(node.tail or "")
            return
        if node.tag in ("br", "p", "div", "li", "dd", "dt") and parts:
            parts.append(" ")
        parts.append(node.text or "")
        for child in node:
            walk(child)
        if node.tag in ("p", "div", "li"):
            parts.append(" ")
        parts.append(node.tail or "")

    parts.append(element.text or "")
    for child in element:
        walk(child)
    return cell("".join(parts))


def _span(element, attribute: str) -> int:
    try:
        value = int((element.get(attribute) or "1").strip())
    except ValueError:
        return 1
    return max(1, min(value, 1000))


def _grid(table) -> list[list[str]]:
    """Rows of cells with rowspan/colspan expanded: a spanned value fills every cell it
    covers, so a row never loses a cell to the row above."""
    grid: list[list[str | None]] = []
    for r, cells in enumerate(_rows(table)):
        while len(grid) <= r:
            grid.append([])
        c = 0
        for td in cells:
            row = grid[r]
            while c < len(row) and row[c] is not None:
                c += 1
            text = _cell_text(td)
            rowspan, colspan = _span(td, "rowspan"), _span(td, "colspan")
            for dr in range(rowspan):
                while len(grid) <= r + dr:
                    grid.append([])
                target = grid[r + dr]
                for dc in range(colspan):
                    while len(target) <= c + dc:
                        target.append(None)
                    target[c + dc] = text
            c += colspan
    return [[value or "" for value in row] for row in grid]


def _drop_chrome_lines(builder: TextBuilder, keep: int) -> tuple[list[str], list[str]]:
    """Drop chrome lines of the body; the first ``keep`` lines (title, source) and table
    rows stay."""
    lines, locations = [], []
    for index, (line, location) in enumerate(zip(builder.lines, builder.locations, strict=True)):
        if line and not location and index >= keep:
            if _CHROME_LINE.match(line) or _READER_NOTICE.search(line):
                continue
            if _BREADCRUMB.match(line) and len(line) < 200:
                continue
        lines.append(line)
        locations.append(location)
    return lines, locations
