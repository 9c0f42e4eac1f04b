/**
 * Release years for the recommendations: presets for the usual ranges, or from/to typed in.
 * Typed years apply on Enter or "Apply" (not on each keystroke: "199" on the way to "1990" is not
 * a mistake to shout about); a wrong entry is explained beside the inputs and nothing is sent.
 */
import { Fragment, useEffect, useId, useState, type FormEvent } from "react";
import { ANY_YEAR, describeYears, isAnyYear, MAX_YEAR, MIN_YEAR, parseYears, sameRange, YEAR_PRESETS, type YearRange } from "../state/years";

interface Props {
  value: YearRange;
  onChange: (years: YearRange) => void;
}

const text = (year: number | null) => (year === null ? "" : String(year));

export function YearFilter({ value, onChange }: Props) {
  const id = useId();
  const [from, setFrom] = useState(text(value.from));
  const [to, setTo] = useState(text(value.to));
  const [error, setError] = useState<{ message: string; field: "from" | "to" } | null>(null);

  // A preset, a reset or a reload changes the applied range: the inputs show it.
  useEffect(() => {
    setFrom(text(value.from));
    setTo(text(value.to));
    setError(null);
  }, [value.from, value.to]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseYears(from, to);
    if (!parsed.ok) {
      setError({ message: parsed.error, field: parsed.field });
      return;
    }
    setError(null);
    onChange(parsed.range);
  };
  const errorId = `${id}-error`;
  const bounds = [
    { field: "from", label: "From", placeholder: MIN_YEAR, value: from, set: setFrom },
    { field: "to", label: "to", placeholder: MAX_YEAR, value: to, set: setTo },
  ] as const;
  const invalid = (field: "from" | "to") => (error?.field === field ? { "aria-invalid": true, "aria-describedby": errorId } : {});

  return (
    <form className="years" onSubmit={apply} noValidate aria-label="Release years">
      <div className="years__presets" role="group" aria-label="Year presets">
        <button type="button" className="pill" aria-pressed={isAnyYear(value)} onClick={() => onChange(ANY_YEAR)}>
          Any year
        </button>
        {YEAR_PRESETS.map((preset) => (
          <button
            key={preset.label}
            type="button"
            className="pill"
            aria-pressed={sameRange(value, preset.range)}
            onClick={() => onChange(preset.range)}
          >
            {preset.label}
          </button>
        ))}
      </div>
      <div className="years__range">
        {bounds.map((bound) => (
          <Fragment key={bound.field}>
            <label htmlFor={`${id}-${bound.field}`}>{bound.label}</label>
            <input
              id={`${id}-${bound.field}`}
              className="years__input"
              inputMode="numeric"
              autoComplete="off"
              placeholder={String(bound.placeholder)}
              maxLength={6}
              value={bound.value}
              onChange={(e) => bound.set(e.target.value)}
              {...invalid(bound.field)}
            />
          </Fragment>
        ))}
        <button type="submit" className="btn btn--small">
          Apply
        </button>
      </div>
      {/* Always in the layout, so a message appearing does not push the cards down. */}
      <p className={`years__status${error ? " years__status--error" : ""}`} id={errorId} role={error ? "alert" : "status"}>
        {error ? error.message : isAnyYear(value) ? "Movies of any year." : `Only movies ${value.from !== null && value.to !== null ? "from " : ""}${describeYears(value)}.`}
      </p>
    </form>
  );
}
