/**
 * What the desktop does with an archived file on request: show it in the file
 * manager, put the picture on the clipboard, save a copy elsewhere. The Electron
 * shell provides these (shell, clipboard, dialog); elsewhere (the CLI, the browser
 * harness) there is no desktop and the requests answer so.
 */
export interface DesktopActions {
  showInFolder(file: string): Promise<void>;
  copyImage(file: string): Promise<void>;
  /** False when the person cancelled the dialog. */
  saveAs(file: string, suggestedName: string): Promise<boolean>;
}
