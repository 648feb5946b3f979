from dataclasses import dataclass, field
from typing import NoReturn

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casemap.access.models import AccessAction
from casemap.access.policy import can_add_to_case, can_manage_case, get_case_for_user, managed_team_ids
from casemap.access.services import access_log_append, access_log_append_each
from casemap.accounts.models import User
from casemap.cases.forms import (
    MOST_CHILDREN_ON_A_REFERRAL,
    REFERRAL_CHILD_FIELDS,
    AllocationForm,
    CaseloadFilterForm,
    CaseNoteForm,
    CaseRelationshipForm,
    CloseCaseForm,
    EditCaseNoteForm,
    FamilyAddressForm,
    ProfessionalForm,
    ReferralChildForm,
    ReferralDecisionForm,
    ReferralForm,
    child_rows_posted,
    shown_as_typed,
)
from casemap.cases.known_people import known_people
from casemap.cases.models import Case, CaseNote, CaseService, ReferralDecision
from casemap.cases.selectors import (
    CaseloadFilters,
    can_record_referrals,
    case_children,
    case_page,
    caseload_for_manager,
    caseload_for_worker,
    is_note_author,
    managed_workers,
    previous_worker,
)
from casemap.cases.services import (
    case_allocate,
    case_close,
    case_note_add,
    case_note_update,
    case_professional_add,
    case_relationships_add,
    referral_decide,
    referral_receive_new_children,
)
from casemap.core.drafts import restore_kept_draft
from casemap.core.forms import StaleEditError, show_refusal
from casemap.mapping.selectors import case_maps, overdue_next_steps
from casemap.mapping.services import variant_for_case
from casemap.people.models import Person
from casemap.people.selectors import PossibleDuplicate, person_possible_duplicates
from casemap.quality.closure import missing_closure_audit


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _not_found() -> NoReturn:
    raise Http404("No case found")


def _filters(request: HttpRequest) -> CaseloadFilters:
    form = CaseloadFilterForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    return CaseloadFilters(
        service=data.get("service") or "",
        status=data.get("status") or "open",
        overdue_only=bool(data.get("overdue")),
        worker_id=data.get("worker"),
        sort=data.get("sort") or "family",
        page=request.GET.get("page", "1"),
    )


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(reverse("cases:my-caseload"))


def my_caseload(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    caseload = caseload_for_worker(user=_user(request), filters=filters)
    access_log_append(
        user=_user(request),
        action=AccessAction.VIEW,
        record_type="caseload",
        detail=f"{len(caseload.rows)} of {caseload.total} cases",
        request=request,
    )
    return render(
        request,
        "cases/caseload.html",
        {
            "rows": caseload.rows,
            "caseload": caseload,
            "filters": filters,
            "services": CaseService.choices,
            "title": "My caseload",
            "team_view": False,
            "overdue_next_steps": overdue_next_steps(user=_user(request)),
        },
    )


def team_caseload(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not managed_team_ids(user):
        _not_found()
    filters = _filters(request)
    caseload = caseload_for_manager(user=user, filters=filters)
    access_log_append(
        user=user,
        action=AccessAction.VIEW,
        record_type="team_caseload",
        detail=f"{len(caseload.rows)} of {caseload.total} cases",
        request=request,
    )
    return render(
        request,
        "cases/caseload.html",
        {
            "rows": caseload.rows,
            "caseload": caseload,
            "filters": filters,
            "services": CaseService.choices,
            "title": "Team caseload",
            "team_view": True,
            "workers": managed_workers(user=user),
        },
    )


DUPLICATE_CHILD_MESSAGE = (
    "Someone with these details may already be recorded. Check the people listed, then confirm none of them is "
    "this child"
)


@dataclass
class ReferralChildRow:
    number: int
    form: ReferralChildForm
    duplicates: list[PossibleDuplicate] = field(default_factory=list)


@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest) -> HttpResponse:
    """A referral about one or more children of a family. "Add another child" shows the form again with one more
    row (the surname carried down) and saves nothing; a row left without a name or date of birth is left off."""
    user = _user(request)
    if not can_record_referrals(user):
        _not_found()
    data = request.POST or restore_kept_draft(request)
    adding = data is not None and "add_child" in data
    rows = child_rows_posted(data) if data is not None else 1
    posted_rows = rows
    if adding and rows < MOST_CHILDREN_ON_A_REFERRAL:
        rows += 1
    if data is not None:
        data = data.copy()
        data["child_rows"] = str(rows)
    form = ReferralForm(data, initial={"team": user.team_id, "child_rows": rows})
    address = FamilyAddressForm(data)
    children = [
        ReferralChildRow(number, ReferralChildForm(data if number <= posted_rows else None, prefix=f"child-{number}"))
        for number in range(1, rows + 1)
    ]
    if data is not None and adding and len(children) > posted_rows:
        children[-1].form.initial["last_name"] = data.get(f"child-{posted_rows}-last_name", "")
    named = [row for row in children if row.number == 1 or not row.form.is_blank()]
    if data is not None and not adding:
        checked = [form.is_valid(), address.is_valid()] + [row.form.is_valid() for row in named]
        if all(checked):
            for row in named:
                details = row.form.cleaned_data
                row.duplicates = person_possible_duplicates(
                    user=user,
                    first_name=details["first_name"],
                    last_name=details["last_name"],
                    date_of_birth=details["date_of_birth"],
                )
            confirmed = [row.form.confirmed_not_a_duplicate(row.duplicates, DUPLICATE_CHILD_MESSAGE) for row in named]
            if all(confirmed):
                case = _record_referral(request, form, address, [row.form for row in named])
                if case is not None:
                    names = " and ".join(row.form.cleaned_data["first_name"] for row in named)
                    messages.success(request, f"Referral for {names} recorded")
                    return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]))
    for row in children:
        if row.form.is_bound and (adding or row not in named):
            shown_as_typed(row.form)
    if adding:
        shown_as_typed(form)
        shown_as_typed(address)
    forms = [form, address, *(row.form for row in children)]
    return render(
        request,
        "cases/referral_new.html",
        {
            "form": form,
            "address_form": address,
            "children": children,
            "can_add_child": rows < MOST_CHILDREN_ON_A_REFERRAL,
            "all_forms": forms,
            "has_errors": any(f.is_bound and f.errors for f in forms),
        },
    )


