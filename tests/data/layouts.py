"""Small MovieLens data sets written by the tests, one writer per official layout."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

MOVIES_CSV = """movieId,title,genres
1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy
2,"American President, The (1995)",Comedy|Drama|Romance
5,"City of Lost Children, The (Cité des enfants perdus, La) (1995)",Adventure|Drama|Fantasy
10,Babylon 5,(no genres listed)
"""
LINKS_CSV = """movieId,imdbId,tmdbId
1,0114709,862
2,0112346,9087
5,112682,
"""
RATINGS_CSV = """userId,movieId,rating,timestamp
1,1,4.0,964982703
1,5,0.5,964982704
3,2,5.0,964982705
3,1,3.5,964982706
"""
TAGS_CSV = """userId,movieId,tag,timestamp
1,1,pixar,964982710
"""


def write_csv(
    root: Path,
    *,
    movies: str = MOVIES_CSV,
    links: str | None = LINKS_CSV,
    ratings: str = RATINGS_CSV,
    tags: bool = True,
) -> Path:
    """An ml-latest-small style directory (movies.csv, links.csv, ratings.csv, tags.csv)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "movies.csv").write_text(movies, encoding="utf-8")
    (root / "ratings.csv").write_text(ratings, encoding="utf-8")
    if links is not None:
        (root / "links.csv").write_text(links, encoding="utf-8")
    if tags:
        (root / "tags.csv").write_text(TAGS_CSV, encoding="utf-8")
    return root


MOVIES_DAT = """1::Toy Story (1995)::Animation|Children's|Comedy
73::Misérables, Les (1995)::Drama|War
3952::Contender, The (2000)::Drama|Thriller
"""
RATINGS_DAT = """1::1::5::978300760
1::73::3::978302109
6040::3952::1::956703954
6040::1::4::956703977
"""
USERS_DAT = """1::F::1::10::48067
6040::M::25::6::11106
"""


def write_ml1m(
    root: Path, *, movies: str = MOVIES_DAT, ratings: str = RATINGS_DAT, users: bool = True
) -> Path:
    """An ml-1m style directory: "::"-separated latin-1 .dat files."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "movies.dat").write_bytes(movies.encode("latin-1"))
    (root / "ratings.dat").write_bytes(ratings.encode("latin-1"))
    if users:
        (root / "users.dat").write_bytes(USERS_DAT.encode("latin-1"))
    return root


GENRES_100K = [
    "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
    "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
    "Romance", "Sci-Fi", "Thriller", "War", "Western",
]  # fmt: skip


def item_line(movie_id: int, title: str, date: str, url: str, genres: set[str]) -> str:
    flags = "|".join("1" if g in genres else "0" for g in GENRES_100K)
    return f"{movie_id}|{title}|{date}||{url}|{flags}"


U_ITEM = "\n".join(
    [
        item_line(
            1,
            "Toy Story (1995)",
            "01-Jan-1995",
            "http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)",
            {"Animation", "Children's", "Comedy"},
        ),
        item_line(
            242,
            "Kolya (1996)",
            "24-Jan-1997",
            "http://us.imdb.com/M/title-exact?Kolya%20(1996)",
            {"Comedy"},
        ),
        item_line(267, "unknown", "", "", {"unknown"}),
        item_line(
            1300,
            "'Til There Was You (1997)",
            "30-May-1997",
            "http://us.imdb.com/M/title-exact?%27Til%20There%20Was%20You%20(1997)",
            {"Drama", "Romance"},
        ),
        item_line(
            1682,
            "Scream of Stone (Schrei aus Stein) (1991)",
            "08-Mar-1996",
            "http://us.imdb.com/M/title-exact?Schrei%20aus%20Stein%20(1991)",
            {"Drama"},
        ),
        item_line(
            1570,
            "Misérables, Les (1995)",
            "01-Jan-1995",
            "http://us.imdb.com/M/title-exact?Mis%E9rables%2C%20Les%20(1995)",
            {"Drama", "War"},
        ),
    ]
)
U_ITEM += "\n"
U_DATA = "196\t242\t3\t881250949\n186\t1\t5\t891717742\n196\t1682\t1\t881251955\n"


def write_ml100k(root: Path, *, item: str = U_ITEM, data: str = U_DATA) -> Path:
    """An ml-100k style directory: tab-separated u.data, pipe-separated latin-1 u.item."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "u.item").write_bytes(item.encode("latin-1"))
    (root / "u.data").write_text(data, encoding="ascii")
    (root / "u.user").write_text("1|24|M|technician|85711\n", encoding="ascii")
    return root


def zip_directory(directory: Path, *, inside: str | None = None) -> bytes:
    """The files of ``directory`` as a zip, under folder ``inside/`` when given (as GroupLens)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if inside:
            archive.writestr(f"{inside}/", "")
        for path in sorted(directory.iterdir()):
            archive.write(path, f"{inside}/{path.name}" if inside else path.name)
    return buffer.getvalue()
