"""Many new rows at once, as plain dicts: checked like `full_clean` would, then inserted with
PostgreSQL's COPY (one `executemany` on other databases).

Building a model instance, cleaning it field by field and compiling an INSERT costs tens of
microseconds a row; an import of a few hundred thousand rows would spend most of its time
there. Here a row is a dict of values by attribute name (`owner_unit_id`, not `owner_unit`).
Each field's check is a cheap test first; only a value that fails it goes through Django's own
validation, so that the error a person reads is the one a form would show.
"""

import json
from collections.abc import Callable, Iterable
from operator import itemgetter

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.db.models.fields import AutoFieldMixin

from nakhon.core import validators

RowCheck = Callable[[dict], None]


def stored_fields(model) -> list[models.Field]:
    """The columns a new row fills: every concrete field but a database-counted key."""
    return [f for f in model._meta.concrete_fields if not isinstance(f, AutoFieldMixin)]


def row_defaults(model) -> dict:
    """What a field left out of a row holds, as in a new instance; the key is each row's own."""
    return {f.attname: f.get_default() for f in stored_fields(model) if not f.primary_key}


def row_checker(model) -> RowCheck:
    """A function that raises the `ValidationError` `clean_fields` would for a row, if any.

    Foreign keys and uniqueness are left to the database's constraints (a violation makes the
    whole insert fail); the model's own row-level rules come from its `clean_row`.
    """
    checks = [_field_check(f) for f in stored_fields(model) if not f.is_relation]
    clean_row = getattr(model, "clean_row", None)

    def check(row: dict) -> None:
        errors = {}
        for name, test in checks:
            try:
                test(row[name])
            except ValidationError as error:
                errors[name] = error.error_list
        if errors:
            raise ValidationError(errors)
        if clean_row is not None:
            clean_row(row)

    return check


def _field_check(field: models.Field) -> tuple[str, Callable]:
    """(attname, test): a quick test of the value, and Django's own when that one fails."""
    choices = {value for value, _label in field.flatchoices} if field.choices else None
    text = isinstance(field, models.CharField | models.TextField)
    carries_text = validators.carries_text(field)
    max_length = field.max_length if text else None
    other_validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]

    def test(value):
        if value is None:
            if not field.null:
                raise ValidationError(field.error_messages["null"], code="null")
            return
        suspicious = (
            (text and not isinstance(value, str))
            or (max_length is not None and len(value) > max_length)
            or (choices is not None and value not in choices and value not in field.empty_values)
            or (value in field.empty_values and not field.blank)
        )
        if suspicious:
            field.clean(value, None)
        if carries_text:
            validators.refuse_unstorable(value, field.verbose_name)
        for validator in other_validators:
            validator(value)

    return field.attname, test


def filter_in(queryset, field: str, values: Iterable):
    """`queryset.filter(<field>__in=values)` for many values: on PostgreSQL one array
    parameter, since quoting thousands of parameters one by one costs more than the query."""
    values = list(values)
    if connection.vendor != "postgresql":
        return queryset.filter(**{f"{field}__in": values})
    meta = queryset.model._meta
    model_field = meta.pk if field == "pk" else meta.get_field(field)
    column_type = getattr(model_field, "target_field", model_field).db_type(connection)
    unnest = RawSQL(f"SELECT unnest(%s::{column_type}[])", [values])
    return queryset.filter(**{f"{field}__in": unnest})


# PostgreSQL plans queries by statistics that only ANALYZE refreshes (autovacuum does, but later
# or, where it is off, never): after a bulk load, the new rows would be planned as a few.
ANALYZE_AFTER_ROWS = 10_000


def insert_rows(model, rows: Iterable[dict]) -> None:
    """Insert complete rows (every stored field's attname set) in one statement."""
    fields = stored_fields(model)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if _copy(cursor, table, columns, fields, rows) >= ANALYZE_AFTER_ROWS:
                cursor.execute(f"ANALYZE {table}")
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            values = [
                tuple(f.get_db_prep_save(row[f.attname], connection) for f in fields)
                for row in rows
            ]
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)


def _copy(cursor, table: str, columns: str, fields: list, rows: Iterable[dict]) -> int:
    """COPY the rows in; how many there were."""
    count = 0
    values_of = itemgetter(*(f.attname for f in fields))
    # JSON columns take their text; psycopg writes every other value as it stands.
    json_columns = [
        (position, f.encoder)
        for position, f in enumerate(fields)
        if isinstance(f, models.JSONField)
    ]
    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            values = list(values_of(row))
            for position, encoder in json_columns:
                if values[position] is not None:
                    values[position] = json.dumps(values[position], cls=encoder, ensure_ascii=False)
            copy.write_row(values)
            count += 1
    return count
