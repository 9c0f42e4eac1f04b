"""MovieLens titles: "American President, The (1995)" -> display form, year, search key.

MovieLens stores titles library-style (trailing article, alternative titles in parentheses,
year last). People read and type them the other way round, so the catalogue keeps the raw
title and derives a display title and a normalised key for matching.
"""

from __future__ import annotations

import re
import unicodedata

#: Articles MovieLens moves to the end ("Matrix, The"); "L'" and "L’" glue to the next word.
ARTICLES = (
    "The",
    "A",
    "An",
    "Les",
    "La",
    "Le",
    "L'",
    "L’",
    "Il",
    "I",
    "Gli",
    "Lo",
    "Das",
    "Der",
    "Die",
    "El",
    "Los",
    "Las",
    "Un",
    "Une",
)

# A trailing "(1995)", "(2006-2007)", "(2006–2007)" or open-ended "(2007-)".
_YEAR = re.compile(r"\((\d{4})(?:\s*[-–]\s*(?:\d{4})?)?\)$")
# One trailing parenthesised group without nested parentheses: an alternative title.
_ALTERNATIVE = re.compile(r"\(([^()]*)\)$")
_ARTICLE_SET = frozenset(a.casefold() for a in ARTICLES)
_AKA = re.compile(r"^a\.?k\.?a\.?\s+", re.IGNORECASE)
_APOSTROPHES = re.compile(r"['’`´]")
_NON_WORD = re.compile(r"[\W_]+")


def _split_year(raw: str) -> tuple[str, int | None]:
    text = raw.strip()
    if not text.endswith(")"):
        return text, None
    match = _YEAR.search(text)
    if match is None:
        return text, None
    return text[: match.start()].rstrip(), int(match.group(1))


def _split_alternatives(title: str) -> tuple[str, list[str]]:
    """Main title and the alternative titles in trailing parentheses, minus any 'a.k.a.'."""
    alternatives: list[str] = []
    main = title
    while main.endswith(")") and (match := _ALTERNATIVE.search(main)) and match.start() > 0:
        alternatives.insert(0, _AKA.sub("", match.group(1).strip()))
        main = main[: match.start()].rstrip()
    return main, alternatives


def front_article(title: str) -> str:
    """'American President, The' -> 'The American President'; "Atalante, L'" -> "L'Atalante"."""
    rest, comma, article = title.rpartition(",")
    article, rest = article.strip(), rest.rstrip()
    if not comma or not rest or article.casefold() not in _ARTICLE_SET:
        return title
    joiner = "" if article.endswith(("'", "’")) else " "
    return f"{article}{joiner}{rest}"


def title_without_year(raw: str) -> str:
    """The raw title minus its trailing year: 'American President, The' (the legacy API's form)."""
    return _split_year(raw)[0]


def parse_title(raw: str) -> tuple[str, int | None]:
    """Display title and year: 'City of Lost Children, The (Cité ..., La) (1995)' ->
    ('The City of Lost Children', 1995). Year ranges give their first year."""
    without_year, year = _split_year(raw)
    main, _ = _split_alternatives(without_year)
    return front_article(main), year


def normalize_title(text: str) -> str:
    """Key for case- and accent-blind matching: 'Matrix, The (1999)', 'the matrix' -> 'the matrix'.

    Alternative titles stay in the key (articles moved too), so a search for either name of a
    film finds it: 'Seven (a.k.a. Se7en) (1995)' -> 'seven se7en'.
    """
    without_year, _ = _split_year(text)
    main, alternatives = _split_alternatives(without_year)
    joined = " ".join(front_article(part) for part in (main, *alternatives))
    decomposed = unicodedata.normalize("NFKD", joined.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", _APOSTROPHES.sub("", stripped)).strip()
