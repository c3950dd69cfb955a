// The installer icons for every platform, built from APP_ICON_ART: a 1024 px PNG, a Windows .ico
// and a macOS .icns (both holding PNGs, which Windows Vista+ and macOS 10.7+ read), and the
// sized PNGs Linux desktops pick from. scripts/icons.ts writes them to resources/; a unit test
// checks the committed files still match the art.
import { APP_ICON_ART, renderArt } from './icon-art';
import { encodePng, type RgbaImage } from './png';

/** Windows picks from these for 100–300 % scaling: taskbar, tray, Start menu, Explorer. */
export const ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256] as const;

/** macOS slot types and their pixel sizes (the @2x slots hold the doubled image). */
export const ICNS_SLOTS = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024],
] as const;

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;

export function buildIco(images: ReadonlyArray<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    if (size > 256) throw new RangeError('ICO images are at most 256 px');
    const entry = Buffer.alloc(16);
    entry[0] = size === 256 ? 0 : size; // 0 means 256
    entry[1] = size === 256 ? 0 : size;
    entry[2] = 0; // no palette
    entry[3] = 0;
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    entries.push(entry);
    offset += png.length;
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

export function buildIcns(slots: ReadonlyArray<{ type: string; png: Buffer }>): Buffer {
  const blocks = slots.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + blocks.reduce((sum, b) => sum + b.length, 0), 4);
  return Buffer.concat([head, ...blocks]);
}

/** Every icon file, keyed by its path under resources/. */
export function buildIconFiles(): Map<string, Buffer> {
  const rendered = new Map<number, RgbaImage>();
  const pngs = new Map<number, Buffer>();
  const png = (size: number): Buffer => {
    let out = pngs.get(size);
    if (!out) {
      const image = rendered.get(size) ?? renderArt(APP_ICON_ART, size);
      rendered.set(size, image);
      out = encodePng(image);
      pngs.set(size, out);
    }
    return out;
  };

  const files = new Map<string, Buffer>();
  files.set('icon.png', png(1024));
  files.set('icon.ico', buildIco(ICO_SIZES.map((size) => ({ size, png: png(size) }))));
  files.set('icon.icns', buildIcns(ICNS_SLOTS.map(([type, size]) => ({ type, png: png(size) }))));
  for (const size of LINUX_SIZES) files.set(`icons/${size}x${size}.png`, png(size));
  return files;
}
