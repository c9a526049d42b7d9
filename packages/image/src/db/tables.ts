// The Image tables as Kysely sees them (booleans are 0/1 integers, timestamps ISO text, sizes 64-bit integers).
import type { Kysely } from 'kysely';

/** An image record; rows are soft-deleted (`deleted` = 1) as Glance does, so a deleted image's id stays taken. */
export interface ImageRow {
  id: string;
  name: string | null;
  status: string;
  visibility: string;
  owner: string | null;
  /** Bytes of data; PostgreSQL returns bigint as a string, so read it through `toSize`. */
  size: number | string | null;
  virtual_size: number | string | null;
  disk_format: string | null;
  container_format: string | null;
  checksum: string | null;
  os_hash_algo: string | null;
  os_hash_value: string | null;
  min_disk: number;
  min_ram: number;
  protected: number;
  os_hidden: number;
  /** The store's opaque location of the data (glance_store's location URL), null while there is no data. */
  location: string | null;
  /** The id of the store holding the data (`file`). */
  store: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  deleted: number;
}

/** A custom property: any key the image carries besides the base properties (values are strings). */
export interface ImagePropertyRow {
  image_id: string;
  name: string;
  value: string;
}

/** A tag of an image. */
export interface ImageTagRow {
  image_id: string;
  value: string;
}

/** A project an image is shared with; `member` is the project id. */
export interface ImageMemberRow {
  image_id: string;
  member: string;
  status: string;
  created_at: string;
  updated_at: string;
}

/** The tables Image owns, for Kysely's typing. */
export interface ImageTables {
  image_images: ImageRow;
  image_properties: ImagePropertyRow;
  image_tags: ImageTagRow;
  image_members: ImageMemberRow;
}

/** The database as Image sees it. */
export type ImageDb = Kysely<ImageTables>;

/** A size column as a number (PostgreSQL hands bigint back as a string). */
export function toSize(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}