def _record_referral(
    request: HttpRequest, form: ReferralForm, address: FamilyAddressForm, children: list[ReferralChildForm]
) -> Case | None:
    data = form.cleaned_data
    try:
        return referral_receive_new_children(
            acting_user=_user(request),
            children=[{name: child.cleaned_data[name] for name in REFERRAL_CHILD_FIELDS} for child in children],
            address=address.cleaned_data,
            team=data["team"],
            received_on=data["received_on"],
            source=data["source"],
            what_was_reported=data["what_was_reported"],
            referrer_name=data["referrer_name"],
            request=request,
        )
    except (ValidationError, PermissionDenied) as error:
        show_refusal(form, error)
        return None


def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, case_id)
    page = case_page(case=case)
    may_add = can_add_to_case(user, case)
    manage = may_add and can_manage_case(user, case)
    maps = case_maps(case=case)
    context = {
        "case": case,
        "members": page.members,
        "member_labels": page.member_labels,
        "children": page.children,
        "notes": page.notes,
        "pending_referrals": page.pending_referrals,
        "decisions": page.decisions,
        "professionals": page.professionals,
        "allocations": page.allocations,
        "can_manage": manage,
        "can_add_note": may_add and bool(page.children),
        "maps": maps,
        "case_variant": variant_for_case(case),
        "has_draft_map": any(map_.is_draft for map_ in maps),
        "decision_form": ReferralDecisionForm(initial={"version": case.version, "decided_on": timezone.localdate()})
        if manage and page.pending_referrals
        else None,
        "allocation_form": AllocationForm(
            workers=User.objects.filter(team=case.team, is_active=True),
            previous_worker=previous_worker(case),
            initial={"worker": case.allocated_worker_id, "version": case.version},
        )
        if manage
        else None,
        "close_form": CloseCaseForm(initial={"version": case.version})
        if manage and not page.pending_referrals
        else None,
        "closure_audit_missing": missing_closure_audit(case) if manage and not page.pending_referrals else None,
    }
    access_log_append_each(
        user=user,
        action=AccessAction.VIEW,
        record_type="case",
        record_id=case.pk,
        people=page.children or [None],
        request=request,
    )
    return render(request, "cases/case_detail.html", context)


def _manager_case(request: HttpRequest, case_id: int) -> Case:
    case = get_case_for_user(_user(request), case_id)
    if not can_manage_case(_user(request), case):
        _not_found()
    return case


def _show_case_form_errors(request: HttpRequest, case_id: int, form_name: str, form: object) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, case_id)
    context = {"case": case, "form": form, "action": form_name}
    if form_name == "close":
        context["closure_audit_missing"] = missing_closure_audit(case)
    return render(request, "cases/case_action.html", context)


@require_http_methods(["GET", "POST"])
def case_decide(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _manager_case(request, case_id)
    kept = request.POST if request.method == "POST" else restore_kept_draft(request)
    if kept is None:
        return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]))
    form = ReferralDecisionForm(kept)
    if request.method == "POST" and form.is_valid():
        try:
            referral_decide(
                acting_user=_user(request),
                case=case,
                decision=ReferralDecision(form.cleaned_data["decision"]),
                decided_on=form.cleaned_data["decided_on"],
                reasons=form.cleaned_data["reasons"],
                primary_need=form.cleaned_data["primary_need"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except (StaleEditError, ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Referral decision recorded")
            return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]))
    return _show_case_form_errors(request, case_id, "decide", form)


