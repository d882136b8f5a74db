"""Two application nodes behind nginx, sharing PostgreSQL, the cache and the media folder.

Two gunicorns (the nodes, two workers each) serve the same database of the throwaway cluster, with
the page cache and the rate-limit counters in it (the default database cache) and one media folder;
nginx from the distribution balances between them (round robin). A session started on one node
continues on the other; a publication on one clears the cached pages of both within the documented
second (``core.caching.VERSION_MEMO_SECONDS``); the residents' form limit counts across both; a
photo uploaded on one is served by both.
"""

from __future__ import annotations

import hashlib
import io
import time

from PIL import Image

from bench.client import Browser
from bench.servers import running, shell_json
from core.caching import VERSION_MEMO_SECONDS
from tests.conftest import DEMO_PASSWORD
from tests.ops.conftest import gunicorn, portal_env, require
from tests.ops.proxy import missing_reason, nginx

TITLE = "Hai nút cùng phục vụ cổng thông tin"
FORM_POSTS_PER_HOUR = 4
# What "within the documented second" allows on top of it: the request that notices, on a busy machine.
SLACK_SECONDS = 0.75

DRAFT = f"""
import json
from articles.models import Article, ArticleKind
from articles.services import create_article
from organizations.models import Organization, OrganizationKind, User

article = create_article(
    actor=User.objects.get(username="cadre_ward"),
    article=Article(
        kind=ArticleKind.NEWS,
        title="{TITLE}",
        summary="Bài viết của phép thử hai nút.",
        body="Nội dung bài viết.",
        organization=Organization.objects.get(
            unit__code="LD-PPHUOCHOI", kind=OrganizationKind.FRONT_COMMITTEE
        ),
        names_people=False,
    ),
)
print(json.dumps({{"pk": article.pk, "preview": article.get_cadre_url()}}))
"""

PHOTO = """
import json
from articles.models import ArticlePhoto
print(json.dumps([photo.image.url for photo in ArticlePhoto.objects.filter(article_id=%d)]))
"""


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (30, 120, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def upstream(response) -> str:
    return response.headers.get("x-upstream", "")


def seconds_until(check, limit: float) -> float:
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > limit:
            raise AssertionError(f"not within {limit} s")
        time.sleep(0.05)
    return time.monotonic() - started


def test_two_nodes_behind_nginx(seeded_database, tmp_path):
    require(missing_reason())
    media = tmp_path / "media"
    env = portal_env(
        seeded_database,
        media,
        TRUSTED_PROXY_COUNT="1",
        CONCERN_FORM_POSTS_PER_CLIENT_PER_HOUR=str(FORM_POSTS_PER_HOUR),
    )
    draft = shell_json(env, DRAFT)
    node_a, node_b = gunicorn("node-a", env, tmp_path), gunicorn("node-b", env, tmp_path)
    with running(node_a, node_b), nginx(tmp_path / "nginx", [node_a.port, node_b.port]) as proxy:
        nodes = {f"127.0.0.1:{node_a.port}", f"127.0.0.1:{node_b.port}"}
        visitor = Browser(proxy)
        assert {upstream(visitor.get("/healthz")) for _ in range(6)} == nodes

        # A session started on node A continues on node B, and through the proxy on both.
        on_a = Browser(node_a.base_url)
        assert on_a.login("cadre_ward", DEMO_PASSWORD)
        on_b = Browser(node_b.base_url)
        on_b.cookies = dict(on_a.cookies)
        assert on_b.get("/cadre/").status == 200
        through_proxy = Browser(proxy)
        assert through_proxy.login("cadre_ward", DEMO_PASSWORD)
        answers = [through_proxy.get("/cadre/") for _ in range(6)]
        assert {a.status for a in answers} == {200} and {upstream(a) for a in answers} == nodes

        # A photo uploaded on node A is served by both nodes.
        photo = jpeg()
        media_page = f"/cadre/articles/{draft['pk']}/media/"
        sent = on_a.submit(
            media_page,
            {"photo_caption": "Ảnh hai nút", "photo_consent": "on"},
            files={"photos": ("hai-nut.jpg", photo, "image/jpeg")},
            having="photo-TOTAL_FORMS",
        )
        assert sent.status == 302, sent.text[:2000]
        (photo_url,) = shell_json(env, PHOTO % draft["pk"])
        stored = [on_a.get(photo_url), on_b.get(photo_url)]
        assert [r.status for r in stored] == [200, 200]
        assert stored[0].body == stored[1].body and hashlib.sha256(stored[0].body).digest()

        # Both nodes have the news list cached in their workers; a publication on A clears both.
        anonymous = {name: Browser(node.base_url) for name, node in (("a", node_a), ("b", node_b))}
        for browser in anonymous.values():
            for _ in range(4):
                page = browser.get("/articles/")
                assert page.status == 200 and TITLE not in page.text
        publish = f"/cadre/articles/{draft['pk']}/publish/"
        published = on_a.submit(publish, {}, page=on_a.get(draft["preview"]))
        assert published.status == 302
        limit = VERSION_MEMO_SECONDS + SLACK_SECONDS
        for browser in anonymous.values():
            seconds_until(lambda b=browser: TITLE in b.get("/articles/").text, limit)
        assert TITLE in Browser(proxy).get("/articles/").text
        # The consented photo of the published article is now public, on both nodes.
        assert [Browser(node.base_url).get(photo_url).status for node in (node_a, node_b)] == [200, 200]

        # The residents' form limit counts the posts of one client on both nodes together.
        resident = Browser(proxy)
        form_page = resident.get("/concerns/raise/")
        short = {"description": "ngắn"}
        posts = [resident.submit("/concerns/raise/", short, page=form_page) for _ in range(6)]
        statuses = [post.status for post in posts]
        assert statuses == [200] * FORM_POSTS_PER_HOUR + [429] * (6 - FORM_POSTS_PER_HOUR), statuses
        assert {upstream(post) for post in posts[:FORM_POSTS_PER_HOUR]} == nodes
        assert posts[-1].headers.get("retry-after")
