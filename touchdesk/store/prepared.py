"""Queries compiled to SQL once and run again for another id: a page opened many times pays
SQLite's work each time, not peewee's building and compiling of the same statement."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import peewee

from touchdesk.store.db import UtcDateTimeField, database

M = TypeVar("M", bound=peewee.Model)

# Stands for the id while the query is compiled; no row has it (ids are positive).
_MARK = -7_346_219_005
# Stands for a text key (a setting's name): no key holds these characters.
TEXT_MARK = "\x00prepared-key\x00"
# For a query that takes no value at all (a whole small table): compiled once all the same.
NO_VALUE = object()


# SQL, its parameters as compiled, and where each stand-in value sits among them.
_Compiled = tuple[str, list[Any], list[list[int]]]


def _compiled(query: peewee.Query, marks: list[Any]) -> _Compiled:
    """The query's SQL and parameters, with where each stand-in sits among them: one pass over
    the parameters, however many stand-ins (a list query has hundreds)."""
    sql, params = query.sql()
    where = {mark: index for index, mark in enumerate(marks)}
    kind = type(marks[0]) if marks else None
    slots: list[list[int]] = [[] for _ in marks]
    for position, value in enumerate(params):
        index = where.get(value) if type(value) is kind else None
        if index is not None:
            slots[index].append(position)
    return sql, list(params), slots


def sql_literal(value: Any) -> str | None:
    """`value` written as SQLite reads it back, or None when it is kept as a parameter (a
    type with no plain literal, or text SQL cannot hold)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and "\x00" not in value:
        return "'" + value.replace("'", "''") + "'"
    return None


def _with_constants_written(compiled: _Compiled) -> _Compiled:
    """The statement with every value but the stand-ins written into its SQL: SQLite uses a
    partial index (the one open step, the one current plan run) only for a condition it can
    read in the statement, never for a bound parameter."""
    sql, params, slots = compiled
    pieces = sql.split("?")
    if len(pieces) != len(params) + 1:  # a '?' of its own in the SQL: left as it is
        return compiled
    marked = {index: mark for mark, indexes in enumerate(slots) for index in indexes}
    text, kept, kept_slots = [pieces[0]], [], [[] for _ in slots]
    for index, (value, piece) in enumerate(zip(params, pieces[1:], strict=True)):
        literal = None if index in marked else sql_literal(value)
        if literal is None:
            if index in marked:
                kept_slots[marked[index]].append(len(kept))
            kept.append(value)
            literal = "?"
        text += [literal, piece]
    return "".join(text), kept, kept_slots


def _execute(compiled: _Compiled, values: list[Any]) -> sqlite3.Cursor:
    """The compiled statement with each stand-in replaced by its value."""
    sql, params, slots = compiled
    params = list(params)
    for value, value_slots in zip(values, slots, strict=True):
        for slot in value_slots:
            params[slot] = value
    return database.execute_sql(sql, params)


class Prepared:
    """A query built by `build(id)`, compiled on first use; `run(id)` executes it for `id`.

    Only for queries whose SQL depends on nothing but that id: a value read at build time
    (the clock, a setting) would be frozen into the statement. With `constants_in_sql`, the
    query's own constant values are written into the SQL and only the id is bound.
    """

    def __init__(
        self,
        build: Callable[[Any], peewee.Query],
        mark: Any = _MARK,
        constants_in_sql: bool = False,
    ) -> None:
        self._build = build
        self._mark = mark  # TEXT_MARK for a query by a text key
        self._constants_in_sql = constants_in_sql
        self._compiled: _Compiled | None = None
        self._readers: dict[type[peewee.Model], peewee.ModelObjectCursorWrapper] = {}

    def _compile(self) -> _Compiled:
        if self._compiled is None:
            self._compiled = _compiled(self._build(self._mark), [self._mark])
            if not self._compiled[2][0] and self._mark is not NO_VALUE:
                raise ValueError("the prepared query does not use its id")
            if self._constants_in_sql:
                self._compiled = _with_constants_written(self._compiled)
        return self._compiled

    def run(self, value: Any = NO_VALUE) -> sqlite3.Cursor:
        return _execute(self._compile(), [value])

    def first(self, model: type[M], value: Any = NO_VALUE) -> M | None:
        """The first row as a `model` instance, each column read by its field as peewee reads
        its own selects (None when there is no row)."""
        cursor = self.run(value)
        row = cursor.fetchone()
        if row is None:
            return None
        reader = self._readers.get(model)
        if reader is None:
            # Peewee's own reader for raw rows, set up once from the statement's columns
            # (the same every run): setting it up cost more than reading the row.
            reader = peewee.ModelObjectCursorWrapper(cursor, model, [], model)
            reader.initialize()
            reader.cursor = None
            self._readers[model] = reader
        return reader.process_row(row)


