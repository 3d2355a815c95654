"""Statistics: Chart.js charts, each with its data table and a CSV of the same numbers."""

from __future__ import annotations

import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from koryu.catalog.queries import stats_data
from koryu.web import labels
from koryu.web.countries import country_name
from koryu.web.views.filters import filter_params, read_filters
from koryu.web.views.maps import filter_choices
from koryu.web.views.page import api_url, render_page

# chart slug -> (stats_data key, chart type, title, column heading of the labels)
CHARTS = {
    "per-year": ("per_year", "line", _("Records per year"), _("Year")),
    "by-country": ("by_country", "bar", _("Records by partner country"), _("Country")),
    "by-sector": ("by_sector", "bar", _("Records by sector"), _("Sector")),
    "by-prefecture": ("by_prefecture", "bar", _("Records by prefecture"), _("Prefecture")),
}


def _display(slug: str, code: str) -> str:
    if slug == "by-country":
        return country_name(code, (get_language() or "ja").split("-")[0])
    if slug == "by-sector":
        return labels.label("sector", code)
    return code


def chart_rows(stats: dict, slug: str) -> list[tuple[str, str, int]]:
    """(code, label in the interface language, value) of one chart. Years without records
    are shown as 0 so that the line's x axis is evenly spaced in time."""
    key = CHARTS[slug][0]
    rows = [(row["label"], _display(slug, row["label"]), row["value"]) for row in stats[key]]
    if slug == "per-year" and rows:
        counts = {int(code): value for code, _label, value in rows}
        years = range(min(counts), max(counts) + 1)
        rows = [(str(y), str(y), counts.get(y, 0)) for y in years]
    return rows


def stats_page(request: HttpRequest) -> HttpResponse:
    filters, error = read_filters(request)
    params = filter_params(request) if error is None else {}
    stats = stats_data(filters)
    query = request.GET.urlencode()
    charts = [
        {
            "slug": slug,
            "type": kind,
            "title": title,
            "label_heading": heading,
            "rows": chart_rows(stats, slug),
            "csv_url": f"/stats/{slug}.csv" + (f"?{query}" if query else ""),
        }
        for slug, (_key, kind, title, heading) in CHARTS.items()
    ]
    context = {
        "stats": stats,
        "charts": charts,
        "filters": filters,
        "error": error,
        "choices": filter_choices(),
        "stats_kinds": ("agreement", "network", "event", "delegation", "program"),
        "by_type": [
            (row["label"], labels.label("type", row["label"]), row["value"])
            for row in stats["by_agreement_type"]
        ],
    }
    return render_page(
        request,
        "web/stats.html",
        context,
        json_url=api_url("stats", params),
        status=400 if error else 200,
    )


def stats_csv(request: HttpRequest, chart: str) -> HttpResponse:
    if chart not in CHARTS:
        raise Http404(f"no chart {chart!r}")
    filters, error = read_filters(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="koryu-{chart}.csv"'
    response.write("\ufeff")  # lets spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(["code", "label", "records"])
    for code, label, value in chart_rows(stats_data(filters), chart):
        writer.writerow([code, label, value])
    return response
