import pytest
from django.db import connection

from casemap.conftest import World
from config.database import database_settings


def test_allocated_worker_sees_caseload(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for(world.worker).get("/cases/")
    assert response.status_code == 200
    assert b"Cooper family" in response.content


def test_each_database_engine_gets_the_options_casemap_relies_on() -> None:
    sqlite = database_settings("sqlite:///var/casemap.sqlite3")
    assert sqlite["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in sqlite["OPTIONS"]["init_command"]
    postgres = database_settings("postgres://casemap@db.example.org:5432/casemap", conn_max_age=60)
    assert postgres["OPTIONS"]["options"] == "-c jit=off"
    assert postgres["CONN_MAX_AGE"] == 60
    assert database_settings("postgres://db/casemap", postgres_jit="on")["OPTIONS"]["options"] == "-c jit=on"


@pytest.mark.django_db
def test_the_database_in_use_has_its_options_applied() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW jit")
            assert cursor.fetchone()[0] == "off"
        else:
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 20_000
            assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
