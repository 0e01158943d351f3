"""Querysets compiled to SQL once per process, for the few reads that every request of a
hot path makes in the same shape with one changing value (an id, a token).

Django compiles a queryset to SQL each time it is evaluated. For the submit's locked read
(an application with its event, call settings, applicant and profile) that compilation
cost 1.6 ms of Python against 0.2 ms for running the same SQL on a cursor (bench/
RESULTS.md). A ``CompiledQuery`` builds its queryset once with a marker in place of the
changing value, keeps the compiled SQL and the compiler's row layout, and afterwards only
swaps the value in and executes. Rows become instances the way QuerySet iteration makes
them (the compiler's converters, ``Model.from_db``, the select_related populators), so
callers get ordinary model instances, related objects already cached.

Only plain filters on the one value are supported: a queryset whose compiled parameters
do not hold the marker exactly once is refused when first compiled. ``select_for_update``
needs a transaction, as in the ORM. The row-building half uses the compiler's attributes
(``select``, ``klass_info``, ``get_converters``), which QuerySet iteration itself relies
on; tests/test_compiled_queries.py compares each use with its plain queryset, so a Django
upgrade that changes them fails there first. The kept compiler only lays out rows and
converts values (which reads the backend's settings); statements always run on the calling
thread's own connection.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.transaction import TransactionManagementError

# A value no primary key or token takes, found again among the compiled parameters.
MARKER = -7_391_846_205


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    position: int
    compiler: Any
    converters: dict
    model: type[Model]
    init_list: list[str]
    start: int
    end: int
    populators: list
    locks: bool
    alias: str


class CompiledQuery:
    """``build(value)`` returns the queryset; ``fetch(value)`` runs it for another value.

    Example: ``CompiledQuery(lambda pk: Event.objects.select_related("programme").filter(pk=pk))``.
    """

    def __init__(self, build: Callable[[Any], QuerySet], *, marker: Any = MARKER):
        self._build = build
        self._marker = marker
        self._by_alias: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def _compiled(self, using: str | None) -> _Compiled:
        key = using or ""  # "": the database the queryset itself reads from
        compiled = self._by_alias.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._by_alias.get(key)
                if compiled is None:
                    queryset = self._build(self._marker)
                    if using:
                        queryset = queryset.using(using)
                    compiled = self._compile(queryset, queryset.db)
                    self._by_alias[key] = compiled
        return compiled

    def _compile(self, queryset: QuerySet, alias: str) -> _Compiled:
        if queryset._prefetch_related_lookups or queryset.query.extra_select:
            raise ImproperlyConfigured("CompiledQuery takes neither prefetch_related nor extra().")
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        positions = [i for i, value in enumerate(params) if value == self._marker]
        if len(positions) != 1:
            raise ImproperlyConfigured(
                f"CompiledQuery needs its value exactly once in the SQL, found {len(positions)}."
            )
        klass_info = compiler.klass_info
        select_fields = klass_info["select_fields"]
        start, end = select_fields[0], select_fields[-1] + 1
        return _Compiled(
            sql=sql,
            params=tuple(params),
            position=positions[0],
            compiler=compiler,
            converters=compiler.get_converters([s[0] for s in compiler.select]),
            model=klass_info["model"],
            init_list=[s[0].target.attname for s in compiler.select[start:end]],
            start=start,
            end=end,
            populators=get_related_populators(klass_info, compiler.select, alias),
            locks=queryset.query.select_for_update,
            alias=alias,
        )

    def fetch(self, value: Any, *, using: str | None = None) -> list[Model]:
        compiled = self._compiled(using)
        connection = connections[compiled.alias]
        if compiled.locks and connection.get_autocommit():
            raise TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        params = list(compiled.params)
        params[compiled.position] = value
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        instances = []
        for row in rows:
            instance = compiled.model.from_db(
                compiled.alias, compiled.init_list, row[compiled.start : compiled.end]
            )
            for populator in compiled.populators:
                populator.populate(row, instance)
            instances.append(instance)
        return instances

    def first(self, value: Any, *, using: str | None = None) -> Model | None:
        instances = self.fetch(value, using=using)
        return instances[0] if instances else None


def set_prefetched(instance: Model, name: str, related: list[Model]) -> None:
    """Leave what ``prefetch_related(name)`` leaves: ``instance.<name>.all()`` answers from
    ``related`` without a query, and each related row knows its parent."""
    manager = getattr(instance, name)
    queryset = manager.get_queryset()
    queryset._result_cache = list(related)
    queryset._prefetch_done = True
    field = manager.field
    for row in related:
        field.set_cached_value(row, instance)
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[field.remote_field.cache_name] = queryset
