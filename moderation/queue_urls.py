"""The moderators' queue: items, actions, audit log, stats."""

urlpatterns: list = []
