import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildIconFiles, ICNS_SLOTS, ICO_SIZES, LINUX_SIZES } from '../../../electron/main/desktop/icon-files';
import { PNG_SIGNATURE, encodePng, createImage } from '../../../electron/main/desktop/png';
import { taskbarOverlay, trayPicture } from '../../../electron/main/desktop/tray-image';
import { decodePng, pixelAt, redPixels } from './png-decode';

const resources = new URL('../../../resources/', import.meta.url);
const committed = (name: string) => readFileSync(new URL(name, resources));

function icoEntries(file: Buffer) {
  expect(file.readUInt16LE(0)).toBe(0);
  expect(file.readUInt16LE(2)).toBe(1);
  const count = file.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const at = 6 + i * 16;
    const size = file[at] === 0 ? 256 : file[at]!;
    const length = file.readUInt32LE(at + 8);
    const offset = file.readUInt32LE(at + 12);
    expect(file[at + 1] === 0 ? 256 : file[at + 1]).toBe(size);
    expect(file.readUInt16LE(at + 6)).toBe(32);
    expect(offset + length).toBeLessThanOrEqual(file.length);
    return { size, png: file.subarray(offset, offset + length) };
  });
}

function icnsEntries(file: Buffer) {
  expect(file.toString('latin1', 0, 4)).toBe('icns');
  expect(file.readUInt32BE(4)).toBe(file.length);
  const entries: Array<{ type: string; png: Buffer }> = [];
  for (let at = 8; at < file.length; ) {
    const type = file.toString('latin1', at, at + 4);
    const length = file.readUInt32BE(at + 4);
    expect(length).toBeGreaterThan(8);
    entries.push({ type, png: file.subarray(at + 8, at + length) });
    at += length;
  }
  return entries;
}

/** Same pictures, whatever zlib version compressed them. */
function expectSamePixels(actual: Buffer, expected: Buffer, name: string) {
  if (actual.equals(expected)) return;
  const a = decodePng(actual);
  const b = decodePng(expected);
  expect({ width: a.width, height: a.height }, name).toEqual({ width: b.width, height: b.height });
  expect(Buffer.from(a.pixels).equals(Buffer.from(b.pixels)), `${name} differs from the art: run npx jiti scripts/icons.ts`).toBe(true);
}

describe('PNG encoder', () => {
  it('writes a file that decodes to the same pixels, with signature and IHDR size', () => {
    const image = createImage(3, 2);
    image.pixels.set([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 1, 2, 3, 4, 250, 251, 252, 253, 9, 9, 9, 9]);
    const png = encodePng(image);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([3, 2]);
    expect(Array.from(decodePng(png).pixels)).toEqual(Array.from(image.pixels));
  });

  it('refuses a pixel buffer that does not match the size', () => {
    expect(() => encodePng({ width: 2, height: 2, pixels: new Uint8Array(3) })).toThrow(RangeError);
  });
});