class PreparedIn:
    """A query built by `build(values)` over a list of ids (or, with `text`, of text keys),
    compiled once for each length of list; `run(values)` executes it for other values of
    that length. A sync asks about a batch's fifty emails or prospects in one statement:
    building that statement cost peewee far more than SQLite took to answer it.

    Only for queries whose SQL depends on nothing but those values, as for Prepared."""

    def __init__(self, build: Callable[[list[Any]], peewee.Query], text: bool = False) -> None:
        self._build = build
        self._text = text
        self._compiled: dict[int, _Compiled] = {}

    def _compile(self, count: int) -> _Compiled:
        compiled = self._compiled.get(count)
        if compiled is None:
            if self._text:
                marks: list[Any] = [f"{TEXT_MARK}{index}" for index in range(count)]
            else:
                marks = [_MARK - index for index in range(count)]
            compiled = _compiled(self._build(marks), marks)
            if not all(compiled[2]):
                raise ValueError("the prepared query does not use each of its values")
            self._compiled[count] = compiled
        return compiled

    def run(self, values: list[Any]) -> sqlite3.Cursor:
        if not values:
            raise ValueError("a prepared query over a list needs at least one value")
        return _execute(self._compile(len(values)), values)

    def rows(self, values: Sequence[Any]) -> Iterator[tuple]:
        """Every row for `values`, asked in lists of at most LIST_CHUNK (SQLite's own limit on
        bound values is far above it); none for no values."""
        for start in range(0, len(values), LIST_CHUNK):
            yield from self.run(list(values[start : start + LIST_CHUNK])).fetchall()


# How many values one statement of a PreparedIn asks about.
LIST_CHUNK = 500


def _column(field: peewee.Field) -> str:
    return f'"{field.column_name}"'


class PreparedInsert:
    """An insert of one row into the given fields of one model, its SQL written once; each
    value goes through its field's db_value, as Model.create() would store it."""

    def __init__(self, *fields: peewee.Field) -> None:
        table = fields[0].model._meta.table_name
        names = ", ".join(_column(field) for field in fields)
        marks = ", ".join("?" for _ in fields)
        self._sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
        self._convert = [field.db_value for field in fields]

    def run(self, *values: Any) -> int:
        """Insert the row; returns its id."""
        params = [convert(value) for convert, value in zip(self._convert, values, strict=True)]
        return database.execute_sql(self._sql, params).lastrowid


class PreparedUpdate:
    """An update of the given fields of the one row with this primary key, its SQL written
    once; each value goes through its field's db_value."""

    def __init__(self, *fields: peewee.Field) -> None:
        meta = fields[0].model._meta
        sets = ", ".join(f"{_column(field)} = ?" for field in fields)
        self._sql = f'UPDATE "{meta.table_name}" SET {sets} WHERE {_column(meta.primary_key)} = ?'
        self._convert = [field.db_value for field in fields]

    def run(self, key: Any, *values: Any) -> int:
        """Update the row; returns how many rows changed (0 when there is none)."""
        params = [convert(value) for convert, value in zip(self._convert, values, strict=True)]
        return database.execute_sql(self._sql, [*params, key]).rowcount


# Stand-ins for the instants while a query is compiled: no step, touch or email is dated in
# the first seconds of 1900.
_MOMENT_MARKS = tuple(datetime(1900, 1, 1, 0, 0, second, tzinfo=UTC) for second in range(1, 10))


class PreparedMoments:
    """A query built by `build(*moments)` whose SQL depends on nothing but those instants
    (a reminder's window, a day's end), compiled once; `run(*moments)` executes it for others."""

    def __init__(self, build: Callable[..., peewee.Query], count: int) -> None:
        self._build = build
        self._marks = _MOMENT_MARKS[:count]
        self._compiled: _Compiled | None = None

    def _compile(self) -> _Compiled:
        if self._compiled is None:
            stored = [_as_stored(mark) for mark in self._marks]
            self._compiled = _compiled(self._build(*self._marks), stored)
            if not all(self._compiled[2]):
                raise ValueError("the prepared query does not use each of its instants")
        return self._compiled

    def run(self, *moments: datetime) -> sqlite3.Cursor:
        return _execute(self._compile(), [_as_stored(moment) for moment in moments])


_as_stored = UtcDateTimeField().db_value
