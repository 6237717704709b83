from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from patuh.assessments.models import Cycle


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"cycles": Cycle.objects.all()})
