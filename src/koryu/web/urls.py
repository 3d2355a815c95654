"""HTML pages. Each page's JSON twin lives under /api/v1/ (see views/page.py)."""

from django.urls import path

from koryu.web.views import (
    downloads,
    edit,
    entities,
    graph,
    history,
    home,
    maps,
    quality,
    records,
    review,
    search,
    stats,
    survey,
    uploads,
)

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("search", search.search_page, name="search"),
    path("records/<int:record_id>", records.record_page, name="record"),
    path("organizations", entities.organizations_page, name="organizations"),
    path("organizations/<int:org_id>", entities.organization_page, name="organization"),
    path("networks/<int:record_id>", entities.network_page, name="network"),
    path("series/<int:series_id>", entities.series_page, name="series"),
    path("map", maps.map_page, name="map"),
    path("graph", graph.graph_page, name="graph"),
    path("stats", stats.stats_page, name="stats"),
    path("stats/<slug:chart>.csv", stats.stats_csv, name="stats_csv"),
    path("quality", quality.quality_page, name="quality"),
    path("downloads", downloads.downloads_page, name="downloads"),
    path("review", review.review_list, name="review"),
    path("review/<int:record_id>", review.review_record, name="review_record"),
    path("records/<int:record_id>/history", history.record_history, name="record_history"),
    path("records/<int:record_id>/revert", history.revert_record, name="record_revert"),
    path(
        "organizations/<int:org_id>/history",
        history.organization_history,
        name="organization_history",
    ),
    path("records/new", edit.new_record, name="record_new"),
    path("records/<int:record_id>/edit", edit.edit_record, name="record_edit"),
    path("records/<int:record_id>/end", edit.end_record, name="record_end"),
    path("organizations/<int:org_id>/edit", edit.edit_organization, name="organization_edit"),
    path("uploads", uploads.upload_list, name="uploads"),
    path("uploads/new", uploads.new_upload, name="upload_new"),
    path("uploads/<int:upload_id>", uploads.upload_result, name="upload"),
    path(
        "uploads/<int:upload_id>/allow-deletions",
        uploads.allow_deletions,
        name="upload_allow_deletions",
    ),
    path("survey/export", survey.export, name="survey_export"),
    path("survey/import", survey.import_form, name="survey_import"),
    path("survey/import/<str:sha>", survey.import_diff, name="survey_import_diff"),
    path("changes", history.changes_page, name="changes"),
    path("changes.atom", history.ChangesFeed(), name="changes_atom"),
]
