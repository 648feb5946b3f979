"""A meeting's decision letter and full record, and each recipient's copy of them.

A version's content is read from the meeting's records once, when the version is made (`document_content`), and
kept as it was. Each recipient's copy is made from that content (`recipient_copy`):
- the parts of the conference the recipient was asked to leave are not in it;
- a family copy leaves out any agency report with a share restriction (police, fabricated or induced illness, legal)
  until the report is cleared for the family, is written in plain words and shows its reading age;
- no copy shows an address: every address ever on the record of anyone around the meeting is withheld from the
  text, and a foster carer is named only in their own copy. The only address printed is the recipient's own, on a
  posted letter's address block, and never one that is confidential or a foster carer's (`address_block`).
The PDF is made by the one document helper (`casemap/core/documents.py`), which fetches nothing.
"""

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from casemap.cases.models import AbuseCategory, CaseMember
from casemap.core import plain_language
from casemap.core.documents import document_pdf
from casemap.core.working_days import working_day_calendar
from casemap.mapping.snapshot import map_data
from casemap.meetings import timescales
from casemap.meetings.models import (
    FAMILY_ROLES,
    AgencyReport,
    BreachStatus,
    ConferenceDecision,
    ConferenceDocument,
    ConferencePart,
    DisclosureBreach,
    Dissent,
    Distribution,
    DistributionChannel,
    DocumentKind,
    Invitee,
    InviteeRole,
    Meeting,
    MeetingKind,
    MeetingStatus,
    ReportClearance,
)
from casemap.people.models import Person, Relationship, RelationshipType

SNAPSHOT_FORMAT = 1
# The family documents' stylesheet: large, clear type, the running footer and "Page N of M".
STYLESHEET = "safety/plan-document.css"
TEMPLATE = "meetings/conference_copy.html"
ADDRESS_WITHHELD = "[address withheld]"
# Each recipient has this long from receiving a copy to send comments on it.
COMMENT_WORKING_DAYS = 10
ADDRESS_FIELDS = ("address_line_1", "address_line_2", "town", "postcode")

PARTS_IN = {
    DocumentKind.DECISION_LETTER: [ConferencePart.DECISION, ConferencePart.PLAN],
    DocumentKind.FULL_RECORD: list(ConferencePart),
}

FAMILY_HEADINGS = {
    ConferencePart.FAMILY_AND_NETWORK: "Who came to the meeting",
    ConferencePart.WHAT_BROUGHT_US_HERE: "What worried people, and what is going well",
    ConferencePart.CHILD_AND_PARENTS: "What the children and the family said",
    ConferencePart.AGENCY_REPORTS: "What each service told the meeting",
    ConferencePart.DANGER_STATEMENTS: "What we are worried could happen",
    ConferencePart.DECISION: "What the meeting decided",
    ConferencePart.PLAN: "What happens next",
}
FAMILY_CATEGORY_HEADINGS = {
    "harm": "What has happened that worried people",
    "complicating_factor": "What makes things harder",
    "existing_strength": "What is going well",
    "existing_safety": "What is already keeping the children safe",
    "grey_area": "What we are not sure about yet",
}
FAMILY_ABUSE_WORDS = {
    AbuseCategory.NEGLECT: "neglect (not getting the care they need)",
    AbuseCategory.PHYSICAL: "physical abuse (being hurt)",
    AbuseCategory.SEXUAL: "sexual abuse",
    AbuseCategory.EMOTIONAL: "emotional abuse (being frightened, put down or not loved)",
    AbuseCategory.MULTIPLE: "more than one kind of harm",
}


def _day(value: datetime.date | None) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def _yes_no(value: bool | None) -> str:
    return "Not recorded" if value is None else "Yes" if value else "No"


# Who a copy must not give away


def meeting_people_ids(meeting: Meeting) -> set[int]:
    """Everyone around the meeting whose address a copy could give away: the people on the case, the family
    invited, and every relative of the children (a foster carer need not be on the case)."""
    children = [link.child_id for link in meeting.meeting_children.all()]
    ids = set(CaseMember.objects.filter(case_id=meeting.case_id).values_list("person_id", flat=True))
    ids |= {pk for pk in meeting.invitees.values_list("person_id", flat=True) if pk is not None}
    ids |= set(Relationship.objects.filter(person_id__in=children).values_list("relative_id", flat=True))
    return ids | set(children)


