from django.urls import path

from patuh.satisfaction import views

urlpatterns = [
    # Public: the survey link a QR poster carries, and where its short code is typed.
    path("s/", views.survey_code, name="survey_code"),
    path("s/<uuid:survey>/", views.survey_respond, name="survey_respond"),
    path("s/<uuid:survey>/thanks/", views.survey_thanks, name="survey_thanks"),
    # The units' survey pages.
    path("skm/", views.skm_units, name="skm_units"),
    path("skm/units/<str:provider>/<str:unit>/", views.skm_unit, name="skm_unit"),
    path("skm/units/<str:provider>/<str:unit>/new/", views.survey_create, name="survey_create"),
    path("skm/surveys/<uuid:survey>/", views.survey_detail, name="survey_detail"),
    path("skm/surveys/<uuid:survey>/edit/", views.survey_edit, name="survey_edit"),
    path("skm/surveys/<uuid:survey>/publish/", views.survey_publish, name="survey_publish"),
    path("skm/surveys/<uuid:survey>/poster/", views.survey_poster, name="survey_poster"),
    path("skm/surveys/<uuid:survey>/export.<slug:fmt>", views.survey_export, name="survey_export"),
]
