"""Build records the same way from tables, cards and lists: parties with their countries,
titles in the document's language, evidence per field, and an overall confidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from koryu.readers.generic.context import DocContext
from koryu.readers.generic.values import clean_name, country_in, place_country
from koryu.records import Party, Record


@dataclass
class Draft:
    """A record being assembled, with evidence per field."""

    kind: str
    line_start: int
    line_end: int
    parties: list[Party] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, Any] = field(default_factory=dict)
    confidence: float = 0.5
    title: str = ""

    def note(self, name: str, line: int, text: str, confidence: float) -> None:
        self.evidence[name] = {"confidence": round(confidence, 2), "line": line, "text": text}

    def set(self, name: str, value: Any, line: int, text: str, confidence: float) -> None:
        if value in (None, "", []):
            return
        self.fields[name] = value
        self.note(name, line, text, confidence)


def partner_party(
    cell: str,
    role: str,
    *,
    country: str | None = None,
    country_text: str = "",
    home_country: str | None = None,
) -> tuple[Party | None, float, str]:
    """A party from a cell naming it, with its country: the one given (a country column or
    a heading), else the cell's brackets or trailing segment, else the gazetteer.
    Returns (party, confidence of its country, the words that gave the country)."""
    name = clean_name(cell)
    if not name or len(name) > 60:
        return None, 0.0, ""
    how = 0.0
    if country:
        how = 0.9
    else:
        country, country_text = country_in(cell)
        if country and country_text.strip() == cell.strip():
            return None, 0.0, ""  # the cell is a country, not a place in it
        how = 0.85 if country else 0.0
        if country is None:
            segments = [x.strip() for x in re.split(r"[,，]", cell) if x.strip()]
            parent = segments[1] if len(segments) >= 2 else None
            country = place_country(name, avoid=home_country, parent=parent)
            how = 0.7 if country else 0.0
            country_text = name if country else ""
    return Party(name=name, role=role, country=country), how, country_text


def home_party(ctx: DocContext, role: str = "partner") -> Party | None:
    if ctx.home is None:
        return None
    return Party(name=ctx.home.name, role=role, country=ctx.home.country)


_TYPE_WORDS = {
    "ja": {"sister": "姉妹都市", "friendship": "友好都市", "memorandum": "覚書", "sector": "協定"},
    "zh": {
        "sister": "姐妹城市",
        "friendship": "友好城市",
        "memorandum": "备忘录",
        "sector": "协议",
    },
    "ko": {
        "sister": "자매도시",
        "friendship": "우호도시",
        "memorandum": "양해각서",
        "sector": "협정",
    },
    "ru": {
        "sister": "города-побратимы",
        "friendship": "дружба",
        "memorandum": "меморандум",
        "sector": "соглашение",
    },
    "en": {
        "sister": "sister cities",
        "friendship": "friendship",
        "memorandum": "memorandum",
        "sector": "agreement",
    },
}


def agreement_title(parties: list[Party], kind: str | None, language: str) -> str:
    names = " – ".join(p.name for p in parties)
    word = _TYPE_WORDS.get(language, _TYPE_WORDS["en"]).get(kind or "", "")
    return f"{names} {word}".strip()


def finish(draft: Draft, ctx: DocContext) -> Record:
    f = draft.fields
    return Record(
        kind=draft.kind,
        key="",  # given by the orchestrator from the content
        title=draft.title,
        line_start=draft.line_start,
        line_end=draft.line_end,
        parties=draft.parties,
        date=f.get("date"),
        date_start=f.get("date_start"),
        date_end=f.get("date_end"),
        date_raw=f.get("date_raw", ""),
        fiscal_year=f.get("fiscal_year"),
        fiscal_year_raw=f.get("fiscal_year_raw", ""),
        agreement_type=f.get("agreement_type"),
        place=f.get("place", ""),
        participants_count=f.get("participants_count"),
        purpose=f.get("purpose", ""),
        description=f.get("description", ""),
        background=f.get("background", ""),
        series=f.get("series"),
        edition=f.get("edition"),
        language=ctx.language if ctx.language != "und" else "en",
        confidence=round(min(0.98, max(0.05, draft.confidence)), 2),
        evidence=draft.evidence,
        extra={k: v for k, v in f.items() if k.startswith("x_")},
    )
