/**
 * The CJK font every PDF of the portal embeds: the bundled Noto Sans SC (an npm package, OFL), so a
 * fresh machine needs no system fonts, or the file PDF_FONT names (with PDF_FONT_FAMILY, the font
 * inside a collection). Read once per process (or worker thread) and kept.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface FontConfig {
  file?: string;
  family?: string;
}

export interface PdfFonts {
  regular: Buffer;
  bold: Buffer;
  family?: string;
}

let loaded: PdfFonts | undefined;

export function pdfFonts(config: FontConfig): PdfFonts {
  if (loaded) return loaded;
  if (config.file) {
    const buf = readFileSync(config.file);
    loaded = { regular: buf, bold: buf, family: config.family };
  } else {
    const dir = dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/package.json'));
    loaded = {
      regular: readFileSync(join(dir, '400Regular', 'NotoSansSC_400Regular.ttf')),
      bold: readFileSync(join(dir, '700Bold', 'NotoSansSC_700Bold.ttf')),
    };
  }
  return loaded;
}
