"""Forms for the conference record: the child's view, an agency's report, a score given in private and the decision
for a child. Everyone named is chosen from the conference's invitees or the case's team, never typed again."""

from collections.abc import Sequence
from typing import Any

from django import forms

from casemap.accounts.models import User
from casemap.cases.models import AbuseCategory
from casemap.core.forms import LONG_TEXT, SHORT_TEXT, GovukDateField, GovukForm, VersionField
from casemap.core.people_choice import KnownPerson, names_ticked, ticks_for_names
from casemap.mapping.models import DangerStatement
from casemap.meetings.models import AgencyReport, ConferenceDecision, Dissent, Invitee, ShareRestriction
from casemap.meetings.services.conference import ReportAnswers

YES_NO = [("yes", "Yes"), ("no", "No")]
OVERALL = "overall"
# Blank rows offered for more dissent, after any already recorded.
SPARE_DISSENT_ROWS = 2


def _yes_no(value: bool | None) -> str:
    return "" if value is None else "yes" if value else "no"


def _text(label: str, limit: int, required: str = "", help_text: str = "", rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label if required else f"{label} (optional)",
        help_text=help_text,
        max_length=limit,
        required=bool(required),
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required} if required else {},
    )


def _yes_no_field(label: str, required: str = "", help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=bool(required),
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": required, "invalid_choice": required or "Choose yes or no"},
    )


def _hint(form: forms.Form, name: str, text: str) -> None:
    form.fields[name].help_text = text
    form._bound_fields_cache.pop(name, None)  # type: ignore[attr-defined]  # bound before the hint was set


def _invitee_where(invitee: Invitee) -> str:
    if invitee.is_family:
        return invitee.get_role_display()
    return invitee.agency_name or invitee.get_agency_type_display()


def _invitee_label(invitee: Invitee) -> str:
    return f"{invitee.name} ({_invitee_where(invitee)})"


class ChildsViewForm(GovukForm):
    version = VersionField()
    childs_view = _text(
        "The child's view",
        LONG_TEXT,
        required="Enter the child's view, in their words or as they showed it",
        help_text="In their words, or as they showed it: a drawing, a Three Houses, what they told someone they trust",
        rows=8,
    )


