from django.urls import path

from patuh.fieldwork.views import collect, evidence, plan, review

app_name = "fieldwork"

urlpatterns = [
    # The office: plan, review.
    path("cycles/<slug:code>/plan/", plan.plan, name="plan"),
    path("cycles/<slug:code>/plan/assign/", plan.assign_one, name="assign"),
    path("cycles/<slug:code>/plan/assign-many/", plan.assign_bulk, name="assign_many"),
    path("cycles/<slug:code>/plan/calendar/", plan.plan_calendar, name="calendar"),
    path("fieldwork/plan/<uuid:assignment>/remove/", plan.unassign, name="unassign"),
    path("cycles/<slug:code>/review/", review.queue, name="queue"),
    path("cycles/<slug:code>/review/preliminary/", review.preliminary, name="preliminary"),
    path("fieldwork/submissions/<uuid:submission>/", review.submission_detail, name="submission"),
    path("fieldwork/submissions/<uuid:submission>/decide/", review.decide, name="decide"),
    path("fieldwork/submissions/<uuid:submission>/correct/", review.correct, name="correct"),
    path("fieldwork/submissions/<uuid:submission>/compare/", review.compare, name="compare"),
    # The enumerator: visits and their checklist.
    path("fieldwork/", collect.my_visits, name="my_visits"),
    path("fieldwork/visits/offline.js", collect.offline_worker, name="offline_worker"),
    path("fieldwork/visits/<uuid:assignment>/", collect.visit_form, name="visit"),
    path("fieldwork/visits/<uuid:assignment>/answers/", collect.save_answers, name="save"),
    path("fieldwork/visits/<uuid:assignment>/photos/", collect.add_photo, name="add_photo"),
    path(
        "fieldwork/visits/<uuid:assignment>/photos/<uuid:evidence>/remove/",
        collect.remove_photo,
        name="remove_photo",
    ),
    path("fieldwork/visits/<uuid:assignment>/submit/", collect.submit, name="submit"),
    path(
        "fieldwork/visits/<uuid:assignment>/correction/",
        collect.start_correction,
        name="correction",
    ),
    # Photos, for whoever may see them.
    path("evidence/<uuid:evidence>/<slug:variant>/", evidence.evidence_file, name="evidence"),
]
