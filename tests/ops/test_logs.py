"""Logs (issue 17): one line per request and per task with ids, never a comment's words or an address."""

import json
import logging

import pytest

from ops.logs import JsonFormatter, TextFormatter, task_ids
from tests.conftest import wait_for
from tests.factories import PostFactory, UserFactory, make_comment


def request_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "kindred.request"]


@pytest.mark.django_db
def test_a_request_is_one_line_with_its_route_status_and_no_query_string(client, caplog, django_assert_num_queries):
    caplog.set_level(logging.INFO, logger="kindred.request")
    with django_assert_num_queries(0):  # the line reads no user that the view did not load
        response = client.get("/healthz?email=someone@example.org")
    [line] = request_lines(caplog)
    assert (line.method, line.path, line.route, line.status, line.user_id) == ("GET", "/healthz", "healthz", 200, None)
    assert response["X-Request-ID"] == line.request_id
    assert "example.org" not in TextFormatter().format(line)


@pytest.mark.django_db
def test_a_request_id_from_the_proxy_is_kept_and_a_strange_one_replaced(client, caplog):
    caplog.set_level(logging.INFO, logger="kindred.request")
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc123-proxy-7")["X-Request-ID"] == "abc123-proxy-7"
    strange = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert strange != "<script>" and len(strange) == 16


@pytest.mark.django_db
def test_a_posted_comment_is_logged_with_its_writer_and_new_id_never_its_words(client, caplog):
    caplog.set_level(logging.INFO, logger="kindred.request")
    writer = UserFactory(email="writer@example.org")
    post = PostFactory()
    client.force_login(writer)
    response = client.post(
        f"/p/{post.slug}/comment/", {"body": "A very private sentence about my week.", "key": "k" * 20}
    )
    assert response.status_code == 302
    [line] = [r for r in request_lines(caplog) if r.method == "POST"]
    comment_id = post.comments.get().pk
    assert line.user_id == writer.pk and line.location == f"/c/{comment_id}/"
    formatted = JsonFormatter().format(line)
    assert "private sentence" not in formatted and "writer@" not in formatted


@pytest.mark.django_db
def test_ids_in_the_url_are_fields_of_the_line(client, caplog):
    caplog.set_level(logging.INFO, logger="kindred.request")
    comment = make_comment(post=PostFactory())
    client.get(f"/c/{comment.pk}/")
    [line] = request_lines(caplog)
    assert line.pk == comment.pk


def test_json_lines_carry_the_fields():
    record = logging.LogRecord("kindred.task", logging.INFO, __file__, 1, "task %s %s", ("x", "SUCCESS"), None)
    record.comment_id = 12
    data = json.loads(JsonFormatter().format(record))
    assert data["message"] == "task x SUCCESS" and data["comment_id"] == 12 and data["level"] == "INFO"
    assert data["time"].endswith("+00:00")


def test_addresses_are_replaced_in_messages_and_exceptions():
    try:
        raise ValueError("550 refused for jo.smith+x@mail.example.co.uk")
    except ValueError:
        import sys

        exc_info = sys.exc_info()
    for formatter in (TextFormatter(), JsonFormatter()):
        record = logging.LogRecord("x", logging.WARNING, __file__, 1, "user %s: %s", (4, "to a@b.org"), exc_info)
        formatted = formatter.format(record)
        assert "a@b.org" not in formatted and "jo.smith" not in formatted
        assert "user 4: to <address>" in formatted and "550 refused for <address>" in formatted
        assert record.getMessage() == "user 4: to a@b.org"  # the record is left alone for other handlers


def test_a_task_line_names_only_id_arguments():
    from core.tasks import email_send_task
    from moderation.tasks import comment_scan_task
    from notifications.tasks import comment_notifications_plan_chunk_task, send_email_task

    assert task_ids(comment_scan_task, (5,), {"backlog": True}) == {"comment_id": 5}
    assert task_ids(email_send_task, ([1, 2, 3],), {}) == {"email_ids": [1, 2, 3]}
    many = task_ids(comment_notifications_plan_chunk_task, (9, list(range(50))), {})
    assert many == {"comment_id": 9, "user_ids": list(range(10)), "user_ids_count": 50}
    assert task_ids(send_email_task, ("accounts/email/verify", "a@b.org", {"name": "Jo"}), {}) == {}


def test_the_worker_logs_one_line_per_task(celery_worker, caplog):
    caplog.set_level(logging.INFO, logger="kindred.task")
    comment = make_comment(post=PostFactory(), checked=False, body="Nobody should read this in a log.")

    def checked():
        # A live check runs in the care drain task, which names the comment that woke it (lead_id); a retry or a
        # sweep checks it alone (comment_id).
        return [
            r
            for r in caplog.records
            if r.name == "kindred.task"
            and r.queue == "care"
            and comment.pk in (getattr(r, "lead_id", None), getattr(r, "comment_id", None))
        ]

    # One line per task run (under load the care sweep may queue the comment's check a second time, a no-op run).
    lines = wait_for(checked, timeout=30)
    assert len({r.task_id for r in lines}) == len(lines)
    line = lines[0]
    assert line.task in ("moderation.tasks.care_checks_drain_task", "moderation.tasks.comment_scan_task")
    assert line.state == "SUCCESS" and line.ms >= 0 and line.task_id
    assert "Nobody should" not in JsonFormatter().format(line)


def test_objects_and_mappings_given_to_a_line_are_left_out():
    # Celery logs a failed task with its arguments under `data`; Django a refused request with the request.
    record = logging.LogRecord("celery.app.trace", logging.ERROR, __file__, 1, "Task x failed", (), None)
    record.data = {"args": "('accounts/email/verify', {'excerpt': 'my private words'})"}
    record.request = object()
    record.status_code = 500
    for formatter in (TextFormatter(), JsonFormatter()):
        formatted = formatter.format(record)
        assert "private words" not in formatted and "object at" not in formatted and "500" in formatted