def foster_carer_ids(person_ids: Iterable[int]) -> set[int]:
    """Of these people, the foster carers: recorded as a child's foster carer, or invited to a meeting as one."""
    ids = list(person_ids)
    related = Relationship.objects.filter(
        relative_id__in=ids, kind=RelationshipType.FOSTER_CARER, archived_at__isnull=True
    ).values_list("relative_id", flat=True)
    invited = Invitee.objects.filter(person_id__in=ids, role=InviteeRole.FOSTER_CARER).values_list(
        "person_id", flat=True
    )
    return set(related) | {pk for pk in invited if pk is not None}


def has_protected_address(person: Person) -> bool:
    """A confidential address, or a foster carer's: never printed in a copy, never posted to for anyone else."""
    return person.address_confidential or bool(foster_carer_ids([person.pk]))


def normalised_address(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(" ".join(value.split()).upper() for value in values)


def address_of(person: Person) -> tuple[str, ...]:
    return normalised_address([getattr(person, name) for name in ADDRESS_FIELDS])


def _postcode_pattern(postcode: str) -> str | None:
    squeezed = "".join(postcode.split()).upper()
    if len(squeezed) < 5:
        return None
    return re.escape(squeezed[:-3]) + r"\s*" + re.escape(squeezed[-3:])


def _line_pattern(line: str) -> str | None:
    words = line.split()
    if len(" ".join(words)) < 5:
        return None
    return r"[\s,]+".join(re.escape(word) for word in words)


def withheld_address_pattern(person_ids: Iterable[int]) -> re.Pattern[str] | None:
    """Every address line and postcode ever on these people's records (their history included: an old foster
    placement is as secret as the new one), as one pattern to withhold from a copy's text."""
    rows = Person.history.filter(id__in=list(person_ids)).values_list("address_line_1", "address_line_2", "postcode")
    patterns: set[str] = set()
    for line_1, line_2, postcode in rows:
        for found in (_line_pattern(line_1), _line_pattern(line_2), _postcode_pattern(postcode)):
            if found:
                patterns.add(found)
    if not patterns:
        return None
    longest_first = sorted(patterns, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(longest_first) + r")(?!\w)", re.IGNORECASE)


def _withhold(value: Any, pattern: re.Pattern[str] | None) -> Any:
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(ADDRESS_WITHHELD, value)
    if isinstance(value, list):
        return [_withhold(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _withhold(item, pattern) for key, item in value.items()}
    return value


# The content of a version, read once from the records


def _attendance(meeting: Meeting) -> list[dict[str, Any]]:
    invitees = list(meeting.invitees.filter(archived_at__isnull=True).order_by("pk"))
    fostering = foster_carer_ids([i.person_id for i in invitees if i.person_id])
    return [
        {
            "invitee_id": invitee.pk,
            "person_id": invitee.person_id,
            "name": invitee.name,
            "role": invitee.role,
            "role_label": invitee.get_role_display(),
            "family": invitee.role in FAMILY_ROLES,
            "agency": invitee.agency_name or invitee.get_agency_type_display(),
            "attendance": invitee.get_attendance_display(),
            "excluded_from": [ConferencePart(part).label for part in invitee.excluded_from],
            "foster_carer": invitee.role == InviteeRole.FOSTER_CARER or invitee.person_id in fostering,
        }
        for invitee in invitees
    ]


def _judgements(judgements: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"rater": j["rater_name"], "role": j["rater_role_label"], "score": j["score"], "reason": j["reason"]}
        for j in judgements
    ]


def _reports(meeting: Meeting) -> list[dict[str, Any]]:
    reports = AgencyReport.objects.filter(meeting=meeting, archived_at__isnull=True).select_related("author")
    return [
        {
            "id": report.pk,
            "agency": report.author.agency_name or report.author.get_agency_type_display(),
            "author": report.author.name,
            "worries": report.worries,
            "working_well": report.working_well,
            "needs_to_happen": report.needs_to_happen,
            "childs_wishes": report.childs_wishes,
            "score": report.score,
            "score_reason": report.score_reason,
            "share_restriction": report.share_restriction,
            "restriction_label": report.get_share_restriction_display() if report.share_restriction else "",
            "shared_with_family_on": _day(report.shared_with_family_on),
        }
        for report in reports.order_by("pk")
    ]


def _decisions(meeting: Meeting) -> list[dict[str, Any]]:
    decisions = (
        ConferenceDecision.objects.filter(meeting=meeting)
        .select_related("child", "lead_worker", "signed_by")
        .prefetch_related(Prefetch("dissents", queryset=Dissent.objects.select_related("invitee").order_by("pk")))
        .order_by("child__date_of_birth", "pk")
    )
    return [
        {
            "child_id": decision.child_id,
            "child": decision.child.full_name,
            "first_name": decision.child.known_as or decision.child.first_name,
            "significant_harm": decision.significant_harm,
            "needs_plan": decision.needs_plan,
            "category": decision.category,
            "category_still_relevant": decision.category_still_relevant,
            "reasons": decision.reasons,
            "lead_worker": str(decision.lead_worker) if decision.lead_worker else "",
            "core_group": decision.core_group,
            "signed_by": str(decision.signed_by) if decision.signed_by else "",
            "signed_on": _day(timezone.localtime(decision.signed_at).date()) if decision.signed_at else "",
            "dissents": [
                {
                    "name": dissent.invitee.name,
                    "agency": dissent.invitee.agency_name or dissent.invitee.get_agency_type_display(),
                    "reason": dissent.reason,
                }
                for dissent in decision.dissents.all()
            ],
        }
        for decision in decisions
    ]


def _next_dates(meeting: Meeting, decisions: Sequence[dict[str, Any]]) -> dict[str, str]:
    """When a plan's first core group and the next conference are due, from the day the conference was held."""
    if meeting.held_on is None or not meeting.is_conference or not any(d["needs_plan"] for d in decisions):
        return {}
    calendar = working_day_calendar()
    return {
        "core_group_by": _day(timescales.core_group_due(meeting.held_on, None, calendar)),
        "review_by": _day(timescales.review_conference_due(meeting.kind, meeting.held_on)),
    }


def document_content(meeting: Meeting, kind: str) -> dict[str, Any]:
    """The meeting's records as they are now, for a new version to keep: each part of the conference in order,
    with its text; the agency reports tagged with their share restriction; each child's decision with its
    category and any dissent; the child's view."""
    map_ = map_data(meeting.map) if meeting.map_id and meeting.map else None
    decisions = _decisions(meeting)
    sections: dict[str, dict[str, Any]] = {
        ConferencePart.FAMILY_AND_NETWORK: {"attendance": _attendance(meeting)},
        ConferencePart.WHAT_BROUGHT_US_HERE: {
            "categories": [
                {"key": c["key"], "label": c["label"], "lines": [item["text"] for item in c["items"]]}
                for c in (map_["categories"] if map_ else [])
            ]
        },
        ConferencePart.CHILD_AND_PARENTS: {
            "childs_view": meeting.childs_view,
            "family_views": [
                {"label": pair["label"], "text": pair["family_view"]}
                for pair in (map_["pairs"] if map_ else [])
                if pair["family_view"]
            ],
        },
        ConferencePart.AGENCY_REPORTS: {"reports": _reports(meeting)},
        ConferencePart.DANGER_STATEMENTS: {
            "statements": [
                {
                    "label": pair["label"],
                    "danger_statement": pair["danger_statement"],
                    "safety_goal": pair["safety_goal"],
                    "judgements": _judgements(pair["judgements"]),
                }
                for pair in (map_["pairs"] if map_ else [])
            ],
            "overall": _judgements(map_["overall_judgements"]) if map_ else [],
        },
        ConferencePart.DECISION: {"decisions": decisions},
        ConferencePart.PLAN: {
            "next_steps": [
                {
                    "action": step["action"],
                    "owner": step["owner"],
                    "due_on": _day(datetime.date.fromisoformat(step["due_on"])),
                }
                for step in (map_["next_steps"] if map_ else [])
            ],
            "next_dates": _next_dates(meeting, decisions),
        },
    }
    return {
        "format": SNAPSHOT_FORMAT,
        "kind": kind,
        "meeting": {
            "reference": meeting.reference,
            "kind": meeting.kind,
            "kind_label": meeting.get_kind_display(),
            "held_on": _day(meeting.held_on),
            "venue": meeting.venue,
            "chair": str(meeting.chair) if meeting.chair else "",
            "family_name": meeting.case.family_name,
        },
        "children": [{"id": link.child_id, "name": link.child.full_name} for link in meeting.meeting_children.all()],
        # A list, not a mapping: PostgreSQL's JSON keeps no order of keys, and the parts have an order.
        "sections": [{"part": part, **sections[part]} for part in PARTS_IN[DocumentKind(kind)]],
    }


# Each recipient's copy


@dataclass
class _Reader:
    """Who a copy is for, and what it may not show them."""

    recipient: Invitee | None
    cleared: set[int]
    foster_carers: set[int]

    @property
    def plain(self) -> bool:
        return self.recipient is not None and self.recipient.role in FAMILY_ROLES

    def is_them(self, person_id: int | None) -> bool:
        return self.recipient is not None and person_id is not None and self.recipient.person_id == person_id


def _block(heading: str, lines: Iterable[str], note: str = "") -> dict[str, Any]:
    return {"heading": heading, "lines": [line for line in lines if line and line.strip()], "note": note}


def _attendance_blocks(section: dict[str, Any], reader: _Reader) -> list[dict[str, Any]]:
    lines = []
    for row in section["attendance"]:
        name = row["name"]
        if (row["foster_carer"] or row["person_id"] in reader.foster_carers) and not reader.is_them(row["person_id"]):
            name = "Foster carer"  # a foster carer is named only in their own copy
        who = row["role_label"] if row["family"] else row["agency"]
        line = f"{name} ({who}): {row['attendance'] or 'not recorded'}"
        if row["excluded_from"] and not reader.plain:
            line += f". Asked to leave for: {', '.join(row['excluded_from'])}"
        lines.append(line)
    return [_block("", lines)]


def _category_blocks(section: dict[str, Any], reader: _Reader) -> list[dict[str, Any]]:
    return [
        _block(FAMILY_CATEGORY_HEADINGS.get(c["key"], c["label"]) if reader.plain else c["label"], c["lines"])
        for c in section["categories"]
        if c["lines"]
    ]


def _views_blocks(section: dict[str, Any], reader: _Reader) -> list[dict[str, Any]]:
    blocks = [_block("The child's view", [section["childs_view"] or "Not recorded"])]
    if section["family_views"]:
        heading = "What the family said about each worry" if reader.plain else "The family's view of each statement"
        blocks.append(_block(heading, [f"{view['label']}: {view['text']}" for view in section["family_views"]]))
    return blocks


def _report_blocks(section: dict[str, Any], reader: _Reader) -> tuple[list[dict[str, Any]], list[str]]:
    blocks, withheld = [], []
    for report in section["reports"]:
        restricted = bool(report["share_restriction"]) and report["id"] not in reader.cleared
        if restricted and reader.plain:
            withheld.append(report["agency"])
            continue
        if reader.plain:
            labels = ("What worries them", "What is going well", "What needs to happen", "What the child wants")
        else:
            labels = ("Worries", "What is working well", "What needs to happen", "The child's wishes")
        lines = [
            f"{label}: {text}"
            for label, text in zip(
                labels,
                (report["worries"], report["working_well"], report["needs_to_happen"], report["childs_wishes"]),
                strict=True,
            )
            if text
        ]
        if report["score"] is not None:
            lines.append(f"Their score: {report['score']} out of 10. {report['score_reason']}".strip())
        note = ""
        if report["share_restriction"] and not reader.plain:
            note = (
                "Cleared for the family's copies"
                if report["id"] in reader.cleared
                else f"Not in the family's copies: {report['restriction_label']}"
            )
        blocks.append(_block(f"{report['agency']} ({report['author']})", lines, note))
    return blocks, withheld


def _statement_blocks(section: dict[str, Any], reader: _Reader) -> list[dict[str, Any]]:
    def scores(judgements: Sequence[dict[str, Any]]) -> list[str]:
        return [f"{j['rater']} ({j['role']}) scored {j['score']} out of 10. {j['reason']}".strip() for j in judgements]

    blocks = []
    for statement in section["statements"]:
        goal = "What needs to happen" if reader.plain else "Safety goal"
        lines = [statement["danger_statement"]]
        if statement["safety_goal"]:
            lines.append(f"{goal}: {statement['safety_goal']}")
        blocks.append(_block(statement["label"], lines + scores(statement["judgements"])))
    if section["overall"]:
        blocks.append(_block("How safe everyone thinks the children are" if reader.plain else "Overall scale", []))
        blocks[-1]["lines"] = scores(section["overall"])
    return blocks


def _decision_lines(decision: dict[str, Any], meeting_kind: str, plain: bool) -> list[str]:
    category = decision["category"]
    if not plain:
        lines = [
            f"Suffering, or likely to suffer, significant harm: {_yes_no(decision['significant_harm'])}",
            f"Child protection plan: {_yes_no(decision['needs_plan'])}",
        ]
        if category:
            lines.append(f"Category: {AbuseCategory(category).label} ({category})")
        if decision["category_still_relevant"] is not None:
            lines.append(f"Category still relevant: {_yes_no(decision['category_still_relevant'])}")
        lines.append(f"Reasons: {decision['reasons']}" if decision["reasons"] else "")
        signed = f"Signed by {decision['signed_by']} on {decision['signed_on']}" if decision["signed_by"] else ""
        return [*lines, signed or "Not signed"]
    name = decision["first_name"]
    review = meeting_kind == MeetingKind.REVIEW_CONFERENCE
    if decision["needs_plan"]:
        why = (
            f" The meeting thinks {name} could be seriously harmed by {FAMILY_ABUSE_WORDS[category]}."
            if category
            else ""
        )
        opening = (
            f"{name}'s child protection plan carries on." if review else f"{name} will have a child protection plan."
        )
        lines = [opening + why]
    elif decision["needs_plan"] is False:
        lines = [
            f"{name}'s child protection plan ends." if review else f"{name} will not have a child protection plan."
        ]
    else:
        lines = []
    return [*lines, f"Why: {decision['reasons']}" if decision["reasons"] else ""]


def _decision_blocks(section: dict[str, Any], reader: _Reader, meeting_kind: str) -> list[dict[str, Any]]:
    blocks = []
    for decision in section["decisions"]:
        lines = _decision_lines(decision, meeting_kind, reader.plain)
        for dissent in decision["dissents"]:
            if reader.plain:
                lines.append(f"{dissent['agency']} did not agree: {dissent['reason']}")
            else:
                lines.append(f"Dissent, {dissent['agency']} ({dissent['name']}): {dissent['reason']}")
        blocks.append(_block(decision["child"], lines))
    return blocks


def _plan_blocks(section: dict[str, Any], decisions: Sequence[dict[str, Any]], reader: _Reader) -> list[dict[str, Any]]:
    blocks = []
    for decision in decisions:
        if not (decision["lead_worker"] or decision["core_group"]):
            continue
        if reader.plain:
            lines = [
                f"Social worker: {decision['lead_worker']}" if decision["lead_worker"] else "",
                f"The core group, who will work with you on the plan: {decision['core_group']}"
                if decision["core_group"]
                else "",
            ]
        else:
            lines = [
                f"Lead social worker: {decision['lead_worker']}" if decision["lead_worker"] else "",
                f"Core group: {decision['core_group']}" if decision["core_group"] else "",
            ]
        blocks.append(_block(decision["child"], lines))
    dates = section["next_dates"]
    if dates:
        if reader.plain:
            lines = [
                f"The first core group meeting will be by {dates['core_group_by']}.",
                f"The next conference will be by {dates['review_by']}.",
            ]
        else:
            lines = [
                f"First core group due by {dates['core_group_by']}",
                f"Review conference due by {dates['review_by']}",
            ]
        blocks.append(_block("Next meetings" if not reader.plain else "When we meet again", lines))
    steps = [f"{s['action']} ({s['owner']}, by {s['due_on']})" for s in section["next_steps"]]
    if steps:
        blocks.append(_block("Next steps" if not reader.plain else "Who will do what, and by when", steps))
    return blocks


def _copy_text(copy: dict[str, Any]) -> str:
    """The copy as the reading age measures it: each heading and line is a sentence on the page, so each ends as
    one (a line without a full stop would otherwise run into the next and read as one long sentence)."""
    lines = [copy["opening"]]
    for section in copy["sections"]:
        lines.append(section["heading"])
        for block in section["blocks"]:
            lines += [block["heading"], *block["lines"]]
    return "\n".join(line if line.rstrip()[-1] in ".!?" else f"{line.rstrip()}." for line in lines if line.strip())


def _opening(content: dict[str, Any], kind: str, reader: _Reader) -> str:
    meeting = content["meeting"]
    names = [child["name"].split()[0] for child in content["children"]]
    about = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)
    if not reader.plain:
        return f"{meeting['kind_label']} held on {meeting['held_on']} about {about}."
    what = "what was decided" if kind == DocumentKind.DECISION_LETTER else "what was said and decided"
    return f"This tells you {what} at the meeting about {about} on {meeting['held_on']}."


