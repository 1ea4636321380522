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


def test_today_is_the_reference_day_setting(tmp_path, monkeypatch):
    """``today`` (the reference day of relative dates in questions): None by default; from the
    TOML file (quoted, or a TOML date) and NEWSQA_TODAY; a value that is no day is refused at load."""
    monkeypatch.delenv("NEWSQA_TODAY", raising=False)
    assert Settings.load().today is None
    cfg = tmp_path / "c.toml"
    cfg.write_text("today = 1987-02-10\n")  # a TOML date literal
    assert Settings.load(str(cfg)).today == "1987-02-10"
    monkeypatch.setenv("NEWSQA_TODAY", "2026-11-25")
    assert Settings.load(str(cfg)).today == "2026-11-25"
    monkeypatch.setenv("NEWSQA_TODAY", "2026-02-30")
    with pytest.raises(ConfigError, match="today") as info:
        Settings.load()
    assert info.value.param == "today" and "2026-02-30" in info.value.message
