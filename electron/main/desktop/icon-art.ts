// The app's artwork as a handful of shapes (signed distance functions in a 1×1 square), drawn at
// any size with anti-aliased edges. Every icon file in resources/ and every tray image at run time
// comes from the definitions here, so there is one source for the logo.
import { createImage, type RgbaImage } from './png';

type Rgba = readonly [number, number, number, number];
/** Signed distance from (x, y) to the shape's edge in icon units: negative inside. */
type Shape = (x: number, y: number) => number;
type Paint = { solid: Rgba } | { top: Rgba; bottom: Rgba };
export interface Layer {
  shape: Shape;
  paint: Paint;
}

const BRAND_LIGHT: Rgba = [64, 150, 255, 255];
const BRAND_DARK: Rgba = [9, 88, 217, 255];
const BRAND: Rgba = [22, 119, 255, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const BLACK: Rgba = [0, 0, 0, 255];
const BADGE_RED: Rgba = [245, 34, 45, 255];

const roundedBox =
  (cx: number, cy: number, halfWidth: number, halfHeight: number, radius: number): Shape =>
  (x, y) => {
    const qx = Math.abs(x - cx) - halfWidth + radius;
    const qy = Math.abs(y - cy) - halfHeight + radius;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
  };

const capsule =
  (ax: number, ay: number, bx: number, by: number, r: number): Shape =>
  (x, y) => {
    const px = x - ax;
    const py = y - ay;
    const dx = bx - ax;
    const dy = by - ay;
    const h = Math.min(1, Math.max(0, (px * dx + py * dy) / (dx * dx + dy * dy)));
    return Math.hypot(px - dx * h, py - dy * h) - r;
  };

/** Exact triangle distance (Inigo Quilez's sdTriangle). */
const triangle = (p0: [number, number], p1: [number, number], p2: [number, number]): Shape => {
  const edges = [
    [p0, p1],
    [p1, p2],
    [p2, p0],
  ] as const;
  const orientation = Math.sign((p1[0] - p0[0]) * (p2[1] - p0[1]) - (p1[1] - p0[1]) * (p2[0] - p0[0]));
  return (x, y) => {
    let best = Infinity;
    let inside = true;
    for (const [a, b] of edges) {
      const ex = b[0] - a[0];
      const ey = b[1] - a[1];
      const wx = x - a[0];
      const wy = y - a[1];
      const h = Math.min(1, Math.max(0, (wx * ex + wy * ey) / (ex * ex + ey * ey)));
      best = Math.min(best, Math.hypot(wx - ex * h, wy - ey * h));
      if (orientation * (ex * wy - ey * wx) < 0) inside = false;
    }
    return inside ? -best : best;
  };
};

/** A ring segment around (cx, cy) whose middle points along (dirX, dirY), spanning ±halfAngle. */
const arc = (cx: number, cy: number, radius: number, thickness: number, dirX: number, dirY: number, halfAngle: number): Shape => {
  const norm = Math.hypot(dirX, dirY);
  const mx = dirX / norm;
  const my = dirY / norm;
  const sin = Math.sin(halfAngle);
  const cos = Math.cos(halfAngle);
  return (x, y) => {
    const px = x - cx;
    const py = y - cy;
    const along = px * mx + py * my;
    const across = Math.abs(px * -my + py * mx);
    const beyondEnd = cos * across > sin * along;
    const d = beyondEnd ? Math.hypot(across - sin * radius, along - cos * radius) : Math.abs(Math.hypot(px, py) - radius);
    return d - thickness;
  };
};

const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    Math.min(...shapes.map((s) => s(x, y)));

const subtract =
  (shape: Shape, hole: Shape): Shape =>
  (x, y) =>
    Math.max(shape(x, y), -hole(x, y));

// The logo: a speech bubble (the customer conversations) holding a handset (the work phone).
const bubble = union(roundedBox(0.5, 0.45, 0.28, 0.22, 0.11), triangle([0.31, 0.58], [0.26, 0.78], [0.48, 0.64]));
const handsetCentre = { x: 0.54, y: 0.41 };
const handsetRadius = 0.13;
// The grip bulges towards the lower left; ear and mouth pieces sit at its two ends.
const gripDirection = { x: -1, y: 1 };
const gripHalfAngle = (62 * Math.PI) / 180;
function handsetEnd(sign: 1 | -1): Shape {
  const base = Math.atan2(gripDirection.y, gripDirection.x) + sign * gripHalfAngle;
  const ex = handsetCentre.x + Math.cos(base) * handsetRadius;
  const ey = handsetCentre.y + Math.sin(base) * handsetRadius;
  // Each piece points back towards the centre, like the cups of a real handset.
  const inward = 0.055;
  return capsule(ex, ey, ex - Math.cos(base) * inward, ey - Math.sin(base) * inward, 0.046);
}
const handset = union(
  arc(handsetCentre.x, handsetCentre.y, handsetRadius, 0.036, gripDirection.x, gripDirection.y, gripHalfAngle),
  handsetEnd(1),
  handsetEnd(-1),
);

export const APP_ICON_ART: readonly Layer[] = [
  { shape: roundedBox(0.5, 0.5, 0.44, 0.44, 0.2), paint: { top: BRAND_LIGHT, bottom: BRAND_DARK } },
  { shape: bubble, paint: { solid: WHITE } },
  { shape: handset, paint: { solid: BRAND } },
];

/** macOS menu-bar art: black on transparent, which the system recolours for light and dark bars. */
export const TEMPLATE_TRAY_ART: readonly Layer[] = [
  { shape: subtract(union(roundedBox(0.5, 0.45, 0.42, 0.33, 0.16), triangle([0.22, 0.62], [0.14, 0.94], [0.47, 0.74])), handset), paint: { solid: BLACK } },
];

function paintAt(paint: Paint, v: number): Rgba {
  if ('solid' in paint) return paint.solid;
  const t = Math.min(1, Math.max(0, v));
  return [0, 1, 2, 3].map((i) => paint.top[i]! + (paint.bottom[i]! - paint.top[i]!) * t) as unknown as Rgba;
}

/** Source-over of one colour with the given coverage onto a straight-alpha pixel. */
function blend(image: RgbaImage, index: number, colour: Rgba, coverage: number): void {
  const px = image.pixels;
  const srcA = (colour[3] / 255) * coverage;
  if (srcA <= 0) return;
  const dstA = px[index + 3]! / 255;
  const outA = srcA + dstA * (1 - srcA);
  for (let c = 0; c < 3; c++) {
    const value = (colour[c]! * srcA + px[index + c]! * dstA * (1 - srcA)) / outA;
    px[index + c] = Math.round(value);
  }
  px[index + 3] = Math.round(outA * 255);
}

export function renderArt(art: readonly Layer[], size: number): RgbaImage {
  const image = createImage(size, size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / size;
      const y = (py + 0.5) / size;
      const index = (py * size + px) * 4;
      for (const layer of art) {
        // Distance in pixels; a half-pixel ramp gives the edge its anti-aliasing.
        const coverage = Math.min(1, Math.max(0, 0.5 - layer.shape(x, y) * size));
        if (coverage > 0) blend(image, index, paintAt(layer.paint, y), coverage);
      }
    }
  }
  return image;
}