@dataclass
class _Shared:
    """What every copy of one version needs to know, read once for all its recipients."""

    cleared: set[int]
    foster_carers: set[int]
    withheld: re.Pattern[str] | None


def _shared(document: ConferenceDocument, as_at: datetime.datetime | None) -> _Shared:
    report_ids = [
        report["id"]
        for section in document.content["sections"]
        if section["part"] == ConferencePart.AGENCY_REPORTS
        for report in section["reports"]
    ]
    clearances = ReportClearance.objects.filter(report_id__in=report_ids)
    if as_at is not None:
        clearances = clearances.filter(cleared_at__lte=as_at)
    people = meeting_people_ids(document.meeting)
    return _Shared(
        cleared=set(clearances.values_list("report_id", flat=True)),
        foster_carers=foster_carer_ids(people),
        withheld=withheld_address_pattern(people),
    )


def recipient_copy(
    document: ConferenceDocument, recipient: Invitee | None, *, as_at: datetime.datetime | None = None
) -> dict[str, Any]:
    """What `recipient` may read of this version; `None` is the authority's own copy, with everything. `as_at`
    reads the clearances of restricted reports as they stood then."""
    return _copy(document, recipient, _shared(document, as_at))


def recipient_copies(document: ConferenceDocument, recipients: Sequence[Invitee]) -> list[dict[str, Any]]:
    """Each recipient's copy of this version, in their order."""
    shared = _shared(document, None)
    return [_copy(document, recipient, shared) for recipient in recipients]


