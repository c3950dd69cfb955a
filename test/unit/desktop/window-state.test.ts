import { describe, expect, it } from 'vitest';
import { MAIN_WINDOW_RULES, restorePlacement } from '../../../electron/main/desktop/window-state';

const laptop = { x: 0, y: 0, width: 1440, height: 860 };
const rightMonitor = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('restorePlacement', () => {
  it('reopens where the agent left it', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1400, height: 900 }, maximized: false };
    expect(restorePlacement(saved, [laptop, rightMonitor])).toEqual(saved);
  });

  it('keeps the maximised flag', () => {
    const saved = { bounds: { x: 100, y: 50, width: 1000, height: 700 }, maximized: true };
    expect(restorePlacement(saved, [laptop]).maximized).toBe(true);
  });

  it('brings a window back from a monitor that is gone, centred on the primary display', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1400, height: 900 }, maximized: false };
    const placement = restorePlacement(saved, [laptop]);
    // Shrunk to fit the laptop's work area, centred.
    expect(placement.bounds).toEqual({ x: 20, y: 0, width: 1400, height: 860 });
    expect(placement.bounds.x + placement.bounds.width).toBeLessThanOrEqual(laptop.width);
  });

  it('slides a window whose title bar went above the screen back onto it', () => {
    const saved = { bounds: { x: 200, y: -300, width: 1000, height: 700 }, maximized: false };
    expect(restorePlacement(saved, [laptop]).bounds).toEqual({ x: 200, y: 0, width: 1000, height: 700 });
  });

  it('slides back a window hanging almost entirely off the left edge', () => {
    const saved = { bounds: { x: -960, y: 100, width: 1000, height: 700 }, maximized: false };
    expect(restorePlacement(saved, [laptop]).bounds).toEqual({ x: 0, y: 100, width: 1000, height: 700 });
  });

  it('keeps a window that spans two monitors with its title bar reachable', () => {
    const saved = { bounds: { x: 1000, y: 0, width: 1200, height: 800 }, maximized: false };
    expect(restorePlacement(saved, [laptop, rightMonitor]).bounds).toEqual(saved.bounds);
  });

  it('opens at the default size, centred, when nothing or garbage was saved', () => {
    const expected = { x: 80, y: 20, width: 1280, height: 820 };
    expect(restorePlacement(undefined, [laptop]).bounds).toEqual(expected);
    expect(restorePlacement({ bounds: { x: 'a' } }, [laptop]).bounds).toEqual(expected);
    expect(restorePlacement({ bounds: { x: 0, y: 0, width: -5, height: 10 }, maximized: false }, [laptop]).bounds).toEqual(expected);
  });

  it('never opens smaller than the minimum, even if saved smaller', () => {
    const saved = { bounds: { x: -5000, y: 0, width: 200, height: 100 }, maximized: false };
    const { bounds } = restorePlacement(saved, [laptop]);
    expect(bounds.width).toBe(MAIN_WINDOW_RULES.minSize.width);
    expect(bounds.height).toBe(MAIN_WINDOW_RULES.minSize.height);
  });

  it('uses a display with a negative origin (monitor left of the primary)', () => {
    const left = { x: -1920, y: 0, width: 1920, height: 1040 };
    const saved = { bounds: { x: -1800, y: 40, width: 1200, height: 800 }, maximized: false };
    expect(restorePlacement(saved, [laptop, left]).bounds).toEqual(saved.bounds);
  });
});
