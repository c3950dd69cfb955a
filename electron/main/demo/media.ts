// Small real media for the demo workspace, made in code: the simulators' rows point at image,
// voice and recording files that do not exist anywhere, so the demo serves a picture and a short
// tone for them and the UI shows and plays something. The same path always gives the same bytes.
import { createHash } from 'node:crypto';
import { createImage, encodePng } from '../desktop/png';

export interface DemoMedia {
  contentType: string;
  body: Buffer;
}

const IMAGE = /\.(png|jpe?g|gif|webp|bmp)$/i;
const AUDIO = /\.(mp3|amr|wav|silk|m4a|aac|ogg)$/i;

/** The media for a path by its extension, or undefined (video and documents are not made). */
export function demoMediaFor(path: string): DemoMedia | undefined {
  const clean = path.split('?')[0] ?? path;
  if (IMAGE.test(clean)) return { contentType: 'image/png', body: demoPicture(clean) };
  if (AUDIO.test(clean)) return { contentType: 'audio/wav', body: demoTone(clean) };
  return undefined;
}

function seedOf(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** A 96×96 picture: a diagonal two-colour gradient with a lighter frame, its colours from the path. */
export function demoPicture(path: string, size = 96): Buffer {
  const seed = seedOf(path);
  const image = createImage(size, size);
  const a = [seed[0]!, seed[1]!, seed[2]!];
  const b = [seed[3]!, seed[4]!, seed[5]!];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const t = (x + y) / (2 * (size - 1));
      const frame = x < 4 || y < 4 || x >= size - 4 || y >= size - 4;
      const i = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) {
        const mixed = Math.round(a[c]! * (1 - t) + b[c]! * t);
        image.pixels[i + c] = frame ? Math.min(255, mixed + 90) : mixed;
      }
      image.pixels[i + 3] = 255;
    }
  }
  return encodePng(image);
}

/** A 1.2-second tone (16-bit PCM, mono, 8 kHz) with soft edges; the pitch comes from the path. */
export function demoTone(path: string, seconds = 1.2): Buffer {
  const rate = 8000;
  const samples = Math.round(rate * seconds);
  const pitch = 330 + (seedOf(path)[0]! % 8) * 55;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    const fade = Math.min(1, i / 400, (samples - i) / 400);
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * pitch * i) / rate) * 9000 * fade), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