def _copy(document: ConferenceDocument, recipient: Invitee | None, shared: _Shared) -> dict[str, Any]:
    content = document.content
    reader = _Reader(recipient=recipient, cleared=shared.cleared, foster_carers=shared.foster_carers)
    excluded = set(recipient.excluded_from) if recipient is not None else set()
    decisions: list[dict[str, Any]] = next(
        (s["decisions"] for s in content["sections"] if s["part"] == ConferencePart.DECISION), []
    )
    sections: list[dict[str, Any]] = []
    left_out: list[str] = []
    withheld: list[str] = []
    for section in content["sections"]:
        part = ConferencePart(section["part"])
        if part in excluded:
            left_out.append(FAMILY_HEADINGS[part] if reader.plain else part.label)
            continue
        if part == ConferencePart.FAMILY_AND_NETWORK:
            blocks = _attendance_blocks(section, reader)
        elif part == ConferencePart.WHAT_BROUGHT_US_HERE:
            blocks = _category_blocks(section, reader)
        elif part == ConferencePart.CHILD_AND_PARENTS:
            blocks = _views_blocks(section, reader)
        elif part == ConferencePart.AGENCY_REPORTS:
            blocks, withheld = _report_blocks(section, reader)
        elif part == ConferencePart.DANGER_STATEMENTS:
            blocks = _statement_blocks(section, reader)
        elif part == ConferencePart.DECISION:
            blocks = _decision_blocks(section, reader, content["meeting"]["kind"])
        else:
            blocks = _plan_blocks(section, decisions, reader)
        heading = FAMILY_HEADINGS[part] if reader.plain else part.label
        sections.append({"part": part.value, "heading": heading, "blocks": [b for b in blocks if b["lines"]]})
    kind = DocumentKind(content["kind"])
    copy: dict[str, Any] = {
        "document_id": document.pk,
        "kind": kind.value,
        "title": "Decision letter" if kind == DocumentKind.DECISION_LETTER else "Record of the conference",
        "number": document.number,
        "amended_after_comment_from": document.amended_after_comment_from.name
        if document.amended_after_comment_from
        else "",
        "amendment_note": document.amendment_note,
        "meeting": content["meeting"],
        "children": [child["name"] for child in content["children"]],
        "recipient": {
            "invitee_id": recipient.pk,
            "name": recipient.name,
            "role_label": recipient.get_role_display(),
        }
        if recipient is not None
        else None,
        "plain": reader.plain,
        "opening": _opening(content, kind, reader),
        "sections": sections,
        "left_out": left_out,
    }
    copy = _withhold(copy, shared.withheld)
    readability = plain_language.readability(_copy_text(copy)) if reader.plain else None
    copy["reading_age"] = readability.reading_age if readability and readability.words else None
    # For the staff who check the copy, never printed in it.
    copy["withheld_reports"] = withheld
    return copy


