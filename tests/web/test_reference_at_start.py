"""The server reads the reference tables its pages need (peer groups, map points) once, at its start:
no request reads a file outside the release, and a missing table stops the start with a clear error."""

from __future__ import annotations

import shutil

import pytest
from starlette.testclient import TestClient

from lod.config import Config
from lod.errors import InputError
from lod.web.app import create_app


def test_pages_answer_after_the_reference_folder_is_gone(store, release_dir, tmp_path):
    data, ontology = tmp_path / "data", tmp_path / "ontology"
    shutil.copytree(Config().data_dir, data)
    shutil.copytree(Config().ontology_dir, ontology)
    cfg = Config(data_dir=data, ontology_dir=ontology)
    client = TestClient(create_app(cfg, store, release_dir=release_dir))
    shutil.rmtree(data)  # what the server needed, it read at its start
    shutil.rmtree(ontology)
    for path in ("/", "/uitwisseling", "/doc/gemeente/44021"):
        answer = client.get(path, headers={"Accept": "text/html"})
        assert answer.status_code == 200, (path, answer.text[:300])
    assert "<svg" in client.get("/").text  # the landing page's map, from the points read at the start


@pytest.mark.parametrize("table", ["peers.csv", "gemeenten-punten.csv"])
def test_a_missing_reference_table_stops_the_start_naming_it(store, release_dir, tmp_path, table):
    data = tmp_path / "data"
    shutil.copytree(Config().data_dir, data)
    (data / table).unlink()
    with pytest.raises(InputError, match=f"{table}: bestand ontbreekt"):
        create_app(Config(data_dir=data), store, release_dir=release_dir)
