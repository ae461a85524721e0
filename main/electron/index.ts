/** The Electron entry (built to out/main/index.cjs): the shell, pointed at the built UI and preload. */
import path from 'node:path';
import { startShell } from './shell.js';

void startShell({
  rendererDir: path.join(__dirname, '../renderer'),
  preload: path.join(__dirname, '../preload/index.cjs'),
  argv: process.argv,
  env: process.env,
});
