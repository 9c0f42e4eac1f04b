import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { StarRating } from "./StarRating";

function Rated({ initial = null, onChange }: { initial?: number | null; onChange?: (v: number | null) => void }) {
  const [value, setValue] = useState<number | null>(initial);
  return (
    <StarRating
      label="Alien (1979)"
      value={value}
      onChange={(v) => {
        setValue(v);
        onChange?.(v);
      }}
    />
  );
}

describe("StarRating", () => {
  it("is a labelled slider over the 0.5–5 scale", () => {
    render(<Rated />);
    const slider = screen.getByRole("slider", { name: "Rate Alien (1979)" });
    expect(slider).toHaveAttribute("aria-valuemin", "0.5");
    expect(slider).toHaveAttribute("aria-valuemax", "5");
    expect(slider).not.toHaveAttribute("aria-valuenow");
    expect(slider).toHaveAttribute("aria-valuetext", "Not rated");
    expect(slider).toHaveAttribute("tabindex", "0");
  });

  it("is operated with the keyboard in half steps", async () => {
    const user = userEvent.setup();
    render(<Rated />);
    const slider = screen.getByRole("slider");
    await user.tab();
    expect(slider).toHaveFocus();
    // Each key, and what the slider then says: half steps, clamped at both ends.
    const steps: [keys: string, attribute: "aria-valuenow" | "aria-valuetext", said: string][] = [
      ["{ArrowLeft}", "aria-valuetext", "Not rated"],
      ["{ArrowRight}", "aria-valuenow", "0.5"],
      ["{ArrowRight}{ArrowUp}{ArrowRight}", "aria-valuenow", "2"],
      ["{End}", "aria-valuetext", "5 out of 5 stars"],
      ["{ArrowRight}", "aria-valuenow", "5"],
      ["{ArrowDown}", "aria-valuenow", "4.5"],
      ["{PageDown}", "aria-valuenow", "3.5"],
      ["{Home}", "aria-valuenow", "0.5"],
      ["3", "aria-valuenow", "3"],
      ["{Delete}", "aria-valuetext", "Not rated"],
    ];
    for (const [keys, attribute, said] of steps) {
      await user.keyboard(keys);
      expect(slider, `after ${keys}`).toHaveAttribute(attribute, said);
    }
  });

  it("takes half stars from the mouse and previews on hover", async () => {
    const user = userEvent.setup();
    const changes = vi.fn();
    const { container } = render(<Rated onChange={changes} />);
    const half = container.querySelector('[data-value="3.5"]');
    expect(half).not.toBeNull();
    await user.hover(half!);
    expect(container.querySelector(".stars__value")).toHaveTextContent("3.5");
    await user.click(half!);
    expect(changes).toHaveBeenLastCalledWith(3.5);
    expect(screen.getByRole("slider")).toHaveAttribute("aria-valuenow", "3.5");
    await user.unhover(container.querySelector(".stars")!);
    expect(container.querySelectorAll(".star--full")).toHaveLength(3);
    expect(container.querySelectorAll(".star--half")).toHaveLength(1);
  });

  it("does not report a change when the key changes nothing", () => {
    const changes = vi.fn();
    render(<Rated initial={5} onChange={changes} />);
    fireEvent.keyDown(screen.getByRole("slider"), { key: "End" });
    fireEvent.keyDown(screen.getByRole("slider"), { key: "x" });
    expect(changes).not.toHaveBeenCalled();
  });
});
