from casemap.conftest import World


def test_allocated_worker_sees_caseload(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for(world.worker).get("/cases/")
    assert response.status_code == 200
    assert b"Cooper family" in response.content
