"""The rows of a map page, written in Python: a draft of 100 items and 50 scores is shown again after every change,
and the template language costs about 0.1 ms a row for what is here a few lines of HTML. The HTML is the same as
the templates wrote (`casemap/mapping/tests/test_map_rows.py` keeps them in step)."""

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from casemap.core.templatetags.govuk import iso_date

register = template.Library()


def _hidden_inputs(context: template.Context, version: int) -> str:
    """What `{% csrf_token %}` writes, then the map's version."""
    token = context.get("csrf_token")
    csrf = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(token))}">'
        if token and token != "NOTPROVIDED"  # noqa: S105  # Django's marker for a page without a token
        else ""
    )
    return f'{csrf}<input type="hidden" name="version" value="{int(version)}">'


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
            short = escape(Truncator(item["text"]).words(6, truncate=" …"))
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
