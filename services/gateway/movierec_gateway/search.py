"""Title search over the catalogue: sorted keys for exact/prefix hits, a word index for tokens.

Every title is reduced once to :func:`movierec.data.titles.normalize_title`'s key ("Matrix,
The (1999)" -> "the matrix"). A query is reduced the same way, so case, accents,
punctuation, "Matrix, The" and a "(1999)" suffix do not matter. A query is then matched as
(best first): the whole key, a prefix of the key, every word as a whole word, every word as a
word prefix; ties go to the more popular movie. A trailing year ("toy story 1995") is
also tried as a year filter, so it ranks that year's film first without hiding titles such
as "2001: A Space Odyssey".

Lookups are binary searches over sorted string arrays plus slices of a word -> movies index:
no loop over the titles per request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from movierec.data.titles import ARTICLES, normalize_title
from movierec.recommender import top_n

#: Leading words a query may carry or drop: "matrix" finds "The Matrix" and vice versa.
_ARTICLES = frozenset(normalize_title(a) for a in ARTICLES) - {""}
_TRAILING_YEAR = re.compile(r"^(?P<rest>.*?)[\s,]*\(?(?P<year>1[89]\d\d|20\d\d)\)?\s*$")
#: Match tiers (higher is better). A matching year is worth more than one tier: "toy story
#: 1999" means Toy Story 2, a prefix match, rather than Toy Story (1995), the exact one.
EXACT, PREFIX, WORDS, WORD_PREFIXES = 4.0, 3.0, 2.0, 1.0
_YEAR_BONUS = 1.5
#: Above every sortable character: "abc" <= key < "abc" + _TOP for keys starting with "abc".
_TOP = "\U0010ffff"


def _drop_article(key: str) -> str:
    first, _, rest = key.partition(" ")
    return rest if rest and first in _ARTICLES else key


@dataclass(frozen=True)
class Query:
    """A query reduced to a key, with the year it may end in."""

    key: str
    year: int | None = None
    #: Added to every match: the as-typed reading of "blade runner 2049" beats "Blade Runner".
    bonus: float = 0.0

    @property
    def words(self) -> list[str]:
        return self.key.split()


def parse_query(text: str) -> list[Query]:
    """The readings of ``text``: as typed and, when it ends in a year, without it."""
    literal = normalize_title(text)
    match = _TRAILING_YEAR.match(text.strip())
    if match and (rest := normalize_title(match["rest"])):
        return [
            q for q in (Query(literal, bonus=_YEAR_BONUS), Query(rest, int(match["year"]))) if q.key
        ]
    return [Query(literal)] if literal else []


class _SortedKeys:
    """Keys sorted once, so exact and prefix matches are two binary searches."""

    def __init__(self, keys: np.ndarray) -> None:
        self.order = np.argsort(keys, kind="stable")
        self.sorted = keys[self.order]

    def prefixed(self, prefix: str) -> np.ndarray:
        lo, hi = np.searchsorted(self.sorted, [prefix, prefix + _TOP])
        return np.asarray(self.order[lo:hi])

    def equal(self, key: str) -> np.ndarray:
        lo = np.searchsorted(self.sorted, key, side="left")
        hi = np.searchsorted(self.sorted, key, side="right")
        return np.asarray(self.order[lo:hi])


class TitleIndex:
    """Search by title over ``n`` movies; ``popularity`` breaks ties."""

    def __init__(self, raw_titles: np.ndarray, years: np.ndarray, popularity: np.ndarray) -> None:
        keys = [normalize_title(str(t)) for t in raw_titles]
        self.n = len(keys)
        self.years = np.asarray(years, dtype=np.int64)
        self.keys = np.asarray(keys, dtype=str) if keys else np.empty(0, dtype="<U1")
        self._full = _SortedKeys(self.keys)
        bare = [_drop_article(k) for k in keys]
        self._bare = _SortedKeys(np.asarray(bare, dtype=str) if bare else self.keys)
        # Word index: a sorted vocabulary and a vocabulary x movies 0/1 matrix.
        words = [sorted(set(k.split())) for k in keys]
        vocabulary = sorted({w for ws in words for w in ws})
        self._vocabulary = np.asarray(vocabulary, dtype=str) if vocabulary else self.keys[:0]
        # Postings of word i: self._movies[self._starts[i]:self._starts[i + 1]].
        self._starts = np.zeros(len(vocabulary) + 1, dtype=np.int64)
        position = {w: i for i, w in enumerate(vocabulary)}
        word_ids = np.fromiter((position[w] for ws in words for w in ws), dtype=np.int64)
        movies = np.repeat(np.arange(self.n), [len(ws) for ws in words])
        order = np.argsort(word_ids, kind="stable")
        self._movies = movies[order]
        np.cumsum(np.bincount(word_ids, minlength=len(vocabulary)), out=self._starts[1:])
        pop = np.asarray(popularity, dtype=np.float64)
        # Popularity squeezed into [0, 0.25): orders movies within a tier, never across.
        span = float(pop.max() - pop.min()) if pop.size else 0.0
        self._tiebreak = (pop - pop.min()) / (span * 4.0) if span > 0 else np.zeros(self.n)

    def _with_words(self, words: list[str], *, prefix: bool) -> np.ndarray:
        """Mask of movies whose title has every one of ``words`` (as a word or word prefix)."""
        mask = np.ones(self.n, dtype=bool)
        for word in words:
            if prefix:
                lo, hi = np.searchsorted(self._vocabulary, [word, word + _TOP])
            else:
                lo = int(np.searchsorted(self._vocabulary, word))
                hi = lo + int(lo < self._vocabulary.size and self._vocabulary[lo] == word)
            if hi <= lo:
                return np.zeros(self.n, dtype=bool)
            having = np.zeros(self.n, dtype=bool)
            having[self._movies[self._starts[lo] : self._starts[hi]]] = True
            mask &= having
        return mask

    def _scores(self, query: Query) -> np.ndarray:
        scores = np.full(self.n, -np.inf)
        words = query.words
        bare_words = words[1:] if len(words) > 1 and words[0] in _ARTICLES else words
        # Lower tiers first, so a better tier overwrites a worse one.
        scores[self._with_words(bare_words, prefix=True)] = WORD_PREFIXES
        scores[self._with_words(bare_words, prefix=False)] = WORDS
        bare = " ".join(bare_words)
        prefixed = np.union1d(self._full.prefixed(query.key), self._bare.prefixed(bare))
        scores[prefixed] = PREFIX
        exact = np.union1d(self._full.equal(query.key), self._bare.equal(bare))
        scores[exact] = EXACT
        if query.year is not None:
            scores[self.years == query.year] += _YEAR_BONUS
        return scores + query.bonus

    def search(self, text: str, limit: int) -> np.ndarray:
        """Columns of the best matches for ``text``, best first (empty for an empty query)."""
        readings = parse_query(text)
        if not readings or self.n == 0:
            return np.empty(0, dtype=np.int64)
        scores = np.max([self._scores(q) for q in readings], axis=0)
        return top_n(scores + self._tiebreak, limit)

    def exact(self, text: str) -> np.ndarray:
        """Columns whose title key equals ``text``'s, most popular first (legacy title match)."""
        key = normalize_title(text)
        if not key:
            return np.empty(0, dtype=np.int64)
        found = self._full.equal(key)
        if not found.size:
            found = self._bare.equal(_drop_article(key))
        return found[np.argsort(-self._tiebreak[found], kind="stable")]
