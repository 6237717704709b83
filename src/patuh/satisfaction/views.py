from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from patuh.access import Can, public, requires
from patuh.access import satisfaction as access
from patuh.audit.services import Action, record
from patuh.instruments.definition import SKM
from patuh.lib.exports import FORMATS, export_response
from patuh.satisfaction import charts, services
from patuh.satisfaction.exports import ResponsesExport
from patuh.satisfaction.forms import ResponseForm, SurveyForm
from patuh.satisfaction.models import Survey
from patuh.satisfaction.qr import qr_svg

VIEWERS = (Can.SELF_ASSESS, Can.VIEW_RESULTS)
# In kiosk mode the thanks page turns back into an empty form for the next citizen after this.
KIOSK_RESET_SECONDS = 8


def public_link(request: HttpRequest, survey: Survey) -> str:
    return request.build_absolute_uri(reverse("survey_respond", args=[survey.uuid]))


@public
@require_GET
def survey_code(request: HttpRequest) -> HttpResponse:
    """Where the short code printed under a poster's QR code is typed: it leads to the survey."""
    typed = request.GET.get("code", "")
    if not typed.strip():
        return render(request, "satisfaction/code.html", {"typed": ""})
    survey_obj = services.find_by_short_code(typed)
    if survey_obj is None:
        context = {
            "typed": typed,
            "error": gettext(
                "No survey has the code “%(code)s”. Check the code under the QR code on the"
                " poster and type it again."
            )
            % {"code": typed.strip()},
        }
        return render(request, "satisfaction/code.html", context, status=404)
    return redirect("survey_respond", survey=survey_obj.uuid)


@public
@never_cache
@require_http_methods(["GET", "POST"])
def survey_respond(request: HttpRequest, survey: str) -> HttpResponse:
    """The public questionnaire, each copy with its own form token. Outside the period it says
    so; a refused response (honeypot, token, burst ceiling) gets a message, keeps the answers in
    the form and stores nothing; a replayed form is answered like the first time it was sent."""
    survey_obj = get_object_or_404(
        Survey.objects.select_related("unit__provider", "instrument_version"), uuid=survey
    )
    state = survey_obj.state(timezone.localdate())
    form = ResponseForm(
        request.POST if request.method == "POST" else None,
        instrument=survey_obj.instrument_version.parsed,
        products=list(survey_obj.unit.products.order_by("name")),
        language=get_language(),
    )
    posted_token = request.POST.get("token", "")
    context = {"survey": survey_obj, "form": form, "state": state, "token": posted_token}
    if state != "open":
        context["refusal"] = services.period_message(survey_obj, state)
        return render(request, "satisfaction/respond.html", context)
    if request.method == "POST":
        if form.is_robot():
            context["refusal"] = gettext(
                "Your answers were not saved: the field “Leave this field empty” was filled in."
                " Please leave it empty and send the form again."
            )
            return _questionnaire(request, context, status=400)
        if form.is_valid():
            try:
                services.submit_response(
                    survey_obj,
                    token=posted_token,
                    answers=form.answers(),
                    product=form.chosen_product(),
                    profile=form.profile(),
                    suggestion=form.cleaned_data["suggestion"],
                )
            except services.SurveyRefused as refused:
                context["refusal"] = refused.message
                if refused.token_refused:
                    context["token"] = ""
                return _questionnaire(request, context, status=refused.status)
            return redirect("survey_thanks", survey=survey_obj.uuid)
    return _questionnaire(request, context)


