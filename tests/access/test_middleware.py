"""A view that declares no access rule is refused, whoever asks."""

import pytest
from django.http import HttpResponse
from django.urls import path

from patuh.access import public


def undeclared(request):
    return HttpResponse("secret plan")


@public
def declared(request):
    return HttpResponse("open")


urlpatterns = [
    path("undeclared/", undeclared, name="undeclared"),
    path("declared/", declared, name="declared"),
]


@pytest.mark.urls("tests.access.test_middleware")
def test_a_view_without_a_rule_is_refused_even_to_administrators(client, admin_user):
    client.force_login(admin_user)

    response = client.get("/undeclared/")

    assert response.status_code == 403
    assert "secret plan" not in response.text


@pytest.mark.urls("tests.access.test_middleware")
@pytest.mark.django_db
def test_a_declared_public_view_is_served_to_anyone(client):
    assert client.get("/declared/").text == "open"
