"""A privacy crawler: from the home page, the feeds and the sitemap, follow every same-site link
without logging in, and check that no page shows a confidential value of the demo data.

Confidential: residents' names and phones and the details of their concerns (the opinions of voter
contacts, the questions of dialogues and the petitions too, a denouncer's above all), mediation parties
and beneficiaries, internal notes (each carries a marker and is listed by the demo modules),
people's phones and e-mails, office holders' years of birth (on the pages that name them), and
anything about an internal activity (its page, or its summary where no published activity has
the same text).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import deque
from html import escape
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.utils import timezone

from activities.models import Activity
from concerns.models import OPINION_SOURCES, Concern, ConcernSource, PetitionType
from demo import activities as activities_demo
from demo import concerns as concerns_demo
from demo import members as members_demo
from demo import social as social_demo
from members.models import Member
from organizations.models import Person, Position

pytestmark = pytest.mark.django_db

MAX_PAGES = 3000
# Where the crawler does not go: the cadre area, the administration, log-in and log-out pages,
# the language switch (a redirect back), uploaded files (binary) and Django's own language view.
SKIPPED_PREFIXES = ("/admin/", "/cadre/", "/accounts/", "/language/", "/media/", "/i18n/", "/static/")
FEEDS = ("/feeds/activities.rss", "/feeds/activities.atom", "/calendar.ics", "/sitemap.xml")
HOST = "testserver"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"

EMAIL_TOKEN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_TOKEN = re.compile(r"(?<![\w])(?:\+?84|0)(?:[\s.-]?\d){8,10}(?![\w])")
ACTIVITY_LINK = re.compile(r"/activities/(\d+)/")


class LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        followed = tag == "a" or (tag == "link" and values.get("rel") == "alternate")
        if followed and values.get("href"):
            self.links.append(values["href"])


def same_site_path(base: str, href: str) -> str | None:
    url, _fragment = urldefrag(urljoin(f"http://{HOST}{base}", href))
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != HOST:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if path.startswith(SKIPPED_PREFIXES):
        return None
    return path


def links_of(path: str, response) -> list[str]:
    content_type = response.get("Content-Type", "")
    text = response.content.decode()
    if "html" in content_type:
        parser = LinkParser()
        parser.feed(text)
        return parser.links
    if "rss" in content_type:
        return [link.text for link in ET.fromstring(response.content).iter("link") if link.text]
    if "atom" in content_type:
        return [
            link.get("href")
            for link in ET.fromstring(response.content).iter("{http://www.w3.org/2005/Atom}link")
        ]
    if "application/xml" in content_type:  # the sitemap index and its sections
        return [loc.text for loc in ET.fromstring(response.content).iter(f"{{{SITEMAP_NS}}}loc")]
    if "calendar" in content_type:
        unfolded = text.replace("\r\n ", "")
        return re.findall(r"^URL:(\S+)", unfolded, re.M)
    return []


def crawl(client) -> dict[str, str]:
    """Every page reachable from the home page (and the feeds and the sitemap), by path: its text."""
    pages: dict[str, str] = {}
    queue = deque(["/", *FEEDS])
    seen = set(queue)
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        assert response.status_code in (200, 301, 302, 404), (path, response.status_code)
        if response.status_code in (301, 302):
            target = same_site_path(path, response["Location"])
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        if response.status_code == 404:
            pages[path] = ""
            continue
        text = response.content.decode()
        pages[path] = text
        for href in links_of(path, response):
            target = same_site_path(path, href)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
    return pages


_crawls: dict[str, dict[str, str]] = {}


@pytest.fixture
def crawled(client):
    """The crawl, made once per test process: the demo data it reads is the same for every test."""
    if "site" not in _crawls:
        _crawls["site"] = crawl(client)
    return _crawls["site"]


def test_the_crawler_reaches_the_public_site(crawled):
    paths = set(crawled)
    assert len(paths) > 300
    for expected in (
        "/",
        "/activities/",
        "/calendar/",
        "/directory/",
        "/fund/",
        "/houses/",
        "/models/",
        *FEEDS,
    ):
        assert expected in paths, expected
    assert any(ACTIVITY_LINK.fullmatch(path) for path in paths)
    assert any(path.startswith("/organizations/") for path in paths)
    assert any(path.startswith("/units/") for path in paths)
    # The yearly report pages (reports/views_public.py): the list and every unit's years.
    assert "/reports/" in paths
    assert any(re.fullmatch(r"/reports/\d+/\d{4}/", path) for path in paths)
    assert not [path for path, text in crawled.items() if not text and path in ("/", "/activities/")]


def test_no_page_shows_a_confidential_demo_value(crawled):
    values = (
        concerns_demo.confidential_demo_values()
        + activities_demo.confidential_demo_values()
        + social_demo.confidential_demo_values()
    )
    markers = (
        concerns_demo.CONFIDENTIAL_MARKERS
        + activities_demo.CONFIDENTIAL_MARKERS
        + social_demo.CONFIDENTIAL_MARKERS
    )
    # Each value carries one of the markers: no marker on a page means no value on it.
    assert all(any(marker in value for marker in markers) for value in values)
    for path, text in crawled.items():
        for marker in markers:
            assert marker not in text, (path, marker)
    # And the values themselves, as the demo modules list them.
    everything = "\n".join(crawled.values())
    leaked = [value for value in values if value in everything or escape(value) in everything]
    assert not leaked, leaked[:3]


def test_no_page_shows_a_person_s_phone_or_e_mail(crawled):
    people = list(Person.objects.values_list("phone", "email"))
    assert len(people) > 100, "the demo data should be seeded"
    private_emails = {email.lower() for _phone, email in people if email}
    private_phones = {re.sub(r"\D", "", phone) for phone, _email in people if phone}
    resident_phones = {re.sub(r"\D", "", concerns_demo.resident_phone(n)) for n in range(1, 601)}
    for path, text in crawled.items():
        emails = {match.lower() for match in EMAIL_TOKEN.findall(text)}
        phones = {re.sub(r"\D", "", match) for match in PHONE_TOKEN.findall(text)}
        assert not emails & private_emails, path
        assert not phones & (private_phones | resident_phones), path


def test_office_holders_years_of_birth_are_not_shown(crawled):
    years: dict[int, set[int]] = {}
    for organization_id, year in Position.objects.values_list("organization_id", "person__birth_year"):
        if year:
            years.setdefault(organization_id, set()).add(year)
    checked = 0
    for path, text in crawled.items():
        match = re.fullmatch(r"/organizations/(\d+)/", path)
        if not match or int(match.group(1)) not in years:
            continue
        checked += 1
        visible = re.sub(r"<[^>]+>", " ", text.split("<main", 1)[-1])
        for year in years[int(match.group(1))]:
            assert not re.search(rf"\b{year}\b", visible), (path, year)
    assert checked > 50


def test_internal_activities_never_appear(crawled):
    published_ids = set(Activity.objects.published().values_list("pk", flat=True))
    internal = Activity.objects.exclude(pk__in=published_ids)
    assert internal.exists()
    published_summaries = set(Activity.objects.published().values_list("summary", flat=True))
    internal_only = {s for s in internal.values_list("summary", flat=True) if s not in published_summaries}
    assert internal_only
    internal_ids = set(internal.values_list("pk", flat=True))
    everything = "\n".join(crawled.values())

    linked = {int(pk) for pk in ACTIVITY_LINK.findall(everything)}
    assert linked, "the crawl saw activity links"
    assert not linked & internal_ids
    for summary in internal_only:
        assert summary not in everything and escape(summary) not in everything, summary[:80]


def test_no_page_shows_a_member_s_name_or_phone(crawled):
    """The member registers are personal data: the public pages show counts only. Every demo member's
    name carries the marker, and every phone of the registers is looked for."""
    assert Member.objects.filter(full_name__contains=members_demo.MEMBER_MARKER).count() > 300
    phones = list(Member.objects.exclude(phone="").values_list("phone", flat=True))
    assert set(members_demo.confidential_demo_values()) >= set(phones) and phones
    everything = "\n".join(crawled.values())
    assert members_demo.MEMBER_MARKER not in everything
    assert not [phone for phone in phones if phone in everything]
    assert any('id="member-count"' in text for text in crawled.values()), "the crawl saw member counts"


def test_no_page_shows_a_voter_s_or_petitioner_s_name_or_phone(crawled):
    """Opinions of voter contacts, questions of dialogues and petitions (a denunciation among them)
    carry residents' names and phones in the demo; the public pages of the meetings show their
    opinions counted by topic, and none of those names or phones."""
    kept = Concern.objects.filter(is_demo=True).exclude(resident_name="")
    opinions = kept.filter(source__in=OPINION_SOURCES, activity__isnull=False)
    petitions = kept.filter(source=ConcernSource.PETITION)
    assert opinions.exists() and petitions.filter(petition_type=PetitionType.DENUNCIATION).exists()
    values = [
        value for pair in kept.values_list("resident_name", "resident_phone") for value in pair if value
    ]
    everything = "\n".join(crawled.values())
    assert not [value for value in values if value in everything or escape(value) in everything]
    meetings = set(
        Concern.objects.filter(source__in=OPINION_SOURCES, activity__in=Activity.objects.published())
        .filter(activity__date__lte=timezone.localdate())
        .values_list("activity_id", flat=True)
    )
    shown = [path for path, text in crawled.items() if 'id="public-opinions"' in text]
    assert shown, "the crawl saw the opinions of a voter contact or dialogue"
    assert {int(ACTIVITY_LINK.fullmatch(path).group(1)) for path in shown} <= meetings
