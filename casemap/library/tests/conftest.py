import pytest

from casemap.conftest import World
from casemap.library.tests.examples import library_world


@pytest.fixture
def lworld(world: World) -> World:
    return library_world(world)
