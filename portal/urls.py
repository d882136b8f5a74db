from django.conf import settings
from django.urls import path

from activities import views_public as activity_pages
from core import media

from . import feeds, sitemaps, views, views_authorities, views_search

app_name = "portal"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap_section"),
    path("activities/", activity_pages.activity_list, name="activity_list"),
    path("activities/<int:pk>/", activity_pages.activity_detail, name="activity_detail"),
    path("search/", views_search.search_page, name="search"),
    path("authorities/", views_authorities.authority_list, name="authorities"),
    path("authorities/<int:pk>/", views_authorities.authority_detail, name="authority"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar.ics", views.calendar_feed, name="calendar_ics"),
    path("feeds/activities.rss", feeds.rss_feed, name="feed_rss"),
    path("feeds/activities.atom", feeds.atom_feed, name="feed_atom"),
    path("language/<str:code>/", views.set_language, name="set_language"),
    # Uploaded files, permission-checked (see core.media); the same in production and development.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.media, name="media"),
]
