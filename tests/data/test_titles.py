"""Titles: display form, year, the legacy year-less form and the search key."""

from __future__ import annotations

import pytest

from movierec.data.titles import normalize_title, parse_title, title_without_year


@pytest.mark.parametrize(
    ("raw", "display", "year"),
    [
        ("Toy Story (1995)", "Toy Story", 1995),
        ("American President, The (1995)", "The American President", 1995),
        ("Lion King, The (1994)  ", "The Lion King", 1994),
        ("Bug's Life, A (1998)", "A Bug's Life", 1998),
        ("Officer and a Gentleman, An (1982)", "An Officer and a Gentleman", 1982),
        (
            "City of Lost Children, The (Cité des enfants perdus, La) (1995)",
            "The City of Lost Children",
            1995,
        ),
        ("Misérables, Les (1995)", "Les Misérables", 1995),
        ("Bamba, La (1987)", "La Bamba", 1987),
        ("Cercle Rouge, Le (Red Circle, The) (1970)", "Le Cercle Rouge", 1970),
        ("Atalante, L' (1934)", "L'Atalante", 1934),
        ("Divo, Il (2008)", "Il Divo", 2008),
        ("Boot, Das (Boat, The) (1981)", "Das Boot", 1981),
        ("Baader Meinhof Komplex, Der (2008)", "Der Baader Meinhof Komplex", 2008),
        ("Blechtrommel, Die (1979)", "Die Blechtrommel", 1979),
        ("Mariachi, El (1992)", "El Mariachi", 1992),
        ("Seven (a.k.a. Se7en) (1995)", "Seven", 1995),
        ("(500) Days of Summer (2009)", "(500) Days of Summer", 2009),
        ("Good, the Bad and the Ugly, The (1966)", "The Good, the Bad and the Ugly", 1966),
        (
            "Crouching Tiger, Hidden Dragon (Wo hu cang long) (2000)",
            "Crouching Tiger, Hidden Dragon",
            2000,
        ),
        ("Death Note: Desu nôto (2006–2007)", "Death Note: Desu nôto", 2006),
        ("Fawlty Towers (1975-1979)", "Fawlty Towers", 1975),
        ("Big Bang Theory, The (2007-)", "The Big Bang Theory", 2007),
        ("Babylon 5", "Babylon 5", None),
        ("Ready Player One ", "Ready Player One", None),
        ("Blade Runner 2049 (2017)", "Blade Runner 2049", 2017),
        ("1984 (1984)", "1984", 1984),
        ("(Untitled)", "(Untitled)", None),
        ("unknown", "unknown", None),
    ],
)
def test_parse_title(raw: str, display: str, year: int | None) -> None:
    assert parse_title(raw) == (display, year)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("American President, The (1995)", "American President, The"),
        (
            "City of Lost Children, The (Cité des enfants perdus, La) (1995)",
            "City of Lost Children, The (Cité des enfants perdus, La)",
        ),
        ("Assembly (Ji jie hao) (2007) ", "Assembly (Ji jie hao)"),
        ("Fawlty Towers (1975-1979)", "Fawlty Towers"),
        ("Babylon 5", "Babylon 5"),
        ("(500) Days of Summer (2009)", "(500) Days of Summer"),
    ],
)
def test_title_without_year(raw: str, expected: str) -> None:
    assert title_without_year(raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Matrix, The (1999)", "the matrix"),
        ("The Matrix", "the matrix"),
        ("  the   MATRIX!! ", "the matrix"),
        (
            "Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)",
            "amelie le fabuleux destin damelie poulain",
        ),
        ("AMÉLIE", "amelie"),
        ("Schindler's List (1993)", "schindlers list"),
        ("Schindlers List", "schindlers list"),
        ("Atalante, L' (1934)", "latalante"),
        ("Seven (a.k.a. Se7en) (1995)", "seven se7en"),
        (
            "Léon: The Professional (a.k.a. The Professional) (Léon) (1994)",
            "leon the professional the professional leon",
        ),
        ("Fawlty Towers (1975-1979)", "fawlty towers"),
        ("Blade Runner 2049", "blade runner 2049"),
        ("Star Wars: Episode IV - A New Hope (1977)", "star wars episode iv a new hope"),
        ("WALL·E (2008)", "wall e"),
        ("", ""),
    ],
)
def test_normalize_title(text: str, expected: str) -> None:
    assert normalize_title(text) == expected


def test_normalized_forms_of_one_movie_agree() -> None:
    """What a user types and what MovieLens stores meet at the same key."""
    stored = "American President, The (1995)"
    for typed in (
        "The American President",
        "american president, the",
        "THE AMERICAN PRESIDENT (1995)",
    ):
        assert normalize_title(typed) == normalize_title(stored)
    assert normalize_title(title_without_year(stored)) == normalize_title(stored)


def test_titles_of_the_real_catalogue(ml_latest_small) -> None:
    """Every ml-latest-small title parses: a display title without year or trailing article."""
    import pandas as pd

    titles = pd.read_csv(ml_latest_small / "movies.csv")["title"]
    parsed = [parse_title(t) for t in titles]
    assert all(display and display == display.strip() for display, _ in parsed)
    assert not any(display.endswith((", The", ", A", ", An")) for display, _ in parsed)
    assert not any(display.endswith(")") and display[-5:-1].isdigit() for display, _ in parsed)
    years = [y for _, y in parsed if y is not None]
    assert min(years) >= 1900
    assert max(years) <= 2018
