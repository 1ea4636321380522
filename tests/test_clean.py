from pathlib import Path

from index.clean import clean_article, normalise_date

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_cf9cc913bd578db9.txt"


def test_seed_boilerplate_is_removed_and_metadata_extracted():
    c = clean_article(SEED.read_text(encoding="utf-8"))
    assert c.title == "Advanced Prisoner Exchange Talks Between Hamas and Israel Mediated by Qatar and the United States"
    assert c.published == "2023-11-15"
    assert c.source == "Al Jazeera + American press + Israeli press"
    for junk in ("Home »", "Leave a Comment", "Akismet", "#Leaks", "Source:"):
        assert junk not in c.text
    assert c.text.startswith("Recent leaks reported that Hamas and Israel")
    assert "captured about 240 Israelis" in c.text


def test_general_rules_on_another_layout():
    raw = """News > Business > Markets
Oil Prices Jump After Supply Cut
By Jane Doe
Published: March 3, 2024
LONDON (Reuters) - Oil prices rose 5 percent on Monday after producers cut supply.
Traders said the move surprised markets.
Share this:
Related Articles
Tags: oil, opec
© 2024 Example News. All rights reserved.
"""
    c = clean_article(raw)
    assert c.title == "Oil Prices Jump After Supply Cut"
    assert c.published == "2024-03-03"
    assert c.source == "Reuters"
    assert "By Jane Doe" not in c.text
    assert "Share this" not in c.text and "Tags:" not in c.text and "©" not in c.text
    assert "Oil prices rose 5 percent" in c.text and "Traders said" in c.text


def test_plain_text_without_furniture_is_kept_whole():
    raw = "(CNN) -- The storm hit the coast on Monday.\n\nThousands lost power."
    c = clean_article(raw)
    assert c.text == "(CNN) -- The storm hit the coast on Monday.\n\nThousands lost power."
    assert c.source == "CNN"
    assert c.title is None


def test_normalise_date():
    assert normalise_date("2023-11-15 03:12:57") == "2023-11-15"
    assert normalise_date("November 15, 2023") == "2023-11-15"
    assert normalise_date("15 Nov 2023") == "2023-11-15"
    assert normalise_date("yesterday") is None


def test_markdown_headings_lose_their_markers_but_hashtags_still_go():
    c = clean_article("# Ferry Sinks Off Coast\n\n## What happened\n\nThe ferry sank on Monday.\n\n#ferry #news\n")
    assert c.title == "Ferry Sinks Off Coast"
    assert c.text == "What happened\n\nThe ferry sank on Monday."
