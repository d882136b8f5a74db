"""A small HTTP client that behaves like a browser towards the portal: cookies, forms, CSRF.

Used by ``make soak`` and by the operations tests (tests/ops/) against gunicorn, nginx and a
throwaway PostgreSQL on this machine. It only ever talks to loopback addresses. Each request opens
its own connection (gunicorn's sync workers close it after the answer anyway) and never follows
a redirect, so the caller sees the 302 that acknowledges a saved form.
"""

from __future__ import annotations

import http.client
import ipaddress
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie


class NotLoopback(ValueError):
    """Load and test traffic goes to this machine only."""


def check_loopback(base_url: str) -> tuple[str, int]:
    parts = urllib.parse.urlsplit(base_url)
    if parts.scheme != "http" or parts.hostname is None:
        raise NotLoopback(f"expected http://127.0.0.1:<port>, got {base_url!r}")
    try:
        loopback = ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        loopback = parts.hostname == "localhost"
    if not loopback:
        raise NotLoopback(f"{base_url} is not on this machine (loopback only)")
    return parts.hostname, parts.port or 80


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    # Seconds from sending the request to reading the whole answer.
    seconds: float = 0.0

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)

    def names(self) -> set[str]:
        return {name for name, _value in self.fields}


class _FormParser(HTMLParser):
    """The forms of a page with their hidden inputs (the CSRF token, the one-time form key...)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._current: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._current = Form(values.get("action", ""), values.get("method", "get").lower())
            self.forms.append(self._current)
        elif self._current is not None and tag == "input" and values.get("type", "").lower() == "hidden":
            self._current.fields.extend(
                [(values["name"], values.get("value", ""))] if values.get("name") else []
            )

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def post_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return [form for form in parser.forms if form.method == "post"]


class Browser:
    """One visitor: a cookie jar and the forms of the pages they opened."""

    def __init__(
        self, base_url: str, *, timeout: float = 15.0, headers: dict[str, str] | None = None
    ) -> None:
        self.host, self.port = check_loopback(base_url)
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.headers = {"Accept-Language": "vi", "User-Agent": "lagi-ops-client"} | (headers or {})
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> Response:
        all_headers = dict(self.headers)
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        all_headers.update(headers or {})
        started = time.monotonic()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=all_headers)
            answer = connection.getresponse()
            content = answer.read()
            received = answer.getheaders()
        finally:
            connection.close()
        for name, value in received:
            if name.lower() == "set-cookie":
                self._remember(value)
        return Response(
            status=answer.status,
            headers={name.lower(): value for name, value in received},
            body=content,
            seconds=time.monotonic() - started,
        )

    def _remember(self, header: str) -> None:
        cookie = SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            if morsel["max-age"] == "0" or (not morsel.value and morsel["expires"]):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    def get(self, path: str, **headers: str) -> Response:
        return self.request("GET", path, headers=headers)

    def post(
        self,
        path: str,
        fields: list[tuple[str, str]] | dict[str, str],
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ) -> Response:
        """Send a form; ``files`` (field → file name, content, content type) makes it multipart."""
        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if files:
            content_type, body = _multipart(pairs, files)
        else:
            content_type, body = "application/x-www-form-urlencoded", urllib.parse.urlencode(pairs).encode()
        headers = {"Content-Type": content_type, "Referer": self.base_url + path, "Origin": self.base_url}
        return self.request("POST", path, body=body, headers=headers)

    def form(self, path: str, page: Response | None = None, *, having: str = "") -> list[tuple[str, str]]:
        """The hidden fields of the form on ``path`` that posts to it (and has the field ``having``)."""
        page = page or self.get(path)
        if page.status != 200:
            raise FormUnavailable(path, page.status)
        forms = post_forms(page.text)
        for form in forms:
            target = urllib.parse.urlsplit(form.action).path or path
            if target == path and (not having or having in form.names()):
                return list(form.fields)
        raise FormUnavailable(path, page.status)

    def submit(
        self,
        path: str,
        fields: dict[str, str],
        *,
        page: Response | None = None,
        having: str = "",
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ) -> Response:
        """Open the form (unless ``page`` is given), fill in ``fields`` and send it."""
        hidden = [(name, value) for name, value in self.form(path, page, having=having) if name not in fields]
        return self.post(path, [*hidden, *fields.items()], files)

    def login(self, username: str, password: str, path: str = "/accounts/login/") -> bool:
        response = self.submit(
            path, {"username": username, "password": password}, having="csrfmiddlewaretoken"
        )
        return response.status == 302 and "/login/" not in response.location


def _multipart(pairs: list[tuple[str, str]], files: dict[str, tuple[str, bytes, str]]) -> tuple[str, bytes]:
    boundary = f"lagi-{uuid.uuid4().hex}"
    parts: list[bytes] = []
    for name, value in pairs:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        parts.append(value.encode() + b"\r\n")
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts += [head.encode(), content, b"\r\n"]
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


class FormUnavailable(Exception):
    def __init__(self, path: str, status: int) -> None:
        super().__init__(f"no form posting to {path} (the page answered {status})")
        self.status = status