# The address block of a posted copy, and the PDF


def address_block(distribution: Distribution) -> list[str]:
    """The lines above a posted letter: the recipient's name and their own address as prepared, unless the address
    is one no copy may print (confidential, or a foster carer's); by hand, by email or in the meeting, the name."""
    name = distribution.recipient.name
    person = distribution.recipient.person
    if distribution.channel != DistributionChannel.POST or person is None or has_protected_address(person):
        return [name]
    parts = (distribution.address_line_1, distribution.address_line_2, distribution.town, distribution.postcode)
    return [name, *(part for part in parts if part)]


def copy_pdf(copy: dict[str, Any], address: Sequence[str] = ()) -> bytes:
    return document_pdf(TEMPLATE, {"copy": copy, "address": list(address)}, stylesheet=STYLESHEET)


def distribution_pdf(distribution: Distribution) -> bytes:
    """The copy exactly as it was prepared and checked, with its address block."""
    return copy_pdf(distribution.copy, address_block(distribution))


# The documents panel on the meeting page


@dataclass
class DocumentRow:
    kind: DocumentKind
    due_on: datetime.date
    versions: list[ConferenceDocument]
    first_released_at: datetime.datetime | None
    late: bool

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def latest(self) -> ConferenceDocument | None:
        return self.versions[-1] if self.versions else None


