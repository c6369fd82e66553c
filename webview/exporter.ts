import type { ExportFormat } from '../core/graph/messages';
import { PALETTE_KEYS, paletteVariable, type Palette } from '../core/graph/style';

/** The theme's colours as they are now, resolved to concrete values for a standalone file. */
export function currentPalette(): Palette {
  const style = getComputedStyle(document.documentElement);
  return Object.fromEntries(PALETTE_KEYS.map((key) => [key, style.getPropertyValue(paletteVariable(key)).trim() || '#888888'])) as unknown as Palette;
}

/** Browsers refuse canvases past about 16k pixels a side or 268M pixels in all. */
const MAX_SIDE = 16384;
const MAX_AREA = 120_000_000;

/** Rasterises an SVG document at up to 2x, as a PNG data URL. */
export async function svgToPng(svg: string, width: number, height: number): Promise<string> {
  const scale = Math.min(2, MAX_SIDE / width, MAX_SIDE / height, Math.sqrt(MAX_AREA / (width * height)));
  const image = new Image();
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('The graph could not be drawn as an image.'));
  });
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await loaded;
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.floor(width * scale));
  canvas.height = Math.max(1, Math.floor(height * scale));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas to draw the image on.');
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/png');
}

/** Saves a file from a standalone page: the browser's download. */
export function download(format: ExportFormat, data: string, fileName: string): void {
  const href = format === 'svg' ? URL.createObjectURL(new Blob([data], { type: 'image/svg+xml' })) : data;
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  if (format === 'svg') setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
