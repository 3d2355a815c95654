"""Text analysis shared by indexing and querying: the same tokens on every database.

All analysis happens here, in Python, so SQLite and PostgreSQL index and query the very
same tokens and therefore match the very same records.

* Text is NFKC-normalised (full/half width) and case-folded.
* Runs of CJK characters (kanji, kana, hangul) become overlapping character bigrams
  plus the run's last character on its own (``上下水道`` -> ``上下 下水 水道 道``). A query
  term is the phrase of its bigrams, so ``水道`` finds ``上下水道局`` and unknown words
  match as well as dictionary words; the trailing unigram lets a one-character query
  match as a prefix and lets phrases cross from a CJK run into a Latin word.
* Other words (Latin, Cyrillic, digits) are single tokens, with diacritics removed
  (ё = е, Huế = hue). Russian query words of five letters or more match as stems
  (``владивосток*``), since Russian text inflects place names.
* SudachiPy (SplitMode C, normalised forms) supplies spelling variants of katakana words
  (ウラジオストック -> ウラジオストク). Word segmentation itself is not used for matching:
  its units are always covered by the bigrams, and a wrong split (日本国さいたま市 ->
  国さい) must not hide a record. Variants are indexed after the field's token stream.

Nothing here imports Django.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

MAX_TOKEN_CHARS = 64  # longer "words" (URLs, base64) are cut: PostgreSQL caps lexemes

CJK_CLASS = (
    "\u3005-\u3007"  # 々〆〇
    "\u3040-\u309f"  # hiragana
    "\u30a0-\u30fa\u30fc-\u30ff"  # katakana without the middle dot ・
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # kanji / hanzi / hanja
    "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"  # hangul
    "\U00020000-\U0003ffff"  # CJK extensions B..
)
_RUN = re.compile(rf"([{CJK_CLASS}]+)|([^\W_{CJK_CLASS}]+)")
_KATAKANA = re.compile(r"^[\u30a1-\u30fa\u30fc]{2,}$")
_HAS_KATAKANA = re.compile(r"[\u30a1-\u30fa]{2}")
_CYRILLIC_WORD = re.compile(r"^[\u0400-\u04ff]+$")
_RU_ENDINGS = "аеиоуыэюяйь"
_CJK_CHAR = re.compile(rf"[{CJK_CLASS}]")

# SudachiPy rejects input over 49,149 bytes; 12,000 characters stay under it even at 4 bytes each.
_SUDACHI_CHUNK = 12_000


@dataclass(frozen=True)
class QueryToken:
    text: str
    prefix: bool = False


_UNSAFE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SPACE_CONTROLS = re.compile("[\t\n\r\x0b\x0c]")


def clean(text: str) -> str:
    """Drop what no database or terminal should see: lone surrogates and control characters
    (tabs and line breaks become spaces)."""
    return _SPACE_CONTROLS.sub(" ", _UNSAFE.sub("", text))


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", clean(text)).casefold()


def is_cjk(ch: str) -> bool:
    return bool(_CJK_CHAR.match(ch))


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """A non-CJK word as a token: without diacritics, cut to MAX_TOKEN_CHARS."""
    decomposed = unicodedata.normalize("NFD", word)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped)[:MAX_TOKEN_CHARS]


def _grams(run: str, tail: bool) -> list[str]:
    grams = [run[i : i + 2] for i in range(len(run) - 1)]
    if tail or len(run) == 1:
        grams.append(run[-1])
    return grams


def runs(text: str) -> list[tuple[str, bool]]:
    """(piece, is_cjk) for each CJK run and each other word of normalised text."""
    out = []
    for m in _RUN.finditer(normalize(text)):
        cjk, word = m.groups()
        if cjk:
            out.append((cjk, True))
        else:
            folded = fold_word(word)
            if folded:
                out.append((folded, False))
    return out


def index_stream(text: str) -> list[str]:
    """The positional token stream of a text (phrases match on it)."""
    tokens: list[str] = []
    for piece, cjk in runs(text):
        tokens.extend(_grams(piece, tail=True) if cjk else [piece])
    return tokens


def index_variants(text: str) -> list[str]:
    """Normalised spellings of katakana words that differ from how the text wrote them."""
    out: list[str] = []
    for piece, cjk in runs(text):
        if cjk and _HAS_KATAKANA.search(piece):
            for surface, normal in _katakana_morphemes(piece):
                if normal != surface:
                    out.append(normal)
    return out


def query_sequence(text: str) -> list[QueryToken]:
    """Tokens a query term or phrase must match, adjacent and in order.

    A CJK run inside the phrase must end where the document's run ends (hence its trailing
    unigram), the last run may continue in the document (bigrams only), and a
    one-character last run matches as a prefix.
    """
    pieces = runs(_join_cjk(text))
    out: list[QueryToken] = []
    for i, (piece, cjk) in enumerate(pieces):
        last = i == len(pieces) - 1
        if cjk:
            if last and len(piece) == 1:
                out.append(QueryToken(piece, prefix=True))
            else:
                out.extend(QueryToken(g) for g in _grams(piece, tail=not last))
        else:
            out.append(_stem(piece))
    return out


def variant_tokens(text: str) -> list[str]:
    """For a query that is one katakana word: its normalised spelling (may equal it)."""
    pieces = runs(text)
    # Only a run that is all katakana can be one katakana word: other queries (水道) need
    # no dictionary, whose loading is most of a one-off search's time.
    if len(pieces) != 1 or not _KATAKANA.match(pieces[0][0]):
        return []
    morphemes = _katakana_morphemes(pieces[0][0])
    if len(morphemes) != 1:
        return []
    surface, normal = morphemes[0]
    return [normal] if surface == pieces[0][0] else []


def _join_cjk(text: str) -> str:
    # Japanese is written without spaces: "上下水道 技術" in a query means "上下水道技術".
    return re.sub(rf"(?<=[{CJK_CLASS}])\s+(?=[{CJK_CLASS}])", "", text)


def _stem(word: str) -> QueryToken:
    if len(word) >= 5 and _CYRILLIC_WORD.match(word):
        stem = word
        for _ in range(2):
            if len(stem) > 4 and stem[-1] in _RU_ENDINGS:
                stem = stem[:-1]
        return QueryToken(stem, prefix=True)
    return QueryToken(word)


def highlight_needles(text: str) -> list[str]:
    """Normalised strings to highlight in document text for a query term."""
    needles = []
    for piece, cjk in runs(_join_cjk(text)):
        needles.append(piece if cjk else _stem(piece).text)
    return needles


# --- SudachiPy ----------------------------------------------------------------------

_local = threading.local()


def _tokenizer():
    tok = getattr(_local, "tokenizer", None)
    if tok is None:
        from sudachipy import Dictionary, SplitMode

        tok = Dictionary().tokenizer(mode=SplitMode.C)
        _local.tokenizer = tok
    return tok


@lru_cache(maxsize=1)
def dictionary_available() -> bool:
    """Whether SudachiPy's dictionary loads (the system check reports it when not; an
    ingest without it is marked and redone, see catalog/importer.py)."""
    try:
        _tokenizer()
    except Exception:
        return False
    return True


@lru_cache(maxsize=4096)
def _katakana_morphemes(run: str) -> tuple[tuple[str, str], ...]:
    """(surface, normalised form) of the katakana words Sudachi finds in a CJK run."""
    if not dictionary_available():
        return ()  # marked on the document by the importer; an error at start-up
    tokenizer = _tokenizer()
    found = []
    for start in range(0, len(run), _SUDACHI_CHUNK):
        for m in tokenizer.tokenize(run[start : start + _SUDACHI_CHUNK]):
            surface = m.surface()
            if _KATAKANA.match(surface):
                normal = unicodedata.normalize("NFKC", m.normalized_form()).casefold()
                if _KATAKANA.match(normal):
                    found.append((surface, normal))
    return tuple(found)
