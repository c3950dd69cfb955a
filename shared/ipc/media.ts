// A message's picture or file, fetched by main for the message menu's "copy image" and "save as":
// vendor media lives on other origins, which the page may show but not read (CORS), and the
// download goes the way the proxy setting says.
import { z } from 'zod';
import { method } from './define';
import { httpUrl, singleLine } from './text';

/** The largest picture "copy image" reads: the vendors' own limit for images is 5 MB. */
export const COPY_IMAGE_MAX_BYTES = 5 * 1024 * 1024;

export const SaveMediaResult = z.discriminatedUnion('outcome', [
  /** The desktop app: main wrote the file where the agent chose. */
  z.object({ outcome: z.literal('saved'), path: z.string() }),
  /** The agent closed the save dialog. */
  z.object({ outcome: z.literal('canceled') }),
  /**
   * The web host: a one-time same-origin address the page downloads (Content-Disposition:
   * attachment), so the browser's own save flow applies and nothing big crosses the socket.
   */
  z.object({ outcome: z.literal('download'), href: z.string() }),
]);
export type SaveMediaResult = z.infer<typeof SaveMediaResult>;

export const mediaMethods = {
  /** The picture's bytes (base64) and type, at most COPY_IMAGE_MAX_BYTES, for the clipboard. */
  'media.fetchImage': method(
    z.object({ url: httpUrl({ max: 2048 }) }).strict(),
    z.object({ contentType: z.string(), data: z.string(), bytes: z.number().int().nonnegative() }),
  ),
  /** Saves a message's picture, file or video under `name` (the agent may change it in the dialog). */
  'media.saveAs': method(z.object({ url: httpUrl({ max: 2048 }), name: singleLine({ min: 1, max: 200 }) }).strict(), SaveMediaResult),
};

export const mediaEvents = {};
