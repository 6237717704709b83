from django.urls import path

from patuh.pekppp.views import evaluation, results, self_assessment

app_name = "pekppp"

cycle = "pekppp/<slug:evaluation>/"
unit = "<str:provider>/<str:unit>/"

urlpatterns = [
    path("pekppp/", results.index, name="index"),
    # Before the cycle pages, whose <slug:evaluation> would take "trends" and "evidence".
    path("pekppp/trends/" + unit, results.unit_trend, name="unit_trend"),
    path(
        "pekppp/evidence/<uuid:attachment>/<slug:copy>/",
        results.evidence_file,
        name="evidence_file",
    ),
    path(cycle + "overview/", results.overview, name="overview"),
    path(cycle + "results/" + unit, results.unit_result, name="unit_result"),
    # The unit's self-assessment (F-01).
    path(
        cycle + "self-assessment/" + unit, self_assessment.self_assessment, name="self_assessment"
    ),
    path(
        cycle + "self-assessment/" + unit + "score/",
        self_assessment.save_self_score,
        name="save_self_score",
    ),
    path(
        cycle + "self-assessment/" + unit + "evidence/",
        self_assessment.add_evidence,
        name="add_evidence",
    ),
    path(
        cycle + "self-assessment/" + unit + "evidence/remove/",
        self_assessment.remove_evidence,
        name="remove_evidence",
    ),
    path(cycle + "self-assessment/" + unit + "submit/", self_assessment.submit, name="submit"),
    # The evaluators' work (F-02).
    path(cycle + "evaluation/", evaluation.units, name="evaluation_units"),
    path(cycle + "evaluation/" + unit, evaluation.evaluate, name="evaluate"),
    path(cycle + "evaluation/" + unit + "score/", evaluation.score, name="score"),
    path(cycle + "evaluation/" + unit + "complete/", evaluation.complete, name="complete"),
    path(cycle + "evaluation/" + unit + "reopen/", evaluation.reopen, name="reopen"),
]
