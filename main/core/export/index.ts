/**
 * Assembles export for the host: the service over the archive, the metadata
 * writer, the contract handlers, and auto-export after each finished archive run.
 */
import type { Handlers } from '../../../preload/contract.js';
import { DATE_DIRECTIVES } from './date-format.js';
import type { EventBus } from '../api/event-bus.js';
import type { Archive } from '../archive/archive.js';
import { ExportRepo } from '../archive/export-repo.js';
import { createLogger } from '../log.js';
import { createMetadataWriter } from './metadata-writer.js';
import { defaultSettings, ExportService } from './export-service.js';
import { FIELDS } from './template.js';
import path from 'node:path';

type ExportHandlerName = Extract<keyof Handlers, `export.${string}`>;

export interface ExportServices {
  readonly service: ExportService;
  readonly handlers: Pick<Handlers, ExportHandlerName>;
  close(): Promise<void>;
}

export interface ExportServicesOptions {
  readonly archive: Archive;
  readonly events: EventBus;
  readonly now: () => number;
  /** The system's folder picker (the desktop app's); absent elsewhere. */
  readonly chooseFolder?: () => Promise<string | null>;
  /** Where a new profile points at first. */
  readonly defaultDestination: string;
}

export function createExportServices(o: ExportServicesOptions): ExportServices {
  const metadata = createMetadataWriter();
  const service = new ExportService({
    archiveDir: o.archive.dir,
    repo: new ExportRepo(o.archive.db),
    metadata,
    now: o.now,
    publish: (progress) => o.events.emit('export.progress', progress),
    log: createLogger('export'),
  });
  // Auto-export: after every archive run that finished (with or without some failed files).
  const unsubscribe = o.events.subscribe((event, payload) => {
    if (event !== 'sync.progress') return;
    const progress = payload as { phase?: string; state?: string };
    if (progress.phase === 'finished' && progress.state === 'done') service.exportAfterRun();
  });
  const handlers: Pick<Handlers, ExportHandlerName> = {
    'export.profiles': async () => service.profiles(),
    'export.saveProfile': async ({ id, settings }) => service.save(settings, id),
    'export.removeProfile': async ({ id }) => {
      service.remove(id);
      return {};
    },
    'export.preview': async ({ settings, limit }) => service.preview(settings, limit),
    'export.fields': async () => ({
      fields: Object.entries(FIELDS).map(([name, spec]) => ({ name, description: spec.description })),
      dateCodes: Object.entries(DATE_DIRECTIVES).map(([name, description]) => ({ name, description })),
      defaults: defaultSettings(o.defaultDestination),
    }),
    'export.run': async ({ id }) => {
      service.start(id);
      return { started: true as const };
    },
    'export.cancel': async () => {
      service.cancel();
      return {};
    },
    'export.chooseFolder': async () => ({ path: o.chooseFolder ? await o.chooseFolder() : null }),
  };
  return {
    service,
    handlers,
    async close() {
      unsubscribe();
      await service.close();
      await metadata.close();
    },
  };
}

/** Beside the archive folder: `<archive> export`. */
export const defaultExportFolder = (archiveDir: string): string => `${path.resolve(archiveDir)} export`;