@dataclass
class ReleasedCopy:
    distribution: Distribution
    comments_by: datetime.date
    open_breach: DisclosureBreach | None


@dataclass
class DocumentsPanel:
    shown: bool
    rows: list[DocumentRow] = field(default_factory=list)
    released: list[ReleasedCopy] = field(default_factory=list)
    waiting: list[Distribution] = field(default_factory=list)
    restricted_reports: list[AgencyReport] = field(default_factory=list)
    open_breaches: list[DisclosureBreach] = field(default_factory=list)


def documents_panel(meeting: Meeting) -> DocumentsPanel:
    """What is due and when (late once past due and not yet sent to anyone), the versions, the copies waiting for
    a second person to release them, the distribution log, and the open breaches."""
    if meeting.status != MeetingStatus.HELD or meeting.held_on is None:
        return DocumentsPanel(shown=False)
    calendar = working_day_calendar()
    letter_due, record_due = timescales.documents_due(meeting.held_on, calendar)
    documents = list(
        ConferenceDocument.objects.filter(meeting=meeting).select_related("author", "amended_after_comment_from")
    )
    distributions = list(
        Distribution.objects.filter(document__meeting=meeting, archived_at__isnull=True)
        .select_related("document", "recipient", "released_by", "created_by")
        .prefetch_related("breaches")
        .order_by("released_at", "pk")
    )
    today = timezone.localdate()
    rows = []
    for kind, due_on in ((DocumentKind.DECISION_LETTER, letter_due), (DocumentKind.FULL_RECORD, record_due)):
        released = [d.released_at for d in distributions if d.document.kind == kind and d.released_at]
        first = min(released) if released else None
        late = timezone.localtime(first).date() > due_on if first else today > due_on
        versions = [document for document in documents if document.kind == kind]
        rows.append(DocumentRow(kind=kind, due_on=due_on, versions=versions, first_released_at=first, late=late))
    released_copies = []
    for distribution in distributions:
        if distribution.released_at is None:
            continue
        breaches = [b for b in distribution.breaches.all() if b.status == BreachStatus.OPEN]
        received = timezone.localtime(distribution.released_at).date()
        released_copies.append(
            ReleasedCopy(
                distribution=distribution,
                comments_by=calendar.add_working_days(received, COMMENT_WORKING_DAYS),
                open_breach=breaches[0] if breaches else None,
            )
        )
    return DocumentsPanel(
        shown=True,
        rows=rows,
        released=released_copies,
        waiting=[d for d in distributions if d.released_at is None],
        restricted_reports=list(
            AgencyReport.objects.filter(meeting=meeting, archived_at__isnull=True)
            .exclude(share_restriction="")
            .select_related("author", "family_clearance")
        ),
        open_breaches=[c.open_breach for c in released_copies if c.open_breach],
    )
