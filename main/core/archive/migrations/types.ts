import type Database from 'better-sqlite3';

export interface Migration {
  /** Strictly increasing; multiples of 10 leave room for fixes in between. */
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}
