"""Appreciative inquiry pages: the worker's own records and their supervisees', recording one, reading one with
the supervisor's comments beside it, and the worker's nomination to the good-practice library."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from casemap.access.models import AccessAction
from casemap.access.policy import (
    READ_ONLY_ROLES,
    can_view_case,
    get_inquiry_for_user,
    visible_cases,
    visible_inquiries,
)
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.core.drafts import restore_kept_draft
from casemap.core.forms import StaleEditError, show_refusal
from casemap.supervision.forms import AppreciativeInquiryForm, InquiryCommentForm, InquiryNominateForm
from casemap.supervision.models import AppreciativeInquiry
from casemap.supervision.services.inquiry import inquiry_comment, inquiry_nominate, inquiry_record


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _own_cases(user: User) -> QuerySet[Case]:
    """The cases the worker holds or has held, open ones first."""
    held = Q(allocated_worker=user) | Q(allocations__worker=user)
    return visible_cases(user).filter(held).distinct().order_by("closed_on", "family_name", "pk")


def inquiry_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    inquiries = visible_inquiries(user).select_related("worker", "case")
    context = {
        "own": [inquiry for inquiry in inquiries if inquiry.worker_id == user.pk],
        "supervisees": [inquiry for inquiry in inquiries if inquiry.worker_id != user.pk],
        "supervises": user.supervisees.exists(),
    }
    return render(request, "supervision/inquiry_list.html", context)


def inquiry_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role in READ_ONLY_ROLES:
        raise Http404("Appreciative inquiries are recorded by practitioners and managers")
    data = request.POST if request.method == "POST" else restore_kept_draft(request)
    form = AppreciativeInquiryForm(data, cases=_own_cases(user))
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            inquiry = inquiry_record(
                acting_user=user,
                held_on=cleaned["held_on"],
                case=cleaned["case"],
                went_well=cleaned["went_well"],
                how_made_it_happen=cleaned["how_made_it_happen"],
                who_helped=cleaned["who_helped"],
                family_would_say=cleaned["family_would_say"],
                learning=cleaned["learning"],
                self_scale=cleaned["self_scale"],
                closer_to_ten=cleaned["closer_to_ten"],
                request=request,
            )
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Appreciative inquiry recorded. Your supervisor can read it and add comments.")
            return HttpResponseRedirect(reverse("supervision:inquiry", args=[inquiry.pk]))
    context = {
        "form": form,
        "heading": "Record an appreciative inquiry",
        "caption": "Supervision",
        "intro": "A conversation about a piece of work that went well: what you did, what helped, and what you "
        "learned. Only you and your supervisor can read it.",
        "button": "Save the appreciative inquiry",
        "back_url": reverse("supervision:inquiries"),
    }
    return render(request, "supervision/form_page.html", context)


def _detail_page(
    request: HttpRequest,
    user: User,
    inquiry: AppreciativeInquiry,
    comment_form: InquiryCommentForm | None = None,
    nominate_form: InquiryNominateForm | None = None,
) -> HttpResponse:
    """The inquiry with the form its reader may use: the supervisor's comments, or the worker's nomination until
    it is made. A form refused on posting comes back with its errors."""
    access_log_append_each(
        user=user, action=AccessAction.VIEW, record_type="appreciative inquiry", record_id=inquiry.pk, people=[None],
        request=request,
    )  # fmt: skip
    is_worker = inquiry.worker_id == user.pk
    if is_worker:
        comment_form = None
        nominate_form = (nominate_form or InquiryNominateForm()) if inquiry.nominated_at is None else None
    else:
        shown = {"version": inquiry.version, "manager_comments": inquiry.manager_comments}
        comment_form = comment_form or InquiryCommentForm(initial=shown)
        nominate_form = None
    context = {
        "inquiry": inquiry,
        "sees_case": inquiry.case is not None and can_view_case(user, inquiry.case),
        "comment_form": comment_form,
        "nominate_form": nominate_form,
    }
    return render(request, "supervision/inquiry_detail.html", context)


def inquiry_detail(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    user = _user(request)
    return _detail_page(request, user, get_inquiry_for_user(user, inquiry_id))


def inquiry_comment_view(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    user = _user(request)
    inquiry = get_inquiry_for_user(user, inquiry_id)
    if request.method != "POST":
        return _detail_page(request, user, inquiry)
    form = InquiryCommentForm(request.POST)
    if form.is_valid():
        try:
            inquiry_comment(
                acting_user=user,
                inquiry=inquiry,
                comments=form.cleaned_data["manager_comments"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except (ValidationError, PermissionDenied, StaleEditError) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Your comments are saved beside the worker's words.")
            return HttpResponseRedirect(reverse("supervision:inquiry", args=[inquiry.pk]))
    return _detail_page(request, user, inquiry, comment_form=form)


def inquiry_nominate_view(request: HttpRequest, inquiry_id: int) -> HttpResponse:
    user = _user(request)
    inquiry = get_inquiry_for_user(user, inquiry_id)
    if request.method != "POST":
        return _detail_page(request, user, inquiry)
    form = InquiryNominateForm(request.POST)
    if form.is_valid():
        try:
            consented = form.cleaned_data["consented"]
            inquiry_nominate(acting_user=user, inquiry=inquiry, consented=consented, request=request)
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Nominated to the good-practice library.")
            return HttpResponseRedirect(reverse("supervision:inquiry", args=[inquiry.pk]))
    return _detail_page(request, user, inquiry, nominate_form=form)
