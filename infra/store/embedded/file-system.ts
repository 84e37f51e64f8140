import { mkdir, open, readdir } from 'node:fs/promises';

/** One open segment file. Node's `FileHandle` fits this shape; tests wrap it to fail on demand. */
export interface StoreFile {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  write(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  stat(): Promise<{ size: number }>;
  close(): Promise<void>;
}

/** The file operations the embedded store performs, so disk failures can be injected in tests. */
export interface FileSystem {
  /** `r+` opens an existing file; `w+` creates (or empties) one. Both read and write. */
  open(path: string, flags: 'r' | 'r+' | 'w+'): Promise<StoreFile>;
  readdir(dir: string): Promise<string[]>;
  mkdir(dir: string): Promise<void>;
  /** Makes the directory's entries durable, so a new segment's name survives a crash. */
  syncDirectory(dir: string): Promise<void>;
}

export const nodeFileSystem: FileSystem = {
  open: (path, flags) => open(path, flags),
  readdir: (dir) => readdir(dir),
  mkdir: async (dir) => {
    await mkdir(dir, { recursive: true });
  },
  syncDirectory: async (dir) => {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};

/** Writes all of `bytes` at `position`; a short write is continued, not mistaken for success. */
export async function writeFully(file: StoreFile, bytes: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await file.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}

/** Reads exactly `length` bytes at `position`, or fails if the file is shorter. */
export async function readFully(file: StoreFile, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`unexpected end of file at ${position + done}, wanted ${length - done} more bytes`);
    done += bytesRead;
  }
  return buffer;
}
