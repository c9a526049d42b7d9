// API microversions: `OpenStack-API-Version: <service> X.Y` (and Nova's legacy X-OpenStack-Nova-API-Version),
// negotiated per request as the api-guidelines' microversion specification says.
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../errors.js';

/** A microversion as [major, minor]; compare with `compareVersions` or the `atLeast` helpers. */
export class Microversion {
  constructor(
    readonly major: number,
    readonly minor: number,
  ) {}

  static parse(text: string): Microversion | undefined {
    const m = /^(\d+)\.(\d+)$/.exec(text.trim());
    return m ? new Microversion(Number(m[1]), Number(m[2])) : undefined;
  }

  compare(other: Microversion): number {
    return this.major - other.major || this.minor - other.minor;
  }

  /** True when this version is at least `text` (e.g. `v.atLeast('2.47')`). */
  atLeast(text: string): boolean {
    return this.compare(Microversion.parse(text)!) >= 0;
  }

  toString(): string {
    return `${this.major}.${this.minor}`;
  }
}

/** 406: the requested microversion is outside what the service supports. */
export class VersionNotAcceptable extends HttpError {
  constructor(message: string) {
    super(406, 'Not Acceptable', message);
  }
}

export interface MicroversionRange {
  /** Service type as it appears in the header, e.g. `compute`, `placement`. */
  service: string;
  min: string;
  max: string;
  /** Legacy header to read too, e.g. `x-openstack-nova-api-version`. */
  legacyHeader?: string;
}

/**
 * The version a request asks for: absent means the minimum, `latest` the maximum; a malformed value is a 400,
 * one outside [min, max] a 406 — as Nova and Placement answer.
 */
export function negotiateMicroversion(
  headers: Record<string, string | string[] | undefined>,
  range: MicroversionRange,
): Microversion {
  const min = Microversion.parse(range.min)!;
  const max = Microversion.parse(range.max)!;
  let requested: string | undefined;
  const header = headers['openstack-api-version'];
  for (const value of (Array.isArray(header) ? header : [header]).filter((v): v is string => typeof v === 'string')) {
    for (const part of value.split(',')) {
      const [service, version] = part.trim().split(/\s+/);
      if (service?.toLowerCase() === range.service && version) requested = version;
    }
  }
  if (requested === undefined && range.legacyHeader) {
    const legacy = headers[range.legacyHeader];
    if (typeof legacy === 'string') requested = legacy;
  }
  if (requested === undefined) return min;
  if (requested.toLowerCase() === 'latest') return max;
  const version = Microversion.parse(requested);
  if (!version) {
    throw new HttpError(
      400,
      'Bad Request',
      `API Version String ${requested} is of invalid format. Must be of format MajorNum.MinorNum.`,
    );
  }
  if (version.compare(min) < 0 || version.compare(max) > 0) {
    throw new VersionNotAcceptable(
      `Version ${requested} is not supported by the API. Minimum is ${range.min} and maximum is ${range.max}.`,
    );
  }
  return version;
}

/** Response headers that name the version used, so caches and clients know (api-guidelines). */
export function microversionHeaders(version: Microversion, range: MicroversionRange): Record<string, string> {
  const headers: Record<string, string> = {
    'openstack-api-version': `${range.service} ${version}`,
    vary: range.legacyHeader ? `OpenStack-API-Version, ${range.legacyHeader}` : 'OpenStack-API-Version',
  };
  if (range.legacyHeader) headers[range.legacyHeader] = String(version);
  return headers;
}

/**
 * Negotiates the microversion of every request in `scope` (before auth, so a bad version is refused first, as
 * Nova does) into `request.microversion`, and names it in the response headers.
 */
export function useMicroversions(scope: FastifyInstance, range: MicroversionRange): void {
  scope.addHook('onRequest', async (request, reply) => {
    reply.headers({
      vary: range.legacyHeader ? `OpenStack-API-Version, ${range.legacyHeader}` : 'OpenStack-API-Version',
    });
    request.microversion = negotiateMicroversion(request.headers, range);
    reply.headers(microversionHeaders(request.microversion, range));
  });
}
