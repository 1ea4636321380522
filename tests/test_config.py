import pytest

from index.errors import ConfigError
from qa.config import Settings


def test_precedence_file_env_arguments(tmp_path, monkeypatch):
    cfg = tmp_path / "newsqa.toml"
    cfg.write_text('[newsqa]\nstore = "from-file"\nmax_citations = 5\n')
    monkeypatch.setenv("NEWSQA_CONFIG", str(cfg))
    assert Settings.load().store == "from-file"
    assert Settings.load().max_citations == 5
    monkeypatch.setenv("NEWSQA_STORE", "from-env")
    assert Settings.load().store == "from-env"
    assert Settings.load(store="from-arg").store == "from-arg"


def test_bad_values_name_the_setting(monkeypatch):
    monkeypatch.setenv("NEWSQA_MAX_CITATIONS", "many")
    with pytest.raises(ConfigError, match="max_citations"):
        Settings.load()


def test_unknown_setting(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("colour = 'blue'\n")
    with pytest.raises(ConfigError, match="colour"):
        Settings.load(str(cfg))
