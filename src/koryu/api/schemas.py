"""Response and parameter schemas: what /api/openapi.json promises.

Record fields follow the export contract (koryu.catalog.export.record_to_dict,
docs/export-format.md); detail responses add fields, never rename them. Schemas allow
extra properties so that a field added to the contract does not break the API.
"""

from __future__ import annotations

from typing import Any

from ninja import Field, Query, Schema
from pydantic import ConfigDict

from koryu.records import AGREEMENT_TYPES, KINDS, SECTORS, STATUSES


def one_or_more(values: tuple[str, ...]) -> str:
    """Pattern of a comma-separated list of allowed values (or nothing)."""
    alternatives = "|".join(values)
    return rf"^(({alternatives})(,({alternatives}))*)?$"


COUNTRIES_PATTERN = r"^([A-Za-z]{2}(,[A-Za-z]{2})*)?$"


class Open(Schema):
    model_config = ConfigDict(extra="allow")


# --- errors --------------------------------------------------------------------------


class ErrorBody(Schema):
    status: int
    code: str = Field(..., description="machine-readable: not_found, invalid_parameter, ...")
    message: str
    details: Any = None


class Error(Schema):
    error: ErrorBody


ERRORS = {400: Error, 404: Error, 422: Error, 500: Error, 503: Error}


# --- filters -------------------------------------------------------------------------


class RecordFilters(Schema):
    kind: str | None = Field(
        None,
        pattern=one_or_more(KINDS),
        description="agreement, network, event, delegation, program (comma-separated)",
    )
    country: str | None = Field(
        None,
        pattern=COUNTRIES_PATTERN,
        description="ISO 3166-1 alpha-2 country of any party (comma-separated)",
    )
    type: str | None = Field(
        None,
        pattern=one_or_more(AGREEMENT_TYPES),
        description="agreement type: sister, friendship, memorandum, sector, staff_exchange,"
        " protocol, other (comma-separated)",
    )
    sector: str | None = Field(
        None,
        pattern=one_or_more(SECTORS),
        description="sector, e.g. water, culture (comma-separated)",
    )
    status: str | None = Field(
        None,
        pattern=one_or_more(STATUSES),
        description="active, suspended, ended (comma-separated)",
    )
    year_from: int | None = Field(None, ge=1, le=9999, description="first year (inclusive)")
    year_to: int | None = Field(None, ge=1, le=9999, description="last year (inclusive)")
    org: int | None = Field(
        None, ge=1, le=2**63 - 1, description="only records this organization takes part in"
    )

    def as_mapping(self) -> dict[str, Any]:
        return {k: v for k, v in self.dict().items() if v is not None}


# With q (search): the prefecture of a Japanese party, as in the query language.
PREFECTURE = Query(
    None, max_length=300, description="with q: prefecture of a Japanese party (北海道, Shizuoka)"
)


# --- records -------------------------------------------------------------------------


class PartyOut(Open):
    name: str = Field(..., description="as the source wrote it")
    canonical: str = Field(..., description="the organization's name")
    country: str | None
    role: str
    count: int | None
    organization_id: int


class SourceRef(Open):
    document: str
    sha256: str
    line_start: int
    line_end: int


class ContactOut(Open):
    department: str
    phones: list[str]
    faxes: list[str]
    emails: list[str]
    organization: str


class RecordOut(Open):
    id: int
    kind: str
    title: str
    parties: list[PartyOut]
    date: str | None
    date_start: str | None
    date_end: str | None
    date_raw: str
    fiscal_year: str | None
    agreement_type: str | None
    sectors: list[str]
    theme: str
    place: str
    participants_count: int | None
    status: str | None
    contacts: list[ContactOut]
    urls: list[str]
    relisted: bool
    series: str | None
    edition: int | None
    source: SourceRef


class RecordList(Schema):
    total: int = Field(..., description="records matching the filters")
    total_exact: bool = Field(
        True, description="with q: false when counting stopped at total_cap (total is a floor)"
    )
    results: list[RecordOut]
    next: str | None = Field(..., description="opaque cursor of the next page, null at the end")


class RelatedOut(Open):
    id: int
    kind: str
    title: str
    date: str | None
    reason: str = Field(..., description="linked, shared_party or same_network")
    shared: list[int] = Field(..., description="ids of the organizations both records share")


