// The bench's record: its rows and notes as JSON (bench/results.json, committed), with the date and
// the machine, so a run can be compared with the last one and README's table traced to it.
import { cpus, loadavg, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Row } from './table.ts';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  /** 1, 5 and 15 minute load averages at the start and the end of the run (the machine is shared). */
  loadAtStart: number[];
  loadAtEnd?: number[];
}

export function machine(): Machine {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAtStart: loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

export interface BenchRecord {
  date: string;
  machine: Machine;
  rows: Row[];
  notes: string[];
}

export function writeRecord(path: string, record: BenchRecord): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
}

export const describeMachine = (m: Machine): string =>
  `${m.cores} × ${m.cpu}, ${m.memoryGb} GB, Node ${m.node}; load ${m.loadAtStart.join(' / ')} at the start${m.loadAtEnd ? `, ${m.loadAtEnd.join(' / ')} at the end` : ''}`;
