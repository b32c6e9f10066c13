"""Configuration: defaults < lod.toml < LOD_* environment < options, unknown keys named, README in step."""

import re
from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest

from lod.config import Config, load_config
from lod.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]  # the checkout


def test_each_layer_overrides_the_one_before(tmp_path, monkeypatch):
    toml = tmp_path / "lod.toml"
    toml.write_text('base_uri = "https://example.org/a/"\nport = 9000\nquery_timeout = 3\n', encoding="utf-8")
    monkeypatch.setenv("LOD_PORT", "9100")
    cfg = load_config(toml, query_timeout=1.5)
    assert cfg.base_uri == "https://example.org/a/"  # from the file
    assert cfg.port == 9100  # the environment beats the file, and is turned into an int
    assert cfg.query_timeout == 1.5  # an explicit option beats both


def test_unknown_key_names_the_nearest_valid_one(tmp_path):
    toml = tmp_path / "lod.toml"
    toml.write_text('base_url = "https://example.org/"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="did you mean 'base_uri'"):
        load_config(toml)


def test_values_are_checked():
    with pytest.raises(ConfigError, match="must end with '/'"):
        load_config(base_uri="https://example.org/no-slash")
    with pytest.raises(ConfigError, match="port"):
        load_config(port="eighty")
    with pytest.raises(ConfigError, match="lang"):
        load_config(lang="fr")


def test_a_named_file_that_does_not_exist_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "missing.toml")


def test_derived_values_follow_the_base():
    cfg = load_config(base_uri="https://example.org/vu/")
    assert (cfg.vocab_ns, cfg.id_base, cfg.doc_base) == (
        "https://example.org/vu/ns#", "https://example.org/vu/id/", "https://example.org/vu/doc/")


def test_release_date_comes_from_the_configuration_or_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert load_config().issued == date(2023, 11, 14)
    assert load_config(release_date="2025-01-02").issued == date(2025, 1, 2)


def test_lists_and_paths_from_text(monkeypatch):
    monkeypatch.setenv("LOD_MEASURES", "a.csv,b.xlsx")
    assert load_config().measures == (Path("a.csv"), Path("b.xlsx"))


def test_readme_documents_every_setting_and_no_other():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `(\w+)` \|", section, flags=re.M))
    assert documented == {f.name for f in fields(Config)}


def test_relative_paths_in_lod_toml_are_read_from_its_folder(tmp_path, monkeypatch):
    folder = tmp_path / "publicatie"
    folder.mkdir()
    (folder / "lod.toml").write_text('measures = ["maatregelen.xlsx", "/abs/extra.csv"]\n'
                                     'organisations = "organisaties.csv"\nout = "dist"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # elsewhere: the paths still mean the publication's files
    cfg = load_config(folder / "lod.toml")
    assert cfg.measures == (folder / "maatregelen.xlsx", Path("/abs/extra.csv"))
    assert cfg.organisations_table == folder / "organisaties.csv"
    assert cfg.out == folder / "dist"


def test_editors_sheets_default_to_the_working_directory_and_the_model_to_what_lod_ships():
    cfg = Config()
    assert cfg.measures == (Path("maatregelen.csv"),)  # relative: the working directory's
    # This checkout is an editable install: what lod ships is the checkout's own folders.
    shipped = (cfg.data_dir, cfg.ontology_dir, cfg.shapes_dir)
    assert shipped == (ROOT / "data", ROOT / "ontology", ROOT / "shapes")
    assert cfg.organisations_table == ROOT / "data" / "organisaties.csv"


def test_invalid_toml_is_a_config_error_naming_the_file(tmp_path):
    toml = tmp_path / "lod.toml"
    toml.write_text('base_uri = "https://example.org/\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="lod.toml: not valid TOML"):
        load_config(toml)
