// Parsers of the filter parameters GET /resource_providers and GET /allocation_candidates share (placement/util.py).
import { BadRequest, type Microversion } from '@nubo/core';
import { isUuidLike } from './schemas/common.js';

/** `VCPU:2,MEMORY_MB:1024` → class → amount. */
export function parseResources(value: string): Map<string, number> {
  const form = '?resources=VCPU:2,MEMORY_MB:1024';
  if (value.trim() === '') {
    throw new BadRequest(
      `Badly formed resources parameter. Expected resources query string parameter in form: ${form}. Got: empty string.`,
    );
  }
  const out = new Map<string, number>();
  for (const item of value.split(',')) {
    const parts = item.split(':');
    if (parts.length !== 2) {
      throw new BadRequest(
        `Badly formed resources parameter. Expected resources query string parameter in form: ${form}. Got: ${item}.`,
      );
    }
    const [name, text] = parts as [string, string];
    if (!/^\s*[+-]?\d+\s*$/.test(text)) {
      throw new BadRequest(`Requested resource ${name} expected positive integer amount. Got: ${text}.`);
    }
    const amount = Number.parseInt(text, 10);
    if (amount < 1) throw new BadRequest(`Requested resource ${name} requires amount >= 1. Got: ${amount}.`);
    out.set(name, amount);
  }
  return out;
}

/** Required traits as any-of sets (AND'd together), and forbidden traits. */
export interface TraitFilter {
  required: Set<string>[];
  forbidden: Set<string>;
}

/**
 * The values of `required<suffix>`: `A,!B` (forbidden traits from 1.22) or `in:A,B` (any of, from 1.39, which
 * also lets the parameter repeat; before 1.39 only its last value counts).
 */
export function parseRequired(
  values: string[],
  version: Microversion,
  options: { allowForbidden?: boolean; allowAny?: boolean } = {},
): TraitFilter {
  const allowForbidden = options.allowForbidden ?? version.atLeast('1.22');
  const allowAny = options.allowAny ?? version.atLeast('1.39');
  const out: TraitFilter = { required: [], forbidden: new Set() };
  for (const value of allowAny ? values : values.slice(-1)) {
    if (value.startsWith('in:')) {
      if (!allowAny) {
        throw new BadRequest(
          `Invalid query string parameters: The format 'in:HW_CPU_X86_VMX,CUSTOM_MAGIC' only supported since ` +
            `microversion 1.39. Got: ${value}`,
        );
      }
      const any = new Set(
        value
          .slice(3)
          .split(',')
          .map((t) => t.trim()),
      );
      if ([...any].some((t) => t === '')) {
        throw new BadRequest(
          `Invalid query string parameters: Expected 'required' parameter value of the form: ` +
            `in:HW_CPU_X86_VMX,CUSTOM_MAGIC. Got an empty trait in: ${value}`,
        );
      }
      if ([...any].some((t) => t.startsWith('!'))) {
        throw new BadRequest(
          `Invalid query string parameters: The format 'in:HW_CPU_X86_VMX,CUSTOM_MAGIC' does not support ` +
            `forbidden traits. Got: ${value}`,
        );
      }
      out.required.push(any);
      continue;
    }
    const traits = value.split(',').map((t) => t.trim());
    // Placement strips every leading '!' (so '!!A' is A forbidden): a known quirk kept for compatibility.
    const forbidden = traits.filter((t) => t.startsWith('!')).map((t) => t.replace(/^!+/, ''));
    if ([...traits, ...forbidden].some((t) => t === '')) {
      const form = allowForbidden ? 'HW_CPU_X86_VMX,!CUSTOM_MAGIC' : 'HW_CPU_X86_VMX,CUSTOM_MAGIC';
      throw new BadRequest(
        `Invalid query string parameters: Expected 'required' parameter value of the form: ${form}. ` +
          `Got an empty trait in: ${value}`,
      );
    }
    if (forbidden.length > 0 && !allowForbidden) {
      throw new BadRequest(
        `Invalid query string parameters: Expected 'required' parameter value of the form: ` +
          `HW_CPU_X86_VMX,CUSTOM_MAGIC. Got: ${value}`,
      );
    }
    for (const t of traits) if (!t.startsWith('!')) out.required.push(new Set([t]));
    for (const t of forbidden) out.forbidden.add(t);
  }
  return out;
}

/** Required aggregates as any-of sets (AND'd together), and forbidden aggregates. */
export interface AggregateFilter {
  memberOf: Set<string>[];
  forbidden: Set<string>;
}

/**
 * The values of `member_of<suffix>`: a uuid, `in:a,b`, and from 1.32 `!a` or `!in:a,b`. Repeating the parameter
 * (AND) is allowed from 1.24.
 */
export function parseMemberOf(values: string[], version: Microversion, suffix = ''): AggregateFilter {
  if (!version.atLeast('1.24') && values.length > 1) {
    throw new BadRequest(`Multiple member_of${suffix} parameters are not supported`);
  }
  const out: AggregateFilter = { memberOf: [], forbidden: new Set() };
  for (const value of values) {
    if (value.includes(',') && !value.startsWith('in:') && !value.startsWith('!in:')) {
      throw new BadRequest(
        `Multiple values for 'member_of' must be prefixed with the 'in:' or '!in:' keyword using the valid ` +
          `microversion. Got: ${value}`,
      );
    }
    let required: string[] = [];
    let forbidden: string[] = [];
    if (value.startsWith('!in:')) forbidden = value.slice(4).split(',');
    else if (value.startsWith('!')) forbidden = [value.slice(1)];
    else if (value.startsWith('in:')) required = value.slice(3).split(',');
    else required = [value];
    for (const uuid of [...required, ...forbidden]) {
      if (!isUuidLike(uuid)) {
        throw new BadRequest(
          `Invalid query string parameters: Expected 'member_of' parameter to contain valid UUID(s). Got: ${uuid}`,
        );
      }
    }
    if (required.length > 0) out.memberOf.push(new Set(required));
    if (forbidden.length > 0) {
      if (!version.atLeast('1.32')) {
        throw new BadRequest(`Forbidden member_of${suffix} parameters are not supported in the specified microversion`);
      }
      for (const uuid of forbidden) out.forbidden.add(uuid);
    }
  }
  return out;
}

/** The value of `in_tree<suffix>`: a provider uuid. */
export function parseInTree(value: string): string {
  const uuid = value.trim();
  if (!isUuidLike(uuid)) {
    throw new BadRequest(
      `Invalid query string parameters: Expected 'in_tree' parameter to be a format of uuid. Got: ${value}`,
    );
  }
  return uuid;
}
