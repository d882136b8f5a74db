"""One view that returns a small response without touching the database or a template."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("La Gi\n", content_type="text/plain; charset=utf-8")


urlpatterns = [path("", bare, name="bare")]