// 3×5 digits: readable at 16 px, doubled or tripled for high-DPI sizes.
const GLYPHS: Record<string, readonly string[]> = {
  '0': ['111', '101', '101', '101', '111'],
  '1': ['010', '110', '010', '010', '111'],
  '2': ['111', '001', '111', '100', '111'],
  '3': ['111', '001', '111', '001', '111'],
  '4': ['101', '101', '111', '001', '001'],
  '5': ['111', '100', '111', '001', '111'],
  '6': ['111', '100', '111', '101', '111'],
  '7': ['111', '001', '001', '001', '001'],
  '8': ['111', '101', '111', '101', '111'],
  '9': ['111', '101', '111', '001', '111'],
  '+': ['000', '010', '111', '010', '000'],
};

export type BadgePlacement = 'top-right' | 'centre';

/**
 * Draws a red pill with white digits onto the image. The pill is cut out of the art beneath it
 * by one scaled pixel so it reads as a separate sticker even on a blue icon.
 */
export function drawBadge(image: RgbaImage, text: string, placement: BadgePlacement): void {
  if (!text) return;
  const size = Math.min(image.width, image.height);
  const scale = Math.max(1, Math.floor(size / 16));
  const chars = [...text].filter((ch) => GLYPHS[ch]);
  const textWidth = (chars.length * 4 - 1) * scale;
  const height = 9 * scale;
  const width = Math.max(height, textWidth + 4 * scale);
  const left = placement === 'top-right' ? image.width - width : Math.floor((image.width - width) / 2);
  const top = placement === 'top-right' ? 0 : Math.floor((image.height - height) / 2);
  const radius = height / 2;
  const pill = (x: number, y: number) =>
    roundedBox(left + width / 2, top + height / 2, width / 2, height / 2, radius)(x, y);

  const px = image.pixels;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const d = pill(x + 0.5, y + 0.5);
      const index = (y * image.width + x) * 4;
      const gap = Math.min(1, Math.max(0, 0.5 - (d - scale)));
      if (gap > 0) px[index + 3] = Math.round(px[index + 3]! * (1 - gap));
      const coverage = Math.min(1, Math.max(0, 0.5 - d));
      if (coverage > 0) blend(image, index, BADGE_RED, coverage);
    }
  }

  let penX = left + Math.floor((width - textWidth) / 2);
  const penY = top + 2 * scale;
  for (const ch of chars) {
    const rows = GLYPHS[ch]!;
    rows.forEach((row, gy) => {
      [...row].forEach((bit, gx) => {
        if (bit !== '1') return;
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) {
            const x = penX + gx * scale + dx;
            const y = penY + gy * scale + dy;
            if (x >= 0 && y >= 0 && x < image.width && y < image.height) blend(image, (y * image.width + x) * 4, WHITE, 1);
          }
        }
      });
    });
    penX += 4 * scale;
  }
}
