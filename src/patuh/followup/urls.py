from django.urls import path

from patuh.followup import views

app_name = "followup"

cycle = "followup/cycles/<slug:code>/"
item = "followup/items/<uuid:finding>/"

urlpatterns = [
    path("followup/", views.mine, name="mine"),
    path(item, views.item, name="item"),
    path(item + "start/", views.start, name="start"),
    path(item + "report/", views.report, name="report"),
    path(item + "decide/", views.decide, name="decide"),
    path("followup/evidence/<uuid:piece>/<slug:variant>/", views.evidence, name="evidence"),
    path(cycle, views.tracker, name="tracker"),
    path(cycle + "products/new/", views.new_product, name="new_product"),
    path(cycle + "<slug:what>.<slug:fmt>", views.export, name="export"),
]
