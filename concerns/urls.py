from django.urls import path

from . import views, views_actions, views_edit, views_opinions, views_visit

app_name = "concerns"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.create, name="create"),
    path("visit/", views_visit.visit_log, name="visit_log"),
    path("petitions/new/", views_opinions.petition_create, name="petition_create"),
    path("activities/<int:activity_pk>/opinions/new/", views_opinions.opinion_create, name="opinion_create"),
    path("<int:pk>/", views.detail, name="detail"),
]
urlpatterns += [
    path(f"<int:pk>/{name.replace('_', '-')}/", views_actions.concern_action, {"action": name}, name=name)
    for name in views_actions.ACTIONS
]
urlpatterns += [
    path("<int:pk>/edit/", views_edit.edit, name="edit"),
    path("<int:pk>/withdraw-consent/", views_edit.withdraw_consent, name="withdraw_consent"),
]
