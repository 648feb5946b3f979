"""Reading maps across time: comparison, scores over time, and the family's document."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casemap.access.models import AccessAction
from casemap.access.policy import get_case_for_user
from casemap.access.services import access_log_append, access_log_append_each
from casemap.mapping import services
from casemap.mapping.selectors import case_maps, case_trajectory, get_map_for_user
from casemap.mapping.snapshot import map_compare, map_data
from casemap.mapping.views.map_page import request_user


def compare(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request_user(request)
    case = get_case_for_user(user, case_id)
    maps = {m.pk: m for m in case_maps(case=case)}
    try:
        older, newer = maps[int(request.GET.get("older", ""))], maps[int(request.GET.get("newer", ""))]
    except (KeyError, ValueError):
        return render(request, "mapping/compare_choose.html", {"case": case, "maps": list(maps.values())})
    if older.number > newer.number:
        older, newer = newer, older
    older_data, newer_data = map_data(older), map_data(newer)
    access_log_append(
        user=user,
        action=AccessAction.VIEW,
        record_type="map_comparison",
        record_id=case.pk,
        detail=f"{older.number} and {newer.number}",
        request=request,
    )
    return render(
        request,
        "mapping/compare.html",
        {
            "case": case,
            "older": older,
            "newer": newer,
            "comparison": map_compare(older_data, newer_data),
            "sides": [older_data, newer_data],
            "maps": list(maps.values()),
        },
    )


def trajectory(request: HttpRequest, case_id: int) -> HttpResponse:
    from casemap.mapping.charts import trajectory_chart

    user = request_user(request)
    case = get_case_for_user(user, case_id)
    series = case_trajectory(case=case)
    latest = case_maps(case=case)
    variant = latest[0].variant if latest else services.variant_for_case(case)
    access_log_append(
        user=user, action=AccessAction.VIEW, record_type="map_trajectory", record_id=case.pk, request=request
    )
    return render(
        request,
        "mapping/trajectory.html",
        {"case": case, "series": series, "chart": trajectory_chart(series), "variant": variant},
    )


def map_pdf(request: HttpRequest, map_id: int) -> HttpResponse:
    from casemap.mapping.document import map_document_pdf

    map_ = get_map_for_user(request_user(request), map_id)
    pdf = map_document_pdf(map_)
    access_log_append_each(
        people=list(map_.children.all()),
        user=request_user(request),
        action=AccessAction.EXPORT,
        record_type="map",
        record_id=map_.pk,
        detail=f"PDF version {map_.version}",
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="map-{map_.case_id}-{map_.number}-v{map_.version}.pdf"'
    return response


def map_print(request: HttpRequest, map_id: int) -> HttpResponse:
    from casemap.mapping.document import map_document_html

    map_ = get_map_for_user(request_user(request), map_id)
    access_log_append_each(
        user=request_user(request),
        action=AccessAction.PRINT,
        record_type="map",
        record_id=map_.pk,
        people=list(map_.children.all()),
        request=request,
    )
    return HttpResponse(map_document_html(map_))
