// What `nubo up` prints once the cloud answers: where it is and how to log in.
import type { BootstrapCredentials } from '@nubo/identity';

export interface UpSummary {
  authUrl: string;
  /** Every other service's catalog endpoint. */
  endpoints: { type: string; url: string }[];
  credentials: BootstrapCredentials;
  cloudsYaml: string;
  dataDir: string;
  logFile: string;
  seconds: number;
  pid: number;
}

export function formatSummary(s: UpSummary): string {
  return [
    `nubo is up in ${s.seconds.toFixed(2)} s (pid ${s.pid})`,
    `  identity endpoint  ${s.authUrl}`,
    ...s.endpoints.map((e) => `  ${`${e.type} endpoint`.padEnd(19)}${e.url}`),
    `  admin              user ${s.credentials.admin.username}  password ${s.credentials.admin.password}  project ${s.credentials.admin.projectName}`,
    `  demo               user ${s.credentials.demo.username}  password ${s.credentials.demo.password}  project ${s.credentials.demo.projectName}`,
    `  clouds.yaml        ${s.cloudsYaml} (clouds nubo-admin, nubo-demo)`,
    `  data               ${s.dataDir}`,
    `  logs               ${s.logFile}`,
    '',
    '  try: openstack --os-cloud nubo-admin token issue',
    '',
  ].join('\n');
}
