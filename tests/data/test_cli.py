"""``movierec data fetch|info|validate``: output and exit codes."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from movierec.cli.main import build_app
from movierec.errors import DataError
from tests.commands import run_cli
from tests.data.layouts import write_csv, zip_directory
from tests.data.servers import FileServer

app = build_app()  # the whole CLI, as `movierec` runs it

runner = CliRunner()
BAD_RATINGS = "userId,movieId,rating,timestamp\n1,1,4.0,1\n1,2,7.0,2\n"


def test_info_shows_the_data_set(tmp_path: Path) -> None:
    root = write_csv(tmp_path / "ml-tiny")
    result = runner.invoke(app, ["data", "info", str(root)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = {
        line.split("│")[1].strip(): line.split("│")[2].strip()
        for line in result.output.splitlines()
        if line.count("│") == 3
    }
    assert lines["name"] == "ml-tiny"
    assert lines["layout"] == "csv"
    assert lines["users"] == "2"
    assert lines["movies"] == "4"
    assert lines["ratings"] == "4"
    assert lines["rating distribution"] == "0.5: 1  3.5: 1  4.0: 1  5.0: 1"
    assert lines["density"] == "50.0000%"
    assert lines["genres"] == "7"
    assert lines["skipped rows"] == "0"
    assert "ratings.csv:" in result.output


def test_validate_clean(tmp_path: Path) -> None:
    result = runner.invoke(app, ["data", "validate", str(write_csv(tmp_path / "ok")), "--strict"])
    assert result.exit_code == 0
    assert "ok: ok (csv): 2 users, 4 movies, 4 ratings" in result.output


def test_validate_reports_skipped_rows(tmp_path: Path) -> None:
    root = write_csv(tmp_path / "d", ratings=BAD_RATINGS)
    result = run_cli("data", "validate", str(root))
    assert result.returncode == 1
    assert "d: 1 rows skipped" in result.stderr
    assert "ratings.csv: 1 rows skipped (rating out of range)" in result.stderr


def test_validate_rejects_a_ratings_file_with_no_ratings(tmp_path: Path) -> None:
    root = write_csv(tmp_path / "empty", ratings="userId,movieId,rating,timestamp\n")
    result = run_cli("data", "validate", "--strict", str(root))
    assert result.returncode == 1
    assert result.stderr.strip() == "error: empty: the ratings file holds no ratings"


def test_validate_strict_is_one_line_and_exit_1(tmp_path: Path) -> None:
    root = write_csv(tmp_path / "d", ratings=BAD_RATINGS)
    result = run_cli("data", "validate", "--strict", str(root))
    assert result.returncode == 1
    assert result.stderr.strip() == "error: ratings.csv, line 3: rating 7.0 outside 0.5–5.0"
    assert result.stdout == ""


def test_structural_error_is_one_line_without_traceback(tmp_path: Path) -> None:
    root = write_csv(tmp_path / "d", links=None)
    result = run_cli("data", "info", str(root))
    assert result.returncode == 1
    assert result.stderr.strip().startswith("error: ")
    assert "links.csv: missing required file" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_directory(tmp_path: Path) -> None:
    result = runner.invoke(app, ["data", "validate", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert isinstance(result.exception, DataError)
    assert str(result.exception).startswith(f"{tmp_path / 'nope'}: no such directory")


def test_source_defaults_to_movierec_data_dir(tmp_path: Path) -> None:
    root = write_csv(tmp_path / "from-env")
    result = runner.invoke(app, ["data", "validate"], env={"MOVIEREC_DATA_DIR": str(root)})
    assert result.exit_code == 0
    assert "ok: from-env" in result.output


def test_no_source_at_all() -> None:
    result = runner.invoke(app, ["data", "validate"], env={"MOVIEREC_DATA_DIR": ""})
    assert result.exit_code == 1
    assert str(result.exception) == "no SOURCE given and MOVIEREC_DATA_DIR is not set"


def test_fetch_a_zip_url_into_dest(tmp_path: Path, file_server: FileServer) -> None:
    url = file_server.put(
        "exports/sample.zip", zip_directory(write_csv(tmp_path / "src"), inside="sample")
    )
    dest = tmp_path / "dest"
    result = runner.invoke(
        app, ["data", "fetch", url, "--cache-dir", str(tmp_path / "cache"), "--dest", str(dest)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == str(dest)
    assert sorted(p.name for p in dest.iterdir()) == [
        "links.csv",
        "movies.csv",
        "ratings.csv",
        "tags.csv",
    ]
    assert (dest / "ratings.csv").read_bytes() == (tmp_path / "src" / "ratings.csv").read_bytes()

    cached = runner.invoke(app, ["data", "fetch", url, "--cache-dir", str(tmp_path / "cache")])
    assert cached.exit_code == 0
    assert (
        Path(cached.stdout.strip().splitlines()[-1])
        == tmp_path
        / "cache"
        / "urls"
        / next(p.name for p in (tmp_path / "cache" / "urls").iterdir())
        / "sample"
    )
    assert file_server.requests.count("/exports/sample.zip") == 1
