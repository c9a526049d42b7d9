// Adds nubo's clouds to ~/.config/openstack/clouds.yaml, keeping every other cloud (and comments) as they are.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseDocument } from 'yaml';
import type { RunningCloud } from './cloud.js';

export function defaultCloudsYamlPath(): string {
  return join(homedir(), '.config', 'openstack', 'clouds.yaml');
}

export function cloudEntries(
  cloud: Pick<RunningCloud, 'authUrl' | 'credentials'>,
  region: string,
): Record<string, unknown> {
  const entry = (who: { username: string; password: string; projectName: string }) => ({
    auth: {
      auth_url: cloud.authUrl,
      username: who.username,
      password: who.password,
      project_name: who.projectName,
      user_domain_name: 'Default',
      project_domain_name: 'Default',
    },
    region_name: region,
    identity_api_version: 3,
    interface: 'public',
  });
  return { 'nubo-admin': entry(cloud.credentials.admin), 'nubo-demo': entry(cloud.credentials.demo) };
}

/** Writes (or updates) the nubo-admin and nubo-demo entries; returns the file's path. */
export function writeCloudsYaml(entries: Record<string, unknown>, path = defaultCloudsYamlPath()): string {
  const doc = existsSync(path) ? parseDocument(readFileSync(path, 'utf8')) : parseDocument('clouds: {}\n');
  if (!doc.has('clouds') || doc.get('clouds') === null) doc.set('clouds', doc.createNode({}));
  for (const [name, value] of Object.entries(entries)) doc.setIn(['clouds', name], doc.createNode(value));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, doc.toString(), { mode: 0o600 });
  return path;
}
