"""core.queries: a list of ids as one parameter, the same rows as IN; statements compiled once."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from comments.services import comment_create
from core.queries import AnyOf, any_of_sql, compiled_rows
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comments():
    post, user = PostFactory(), UserFactory()
    return [comment_create(user=user, post=post, parent_id=None, body=f"Comment {n}") for n in range(4)]


def test_any_of_finds_what_in_finds(comments):
    wanted = [comments[0].pk, comments[2].pk, 10**9]
    found = set(Comment.objects.filter(AnyOf(F("id"), wanted)).values_list("pk", flat=True))
    assert found == set(Comment.objects.filter(pk__in=wanted).values_list("pk", flat=True)) == set(wanted[:2])


def test_any_of_an_empty_list_finds_nothing(comments):
    assert not Comment.objects.filter(AnyOf(F("id"), [])).exists()


def test_any_of_sends_one_parameter_on_postgresql(comments):
    if connection.vendor != "postgresql":
        pytest.skip("IN elsewhere")
    with CaptureQueriesContext(connection) as queries:
        list(Comment.objects.filter(AnyOf(F("id"), [c.pk for c in comments])))
    assert "= ANY(" in queries[0]["sql"] and " IN (" not in queries[0]["sql"]


def test_any_of_sql_written_out(comments):
    sql, params = any_of_sql("id", [c.pk for c in comments[:3]], connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {Comment._meta.db_table} WHERE {sql}", params)
        assert {row[0] for row in cursor.fetchall()} == {c.pk for c in comments[:3]}


def test_compiled_rows_builds_once_and_runs_with_each_calls_values(comments):
    built = []

    def build(ids, lowest):
        built.append((ids, lowest))
        return Comment.objects.filter(AnyOf(F("id"), ids), id__gte=lowest).order_by("id").values_list("id", "body")

    key = ("test", "compiled once")
    first = compiled_rows(key, build, [c.pk for c in comments], comments[1].pk)
    second = compiled_rows(key, build, [comments[0].pk, comments[3].pk], comments[0].pk)

    assert first == list(build([c.pk for c in comments], comments[1].pk))
    assert second == [(comments[0].pk, "Comment 0"), (comments[3].pk, "Comment 3")]
    if connection.vendor == "postgresql":
        assert len(built) == 1 + 1  # compiled with placeholders once, then the check's own queryset above


def test_compiled_rows_refuses_a_value_that_never_reaches_the_parameters(comments):
    if connection.vendor != "postgresql":
        pytest.skip("other databases run the queryset itself")

    def build(limit):  # a slice is inlined in the SQL: the placeholder would be frozen into the statement
        return Comment.objects.order_by("id").values_list("id")[:limit]

    with pytest.raises(ValueError, match="did not reach"):
        compiled_rows(("test", "sliced"), build, 2)
