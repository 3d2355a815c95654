"""What Koryu stores: sources, organizations and the records that tie them together.

One ``Record`` table holds the five kinds (agreement, network, event, delegation,
program); the kind-named proxy models give each its own manager and admin. One table
keeps search, export and provenance uniform, and the kind-specific columns are few.
Every record points at its ``Source`` and the line span it came from.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koryu.records import AGREEMENT_TYPES, KINDS, REVIEW_STATES, ROLES, STATUSES

KIND_CHOICES = [(k, k) for k in KINDS]


class ChangeOrigin(models.Model):
    """What every historical row adds to django-simple-history's who/when/why: the document
    a change came from (empty for a person's edit). Set by koryu.catalog.history."""

    history_source = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        abstract = True


# The HistoricalRecords of each tracked model (``.cls``): koryu.catalog.history connects
# the proxies' signals to them.
TRACKERS: list[HistoricalRecords] = []


def _history(*excluded: str) -> HistoricalRecords:
    tracker = HistoricalRecords(bases=[ChangeOrigin], excluded_fields=list(excluded))
    TRACKERS.append(tracker)
    return tracker


class Source(models.Model):
    """An ingested document. Its name is its identity across versions."""

    name = models.CharField(max_length=255, unique=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    format = models.CharField(max_length=40)
    language = models.CharField(max_length=8, blank=True)
    encoding = models.CharField(max_length=20, blank=True)
    line_count = models.IntegerField(default=0)
    size = models.BigIntegerField(default=0)
    path = models.TextField(blank=True, help_text="where it was last ingested from")
    findings = models.JSONField(default=list, blank=True)
    filetype = models.CharField(max_length=12, blank=True, default="txt")
    text = models.TextField(blank=True, help_text="the text the readers saw (line numbers)")
    locations = models.JSONField(
        default=list, blank=True, help_text="per line: its place in the file (page, cell)"
    )
    ingested_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """A local government or other body: one row whatever language or spelling names it."""

    name = models.CharField(max_length=300, db_index=True)
    names = models.JSONField(default=dict, blank=True, help_text="{'ja','en','ru','zh','ko'}")
    country = models.CharField(max_length=2, blank=True, db_index=True)
    level = models.CharField(max_length=20, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    code = models.CharField(max_length=6, blank=True, db_index=True, help_text="JP LG code")
    gazetteer_id = models.CharField(max_length=40, null=True, blank=True, unique=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    valid_from = models.CharField(max_length=10, blank=True)
    valid_to = models.CharField(max_length=10, blank=True)
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="predecessors"
    )
    resolution = models.CharField(max_length=12, default="unresolved", db_index=True)
    candidates = models.JSONField(default=list, blank=True)
    # Organizations merged into this one: [{"name", "id", "reason", "at"}] (one body, one row).
    merged = models.JSONField(default=list, blank=True)
    # Whom to call about its international ties, kept by its editors (not read from
    # documents: a case card's contacts belong to its record, Contact below).
    contacts = models.JSONField(
        default=list, blank=True, help_text="[{'department','person','phones','emails'}]"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = _history("updated_at", "candidates")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganizationName(models.Model):
    """Every form of a name seen for an organization (the exact-match index)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300, db_index=True)
    language = models.CharField(max_length=8, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="unique_org_alias")
        ]

    def __str__(self) -> str:
        return self.name


class Series(models.Model):
    """A recurring event series (a seminar series, a biennial mayors' meeting)."""

    name = models.CharField(max_length=300, unique=True)
    names = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return self.name


class RecordQuerySet(models.QuerySet):
    """The read side asks for ``published()`` records only: pages, API lists, search,
    statistics, ties and quality checks. Proposed records wait in the review queue and
    rejected ones are shown nowhere (koryu.catalog.review)."""

    def published(self) -> RecordQuerySet:
        return self.filter(review="published")

    def proposed(self) -> RecordQuerySet:
        return self.filter(review="proposed")

    def not_rejected(self) -> RecordQuerySet:
        return self.exclude(review="rejected")


RecordManager = models.Manager.from_queryset(RecordQuerySet)


class Record(models.Model):
    kind = models.CharField(max_length=12, choices=KIND_CHOICES, db_index=True)
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="records")
    key = models.CharField(max_length=255)
    line_start = models.IntegerField()
    line_end = models.IntegerField()
    content_hash = models.CharField(max_length=64)
    title = models.TextField()
    language = models.CharField(max_length=8, blank=True)
    date = models.CharField(max_length=10, blank=True)
    date_start = models.CharField(max_length=10, blank=True)
    date_end = models.CharField(max_length=10, blank=True)
    date_raw = models.TextField(blank=True)
    sort_date = models.DateField(null=True, blank=True, db_index=True)
    year = models.IntegerField(null=True, blank=True, db_index=True)
    fiscal_year = models.CharField(max_length=20, blank=True)
    fiscal_year_raw = models.TextField(blank=True)
    agreement_type = models.CharField(
        max_length=20, blank=True, db_index=True, choices=[(t, t) for t in AGREEMENT_TYPES]
    )
    sectors = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=12, blank=True, choices=[(s, s) for s in STATUSES])
    theme = models.TextField(blank=True)
    subthemes = models.JSONField(default=list, blank=True)
    place = models.CharField(max_length=500, blank=True)
    participants_count = models.IntegerField(null=True, blank=True)
    participants_breakdown = models.JSONField(default=dict, blank=True)
    accompanying_count = models.IntegerField(null=True, blank=True)
    purpose = models.TextField(blank=True)
    description = models.TextField(blank=True)
    background = models.TextField(blank=True)
    activities = models.TextField(blank=True)
    outcomes = models.TextField(blank=True)
    urls = models.JSONField(default=list, blank=True)
    relisted = models.BooleanField(default=False)
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    edition = models.IntegerField(null=True, blank=True)
    programme = models.JSONField(default=list, blank=True)
    builds_on = models.JSONField(null=True, blank=True)
    related = models.ManyToManyField("self", blank=True, symmetrical=True)
    findings = models.JSONField(default=list, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    review = models.CharField(
        max_length=12,
        default="published",
        db_index=True,
        choices=[(s, s) for s in REVIEW_STATES],
    )
    confidence = models.FloatField(null=True, blank=True)
    evidence = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by every write (ingest of a new document version, an edit, a decision): an
    # edit made on an older version is a conflict, not an overwrite (optimistic locking).
    version = models.IntegerField(default=1)

    objects = RecordManager()
    # Who changed what, when, from which document (koryu.catalog.history). The reader's
    # evidence and the document's content hash are derived, not facts of the record.
    history = _history("updated_at", "evidence", "content_hash")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="unique_record_key_per_source")
        ]
        indexes = [models.Index(fields=["kind", "year"], name="record_kind_year")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"

    def get_absolute_url(self) -> str:
        return f"/records/{self.pk}"


class PartyQuerySet(models.QuerySet):
    def published(self) -> PartyQuerySet:
        """Parties of published records: what the read side shows (RecordQuerySet)."""
        return self.filter(record__review="published")


class Party(models.Model):
    """An organization's part in a record, with the name exactly as the source wrote it."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="parties")
    name = models.CharField(max_length=300)
    role = models.CharField(max_length=20, db_index=True, choices=[(r, r) for r in ROLES])
    country = models.CharField(max_length=2, blank=True)
    count = models.IntegerField(null=True, blank=True)
    accompanying = models.IntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    date_start = models.CharField(max_length=10, blank=True)
    date_start_raw = models.CharField(max_length=200, blank=True)
    date_end = models.CharField(max_length=10, blank=True)
    date_end_raw = models.CharField(max_length=200, blank=True)
    position = models.IntegerField(default=0)

    objects = models.Manager.from_queryset(PartyQuerySet)()
    history = _history()

    class Meta:
        ordering = ["record_id", "position"]
        verbose_name_plural = "parties"
        # A record's related records are those whose parties share its organizations,
        # counted per record on every record page: this index alone answers that count.
        indexes = [models.Index(fields=["organization", "record"], name="party_org_record")]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class Contact(models.Model):
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="contacts")
    organization_name = models.CharField(max_length=300, blank=True)
    department = models.CharField(max_length=500, blank=True)
    phones = models.JSONField(default=list, blank=True)
    faxes = models.JSONField(default=list, blank=True)
    emails = models.JSONField(default=list, blank=True)
    position = models.IntegerField(default=0)

    class Meta:
        ordering = ["record_id", "position"]

    def __str__(self) -> str:
        return self.department


# --- the domain vocabulary as models: one proxy per kind -------------------------------


class _KindManager(RecordManager):
    def __init__(self, kind: str):
        super().__init__()
        self.kind = kind

    def get_queryset(self):
        return super().get_queryset().filter(kind=self.kind)


class Agreement(Record):
    objects = _KindManager("agreement")

    class Meta:
        proxy = True
        verbose_name = _("agreement")


class Network(Record):
    objects = _KindManager("network")

    class Meta:
        proxy = True
        verbose_name = _("network")


class Event(Record):
    objects = _KindManager("event")

    class Meta:
        proxy = True
        verbose_name = _("event")


class Delegation(Record):
    objects = _KindManager("delegation")

    class Meta:
        proxy = True
        verbose_name = _("delegation")


class Program(Record):
    objects = _KindManager("program")

    class Meta:
        proxy = True
        verbose_name = _("program")


class MembershipManager(models.Manager.from_queryset(PartyQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(record__kind="network")


class Membership(Party):
    """A party of a network record: member, secretariat, chair, founder, observer."""

    objects = MembershipManager()

    class Meta:
        proxy = True


class Pair(models.Model):
    """Two organizations that agreements (or networks) tie: one line on the map, with the
    number of ties behind it kept current by koryu.catalog.ties, so that the busiest lines
    come from an index instead of grouping every tie of the catalogue per request."""

    kind = models.CharField(max_length=12)
    org_a = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    org_b = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    ties = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "org_a", "org_b"], name="unique_pair")
        ]
        indexes = [
            # The busiest pairs first: of every kind, and of one kind.
            models.Index(fields=["-ties", "kind", "org_a", "org_b"], name="pair_rank"),
            models.Index(fields=["kind", "-ties", "org_a", "org_b"], name="pair_kind_rank"),
            models.Index(fields=["org_b"], name="pair_org_b"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.org_a_id}-{self.org_b_id} ({self.ties})"


class Tie(models.Model):
    """What one agreement or network contributes to a ``Pair``, derived from its parties
    and rewritten with them (koryu.catalog.ties). The map reads the records behind its
    lines here, and filters (year, country, ...) aggregate these rows through the record.

    ``org_a`` < ``org_b`` (the map draws one line per unordered pair). An agreement ties
    every pair of its parties; a network ties its hub to each other party."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="ties")
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12)
    agreement_type = models.CharField(max_length=20, blank=True)
    org_a = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    org_b = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.IntegerField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "org_a", "org_b", "record"], name="tie_pair"),
            models.Index(fields=["pair", "record"], name="tie_pair_record"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.org_a_id}-{self.org_b_id}"


class Correction(models.Model):
    """A field set by a person over what a document said: a fact with its own provenance
    (who, when). Keyed by the source document and the record's key within it, so it is
    applied again when the same document is re-ingested and the record is rebuilt."""

    source_name = models.CharField(max_length=255, db_index=True)
    record_key = models.CharField(max_length=255)
    field = models.CharField(max_length=40)
    value = models.JSONField(null=True, blank=True)
    # What the document said when the correction was made: a later different value from
    # the document is a conflict for review, not a silent overwrite either way.
    document_value = models.JSONField(null=True, blank=True)
    user = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = _history()

    class Meta:
        ordering = ["source_name", "record_key", "field", "-created_at"]
        indexes = [models.Index(fields=["source_name", "record_key"], name="correction_record")]

    def __str__(self) -> str:
        return f"{self.source_name}#{self.record_key}.{self.field}"
