import fs from 'node:fs/promises';
import { clipboard, ClipboardItem, dialog, nativeImage, shell } from 'electron';
import type { DesktopActions } from '../core/media/desktop-actions.js';

/** The desktop's own show-in-folder, clipboard and save dialog, for core's media.* requests. */
export const electronDesktopActions: DesktopActions = {
  async showInFolder(file) {
    shell.showItemInFolder(file);
  },
  async copyImage(file) {
    const image = nativeImage.createFromPath(file);
    if (image.isEmpty()) throw new Error(`Cannot read ${file} as an image`);
    // PNG is the image type every platform's clipboard takes.
    await clipboard.write([new ClipboardItem({ 'image/png': new Blob([new Uint8Array(image.toPNG())], { type: 'image/png' }) })]);
  },
  async saveAs(file, suggestedName) {
    const { canceled, filePath } = await dialog.showSaveDialog({ defaultPath: suggestedName });
    if (canceled || !filePath) return false;
    await fs.copyFile(file, filePath);
    return true;
  },
};
