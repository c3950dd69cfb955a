// The window opens where the agent left it: same size, same place, maximised or not. Monitors come
// and go (a laptop leaves its dock), so a remembered place is checked against the displays that
// exist now, and a window whose title bar could not be reached is brought back on screen.
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const WindowPlacement = z.object({
  bounds: z.object({
    x: z.number().int(),
    y: z.number().int(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
  }),
  maximized: z.boolean(),
});
export type WindowPlacement = z.infer<typeof WindowPlacement>;

export interface PlacementRules {
  defaultSize: { width: number; height: number };
  minSize: { width: number; height: number };
}

/** Matches the entry's mainWindowOptions: 1280×820 by default, never below 900×600. */
export const MAIN_WINDOW_RULES: PlacementRules = {
  defaultSize: { width: 1280, height: 820 },
  minSize: { width: 900, height: 600 },
};

/** How much of the title bar must be on a screen for the agent to grab it and move the window. */
const GRAB_WIDTH = 100;
const GRAB_HEIGHT = 24;

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), Math.max(low, high));
}

function fitSize(size: { width: number; height: number }, area: Rect, rules: PlacementRules) {
  return {
    width: Math.min(Math.max(size.width, rules.minSize.width), area.width),
    height: Math.min(Math.max(size.height, rules.minSize.height), area.height),
  };
}

function centred(size: { width: number; height: number }, area: Rect): Rect {
  return {
    x: Math.round(area.x + (area.width - size.width) / 2),
    y: Math.round(area.y + (area.height - size.height) / 2),
    ...size,
  };
}

/**
 * Where to open the window. `workAreas[0]` is the primary display's work area (the screen minus
 * taskbar and dock). Unreadable saved data opens at the default size, centred on the primary display.
 */
export function restorePlacement(saved: unknown, workAreas: readonly Rect[], rules: PlacementRules = MAIN_WINDOW_RULES): WindowPlacement {
  const primary = workAreas[0] ?? { x: 0, y: 0, width: rules.defaultSize.width, height: rules.defaultSize.height };
  const parsed = WindowPlacement.safeParse(saved);
  if (!parsed.success) return { bounds: centred(fitSize(rules.defaultSize, primary, rules), primary), maximized: false };

  const { bounds, maximized } = parsed.data;
  const titleBar: Rect = { x: bounds.x, y: bounds.y, width: bounds.width, height: GRAB_HEIGHT };
  const grabbable = workAreas.some((area) => {
    const o = overlap(titleBar, area);
    return o.width >= Math.min(GRAB_WIDTH, bounds.width) && o.height >= GRAB_HEIGHT;
  });
  // Reachable, even if it spans two monitors: the agent put it there.
  if (grabbable) return { bounds, maximized };

  let best: Rect | undefined;
  let bestArea = 0;
  for (const area of workAreas) {
    const o = overlap(bounds, area);
    if (o.width * o.height > bestArea) {
      best = area;
      bestArea = o.width * o.height;
    }
  }
  const home = best ?? primary;
  const size = fitSize(bounds, home, rules);
  if (!best) return { bounds: centred(size, primary), maximized };
  // Partly visible: slide it fully onto the display that shows most of it.
  return {
    bounds: {
      x: clamp(bounds.x, home.x, home.x + home.width - size.width),
      y: clamp(bounds.y, home.y, home.y + home.height - size.height),
      ...size,
    },
    maximized,
  };
}
