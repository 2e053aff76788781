import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from '../../src/db/data-dir-lock.js';

describe('embedded data folder lock', () => {
  it('refuses a second holder', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'satu-lock-'));
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(path.join(folder, 'satu.pid'), String(child.pid));
      expect(() => lockDataDir(folder)).toThrow(DataDirInUseError);
    } finally {
      child.kill();
    }
  });

  it('takes over a stale lock and releases it', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'satu-lock-'));
    // PIDs above the kernel's pid_max (4194304 at most on Linux) never run.
    writeFileSync(path.join(folder, 'satu.pid'), '99999999');
    const release = lockDataDir(folder);
    expect(existsSync(path.join(folder, 'satu.pid'))).toBe(true);
    release();
    expect(existsSync(path.join(folder, 'satu.pid'))).toBe(false);
  });
});