def _questionnaire(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    """The form with a token: the posted one while it is still good, else a new one."""
    if not context["token"]:
        context["token"] = services.issue_token(context["survey"])
    return render(request, "satisfaction/respond.html", context, status=status)


@public
@never_cache
@require_GET
def survey_thanks(request: HttpRequest, survey: str) -> HttpResponse:
    survey_obj = get_object_or_404(Survey.objects.select_related("unit__provider"), uuid=survey)
    context = {"survey": survey_obj, "kiosk_reset_seconds": KIOSK_RESET_SECONDS}
    return render(request, "satisfaction/thanks.html", context)


@requires(*VIEWERS)
@require_GET
def skm_units(request: HttpRequest) -> HttpResponse:
    units = (
        access.units_for_user(request.user)
        .select_related("provider")
        .annotate(survey_count=Count("surveys", distinct=True))
        .order_by("provider__name", "name", "pk")
    )
    return render(request, "satisfaction/units.html", {"units": units})


@requires(*VIEWERS)
@require_GET
def skm_unit(request: HttpRequest, provider: str, unit: str) -> HttpResponse:
    unit_obj = access.get_unit_for_user(request.user, provider, unit)
    return _unit_page(request, unit_obj, SurveyForm())


def _unit_page(request: HttpRequest, unit, form: SurveyForm, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    surveys = list(
        unit.surveys.select_related("instrument_version").annotate(respondents=Count("responses"))
    )
    for survey in surveys:
        survey.state_now = survey.state(today)
    return render(
        request,
        "satisfaction/unit.html",
        {
            "unit": unit,
            "surveys": surveys,
            "form": form,
            "may_manage": access.may_manage(request.user, unit),
        },
        status=status,
    )


@requires(Can.SELF_ASSESS)
@require_POST
def survey_create(request: HttpRequest, provider: str, unit: str) -> HttpResponse:
    unit_obj = access.get_unit_to_manage(request.user, provider, unit)
    form = SurveyForm(request.POST)
    if not form.is_valid():
        return _unit_page(request, unit_obj, form, status=400)
    survey = services.create_survey(unit_obj, user=request.user, **form.cleaned_data)
    messages.success(request, gettext("The survey was created. Print its poster for the counter."))
    return redirect("survey_detail", survey=survey.uuid)


@requires(*VIEWERS)
@require_GET
def survey_detail(request: HttpRequest, survey: str) -> HttpResponse:
    survey_obj = access.get_survey_for_user(request.user, survey)
    return _survey_page(request, survey_obj, SurveyForm(instance=survey_obj))


def _survey_page(request: HttpRequest, survey: Survey, form, status: int = 200) -> HttpResponse:
    language = get_language()
    result = services.survey_result(survey)
    required = services.required_sample(survey)
    # The satisfaction survey's index is the IKM; the opinion's surveys give a plain index.
    index_name = "IKM" if result.instrument.survey_kind == SKM else gettext("Index")
    context = {
        "index_name": index_name,
        "survey": survey,
        "unit": survey.unit,
        "instrument_title": result.instrument.title.get(language),
        "elements": [(element, element.title.get(language)) for element in result.elements],
        "band_label": result.band.label.get(language) if result.band else "",
        "result": result,
        "required": required,
        "state": survey.state(timezone.localdate()),
        "link": public_link(request, survey),
        "code_link": request.build_absolute_uri(reverse("survey_code")),
        "form": form,
        "may_manage": access.may_manage(request.user, survey.unit),
        "formats": FORMATS,
        "products": survey.responses.values("product__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "product__name"),
        "suggestions": survey.responses.exclude(suggestion="")
        .order_by("-submitted_at", "-pk")
        .values_list("submitted_at", "suggestion")[:50],
        "nrr_chart": charts.element_bars(
            result, language, gettext("Service value (NRR) per element, from 1 to 4")
        ),
    }
    if result.ikm is not None:
        context["ikm_chart"] = charts.band_scale(
            result.instrument.bands,
            result.ikm,
            gettext("%(index)s on the conversion table") % {"index": index_name},
            f"{index_name} {number_format(result.ikm, 2)}: {result.band.code}",
        )
    if required:
        context["sample_chart"] = charts.sample_bar(
            result.respondents,
            required,
            gettext("Respondents against the required sample"),
            gettext("%(respondents)s of %(required)s respondents (%(percent)s%%)")
            % {
                "respondents": result.respondents,
                "required": required,
                "percent": round(100 * result.respondents / required),
            },
        )
    return render(request, "satisfaction/survey.html", context, status=status)


@requires(Can.SELF_ASSESS)
@require_POST
def survey_edit(request: HttpRequest, survey: str) -> HttpResponse:
    survey_obj = access.get_survey_to_manage(request.user, survey)
    form = SurveyForm(request.POST, instance=survey_obj)
    if form.is_valid():
        try:
            services.update_survey(survey_obj, **form.cleaned_data)
        except services.SurveyChangeRefused as refused:
            form.add_error("opens_on", refused.message)
        else:
            messages.success(request, gettext("The survey was saved."))
            return redirect("survey_detail", survey=survey_obj.uuid)
    # Validating wrote the posted values onto the survey: the page shows the stored ones.
    survey_obj.refresh_from_db()
    return _survey_page(request, survey_obj, form, status=400)


@requires(Can.SELF_ASSESS)
@require_POST
def survey_publish(request: HttpRequest, survey: str) -> HttpResponse:
    """Publish the survey's results on the public portal as they stand now, or withdraw them."""
    survey_obj = access.get_survey_to_manage(request.user, survey)
    publish = request.POST.get("publish") == "1"
    services.set_published(survey_obj, publish)
    if publish:
        messages.success(
            request,
            gettext(
                "The results as they stand now are published on the public portal. Publish again"
                " to bring them up to date."
            ),
        )
    else:
        messages.success(request, gettext("The results were withdrawn from the public portal."))
    return redirect("survey_detail", survey=survey_obj.uuid)


@requires(*VIEWERS)
@require_GET
def survey_poster(request: HttpRequest, survey: str) -> HttpResponse:
    survey_obj = access.get_survey_for_user(request.user, survey)
    link = public_link(request, survey_obj)
    return render(
        request,
        "satisfaction/poster.html",
        {
            "survey": survey_obj,
            "link": link,
            "code_link": request.build_absolute_uri(reverse("survey_code")),
            "qr": qr_svg(link, gettext("QR code of the survey link")),
            "instrument_title": survey_obj.instrument_version.parsed.title.get(get_language()),
        },
    )


@requires(*VIEWERS)
@require_GET
def survey_export(request: HttpRequest, survey: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("No such format.")
    survey_obj = access.get_survey_for_user(request.user, survey)
    record(Action.EXPORT, survey_obj, note=f"satisfaction survey responses, format={fmt}")
    return export_response(ResponsesExport(survey_obj), fmt)
