// Which open descriptor an output path names: a path such as /dev/stdout, /dev/fd/3 or /proc/PID/fd/1 is written
// through the descriptor, never replaced by a renamed file (see the predict command's writePredictions).
import { fstatSync, lstatSync, readlinkSync, realpathSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Paths of a process's descriptors: `/proc/PID/fd/N`, `/proc/PID/task/TID/fd/N`, and `/dev/fd/N` (no /proc). */
const PROC_DESCRIPTOR = /^\/proc\/(\d+)(?:\/task\/\d+)?\/fd\/(\d+)$/;
const DEV_DESCRIPTOR = /^\/dev\/fd\/(\d+)$/;

/**
 * The process and descriptor `path` names, following symbolic links up to a descriptor's path (`/dev/stdout` ->
 * `/proc/self/fd/1` -> `/proc/PID/fd/1`) but not through it (its link names the open file), or null for a path
 * that is no descriptor (or cannot be followed).
 */
export function descriptorOf(path: string): { pid: number; fd: number } | null {
  let p = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let full: string;
    try {
      full = join(realpathSync(dirname(p)), basename(p));
    } catch {
      return null;
    }
    const m = PROC_DESCRIPTOR.exec(full);
    if (m !== null) return { pid: Number(m[1]), fd: Number(m[2]) };
    // Where /dev/fd is no link into /proc (macOS...), its entries are the calling process's descriptors.
    const d = DEV_DESCRIPTOR.exec(full);
    if (d !== null) return { pid: process.pid, fd: Number(d[1]) };
    try {
      if (!lstatSync(full).isSymbolicLink()) return null;
      p = resolve(dirname(full), readlinkSync(full));
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The standard stream (1, then 2) whose descriptor is open on the file `st` describes (same device and inode), or
 * null (none, or no `st`).
 */
export function standardStreamOf(st: Stats | undefined): 1 | 2 | null {
  if (st === undefined) return null;
  for (const fd of [1, 2] as const) {
    try {
      const o = fstatSync(fd);
      if (o.dev === st.dev && o.ino === st.ino) return fd;
    } catch {
      // closed: not this one
    }
  }
  return null;
}