class RecordDetail(RecordOut):
    background: str
    activities: str
    outcomes: str
    purpose: str
    description: str
    subthemes: list[str]
    participants_breakdown: dict[str, Any]
    programme: list[dict[str, Any]]
    builds_on: dict[str, Any] | None
    findings: list[dict[str, Any]]
    extra: dict[str, Any]
    related: list[RelatedOut]
    version: int = Field(..., description="raised by every change; name it in If-Match to write")


# --- organizations, networks, series ---------------------------------------------------


class OrganizationSummary(Open):
    id: int
    name: str
    names: dict[str, str]
    country: str | None
    level: str | None
    lat: float | None
    lon: float | None


class OrganizationListItem(OrganizationSummary):
    code: str | None
    resolution: str
    parent_id: int | None
    records: int


class OrganizationList(Schema):
    total: int
    total_exact: bool = Field(
        True, description="with q: false when counting stopped at 10,000 (total is a floor)"
    )
    results: list[OrganizationListItem]
    next: str | None


class TimelineEntry(Open):
    id: int
    kind: str
    title: str
    date: str | None
    relation: str = Field(
        ...,
        description="agreement, membership, event_hosted, event_organized, event_supported,"
        " event_participated, delegation_sent, delegation_received, delegation_participated,"
        " program",
    )
    role: str
    partners: list[dict[str, Any]]
    source: dict[str, Any]


class PartnerAgreement(Open):
    id: int
    kind: str
    title: str
    date: str | None
    year: int | None
    fiscal_year: str | None
    agreement_type: str | None


class Partner(OrganizationSummary):
    as_written: str
    agreements: list[PartnerAgreement]


class OrganizationContact(Open):
    department: str = ""
    person: str = ""
    phones: list[str] = []
    emails: list[str] = []


class OrganizationDetail(OrganizationSummary):
    code: str | None
    resolution: str
    aliases: list[dict[str, Any]]
    contacts: list[OrganizationContact] = Field(
        default_factory=list,
        description="whom to contact about its international ties, kept by its editors",
    )
    parent: OrganizationSummary | None
    parents: list[OrganizationSummary]
    children: list[OrganizationSummary]
    children_total: int
    successor: OrganizationSummary | None
    predecessors: list[OrganizationSummary]
    relations: dict[str, int]
    timeline_total: int
    timeline: list[TimelineEntry]
    partners: list[Partner] = Field(
        default_factory=list,
        description="the other parties of its agreements, each with those agreements",
    )
    partners_total: int = 0


class Member(Open):
    organization_id: int
    name: str
    role: str
    country: str | None
    joined: str | None
    left: str | None
    lat: float | None
    lon: float | None


class NetworkDetail(RecordDetail):
    members: list[Member]
    members_total: int
    roles: dict[str, int]


class Edition(Open):
    id: int
    number: int | None
    title: str
    fiscal_year: str | None
    date: str | None
    theme: str
    host: dict[str, Any] | None


class SeriesDetail(Open):
    id: int
    name: str
    names: dict[str, Any]
    editions: list[Edition]


# --- aggregates ----------------------------------------------------------------------


class LabelValue(Schema):
    label: str
    value: int


class Stats(Open):
    total: int
    by_kind: dict[str, int]
    per_year: list[LabelValue]
    by_country: list[LabelValue]
    by_sector: list[LabelValue]
    by_prefecture: list[LabelValue]
    by_agreement_type: list[LabelValue]


class Feature(Open):
    type: str
    geometry: dict[str, Any]
    properties: dict[str, Any]


class FeatureCollection(Open):
    type: str = "FeatureCollection"
    features: list[Feature]
    meta: dict[str, Any]


class Graph(Open):
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    meta: dict[str, Any]


class Quality(Open):
    findings: list[dict[str, Any]]
    findings_total: int
    organizations: list[dict[str, Any]]
    organizations_total: int
    counts: dict[str, Any]


class SearchHit(Open):
    id: int
    kind: str
    title: str
    parties: list[Any]
    date: str | None
    score: float | None
    snippet: str | None


class SearchResult(Open):
    total: int
    expanded: Any = None
    results: list[SearchHit]
    facets: Any = None
    next: str | None
    query: Any = None
    messages: list[Any] = []
