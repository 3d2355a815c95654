"""Admin: every stored fact is editable by staff, one admin per kind of record.

Edits made here, bulk deletions included, keep the search index and the cached
aggregates current through the one write path (koryu.catalog.changes)."""

from django.contrib import admin

from koryu.catalog.models import (
    Agreement,
    Contact,
    Delegation,
    Event,
    Network,
    Organization,
    OrganizationName,
    Party,
    Program,
    Record,
    Series,
    Source,
)
from koryu.catalog.ties import write_ties


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0
    autocomplete_fields = ["organization"]
    fields = [
        "position",
        "name",
        "organization",
        "role",
        "country",
        "count",
        "note",
        "date_start",
        "date_end",
    ]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


class RecordAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "title", "date", "fiscal_year", "source", "line_start"]
    list_filter = ["kind", "agreement_type", "status", "relisted", "source"]
    search_fields = ["title", "parties__name"]
    readonly_fields = [
        "source",
        "key",
        "line_start",
        "line_end",
        "content_hash",
        "created_at",
        "updated_at",
        "version",
    ]
    inlines = [PartyInline, ContactInline]
    filter_horizontal = ["related"]

    def save_model(self, request, obj, form, change):
        if change:  # an editor holding the previous version now gets a conflict
            obj.version += 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        write_ties(form.instance, form.instance.parties.all())


admin.site.register(Record, RecordAdmin)
for proxy in (Agreement, Network, Event, Delegation, Program):
    admin.site.register(proxy, RecordAdmin)


class AliasInline(admin.TabularInline):
    model = OrganizationName
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "country", "level", "code", "resolution", "parent"]
    list_filter = ["resolution", "country", "level"]
    search_fields = ["name", "code", "aliases__name"]
    autocomplete_fields = ["parent", "successor"]
    inlines = [AliasInline]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "format", "language", "line_count", "sha256", "updated_at"]
    readonly_fields = [f.name for f in Source._meta.fields]


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    search_fields = ["name"]
