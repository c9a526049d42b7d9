// Parses a `pragma` item and applies it to the rest of its file (implied branch matchers).
import type { Pragma } from '../model/pragma.js';
import type { ConfigParser } from './config-parser.js';
import { bool, optional, record } from './decoders.js';
import { decodeContext } from './parse-context.js';
import { branchList } from './regex-decoder.js';

const schema = record({ 'implied-branch-matchers': optional(bool), 'implied-branches': optional(branchList) });

/**
 * `- pragma: {…}`. Pragmas are read before anything else in the file and change how its jobs and templates get
 * implied branch matchers; they do not become part of the layout.
 */
export const pragmaParser: ConfigParser<Pragma> = {
  item: 'pragma',
  schema,
  fromYaml(node, ctx, at = node.pos) {
    const conf = schema.decode(node, decodeContext(ctx, 'pragma'));
    if (!conf) return undefined;
    const pragma: Pragma = {
      impliedBranchMatchers: conf['implied-branch-matchers'] ?? null,
      impliedBranches: conf['implied-branches'] ?? null,
      pos: at,
    };
    if (pragma.impliedBranchMatchers !== null) ctx.pragmaImpliedBranchMatchers = pragma.impliedBranchMatchers;
    if (pragma.impliedBranches !== null) ctx.pragmaImpliedBranches = pragma.impliedBranches;
    return pragma;
  },
};
