"""The engine for the database in use: FTS5 on SQLite, tsvector on PostgreSQL."""

from django.db import connection


def get_engine():
    if connection.vendor == "postgresql":
        from archive.search.engine_postgres import PostgresEngine

        return PostgresEngine()
    if connection.vendor == "sqlite":
        from archive.search.engine_sqlite import SQLiteEngine

        return SQLiteEngine()
    raise NotImplementedError(f"No search engine for {connection.vendor}")
