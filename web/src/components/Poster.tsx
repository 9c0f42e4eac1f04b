/**
 * A poster in a fixed 2:3 box, so nothing moves when the image arrives. The designed title card
 * sits underneath: it is what shows while loading, and all that shows when there is no poster
 * or the image fails.
 */
import { useState, type CSSProperties } from "react";

interface Props {
  title: string;
  year: number | null;
  url: string | null;
  size?: "sm" | "md";
}

/** A stable hue per title, so the same movie always gets the same card. */
export function hueOf(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i += 1) hash = (hash * 31 + text.charCodeAt(i)) | 0;
  return Math.abs(hash) % 360;
}

export function Poster({ title, year, url, size = "md" }: Props) {
  const [state, setState] = useState<"loading" | "loaded" | "failed">("loading");
  const hue = hueOf(title);
  const showImage = url !== null && state !== "failed";
  return (
    <div className={`poster poster--${size}`} data-poster-state={url === null ? "none" : state}>
      <div
        className="titlecard"
        aria-hidden={showImage && state === "loaded"}
        style={{ "--hue": hue } as CSSProperties}
      >
        <span className="titlecard__title">{title}</span>
        {year !== null && <span className="titlecard__year">{year}</span>}
      </div>
      {showImage && (
        <img
          className={`poster__img${state === "loaded" ? " is-loaded" : ""}`}
          src={url}
          alt={`Poster of ${title}`}
          loading="lazy"
          decoding="async"
          onLoad={() => setState("loaded")}
          onError={() => setState("failed")}
        />
      )}
    </div>
  );
}
