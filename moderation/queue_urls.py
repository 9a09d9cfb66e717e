"""The moderators' queue: items, actions, authors, audit log, editable messages. Every view checks permissions."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("", views.queue_list, name="queue"),
    path("bulk/", views.queue_bulk, name="queue_bulk"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/claim/", views.item_claim, name="item_claim"),
    path("items/<int:pk>/release/", views.item_release, name="item_release"),
    # One URL per decision; the action name goes to the view as a fixed argument, never from the URL.
    *(
        path(
            f"items/<int:pk>/{action}/", views.item_action, {"action": action}, name=f"item_{action.replace('-', '_')}"
        )
        for action in views.ITEM_ACTIONS
    ),
    path("authors/<int:user_id>/", views.author_detail, name="author"),
    path("authors/<int:user_id>/suspend/", views.author_suspend, name="author_suspend"),
    path("authors/<int:user_id>/lift-suspension/", views.author_lift_suspension, name="author_lift_suspension"),
    path("authors/<int:user_id>/ban/", views.author_ban, name="author_ban"),
    path("authors/<int:user_id>/lift-ban/", views.author_lift_ban, name="author_lift_ban"),
    path("audit/", views.audit_list, name="audit"),
    path("audit/moderators/<int:moderator_id>/", views.audit_moderator, name="audit_moderator"),
    path("audit/export.csv", views.audit_csv, name="audit_csv"),
    path("stats/", views.queue_stats, name="stats"),
    path("messages/", views.message_templates, name="messages"),
    path("messages/<slug:key>/", views.message_template_edit, name="message_edit"),
]
