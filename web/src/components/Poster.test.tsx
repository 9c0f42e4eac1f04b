import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { hueOf, Poster } from "./Poster";

describe("Poster", () => {
  it("shows a designed title card when there is no poster", () => {
    const { container } = render(<Poster title="Amélie" year={2001} url={null} />);
    expect(screen.queryByRole("img")).toBeNull();
    expect(container.querySelector(".titlecard")).toHaveTextContent("Amélie2001");
    expect(container.querySelector(".poster")).toHaveAttribute("data-poster-state", "none");
  });

  it("fades the image in over the title card once loaded", () => {
    const { container } = render(<Poster title="Heat" year={1995} url="http://127.0.0.1:1/heat.jpg" />);
    const img = screen.getByRole("img", { name: "Poster of Heat" });
    expect(img).not.toHaveClass("is-loaded");
    fireEvent.load(img);
    expect(img).toHaveClass("is-loaded");
    expect(container.querySelector(".poster")).toHaveAttribute("data-poster-state", "loaded");
  });

  it("falls back to the title card when the image fails", () => {
    const { container } = render(<Poster title="Heat" year={1995} url="http://127.0.0.1:1/heat.jpg" />);
    fireEvent.error(screen.getByRole("img"));
    expect(screen.queryByRole("img")).toBeNull();
    expect(container.querySelector(".titlecard")).toHaveTextContent("Heat");
    expect(container.querySelector(".poster")).toHaveAttribute("data-poster-state", "failed");
  });

  it("gives each title its own stable colour", () => {
    expect(hueOf("Heat")).toBe(hueOf("Heat"));
    expect(hueOf("Heat")).not.toBe(hueOf("Alien"));
    expect(hueOf("Heat")).toBeGreaterThanOrEqual(0);
    expect(hueOf("Heat")).toBeLessThan(360);
  });
});
