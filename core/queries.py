"""Query pieces every app may use: a list of ids sent as one parameter."""

from django.core.exceptions import EmptyResultSet
from django.db.models import Lookup


class AnyOf(Lookup):
    """`AnyOf(F("comment_id"), ids)` in filter(): `comment_id = ANY(%s)` with the ids as one array on PostgreSQL.

    A page's few hundred ids as IN (%s, ...) cost Django a prepared value each and psycopg a parse of the whole
    statement on every request (it caches statements only up to 50 parameters and 4 kB). Other databases get IN.
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if not values:
            raise EmptyResultSet
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", (*lhs_params, *values)

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, list(self.rhs))


def any_of_sql(column: str, values, connection) -> tuple[str, list]:
    """The same for SQL written out: (`column = ANY(%s)` or `column IN (...)`, its parameters)."""
    values = list(values)
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [values]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values
