/**
 * The release-year filter of the recommendations: the bounds the API accepts (inclusive, either
 * optional), and reading what a person typed into them. Checked here, before anything is sent,
 * so a mistake is explained beside the inputs instead of coming back as a 422.
 */

/** The API's bounds (movierec.years MIN_YEAR / MAX_YEAR). */
export const MIN_YEAR = 1800;
export const MAX_YEAR = 2200;

export interface YearRange {
  from: number | null;
  to: number | null;
}

export const ANY_YEAR: YearRange = { from: null, to: null };

export const isYear = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= MIN_YEAR && v <= MAX_YEAR;

export const isRange = (r: YearRange): boolean =>
  (r.from === null || isYear(r.from)) && (r.to === null || isYear(r.to)) && (r.from === null || r.to === null || r.from <= r.to);

export const isAnyYear = (r: YearRange): boolean => r.from === null && r.to === null;

/** A preset: one click for the common ranges. */
export interface YearPreset {
  label: string;
  range: YearRange;
}

export const YEAR_PRESETS: readonly YearPreset[] = [
  { label: "Since 2000", range: { from: 2000, to: null } },
  { label: "2000s", range: { from: 2000, to: 2009 } },
  { label: "1990s", range: { from: 1990, to: 1999 } },
  { label: "1980s", range: { from: 1980, to: 1989 } },
  { label: "Before 1980", range: { from: null, to: 1979 } },
];

export const sameRange = (a: YearRange, b: YearRange): boolean => a.from === b.from && a.to === b.to;

/** "1990–1999", "since 2000", "up to 1979", or "" for any year. */
export function describeYears(r: YearRange): string {
  if (r.from !== null && r.to !== null) return r.from === r.to ? `${r.from}` : `${r.from}–${r.to}`;
  if (r.from !== null) return `since ${r.from}`;
  if (r.to !== null) return `up to ${r.to}`;
  return "";
}

export type ParsedYears = { ok: true; range: YearRange } | { ok: false; error: string; field: "from" | "to" };

function parseBound(text: string, name: string): { ok: true; year: number | null } | { ok: false; error: string } {
  const t = text.trim();
  if (t === "") return { ok: true, year: null };
  if (!/^\d+$/.test(t)) return { ok: false, error: `“${t}” is not a year: write it as a number, like 1995.` };
  const year = Number(t);
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, error: `The ${name} year must be between ${MIN_YEAR} and ${MAX_YEAR}.` };
  return { ok: true, year };
}

/** The typed "from" and "to" as a range, or what is wrong with them (empty = no bound). */
export function parseYears(fromText: string, toText: string): ParsedYears {
  const from = parseBound(fromText, "first");
  if (!from.ok) return { ok: false, error: from.error, field: "from" };
  const to = parseBound(toText, "last");
  if (!to.ok) return { ok: false, error: to.error, field: "to" };
  if (from.year !== null && to.year !== null && from.year > to.year) {
    return { ok: false, error: `“From” (${from.year}) is after “to” (${to.year}): swap them or change one.`, field: "to" };
  }
  return { ok: true, range: { from: from.year, to: to.year } };
}

/** The request's `yearFrom`/`yearTo`: only the bounds that are set, so no filter sends nothing. */
export function yearParams(r: YearRange): { yearFrom?: number; yearTo?: number } {
  return { ...(r.from !== null && { yearFrom: r.from }), ...(r.to !== null && { yearTo: r.to }) };
}
