"""The database connection from its URL, with the options Casemap relies on for each engine."""

from typing import Any

import dj_database_url


def database_settings(url: str, *, conn_max_age: int = 0, postgres_jit: str = "off") -> dict[str, Any]:
    database: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=conn_max_age))
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside a writer; IMMEDIATE takes the write lock at BEGIN so
        # two writers queue instead of failing half-way with "database is locked".
        database["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    elif database["ENGINE"] == "django.db.backends.postgresql":
        # Casemap's queries are short; PostgreSQL's JIT compiler costs more than it saves on the few whose
        # estimated cost passes its threshold (a search for a common surname: 53-116 ms with JIT, 34-49 without).
        database.setdefault("OPTIONS", {})["options"] = f"-c jit={postgres_jit}"
    return database