describe('installer icons in resources/', () => {
  const fresh = buildIconFiles();

  it('are generated from the one art definition and committed up to date', () => {
    expect([...fresh.keys()].sort()).toEqual(['icon.icns', 'icon.ico', 'icon.png', ...LINUX_SIZES.map((s) => `icons/${s}x${s}.png`)].sort());
    for (const [name, bytes] of fresh) {
      const onDisk = committed(name);
      if (name.endsWith('.png')) expectSamePixels(onDisk, bytes, name);
      else if (name.endsWith('.ico')) icoEntries(onDisk).forEach((e, i) => expectSamePixels(e.png, icoEntries(bytes)[i]!.png, `${name}#${e.size}`));
      else icnsEntries(onDisk).forEach((e, i) => expectSamePixels(e.png, icnsEntries(bytes)[i]!.png, `${name}#${e.type}`));
    }
  });

  it('icon.png is 1024×1024 and the Linux set has every size it claims', () => {
    expect(decodePng(committed('icon.png'))).toMatchObject({ width: 1024, height: 1024 });
    for (const size of LINUX_SIZES) expect(decodePng(committed(`icons/${size}x${size}.png`))).toMatchObject({ width: size, height: size });
  });

  it('icon.ico has a directory of PNGs from 16 to 256 px', () => {
    const entries = icoEntries(committed('icon.ico'));
    expect(entries.map((e) => e.size)).toEqual([...ICO_SIZES]);
    for (const { size, png } of entries) expect(decodePng(png)).toMatchObject({ width: size, height: size });
  });

  it('icon.icns has its header, total length and a PNG in every slot', () => {
    const entries = icnsEntries(committed('icon.icns'));
    expect(entries.map((e) => e.type)).toEqual(ICNS_SLOTS.map(([type]) => type));
    for (const { type, png } of entries) {
      const size = ICNS_SLOTS.find(([t]) => t === type)![1];
      expect(decodePng(png)).toMatchObject({ width: size, height: size });
    }
  });

  it('the art is the blue tile with a white bubble: corners transparent, centre opaque', () => {
    const icon = decodePng(committed('icons/256x256.png'));
    expect(pixelAt(icon, 2, 2)[3]).toBe(0);
    expect(pixelAt(icon, 128, 240)[2]).toBeGreaterThan(180);
    expect(pixelAt(icon, 90, 110)).toEqual([255, 255, 255, 255]);
  });
});

describe('tray and taskbar pictures', () => {
  const drawnReps = (platform: NodeJS.Platform, badge: string) => {
    const picture = trayPicture(platform, badge, '/app/resources');
    if (picture.kind !== 'drawn') throw new Error('expected a drawn picture');
    return picture;
  };

  it('Windows uses the .ico until something is unread, then draws the count at 100–200 %', () => {
    expect(trayPicture('win32', '', '/app/resources')).toEqual({ kind: 'file', path: '/app/resources/icon.ico' });
    const picture = drawnReps('win32', '7');
    expect(picture.reps.map((r) => [r.scaleFactor, decodePng(r.png).width])).toEqual([
      [1, 16],
      [1.25, 20],
      [1.5, 24],
      [2, 32],
    ]);
    for (const rep of picture.reps) expect(redPixels(decodePng(rep.png))).toBeGreaterThan(10);
  });

  it('Linux draws the badge in the top-right corner only when there is something unread', () => {
    const none = decodePng(drawnReps('linux', '').reps[0]!.png);
    const some = decodePng(drawnReps('linux', '99+').reps[0]!.png);
    expect(redPixels(none)).toBe(0);
    expect(redPixels(some)).toBeGreaterThan(50);
    // The pill's right end is red where the plain icon is blue.
    expect(pixelAt(some, 29, 9)).toEqual([245, 34, 45, 255]);
    expect(pixelAt(none, 29, 9)[2]).toBeGreaterThan(200);
    // The bottom-left of the icon is untouched by the badge.
    expect(pixelAt(some, 6, 28)).toEqual(pixelAt(none, 6, 28));
  });

  it('macOS uses a black template image at 1× and 2×, never coloured', () => {
    const picture = drawnReps('darwin', '12');
    expect(picture.template).toBe(true);
    for (const rep of picture.reps) {
      const image = decodePng(rep.png);
      expect(image.width).toBe(16 * rep.scaleFactor);
      for (let i = 0; i < image.pixels.length; i += 4) expect(image.pixels[i]! + image.pixels[i + 1]! + image.pixels[i + 2]!).toBe(0);
    }
  });

  it('the Windows taskbar overlay is a red count, or nothing', () => {
    expect(taskbarOverlay('')).toBeNull();
    const reps = taskbarOverlay('5')!;
    expect(reps.map((r) => r.scaleFactor)).toEqual([1, 2]);
    const image = decodePng(reps[0]!.png);
    expect(image.width).toBe(16);
    expect(redPixels(image)).toBeGreaterThan(30);
    // White digit strokes in the middle of the pill.
    const white = Array.from({ length: 16 * 16 }, (_, i) => pixelAt(image, i % 16, Math.floor(i / 16))).filter(
      ([r, g, b, a]) => r === 255 && g === 255 && b === 255 && a === 255,
    );
    expect(white.length).toBeGreaterThanOrEqual(10);
  });
});
