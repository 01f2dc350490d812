// Draws the add-in icons (white check mark on a #0F6CBD rounded square) and writes them
// as PNGs to addin/assets/. Only node: built-ins, because no image package is installed;
// the output is deterministic, so re-running it leaves the committed files unchanged.
//
//   node scripts/manifest-icons.mjs [outDir]

import { Buffer } from "node:buffer";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { deflateSync } from "node:zlib";

const SIZES = [16, 32, 64, 80, 128];
const BLUE = [0x0f, 0x6c, 0xbd];
const WHITE = [0xff, 0xff, 0xff];
// Samples per pixel edge: 8×8 coverage samples give smooth edges even at 16 px.
const SUPERSAMPLE = 8;

// Geometry in unit coordinates (0..1 across the icon).
const INSET = 1 / 16; // transparent margin, 1 px at 16 px like Office's own ribbon icons
const RADIUS = 0.2;
const CHECK = [
  [0.28, 0.52],
  [0.44, 0.68],
  [0.74, 0.36],
];
const STROKE_HALF = 0.07;

function insideRoundedSquare(x, y) {
  const lo = INSET + RADIUS;
  const hi = 1 - INSET - RADIUS;
  const dx = Math.max(lo - x, 0, x - hi);
  const dy = Math.max(lo - y, 0, y - hi);
  return dx * dx + dy * dy <= RADIUS * RADIUS;
}

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const vx = bx - ax;
  const vy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(px - (ax + t * vx), py - (ay + t * vy));
}

function insideCheck(x, y) {
  for (let i = 1; i < CHECK.length; i++) {
    if (distanceToSegment(x, y, CHECK[i - 1], CHECK[i]) <= STROKE_HALF) return true;
  }
  return false;
}

/** RGBA pixels, row-major, straight (not premultiplied) alpha as PNG expects. */
function render(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let covered = 0;
      const sum = [0, 0, 0];
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = (px + (sx + 0.5) / SUPERSAMPLE) / size;
          const y = (py + (sy + 0.5) / SUPERSAMPLE) / size;
          if (!insideRoundedSquare(x, y)) continue;
          const color = insideCheck(x, y) ? WHITE : BLUE;
          covered++;
          for (let c = 0; c < 3; c++) sum[c] += color[c];
        }
      }
      const at = (py * size + px) * 4;
      if (covered > 0) for (let c = 0; c < 3; c++) rgba[at + c] = Math.round(sum[c] / covered);
      rgba[at + 3] = Math.round((255 * covered) / samples);
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

// zlib.crc32 needs Node ≥ 20.15; package.json admits 20.11.
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  // compression, filter and interlace methods stay 0
  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const outDir = resolve(process.argv[2] ?? "addin/assets");
mkdirSync(outDir, { recursive: true });
for (const size of SIZES) {
  const file = join(outDir, `icon-${size}.png`);
  const png = encodePng(size, render(size));
  writeFileSync(file, png);
  console.log(`${file}  ${size}×${size}  ${png.length} bytes`);
}