@require_http_methods(["GET", "POST"])
def case_allocate_view(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _manager_case(request, case_id)
    kept = request.POST if request.method == "POST" else restore_kept_draft(request)
    if kept is None:
        return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]))
    form = AllocationForm(
        kept, workers=User.objects.filter(team=case.team, is_active=True), previous_worker=previous_worker(case)
    )
    if request.method == "POST" and form.is_valid():
        try:
            case_allocate(
                acting_user=_user(request),
                case=case,
                worker=form.cleaned_data["worker"],
                reason=form.cleaned_data["reason"],
                change_reason=form.cleaned_data["change_reason"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except (StaleEditError, ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Allocation saved")
            return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]))
    return _show_case_form_errors(request, case_id, "allocate", form)


@require_http_methods(["GET", "POST"])
def case_close_view(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _manager_case(request, case_id)
    kept = request.POST if request.method == "POST" else restore_kept_draft(request)
    if kept is None:
        return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]))
    form = CloseCaseForm(kept)
    if request.method == "POST" and form.is_valid():
        try:
            case_close(
                acting_user=_user(request),
                case=case,
                closed_on=form.cleaned_data["closed_on"],
                closure_reason=form.cleaned_data["closure_reason"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except (StaleEditError, ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Case closed")
            return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]))
    return _show_case_form_errors(request, case_id, "close", form)


@require_http_methods(["GET", "POST"])
def case_note_new(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, case_id)
    children = Person.objects.filter(pk__in=[child.pk for child in case_children(case)]).order_by("date_of_birth", "pk")
    if not can_add_to_case(user, case) or not children:
        _not_found()
    kept = restore_kept_draft(request)
    data = request.POST if request.method == "POST" else kept
    initial = {"children": [child.pk for child in children]} if children.count() == 1 else {}
    form = CaseNoteForm(data, children=children, people=known_people(case=case, user=user), initial=initial)
    if kept is not None and request.method == "GET":
        messages.info(
            request,
            "You were signed out while writing this note. What you typed is shown below: check it and save.",
        )
    if request.method == "POST" and form.is_valid():
        try:
            case_note_add(acting_user=user, case=case, request=request, **form.note())
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Case note saved")
            return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]))
    return render(request, "cases/case_note_form.html", {"form": form, "case": case, "editing": False})


@require_http_methods(["GET", "POST"])
def case_note_edit(request: HttpRequest, case_id: int, note_id: int) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, case_id)
    note = CaseNote.objects.filter(case=case, pk=note_id, archived_at__isnull=True).first()
    if note is None or not is_note_author(user, note) or not can_add_to_case(user, case):
        _not_found()
    kept = restore_kept_draft(request)
    data = request.POST if request.method == "POST" else kept
    form = EditCaseNoteForm(
        data,
        people=known_people(case=case, user=user),
        present=note.present,
        initial={"version": note.version, "text": note.text},
    )
    if request.method == "POST" and form.is_valid():
        try:
            case_note_update(
                acting_user=user,
                note=note,
                expected_version=form.cleaned_data["version"],
                text=form.cleaned_data["text"],
                present=form.who_was_there(),
                request=request,
            )
        except (StaleEditError, ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Case note saved")
            return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]))
    return render(request, "cases/case_note_form.html", {"form": form, "case": case, "note": note, "editing": True})


@require_http_methods(["GET", "POST"])
def case_professional_new(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, case_id)
    if not can_add_to_case(user, case):
        _not_found()
    form = ProfessionalForm(request.POST or restore_kept_draft(request))
    if request.method == "POST" and form.is_valid():
        try:
            case_professional_add(acting_user=user, case=case, request=request, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} added to the professionals working with the family")
            return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]))
    return render(request, "cases/professional_form.html", {"form": form, "case": case})


@require_http_methods(["GET", "POST"])
def case_relationship_new(request: HttpRequest, case_id: int) -> HttpResponse:
    """How people already on the case are related, chosen rather than typed: one person and everyone they are
    that to (Eddy, father, of Darel, Alkira and Jirra)."""
    user = _user(request)
    case = get_case_for_user(user, case_id)
    if not can_add_to_case(user, case):
        _not_found()
    people = Person.objects.filter(case_memberships__case=case, archived_at__isnull=True).order_by(
        "case_memberships__role", "date_of_birth", "pk"
    )
    form = CaseRelationshipForm(request.POST or restore_kept_draft(request), people=people)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            recorded = case_relationships_add(acting_user=user, case=case, request=request, **data)
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            names = ", ".join(relationship.person.first_name for relationship in recorded)
            kind = recorded[0].get_kind_display().lower()
            messages.success(request, f"{data['relative'].full_name} recorded as {kind} of {names}")
            return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]))
    return render(request, "cases/relationship_form.html", {"form": form, "case": case})
