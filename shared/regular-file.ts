// Reading a file that must be a regular file: a FIFO named like a snapshot or a history record
// would block a plain read forever. The file is opened non-blocking and checked after opening, so
// a FIFO swapped in between listing and reading cannot block either.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { CubScoutError } from './errors/index.js';

/** The UTF-8 text of `file`; CubScoutError('unreadable') when it is not a regular file, the
 * system's error (ENOENT, EACCES ...) otherwise. */
export async function readRegularFile(file: string): Promise<string> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) throw new CubScoutError('unreadable', `${file}: not a regular file`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
