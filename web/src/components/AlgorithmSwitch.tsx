/** Collaborative / K-Means / both: native radio buttons styled as a segmented control. */
import type { Algorithm } from "../state/store";

const OPTIONS: { value: Algorithm; label: string; hint: string }[] = [
  { value: "collab", label: "Collaborative", hint: "People who rated like you also loved…" },
  { value: "kmeans", label: "K-Means", hint: "Favourites of your taste cluster" },
  { value: "both", label: "Both", hint: "The two side by side" },
];

export function AlgorithmSwitch({ value, onChange }: { value: Algorithm; onChange: (a: Algorithm) => void }) {
  return (
    <fieldset className="segmented">
      <legend className="sr-only">Recommendation algorithm</legend>
      {OPTIONS.map((option) => (
        <label key={option.value} className="segmented__option" title={option.hint}>
          <input
            type="radio"
            name="algorithm"
            value={option.value}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
          />
          <span>{option.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
