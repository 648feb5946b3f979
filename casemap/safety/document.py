"""The safety plan as the family read it: the HTML print page, the PDF made from the same HTML, and the
plain-language coach on what the family will read (hints on each rule, trigger and bottom line, and the
reading age of the whole document)."""

import functools
from typing import Any

from casemap.core import plain_language
from casemap.core.documents import document_html, document_pdf
from casemap.core.plain_language import Hint, Readability
from casemap.safety.models import SafetyPlan
from casemap.safety.snapshot import plan_data

DOCUMENT_CSS = "safety/plan-document.css"
DOCUMENT_TEMPLATE = "safety/plan_document.html"


def family_text(data: dict[str, Any]) -> str:
    """Every sentence of the plan the family will read, one part a line."""
    parts = [rule["wording"] for rule in data["rules"]]
    parts += [part for trigger in data["triggers"] for part in (trigger["warning_sign"], trigger["what_to_do"])]
    parts += [contact["when_to_call"] for contact in data["contacts"]]
    parts += [line["text"] for line in data["bottom_lines"]]
    parts.append(data["childrens_version"])
    return "\n".join(part for part in parts if part.strip())


def document_readability(data: dict[str, Any]) -> Readability | None:
    text = family_text(data)
    return plain_language.readability(text) if text.strip() else None


@functools.lru_cache(maxsize=2048)
def text_hints(text: str) -> tuple[Hint, ...]:
    """The coach's hints on one piece of the plan. The hints follow from the words alone, and a draft's page
    is shown again after every change, so the same words are checked once. Hints are frozen, so sharing is safe."""
    return tuple(plain_language.jargon_hints(text))


def plan_hints(data: dict[str, Any]) -> dict[str, dict[int, tuple[Hint, ...]]]:
    """Hints keyed by section and row id; rows with nothing to say are left out."""
    found: dict[str, dict[int, tuple[Hint, ...]]] = {"rules": {}, "triggers": {}, "contacts": {}, "bottom_lines": {}}
    texts = {
        "rules": [(rule["id"], rule["wording"]) for rule in data["rules"]],
        "triggers": [(t["id"], f"{t['warning_sign']}\n{t['what_to_do']}") for t in data["triggers"]],
        "contacts": [(c["id"], c["when_to_call"]) for c in data["contacts"]],
        "bottom_lines": [(b["id"], b["text"]) for b in data["bottom_lines"]],
    }
    for section, rows in texts.items():
        for row_id, text in rows:
            hints = text_hints(text)
            if hints:
                found[section][row_id] = hints
    return found


def rows_with_hints(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The plan's rows, each with the coach's hints on it, for pages that show both."""
    hints = plan_hints(data)
    return {
        section: [{**row, "hints": hints[section].get(row["id"], ())} for row in data[section]]
        for section in ("rules", "triggers", "contacts", "bottom_lines")
    }


def plan_document_html(plan: SafetyPlan, *, for_pdf: bool = False) -> str:
    context = {"plan": plan, "data": plan_data(plan)}
    return document_html(DOCUMENT_TEMPLATE, context, stylesheet=DOCUMENT_CSS, for_pdf=for_pdf)


def plan_document_pdf(plan: SafetyPlan) -> bytes:
    return document_pdf(DOCUMENT_TEMPLATE, {"plan": plan, "data": plan_data(plan)}, stylesheet=DOCUMENT_CSS)
