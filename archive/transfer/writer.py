"""The bulk writer of imports: new rows of a model, and link rows, one INSERT per batch.

insert_new() is bulk_create() for new instances, insert_rows() plain INSERTs of link rows;
both send every value as a parameter: one array per column on PostgreSQL (UNNEST),
multi-row VALUES elsewhere. Like bulk_create() they send no signals.
"""

from django.db import connections, router

from archive.db import chunked


def insert_new(model, instances, batch_size=None):
    """bulk_create() for new rows, as one statement per batch with every value a parameter:
    one array per column on PostgreSQL (UNNEST), multi-row VALUES elsewhere (SQLite).

    Django's bulk_create() would build and compile an SQL expression per value (most of its
    time on SQLite, where it also sends 62 articles per statement for its 999-parameter
    limit) and cannot use UNNEST for the search helper's tsvector column (always NULL here:
    archive.search writes it). Rows are inserted in order and get their primary keys back
    in that order (RETURNING), as bulk_create() relies on too.
    """
    if not instances:
        return
    connection = connections[router.db_for_write(model)]
    if connection.vendor not in ("postgresql", "sqlite") or not (
        connection.features.can_return_rows_from_bulk_insert
    ):
        model.objects.bulk_create(instances, batch_size=batch_size)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = {f: [f.pre_save(obj, add=True) for obj in instances] for f in fields}
    # Columns with nothing to write keep their database default (NULL): the tsvector.
    fields = [f for f in fields if f.null is False or any(v is not None for v in columns[f])]
    quote = connection.ops.quote_name
    head = "INSERT INTO {} ({}) ".format(
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    )
    returning = " RETURNING " + quote(model._meta.pk.column)
    if connection.vendor == "postgresql":
        arrays = ", ".join("%s::{}[]".format(f.db_type(connection).split("(")[0]) for f in fields)
        size = batch_size or 1000
    else:
        # Parameters per statement: 32,766 since SQLite 3.32, 999 before.
        limit = 32766 if connection.Database.sqlite_version_info >= (3, 32) else 999
        size = min(batch_size or 1000, limit // len(fields))
    rows = zip(instances, *(columns[f] for f in fields), strict=True)  # instance, its values
    with connection.cursor() as cursor:
        for chunk in chunked(rows, size):
            batch, *values = zip(*chunk, strict=True)
            params = [
                [f.get_db_prep_save(value, connection) for value in column]
                for f, column in zip(fields, values, strict=True)
            ]
            if connection.vendor == "postgresql":
                unnest = f"SELECT * FROM UNNEST({arrays})"  # noqa: S608 - types from model fields
                cursor.execute(head + unnest + returning, params)
            else:
                rows = len(params[0])
                values = ", ".join(["({})".format(", ".join(["%s"] * len(fields)))] * rows)
                flat = [value for row in zip(*params, strict=True) for value in row]
                cursor.execute(head + "VALUES " + values + returning, flat)
            # Both return the rows of a multi-row INSERT in order, as Django relies on too.
            for instance, (pk,) in zip(batch, cursor.fetchall(), strict=True):
                instance.pk = pk
                instance._state.adding, instance._state.db = False, connection.alias


def insert_rows(model, columns, rows):
    """Plain INSERTs for link rows: bulk_create() would spend most of its time building and
    compiling a model instance per row, and these rows have no save() logic to skip.
    PostgreSQL gets one array per column (UNNEST), others multi-row VALUES."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    head = "INSERT INTO {} ({}) ".format(
        quote(model._meta.db_table), ", ".join(quote(column) for column in columns)
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            fields = [model._meta.get_field(column) for column in columns]
            types = [f.db_type(connection).split("(")[0] for f in fields]
            arrays = ", ".join(f"%s::{t}[]" for t in types)
            unnest = f"SELECT * FROM UNNEST({arrays})"  # noqa: S608 - types from model fields
            for chunk in chunked(rows, 10000):
                cursor.execute(head + unnest, [list(column) for column in zip(*chunk, strict=True)])
            return
        row_sql = "({})".format(", ".join(["%s"] * len(columns)))
        for chunk in chunked(rows, 500):
            params = [value for row in chunk for value in row]
            cursor.execute(head + "VALUES " + ", ".join([row_sql] * len(chunk)), params)