class AgencyReportForm(GovukForm):
    """One agency's report: the author is chosen from the professionals and staff invited (fixed once written)."""

    author = forms.TypedChoiceField(
        label="Whose report is it?",
        coerce=int,
        error_messages={
            "required": "Choose whose report it is",
            "invalid_choice": "Choose the author from the professionals and staff invited to this conference",
        },
    )
    worries = _text("What are you worried about?", LONG_TEXT, required="Enter what the agency is worried about")
    working_well = _text("What is working well?", LONG_TEXT, required="Enter what is working well")
    needs_to_happen = _text("What needs to happen?", LONG_TEXT, required="Enter what needs to happen")
    childs_wishes = _text("What does the child wish for?", LONG_TEXT, help_text="As the agency knows it")
    score = forms.IntegerField(
        label="The agency's score, from 0 to 10 (optional)",
        min_value=0,
        max_value=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
        error_messages={
            "invalid": "The score must be a whole number from 0 to 10",
            "min_value": "The score must be a whole number from 0 to 10",
            "max_value": "The score must be a whole number from 0 to 10",
        },
    )
    score_reason = _text("Why this score?", SHORT_TEXT, rows=3)
    shared_with_family_on = GovukDateField(
        label="Date it was shared with the family (optional)", help_text="For example, 27 3 2026", required=False
    )
    share_restriction = forms.ChoiceField(
        label="May it be shared with the family?",
        choices=ShareRestriction.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose why the report may not be shared, from the list"},
    )
    restriction_reason = _text("Why it may not be shared", SHORT_TEXT, rows=3)

    def __init__(
        self,
        *args: Any,
        authors: Sequence[Invitee],
        anchors: tuple[str, str] | None = None,
        report: AgencyReport | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        author: forms.TypedChoiceField = self.fields["author"]  # type: ignore[assignment]
        self.authors = {invitee.pk: invitee for invitee in authors}
        author.choices = [("", "Choose the author"), *((pk, _invitee_label(i)) for pk, i in self.authors.items())]
        if anchors:
            _hint(self, "score", f"0 means {anchors[0].lower()}; 10 means {anchors[1].lower()}")
        if report is not None:
            # Once written, a report stays its author's: a new author writes a report of their own.
            del self.fields["author"]
            self.fields = {"version": VersionField(), **self.fields}
            self.initial = {
                "version": report.version,
                "worries": report.worries,
                "working_well": report.working_well,
                "needs_to_happen": report.needs_to_happen,
                "childs_wishes": report.childs_wishes,
                "score": report.score,
                "score_reason": report.score_reason,
                "shared_with_family_on": report.shared_with_family_on,
                "share_restriction": report.share_restriction,
                "restriction_reason": report.restriction_reason,
                **self.initial,
            }
        self._apply_govuk_attributes()

    def chosen_author(self) -> Invitee:
        return self.authors[self.cleaned_data["author"]]

    def answers(self) -> ReportAnswers:
        data = self.cleaned_data
        return ReportAnswers(
            worries=data["worries"],
            working_well=data["working_well"],
            needs_to_happen=data["needs_to_happen"],
            childs_wishes=data["childs_wishes"],
            score=data["score"],
            score_reason=data["score_reason"],
            shared_with_family_on=data["shared_with_family_on"],
            share_restriction=data["share_restriction"] or "",
            restriction_reason=data["restriction_reason"],
        )


class SealedScoreForm(GovukForm):
    """A score given in private: who is giving it, on which scale, the score and why. Nobody sees it until the
    scores are revealed together."""

    invitee = forms.TypedChoiceField(
        label="Who is giving the score?",
        coerce=int,
        error_messages={
            "required": "Choose who is giving the score",
            "invalid_choice": "Choose who is giving the score from the people who took part in the conference",
        },
    )
    scale = forms.ChoiceField(
        label="Which scale?",
        error_messages={
            "required": "Choose the scale",
            "invalid_choice": "Choose a danger statement from the conference map, or the overall scale",
        },
    )
    score = forms.TypedChoiceField(
        label="Score",
        choices=[(str(number), str(number)) for number in range(11)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Choose a score from 0 to 10", "invalid_choice": "Choose a score from 0 to 10"},
    )
    reason = _text("Why this score?", SHORT_TEXT, required="Enter the reason for the score", rows=3)

    def __init__(
        self,
        *args: Any,
        scorers: Sequence[Invitee],
        statements: Sequence[DangerStatement],
        statement_label: str,
        anchors: tuple[str, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.scorers = {invitee.pk: invitee for invitee in scorers}
        self.statements = {f"statement-{statement.pk}": statement for statement in statements}
        invitee: forms.TypedChoiceField = self.fields["invitee"]  # type: ignore[assignment]
        invitee.choices = [("", "Choose someone"), *((pk, _invitee_label(i)) for pk, i in self.scorers.items())]
        scale: forms.ChoiceField = self.fields["scale"]  # type: ignore[assignment]
        scale.choices = [
            ("", "Choose the scale"),
            *(
                (key, f"{statement_label} {index}: {statement.statement[:80]}")
                for index, (key, statement) in enumerate(self.statements.items(), start=1)
            ),
            (OVERALL, "Overall"),
        ]
        _hint(self, "score", f"0 means {anchors[0].lower()}; 10 means {anchors[1].lower()}")
        self._apply_govuk_attributes()

    def chosen(self) -> tuple[Invitee, DangerStatement | None]:
        data = self.cleaned_data
        return self.scorers[data["invitee"]], self.statements.get(data["scale"])


class DecisionForm(GovukForm):
    """The decision for one child. The category is asked for only with a plan, and at a review whether the plan's
    category is still relevant; the core group is ticked from the invitees; an agency that disagrees is chosen
    from those who took part, with its reasons."""

    version = VersionField()
    significant_harm = _yes_no_field(
        "Is the child suffering, or likely to suffer, significant harm?",
        required="Say whether the child is suffering, or likely to suffer, significant harm",
    )
    needs_plan = _yes_no_field(
        "Does the child need a child protection plan?", required="Say whether the child needs a child protection plan"
    )
    category = forms.ChoiceField(
        label="If there is a plan: the category of abuse",
        choices=AbuseCategory.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose the category of abuse"},
    )
    category_still_relevant = _yes_no_field("If the plan continues: is its category still relevant?")
    reasons = _text("Reasons for the decision", LONG_TEXT, required="Enter the reasons for the decision", rows=6)
    lead_worker = forms.TypedChoiceField(
        label="Lead social worker",
        help_text="Needed for a plan",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose the lead social worker from the case's team"},
    )
    core_group_known = forms.MultipleChoiceField(
        label="Core group (with a plan)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose only people listed, or write the name in the box below"},
    )
    core_group_other = forms.CharField(
        label="Anyone else in the core group (optional)", help_text="Their names", max_length=1000, required=False
    )

    def __init__(
        self,
        *args: Any,
        decision: ConferenceDecision | None,
        is_review: bool,
        plan_category: str,
        lead_workers: Sequence[User],
        invitees: Sequence[Invitee],
        agencies: Sequence[Invitee],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if is_review:
            if plan_category:
                _hint(self, "category_still_relevant", f"The plan's category is {AbuseCategory(plan_category).label}")
        else:
            del self.fields["category_still_relevant"]
        self.lead_workers = {user.pk: user for user in lead_workers}
        lead: forms.TypedChoiceField = self.fields["lead_worker"]  # type: ignore[assignment]
        lead.choices = [("", "Choose the lead social worker"), *((pk, str(u)) for pk, u in self.lead_workers.items())]
        self.people = [
            KnownPerson(key=f"invitee-{invitee.pk}", name=invitee.name, description=_invitee_where(invitee))
            for invitee in invitees
        ]
        known: forms.MultipleChoiceField = self.fields["core_group_known"]  # type: ignore[assignment]
        known.choices = [(person.key, person.label) for person in self.people]
        self.agencies = {invitee.pk: invitee for invitee in agencies}
        dissents: list[Dissent] = list(decision.dissents.all()) if decision is not None else []
        self.dissent_rows = len(dissents) + SPARE_DISSENT_ROWS
        for row in range(1, self.dissent_rows + 1):
            self.fields[f"dissent_{row}_agency"] = forms.TypedChoiceField(
                label=f"Agency that disagrees ({row})",
                choices=[("", "No one"), *((pk, _invitee_label(i)) for pk, i in self.agencies.items())],
                coerce=int,
                required=False,
                empty_value=None,
                error_messages={"invalid_choice": "Choose an agency that took part in the conference"},
            )
            self.fields[f"dissent_{row}_reason"] = _text(f"Why they disagree ({row})", SHORT_TEXT, rows=3)
        if decision is not None:
            keys, other = ticks_for_names(self.people, decision.core_group)
            self.initial = {
                "version": decision.version,
                "significant_harm": _yes_no(decision.significant_harm),
                "needs_plan": _yes_no(decision.needs_plan),
                "category": decision.category,
                "category_still_relevant": _yes_no(decision.category_still_relevant),
                "reasons": decision.reasons,
                "lead_worker": decision.lead_worker_id,
                "core_group_known": keys,
                "core_group_other": other,
                **{f"dissent_{n}_agency": d.invitee_id for n, d in enumerate(dissents, start=1)},
                **{f"dissent_{n}_reason": d.reason for n, d in enumerate(dissents, start=1)},
                **self.initial,
            }
        else:
            self.initial = {"version": 0, **self.initial}
        self._apply_govuk_attributes()

    def dissent_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"dissent_{row}_agency"], self[f"dissent_{row}_reason"]) for row in range(1, self.dissent_rows + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in range(1, self.dissent_rows + 1):
            agency, reason = data.get(f"dissent_{row}_agency"), (data.get(f"dissent_{row}_reason") or "").strip()
            if agency is None and reason:
                self.add_error(f"dissent_{row}_agency", "Choose the agency that disagrees")
            elif agency is not None and not reason:
                self.add_error(f"dissent_{row}_reason", f"Say why {self.agencies[agency].name} disagrees")
        return data

    def decision(self) -> dict[str, Any]:
        """The service's arguments, as chosen."""
        data = self.cleaned_data
        dissents = [
            (self.agencies[data[f"dissent_{row}_agency"]], data[f"dissent_{row}_reason"])
            for row in range(1, self.dissent_rows + 1)
            if data.get(f"dissent_{row}_agency") is not None
        ]
        return {
            "expected_version": data["version"],
            "significant_harm": data["significant_harm"],
            "needs_plan": data["needs_plan"],
            "category": data["category"] or "",
            "category_still_relevant": data.get("category_still_relevant"),
            "reasons": data["reasons"],
            "lead_worker": self.lead_workers.get(data["lead_worker"]) if data["lead_worker"] else None,
            "core_group": names_ticked(self.people, data["core_group_known"], data["core_group_other"]),
            "dissents": dissents,
        }
