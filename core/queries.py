"""Query pieces every app may use: a list of ids sent as one parameter, statements compiled once."""

from django.core.exceptions import EmptyResultSet
from django.db import connection
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


# Stand-ins for the values of one run of a compiled statement (compiled_rows): no real row or user has these ids.
_PLACEHOLDERS = tuple(range(2_147_480_101, 2_147_480_117))
_COMPILED: dict = {}
_COMPILED_MAX = 512  # shapes kept (a few per kind of page); past it the cache starts again


def compiled_rows(key, build, *values) -> list[tuple]:
    """The rows of `build(*values)` (a values_list() queryset), the statement built and compiled by the ORM once
    per `key` and only run afterwards: on the conversation pages Django spent more time building some statements
    (subqueries within subqueries) than PostgreSQL spent running them.

    `key` names everything that changes the SQL text (the viewer's kind, a slice), `values` only its parameters
    (ints, or lists of ints for AnyOf): the first time, `build` gets placeholders in their place, and each must
    reach the SQL as a parameter of its own, unchanged (never computed with, nor inlined like a slice's bounds).
    A placeholder missing from the parameters raises. Other databases than PostgreSQL, whose rows may need Django's
    converters, run build(*values) each time.
    """
    if connection.vendor != "postgresql":
        return list(build(*values))
    entry = _COMPILED.get(key)
    if entry is None:
        entry = _compile(build, values)
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        _COMPILED[key] = entry
    sql, params, slots = entry
    params = list(params)
    for index, position in slots:
        params[index] = values[position]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _compile(build, values: tuple) -> tuple[str, list, list]:
    """The SQL of build() with placeholders, its parameters, and where each value goes: (index, position)."""
    placeholders = _PLACEHOLDERS[: len(values)]
    stand_ins = [[p] if isinstance(value, list | tuple) else p for p, value in zip(placeholders, values, strict=True)]
    queryset = build(*stand_ins)
    compiler = queryset.query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    slots = [(index, stand_ins.index(param)) for index, param in enumerate(params) if param in stand_ins]
    if {position for _, position in slots} != set(range(len(values))):
        raise ValueError("compiled_rows: a value did not reach the statement's parameters")
    return sql, list(params), slots
