"""The Django admin writes through the services: a change or a delete made in the admin leaves
the public search and the cached public pages at once, a service's refusal shows on the admin
form with nothing saved, and the audit log names the staff member.

Every change here is made through the admin's own pages: the change form is fetched and its
fields (inlines and management forms included) are posted back with the changes, as a browser
would; a delete is the confirmation page's POST. Public pages are fetched by an anonymous
client, the first time to put them in the page cache.
"""

from __future__ import annotations

from html.parser import HTMLParser

from auditlog import get_logentry_model
from django.test import Client
from django.urls import reverse

from core.models import SearchEntry

LogEntry = get_logentry_model()
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


class _FormFields(HTMLParser):
    """The values the change form would send as it is: inputs, selected options and text areas."""

    def __init__(self) -> None:
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._in_form = False
        self._select: tuple[str, bool] | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form" and attributes.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form or ("name" not in attributes and tag != "option"):
            return
        if tag == "input":
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.data.append(
                (attributes["name"], attributes.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "select":
            self._select = (attributes["name"], False)
        elif tag == "option" and self._select is not None and "selected" in attributes:
            self.data.append((self._select[0], attributes.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = attributes["name"], ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            self.data.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data


def change_form_data(client: Client, url: str, **changes: str) -> dict[str, str | list[str]]:
    """What the admin change page at ``url`` posts when saved, with ``changes`` typed in."""
    response = client.get(url)
    assert response.status_code == 200
    parser = _FormFields()
    parser.feed(response.content.decode())
    data: dict[str, list[str]] = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    posted: dict[str, str | list[str]] = {
        name: values if len(values) > 1 else values[0] for name, values in data.items()
    }
    posted.update(changes)
    return posted


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def search_entry(obj) -> SearchEntry | None:
    return SearchEntry.objects.filter(
        content_type__app_label=obj._meta.app_label,
        content_type__model=obj._meta.model_name,
        object_id=obj.pk,
    ).first()


def latest_entry(model, pk: int, action: int):
    return (
        LogEntry.objects.filter(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            object_pk=str(pk),
            action=action,
        )
        .order_by("-timestamp", "-pk")
        .first()
    )
