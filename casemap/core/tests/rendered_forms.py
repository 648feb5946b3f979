"""Read a form as the page rendered it, and post it back as a browser would: only the fields and values the page
sent, never hidden fields supplied by hand."""

from collections.abc import Callable
from html.parser import HTMLParser

from django.test import Client


class RenderedForm(HTMLParser):
    """The fields of one form as a browser would send them: name -> list of values. The form is found by its id
    or by where it posts (its action)."""

    def __init__(self, *, form_id: str | None = None, posts_to: str | None = None) -> None:
        super().__init__()
        self.form_id = form_id
        self.posts_to = posts_to
        self.inside = False
        self.fields: dict[str, list[str]] = {}
        self.options: dict[str, list[str]] = {}
        self.buttons: dict[str, str] = {}
        self._select: str | None = None
        self._select_multiple = False
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.inside = (self.form_id is not None and found.get("id") == self.form_id) or (
                self.posts_to is not None and found.get("action") == self.posts_to
            )
        if not self.inside or "disabled" in found:
            return
        name = found.get("name")
        if tag in {"input", "button"} and name:
            kind = found.get("type", "text" if tag == "input" else "submit")
            if kind == "submit":
                self.buttons[name] = found.get("value", "")
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                self.options.setdefault(name, []).append(found.get("value", "on"))
                if "checked" not in found:
                    return
            self.fields.setdefault(name, []).append(found.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
            self._select_multiple = "multiple" in found
            self.fields.setdefault(name, [])
        elif tag == "option" and self._select:
            self.options.setdefault(self._select, []).append(found.get("value", ""))
            if "selected" in found:
                self.fields[self._select].append(found.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = [""]

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            # A single select with nothing marked selected sends its first option, as a browser shows it.
            offered = self.options.get(self._select, [])
            if not self.fields[self._select] and not self._select_multiple and offered:
                self.fields[self._select].append(offered[0])
            self._select = None
        elif tag == "textarea" and self._textarea:
            # A browser drops the one line break that may open a text area's content (Django writes one).
            value = self.fields[self._textarea][0]
            self.fields[self._textarea][0] = value[1:] if value.startswith("\n") else value
            self._textarea = None


def rendered_form(client: Client, url: str, form_id: str | None = None, *, posts_to: str | None = None) -> RenderedForm:
    """The values the page sends back unchanged, each field's offered choices and its buttons."""
    response = client.get(url)
    assert response.status_code == 200, url
    form = RenderedForm(form_id=form_id, posts_to=posts_to)
    form.feed(response.content.decode())
    assert form.fields, f"no form {form_id or posts_to} on {url}"
    return form


def form_on_page(response, form_id: str | None = None, *, posts_to: str | None = None) -> RenderedForm:  # type: ignore[no-untyped-def]
    """The form as a page already fetched renders it: a form shown again after a refused save, to post again."""
    form = RenderedForm(form_id=form_id, posts_to=posts_to)
    form.feed(response.content.decode())
    assert form.fields, f"no form {form_id or posts_to} on the page"
    return form


def post_changed(  # type: ignore[no-untyped-def]
    client: Client,
    url: str,
    form_id: str | None = None,
    press: str | None = None,
    *,
    posts_to: str | None = None,
    **changes: str | list[str] | None,
):
    """GET the page, change the named fields of its form (None unticks a box) to values it offers, and post it
    where the form posts, pressing the named button if the form needs one pressed."""
    form = rendered_form(client, url, form_id, posts_to=posts_to)
    return post_rendered(client, posts_to or url, form, press, **changes)


def post_rendered(  # type: ignore[no-untyped-def]
    client: Client, url: str, form: RenderedForm, press: str | None = None, **changes: str | list[str] | None
):
    """Post a form already read from a page to `url`, with the named fields changed to values it offers."""
    fields = {name: list(values) for name, values in form.fields.items()}
    for name, value in changes.items():
        values = [] if value is None else [value] if isinstance(value, str) else value
        assert name in fields or name in form.options, f"{name} is not on the form"
        assert all(v in form.options.get(name, [v]) for v in values), f"{values} is not offered for {name}"
        fields[name] = values
    if press is not None:
        fields[press] = [form.buttons[press]]
    return client.post(url, {name: values for name, values in fields.items() if values})


def refused_as_stale(
    client: Client,
    url: str,
    form_id: str,
    meanwhile: Callable[[], object],
    *,
    version_field: str = "version",
    **typed: str | list[str],
) -> RenderedForm:
    """Load the form, let someone else save the record (`meanwhile`), then post the form as it was rendered with
    what the user typed: the save must be refused saying who changed the record, with the typing kept and the
    record's current version carried (in `version_field`). Returns the form as it is shown again, for the test to
    post."""
    shown = rendered_form(client, url, form_id)
    meanwhile()
    refused = post_rendered(client, url, shown, **typed)
    body = refused.content.decode()
    assert refused.status_code == 200, url
    assert "changed this record" in body and "Your changes have not been saved" in body, url
    again = form_on_page(refused, form_id)
    for name, value in typed.items():
        assert again.fields[name] == ([value] if isinstance(value, str) else value), name
    assert again.fields[version_field] != shown.fields[version_field], "the form shown again carries the version now"
    return again
