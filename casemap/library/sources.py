"""What each kind of record puts into an example: its sections as text, read through the record's own reader (a
signed map or plan as it was signed), with every name replaced and every date moved by the `Anonymiser`.

Pictures are never copied: a drawing or photo may show a face, a name or a home. A picture's description is.
Phone numbers of the people to call are left out of a safety plan altogether.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.library.anonymise import Anonymiser, KnownName
from casemap.library.models import LibraryTool
from casemap.library.names import case_known_names
from casemap.mapping.models import Map
from casemap.mapping.snapshot import map_data
from casemap.safety.models import SafetyPlan
from casemap.safety.snapshot import plan_data
from casemap.supervision.models import AppreciativeInquiry
from casemap.words.models import WordsAndPicturesBooklet

Source = Map | SafetyPlan | WordsAndPicturesBooklet | AppreciativeInquiry


@dataclass
class Draft:
    title: str
    happened_in: datetime.date
    sections: list[tuple[str, str]] = field(default_factory=list)

    def add(self, heading: str, text: str) -> None:
        if text.strip():
            self.sections.append((heading, text.strip()))


def source_case(source: Source) -> Case | None:
    return source.case


def source_worker(source: Source) -> User:
    """The worker whose work it is: who wrote the map or booklet, who started the plan (or, failing that, the
    case's allocated worker), the worker in an appreciative inquiry."""
    if isinstance(source, AppreciativeInquiry):
        return source.worker
    if isinstance(source, Map | WordsAndPicturesBooklet):
        return source.author
    worker = source.created_by or source.case.allocated_worker
    assert worker is not None, "a safety plan is always started by someone"
    return worker


def source_date(source: Source) -> datetime.date:
    if isinstance(source, Map | AppreciativeInquiry):
        return source.held_on
    return timezone.localtime(source.created_at).date()


def known_names(source: Source) -> list[KnownName]:
    """The names the record holds now: read again when the example is published, so anyone added since counts."""
    staff: list[User | None] = []
    if isinstance(source, Map | SafetyPlan):
        staff.append(source.signed_off_by)
    case = source_case(source)
    if case is not None:
        staff.append(case.allocated_worker)
    if isinstance(source, AppreciativeInquiry):
        staff.append(source.manager_commented_by)
    return case_known_names(case, worker=source_worker(source), staff=staff)


def anonymiser_for(source: Source, shift_days: int) -> Anonymiser:
    return Anonymiser(known_names(source), shift_days=shift_days, reference_year=source_date(source).year)


def draft_of(source: Source, tool: str, anonymiser: Anonymiser) -> Draft:
    if isinstance(source, Map):
        return _map_draft(map_data(source), tool, anonymiser)
    if isinstance(source, SafetyPlan):
        return _plan_draft(plan_data(source), anonymiser, source_date(source))
    if isinstance(source, WordsAndPicturesBooklet):
        return _booklet_draft(source, anonymiser)
    return _inquiry_draft(source, anonymiser)


def _lines(rows: list[str]) -> str:
    return "\n".join(f"- {row}" for row in rows if row.strip())


def _judgement_line(judgement: dict[str, Any], a: Anonymiser) -> str:
    line = f"{a.text(judgement['rater_name'])} ({judgement['rater_role_label']}): {judgement['score']} out of 10"
    reason = a.text(judgement["reason"])
    return f"{line}. {reason}" if reason else line


def _map_draft(data: dict[str, Any], tool: str, a: Anonymiser) -> Draft:
    variant = data["variant"]
    held_on = datetime.date.fromisoformat(data["held_on"])
    if tool == LibraryTool.DANGER_STATEMENTS:
        title = f"{variant['danger_statements_label']} and {variant['safety_goals_label'].lower()}"
    else:
        title = f"{variant['name']} map from a {data['setting'].lower()}"
    draft = Draft(title=title, happened_in=a.date(held_on))
    children = ", ".join(a.text(name) for name in data["children"])
    draft.add("About this work", f"{variant['name']}. {data['setting']}, {a.date_text(held_on)}. Children: {children}.")
    if tool != LibraryTool.DANGER_STATEMENTS:
        for category in data["categories"]:
            rows = []
            for item in category["items"]:
                row = a.text(item["text"])
                if item.get("said_by"):
                    row += f" (said by {a.text(item['said_by'])})"
                if item.get("noted_on"):
                    row += f", {a.date_text(item['noted_on'])}"
                if item.get("evidence"):
                    row += f". How we know: {a.text(item['evidence'])}"
                if item.get("disputed_by"):
                    row += f". Disputed by {a.text(item['disputed_by'])}"
                rows.append(row)
            draft.add(category["label"], _lines(rows))
    for pair in data["pairs"]:
        number = pair["position"]
        statement = a.text(pair["danger_statement"])
        if pair.get("family_view"):
            statement += f"\n\nThe family's view: {a.text(pair['family_view'])}"
        draft.add(f"{variant['danger_statement_label']} {number}", statement)
        goal = a.text(pair["safety_goal"])
        if pair.get("sustained_for"):
            goal += f"\n\nSustained for: {a.text(pair['sustained_for'])}"
        if pair.get("family_version"):
            goal += f"\n\nIn the family's words: {a.text(pair['family_version'])}"
        draft.add(f"{variant['safety_goal_label']} {number}", goal)
        if tool == LibraryTool.DANGER_STATEMENTS:
            draft.add(f"Scales for {variant['danger_statement_label'].lower()} {number}",
                      _lines([_judgement_line(j, a) for j in pair["judgements"]]))  # fmt: skip
    if tool != LibraryTool.DANGER_STATEMENTS:
        scales = [_judgement_line(j, a) for j in data["overall_judgements"]]
        for pair in data["pairs"]:
            label = f"{variant['danger_statement_label']} {pair['position']}"
            scales += [f"{label}: {_judgement_line(j, a)}" for j in pair["judgements"]]
        draft.add("Scales", f"{a.text(variant['scale_question'])}\n\n{_lines(scales)}" if scales else "")
        steps = [
            f"{a.text(step['action'])} ({a.text(step['owner'])}, by {a.date_text(step['due_on'])})"
            for step in data["next_steps"]
        ]
        draft.add("Next steps", _lines(steps))
    return draft


def _plan_draft(data: dict[str, Any], a: Anonymiser, made_on: datetime.date) -> Draft:
    draft = Draft(title=data["kind_label"], happened_in=a.date(made_on))
    children = ", ".join(a.text(name) for name in data["children"])
    about = f"{data['kind_label']} for {children or 'the children'}."
    if data.get("review_on"):
        about += f" To be reviewed on {a.date_text(data['review_on'])}."
    draft.add("About this plan", about)
    draft.add("Rules", _lines([
        f"{a.text(rule['wording'])} (makes sure: {a.text(rule['responsible']) or 'no one named'}; "
        f"checks: {a.text(rule['checker']) or 'no one named'})"
        for rule in data["rules"]
    ]))  # fmt: skip
    draft.add("Triggers and warning signs", _lines([
        f"{a.text(row['warning_sign'])} What to do: {a.text(row['what_to_do'])}" for row in data["triggers"]
    ]))  # fmt: skip
    draft.add("Who to call", _lines([f"{a.text(row['name'])}: {a.text(row['when_to_call'])}"
                                     for row in data["contacts"]]))  # fmt: skip
    draft.add("Bottom lines", _lines([a.text(row["text"]) for row in data["bottom_lines"]]))
    draft.add("The children's version", a.text(data.get("childrens_version") or ""))
    return draft


def _booklet_draft(booklet: WordsAndPicturesBooklet, a: Anonymiser) -> Draft:
    made = timezone.localtime(booklet.created_at).date()
    draft = Draft(title=f"Words and Pictures: {a.text(booklet.title)}", happened_in=a.date(made))
    for number, page in enumerate(booklet.pages.order_by("position", "pk"), start=1):
        text = a.text(page.text)
        if page.picture_description:
            text += f"\n\n[A picture: {a.text(page.picture_description)}]"
        elif page.picture_id:
            text += "\n\n[A picture, not shared here]"
        draft.add(a.text(page.heading) or f"Page {number}", text)
    return draft


def _inquiry_draft(inquiry: AppreciativeInquiry, a: Anonymiser) -> Draft:
    draft = Draft(title="Appreciative inquiry", happened_in=a.date(inquiry.held_on))
    draft.add("What went well, or made them proud", a.text(inquiry.went_well))
    draft.add("How they made it happen", a.text(inquiry.how_made_it_happen))
    draft.add("Who or what helped", a.text(inquiry.who_helped))
    draft.add("What the family or network would say they contributed", a.text(inquiry.family_would_say))
    draft.add("The most important learning", a.text(inquiry.learning))
    draft.add("Their own scale", f"{inquiry.self_scale} out of 10")
    draft.add("What would move it closer to 10", a.text(inquiry.closer_to_ten))
    return draft
