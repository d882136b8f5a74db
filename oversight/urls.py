from django.urls import path

from . import views_boards, views_inspections, views_projects, views_recommendations, views_supervisions

app_name = "oversight"

urlpatterns = [
    # Recommendations: the inbox, a recommendation and its lifecycle steps
    path("", views_recommendations.inbox, name="recommendation_inbox"),
    path("recommendations/<int:pk>/", views_recommendations.detail, name="recommendation_detail"),
    *[
        path(
            f"recommendations/<int:pk>/{name}/",
            views_recommendations.step,
            {"step": name},
            name=f"recommendation_{name}",
        )
        for name in views_recommendations.STEPS
    ],
    path(
        "recommendations/<int:pk>/re-supervise/",
        views_recommendations.resupervise,
        name="recommendation_resupervise",
    ),
    # Supervision and social criticism
    path("supervisions/", views_supervisions.supervision_list, name="supervision_list"),
    path("supervisions/new/", views_supervisions.supervision_create, name="supervision_create"),
    path("supervisions/<int:pk>/", views_supervisions.supervision_detail, name="supervision_detail"),
    path("supervisions/<int:pk>/edit/", views_supervisions.supervision_edit, name="supervision_edit"),
    path(
        "supervisions/<int:pk>/recommend/",
        views_recommendations.create,
        {"origin": "supervision"},
        name="supervision_recommend",
    ),
    # People's Inspection Boards' inspections
    path("inspections/", views_inspections.inspection_list, name="inspection_list"),
    path("inspections/new/", views_inspections.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", views_inspections.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/edit/", views_inspections.inspection_edit, name="inspection_edit"),
    path(
        "inspections/<int:pk>/recommend/",
        views_recommendations.create,
        {"origin": "inspection"},
        name="inspection_recommend",
    ),
    # Investment projects and monitoring sessions
    path("projects/", views_projects.project_list, name="project_list"),
    path("projects/new/", views_projects.project_create, name="project_create"),
    path("projects/<int:pk>/", views_projects.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", views_projects.project_edit, name="project_edit"),
    path("projects/<int:pk>/sessions/new/", views_projects.session_create, name="session_create"),
    path("sessions/<int:pk>/", views_projects.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views_projects.session_edit, name="session_edit"),
    path("sessions/<int:pk>/publish/", views_projects.session_publish, name="session_publish"),
    path(
        "sessions/<int:pk>/recommend/",
        views_recommendations.create,
        {"origin": "session"},
        name="session_recommend",
    ),
    # Boards, their members, work plans and reports
    path("boards/", views_boards.board_list, name="board_list"),
    path("boards/<int:pk>/", views_boards.board_detail, name="board_detail"),
    path("boards/<int:pk>/founding/", views_boards.board_edit, name="board_edit"),
    path("boards/<int:pk>/members/new/", views_boards.member_create, name="member_create"),
    path("members/<int:pk>/edit/", views_boards.member_edit, name="member_edit"),
    path("boards/<int:pk>/plans/new/", views_boards.plan_create, name="plan_create"),
    path("plans/<int:pk>/edit/", views_boards.plan_edit, name="plan_edit"),
    path("boards/<int:pk>/reports/new/", views_boards.report_create, name="report_create"),
    path("reports/<int:pk>/edit/", views_boards.report_edit, name="report_edit"),
]
