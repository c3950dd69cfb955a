// Which picture the tray and the taskbar show for a given unread badge, per platform. The shell
// turns these into NativeImages; everything here is plain data so tests can decode and look at it.
import { join } from 'node:path';
import { APP_ICON_ART, TEMPLATE_TRAY_ART, drawBadge, renderArt } from './icon-art';
import { createImage, encodePng } from './png';

export interface ImageRep {
  scaleFactor: number;
  png: Buffer;
}

export type TrayPicture = { kind: 'file'; path: string } | { kind: 'drawn'; reps: ImageRep[]; template: boolean };

const drawn = new Map<string, TrayPicture>();

function drawOnce(key: string, make: () => TrayPicture): TrayPicture {
  let picture = drawn.get(key);
  if (!picture) {
    picture = make();
    drawn.set(key, picture);
  }
  return picture;
}

function badgedIcon(pixels: number, badge: string): Buffer {
  const image = renderArt(APP_ICON_ART, pixels);
  drawBadge(image, badge, 'top-right');
  return encodePng(image);
}

/**
 * Windows: the .ico (sharp at every scaling) until something is unread, then the icon with the
 * count drawn for 100–200 %. macOS: a monochrome template image, the count goes on the dock and
 * beside the icon as text. Linux: the icon with the count, drawn large because panels scale down.
 */
export function trayPicture(platform: NodeJS.Platform, badge: string, resourcesDir: string): TrayPicture {
  if (platform === 'darwin') {
    return drawOnce('darwin', () => ({
      kind: 'drawn',
      template: true,
      reps: [1, 2].map((scaleFactor) => ({ scaleFactor, png: encodePng(renderArt(TEMPLATE_TRAY_ART, 16 * scaleFactor)) })),
    }));
  }
  if (platform === 'win32') {
    if (!badge) return { kind: 'file', path: join(resourcesDir, 'icon.ico') };
    return drawOnce(`win32:${badge}`, () => ({
      kind: 'drawn',
      template: false,
      reps: [1, 1.25, 1.5, 2].map((scaleFactor) => ({ scaleFactor, png: badgedIcon(16 * scaleFactor, badge) })),
    }));
  }
  return drawOnce(`linux:${badge}`, () => ({
    kind: 'drawn',
    template: false,
    reps: [1, 2].map((scaleFactor) => ({ scaleFactor, png: badgedIcon(32 * scaleFactor, badge) })),
  }));
}

/** The red count Windows lays over the taskbar button (16 px at 100 %, 32 px at 200 %). */
export function taskbarOverlay(badge: string): ImageRep[] | null {
  if (!badge) return null;
  const picture = drawOnce(`overlay:${badge}`, () => ({
    kind: 'drawn',
    template: false,
    reps: [1, 2].map((scaleFactor) => {
      const image = createImage(16 * scaleFactor, 16 * scaleFactor);
      drawBadge(image, badge, 'centre');
      return { scaleFactor, png: encodePng(image) };
    }),
  }));
  return picture.kind === 'drawn' ? picture.reps : null;
}
