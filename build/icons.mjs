// Writes the app's icons as PNG files from a few lines of geometry, so they need no image tool:
// build/icon.png (512 px, which electron-builder turns into the macOS and Windows icons),
// build/icons/<n>x<n>.png (the Linux set) and build/tray.png with build/tray@2x.png (the tray).
// Run `node build/icons.mjs` after changing the drawing; the files are committed.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Buffer } from "node:buffer";
import { deflateSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(size, pixel) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) row.set(pixel((x + 0.5) / size, (y + 0.5) / size, 1 / size), 1 + x * 4);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(Buffer.concat(rows), { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

// Distances in the unit square: a rounded square and a check mark (two strokes).
function roundedSquare(x, y, inset, radius) {
  const qx = Math.abs(x - 0.5) - (0.5 - inset - radius);
  const qy = Math.abs(y - 0.5) - (0.5 - inset - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}
function segment(x, y, ax, ay, bx, by) {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(x - ax - t * (bx - ax), y - ay - t * (by - ay));
}
const check = (x, y) => Math.min(segment(x, y, 0.28, 0.52, 0.44, 0.68), segment(x, y, 0.44, 0.68, 0.74, 0.34));
const cover = (distance, pixel) => Math.max(0, Math.min(1, 0.5 - distance / pixel));

function appIcon(x, y, pixel) {
  const square = cover(roundedSquare(x, y, 0.06, 0.18), pixel);
  const mark = cover(check(x, y) - 0.055, pixel);
  // Indigo square, white check.
  const [r, g, b] = [79 + (255 - 79) * mark, 70 + (255 - 70) * mark, 229 + (255 - 229) * mark];
  return [Math.round(r), Math.round(g), Math.round(b), Math.round(255 * square)];
}
// The tray's: a black check on transparent (macOS tints it as a template image).
function trayIcon(x, y, pixel) {
  return [0, 0, 0, Math.round(255 * cover(check(x, y) - 0.09, pixel))];
}

function write(path, bytes) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}
write(join(here, "icon.png"), png(512, appIcon));
for (const size of [16, 32, 48, 64, 128, 256, 512]) write(join(here, "icons", `${size}x${size}.png`), png(size, appIcon));
write(join(here, "tray.png"), png(22, trayIcon));
write(join(here, "tray@2x.png"), png(44, trayIcon));
