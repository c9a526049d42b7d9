// The Fernet key repository on disk, set up and rotated as `keystone-manage fernet_setup` / `fernet_rotate` do.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { generateKey, isFernetKey } from './fernet.js';

const STAGED = 0;
// Keystone's int(filename) also takes "01" or " 1"; we take only the names keystone-manage writes.
const KEY_FILE = /^(?:0|[1-9][0-9]*)$/;

/**
 * A directory of Fernet keys in Keystone's layout, so one repository can be shared with (or moved from) Keystone.
 *
 * Each file is named by its index and holds one key. `0` is the staged key: it decrypts, and becomes the next
 * primary, so nodes that sync the repository already accept tokens from the node that rotates first. The highest
 * index is the primary, the only key that encrypts. Every other index is a secondary key that still decrypts tokens
 * issued before the last rotations.
 *
 * @example
 * const repo = new FernetKeyRepository('/etc/nubo/fernet-keys');
 * repo.setup();   // 0 (staged) and 1 (primary)
 * repo.rotate();  // 0 becomes 2, a new 0 is staged, 1 is kept as a secondary
 */
export class FernetKeyRepository {
  readonly dir: string;
  /** How many keys rotation keeps, staged and primary included (Keystone's `[fernet_tokens] max_active_keys`). */
  readonly maxActiveKeys: number;
  #keys: readonly string[] | undefined;

  constructor(dir: string, maxActiveKeys = 3) {
    // Keystone accepts 1, but then its rotation deletes the key it has just promoted and encrypts with the staged key.
    if (!Number.isInteger(maxActiveKeys) || maxActiveKeys < 2) {
      throw new RangeError('maxActiveKeys must be an integer of at least 2: a staged and a primary key.');
    }
    this.dir = dir;
    this.maxActiveKeys = maxActiveKeys;
  }

  /**
   * Creates the directory (mode 0700) with a staged key `0` and a primary key `1`. Does nothing when the staged key
   * exists already, as `keystone-manage fernet_setup`.
   */
  setup(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    if (this.#readKeyFiles().has(STAGED)) return;
    this.#writeKey(STAGED);
    this.rotate();
  }

  /**
   * Promotes the staged key `0` to primary (the highest index plus one), stages a new key `0`, then deletes the
   * lowest secondary keys until `maxActiveKeys` remain, as `keystone-manage fernet_rotate`.
   *
   * Throws `Error` when there is no staged key: the repository was never set up.
   */
  rotate(): void {
    const indexes = [...this.#readKeyFiles().keys()];
    if (!indexes.includes(STAGED)) throw new Error(`The Fernet key repository ${this.dir} has no staged key 0.`);
    const primary = Math.max(...indexes) + 1;
    // The new staged key is written before the old one moves, so there is never a repository without a key 0 for
    // longer than the two renames.
    const stagedTemp = this.#writeTemp();
    renameSync(join(this.dir, String(STAGED)), join(this.dir, String(primary)));
    renameSync(stagedTemp, join(this.dir, String(STAGED)));
    const kept = indexes.filter((index) => index !== STAGED).concat(primary);
    kept.sort((a, b) => a - b);
    // The staged key is not counted among the kept ones, as in Keystone's rotate_keys().
    for (const index of kept.slice(0, Math.max(0, kept.length - (this.maxActiveKeys - 1)))) {
      rmSync(join(this.dir, String(index)));
    }
    syncDirectory(this.dir);
    this.reload();
  }

  /**
   * The keys, primary first, then the secondaries from newest to oldest, the staged key last: the order Keystone
   * tries them in. Read once and cached; empty when the repository is missing or holds no keys.
   */
  keys(): readonly string[] {
    this.#keys ??= this.#load();
    return this.#keys;
  }

  /** Forgets the cached keys, so the next {@link keys} call reads the directory again (e.g. after another node rotated). */
  reload(): void {
    this.#keys = undefined;
  }

  #load(): readonly string[] {
    const files = this.#readKeyFiles();
    const indexes = [...files.keys()].sort((a, b) => b - a);
    return Object.freeze(indexes.map((index) => files.get(index) as string));
  }

  /** Index → key for every key file; like Keystone, skips other files and empty keys, and fails on a bad key. */
  #readKeyFiles(): Map<number, string> {
    const files = new Map<number, string>();
    if (!existsSync(this.dir)) return files;
    for (const name of readdirSync(this.dir)) {
      if (!KEY_FILE.test(name)) continue;
      const path = join(this.dir, name);
      if (!statSync(path).isFile()) continue;
      const key = readFileSync(path, 'utf8').trim();
      if (key === '') continue;
      if (!isFernetKey(key)) throw new Error(`${path} does not hold a Fernet key.`);
      files.set(Number(name), key);
    }
    return files;
  }

  #writeKey(index: number): void {
    renameSync(this.#writeTemp(), join(this.dir, String(index)));
    syncDirectory(this.dir);
  }

  /** A new key in a file only we can read, synced, under a name the key loader skips; returns its path. */
  #writeTemp(): string {
    const path = join(this.dir, `.${STAGED}.${randomBytes(6).toString('hex')}.tmp`);
    const fd = openSync(path, 'wx', 0o600);
    try {
      writeSync(fd, generateKey());
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return path;
  }
}

/** Makes the renames in `dir` durable. */
function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
