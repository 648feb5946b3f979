"""The rows of a map page, written in Python: a draft of 100 items and 50 scores is shown again after every change,
and the template language costs about 0.1 ms a row for what is here a few lines of HTML. The HTML is the same as
the templates wrote (`casemap/mapping/tests/test_map_rows.py` keeps them in step)."""

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from casemap.core.links import link_for_each, link_for_each_pair, link_to
from casemap.core.templatetags.govuk import iso_date, short_date

register = template.Library()


def _csrf_input(context: template.Context) -> str:
    """What `{% csrf_token %}` writes."""
    token = context.get("csrf_token")
    if token and token != "NOTPROVIDED":  # noqa: S105  # Django's marker for a page without a token
        return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(token))}">'
    return ""


def _hidden_inputs(context: template.Context, version: int) -> str:
    """What `{% csrf_token %}` writes, then the map's version."""
    return f'{_csrf_input(context)}<input type="hidden" name="version" value="{int(version)}">'


SHORT_WORDS = 6


def first_words(text: str) -> str:
    """What `truncatewords:6` writes, for the hidden end of a link's text ("Remove “Dad shouts when he has been …”"):
    the first six words, then " …" if there were more. Django's `Truncator` costs five times as much for each row."""
    words = text.split()
    if len(words) <= SHORT_WORDS:
        return " ".join(words)
    short = " ".join(words[:SHORT_WORDS])
    return short if short.endswith(" …") else f"{short} …"


def _lines(text: str) -> str:
    """What the `linebreaksbr` filter writes: escaped, each line break a <br>."""
    return escape(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def _item(item: Mapping[str, Any], actions: str) -> str:
    said = f"Said or seen by: {escape(item['said_by'])}" if item["said_by"] else ""
    noted = f", {escape(iso_date(item['noted_on']))}" if item["noted_on"] else ""
    disputed = f" · <strong>Disputed by {escape(item['disputed_by'])}</strong>" if item["disputed_by"] else ""
    evidence = (
        f'<p class="govuk-body-s govuk-!-margin-bottom-1">Evidence: {escape(item["evidence"])}</p>'
        if item["evidence"]
        else ""
    )
    return (
        f'<li class="casemap-map-item"><p class="govuk-body govuk-!-margin-bottom-1">{_lines(item["text"])}</p>'
        f'<p class="govuk-body-s govuk-!-margin-bottom-1">{said}{noted}{disputed}</p>{evidence}{actions}</li>'
    )


@register.simple_tag(takes_context=True)
def map_item_rows(context: template.Context, items: Iterable[Mapping[str, Any]]) -> SafeString:
    """The items of one column, with Change and Remove on a draft the user may change. Everything typed is
    escaped here (`escape`), as the template language would."""
    editable = context.get("editable")
    hidden = _hidden_inputs(context, context["map"].version) if editable else ""
    rows = []
    for item in items:
        actions = ""
        if editable:
            short = escape(first_words(item["text"]))
            edit_url = escape(context["item_edit_urls"][item["id"]])
            remove_url = escape(context["item_remove_urls"][item["id"]])
            actions = (
                '<div class="govuk-body-s casemap-no-print casemap-map-item__actions">'
                f'<a class="govuk-link" href="{edit_url}">Change'
                f'<span class="govuk-visually-hidden"> “{short}”</span></a>'
                f'<form method="post" action="{remove_url}" class="casemap-inline-form">{hidden}'
                '<button type="submit" class="casemap-link-button">Remove'
                f'<span class="govuk-visually-hidden"> “{short}”</span></button></form>'
                "</div>"
            )
        rows.append(_item(item, actions))
    return mark_safe("".join(rows))  # noqa: S308  # every value in it was escaped above


@register.simple_tag(takes_context=True)
def judgement_rows(context: template.Context, judgements: Iterable[Mapping[str, Any]]) -> SafeString:
    """The rows of one table of scores, with Remove on a draft the user may change."""
    editable = context.get("editable")
    hidden = _hidden_inputs(context, context["map"].version) if editable else ""
    rows = []
    for judgement in judgements:
        name = escape(judgement["rater_name"])
        remove = ""
        if editable:
            remove_url = escape(context["judgement_remove_urls"][judgement["id"]])
            remove = (
                f'<td class="govuk-table__cell"><form method="post" action="{remove_url}">{hidden}'
                '<button type="submit" class="casemap-link-button">Remove'
                f'<span class="govuk-visually-hidden"> {name}\'s score</span></button></form></td>'
            )
        rows.append(
            '<tr class="govuk-table__row">'
            f'<td class="govuk-table__cell">{name} <span class="govuk-hint govuk-!-margin-0">'
            f"{escape(judgement['rater_role_label'])}</span></td>"
            '<td class="govuk-table__cell govuk-table__cell--numeric">'
            f"<strong>{escape(str(judgement['score']))}</strong></td>"
            f'<td class="govuk-table__cell">{escape(judgement["reason"])}</td>'
            f'<td class="govuk-table__cell">{escape(judgement["one_point_higher"])}</td>{remove}</tr>'
        )
    return mark_safe("".join(rows))  # noqa: S308  # every value in it was escaped above


@register.simple_tag(takes_context=True)
def overdue_next_step_rows(context: template.Context, steps: Iterable[Any]) -> SafeString:
    """The rows of the caseload's table of the worker's overdue next steps, each with its map and Mark as done
    (which comes back to the caseload)."""
    csrf = _csrf_input(context)
    map_url = link_for_each("mapping:map")
    done_url = link_for_each_pair("mapping:next-step-done")
    back = escape(link_to("cases:my-caseload"))
    rows = []
    for step in steps:
        action = escape(step.action)
        short = escape(first_words(step.action))
        rows.append(
            '<tr class="govuk-table__row">'
            f'<td class="govuk-table__cell">{action}</td>'
            f'<td class="govuk-table__cell"><a class="govuk-link" href="{map_url(step.map_id)}#next_steps">'
            f"{escape(step.map.case.family_name)}, map {int(step.map.number)}</a></td>"
            '<td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--red">Overdue</strong> '
            f"{short_date(step.due_on)}</td>"
            f'<td class="govuk-table__cell"><form method="post" action="{done_url(step.map_id, step.pk)}">{csrf}'
            f'<input type="hidden" name="version" value="{int(step.version)}">'
            f'<input type="hidden" name="back" value="{back}">'
            '<button type="submit" class="casemap-link-button">Mark as done'
            f'<span class="govuk-visually-hidden">: {short}</span></button></form></td></tr>'
        )
    return mark_safe("".join(rows))  # noqa: S308  # every value in it was escaped above
