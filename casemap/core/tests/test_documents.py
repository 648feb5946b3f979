"""The one way family documents become PDFs: a stylesheet found among the static files, and a URL fetcher that
fetches nothing over the network or from disk."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from casemap.core.documents import no_network_fetcher, stylesheet_path


def test_the_pdf_refuses_to_fetch_anything_over_the_network_or_from_disk() -> None:
    fetcher = no_network_fetcher()
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("https://example.org/picture.png")
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("http://127.0.0.1/static/css/map-document.css")
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("file:///etc/hostname")
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"


def test_a_stylesheet_is_found_among_the_static_files() -> None:
    assert stylesheet_path("css/map-document.css").read_text().startswith("/*")
    with pytest.raises(ImproperlyConfigured, match=r"no-such\.css"):
        stylesheet_path("css/no-such.css")
