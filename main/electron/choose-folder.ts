import { dialog } from 'electron';

/** The system's folder picker, for an export profile's destination; null when cancelled. */
export async function chooseFolder(): Promise<string | null> {
  const { canceled, filePaths } = await dialog.showOpenDialog({ properties: ['openDirectory', 'createDirectory'] });
  return canceled ? null : (filePaths[0] ?? null);
}
