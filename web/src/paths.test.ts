import { describe, expect, it } from "vitest";
import { imdbUrl } from "./api/movies";
import { legacyHashPath, moviePath, parseMovieId } from "./paths";

describe("URLs", () => {
  it("reads movie ids from the path, and nothing that is not one", () => {
    expect(parseMovieId("1")).toBe(1);
    expect(parseMovieId(moviePath(193609).split("/").at(-1))).toBe(193609);
    for (const bad of [undefined, "", "0", "007", "-1", "1.5", "1e3", "abc", " 1", "9007199254740993"]) {
      expect(parseMovieId(bad)).toBeNull();
    }
  });

  it("sends the old hash links where the screens are now", () => {
    expect(legacyHashPath("#/recommendations")).toBe("/recommendations");
    expect(legacyHashPath("#/rate")).toBe("/");
    expect(legacyHashPath("#/")).toBe("/");
    expect(legacyHashPath("")).toBeNull();
    expect(legacyHashPath("#top")).toBeNull();
  });

  it("links to IMDb with the id padded to seven digits", () => {
    expect(imdbUrl("tt0114709")).toBe("https://www.imdb.com/title/tt0114709/");
    expect(imdbUrl("114709")).toBe("https://www.imdb.com/title/tt0114709/");
    expect(imdbUrl("tt10872600")).toBe("https://www.imdb.com/title/tt10872600/");
    expect(imdbUrl(null)).toBeNull();
    expect(imdbUrl("javascript:alert(1)")).toBeNull();
  });
});
