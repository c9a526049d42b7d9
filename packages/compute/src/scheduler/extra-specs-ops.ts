// Nova's extra_specs_ops.match: how a flavor extra spec requirement ("<in> ssd", ">= 4", "s== x", "<or> a <or> b")
// is compared with a host or aggregate value.

const OPS: Record<string, (value: string, operands: string[]) => boolean> = {
  '=': (v, [y]) => num(v) >= num(y),
  '==': (v, [y]) => num(v) === num(y),
  '!=': (v, [y]) => num(v) !== num(y),
  '>=': (v, [y]) => num(v) >= num(y),
  '<=': (v, [y]) => num(v) <= num(y),
  '<in>': (v, [y]) => y !== undefined && v.includes(y),
  '<all-in>': (v, ys) => ys.every((y) => v.includes(y)),
  's==': (v, [y]) => v === y,
  's!=': (v, [y]) => v !== y,
  's<': (v, [y]) => y !== undefined && v < y,
  's<=': (v, [y]) => y !== undefined && v <= y,
  's>': (v, [y]) => y !== undefined && v > y,
  's>=': (v, [y]) => y !== undefined && v >= y,
};

function num(text: string | undefined): number {
  // Python's float() raises on garbage and Nova's match answers False then; NaN compares false the same way.
  return text === undefined || text.trim() === '' ? Number.NaN : Number(text);
}

/** Whether `value` satisfies the requirement `req` (no operator: plain string equality). */
export function matchExtraSpec(value: string | undefined, req: string): boolean {
  const words = req.split(/\s+/).filter(Boolean);
  const op = words.shift();
  if (op === undefined || (op !== '<or>' && !(op in OPS))) return value === req;
  if (value === undefined) return false;
  if (op === '<or>') {
    // "<or> v1 <or> v2 <or> v3": every other word is a candidate.
    for (let i = 0; i < words.length; i += 2) if (words[i] === value) return true;
    return false;
  }
  if (words.length === 0) return false;
  return OPS[op]!(value, op === '<all-in>' ? words : [words[0]!]);
}
