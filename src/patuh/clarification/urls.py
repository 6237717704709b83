from django.urls import path

from patuh.clarification import views

app_name = "clarification"

urlpatterns = [
    # The agency: its findings and objections.
    path("clarification/<slug:code>/", views.findings_page, name="findings"),
    path("clarification/<slug:code>/object/", views.file_objection, name="file"),
    path(
        "clarification/photos/<uuid:visit_photo>/<slug:variant>/",
        views.finding_photo,
        name="finding_photo",
    ),
    # The office: deciding, and the report.
    path("cycles/<slug:code>/objections/", views.queue, name="queue"),
    path("cycles/<slug:code>/objections/report/", views.report, name="report"),
    path("cycles/<slug:code>/objections/report.csv", views.report_csv, name="report_csv"),
    path("objections/<uuid:objection>/", views.objection_detail, name="objection"),
    path("objections/<uuid:objection>/decide/", views.decide, name="decide"),
    # Evidence sent with objections, for the office and the objecting agency.
    path(
        "objections/files/<uuid:objection_file>/<slug:variant>/",
        views.objection_file,
        name="evidence",
    ),
]
