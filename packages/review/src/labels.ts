// The labels a change is voted on (Code-Review, Verified, Workflow), who may vote what, and the submit rule.

/** A label as Gerrit's project.config `[label "…"]` section defines it. */
export interface LabelDefinition {
  name: string;
  /** Allowed values and what each means (Gerrit's `value =` lines). */
  values: ReadonlyMap<number, string>;
  min: number;
  max: number;
  /** The policy rule a vote of this value needs. */
  rule(value: number): string;
  /** Votes carried to a new patch set (Gerrit's copyCondition): MIN votes, and votes on identical patch sets. */
  copyCondition: { min: boolean; kinds: readonly string[] };
  /** The submit requirement over this label, in Gerrit's query syntax (shown in SubmitRequirementResultInfo). */
  requirement: string;
}

function values(entries: [number, string][]): ReadonlyMap<number, string> {
  return new Map(entries);
}

/*
 * Code-Review is Gerrit's default label (−2..+2, MaxWithBlock); Verified and Workflow are OpenStack's (Verified
 * −2..+2 set by CI, Workflow −1 "work in progress" … +1 "approved"). Submitting needs Code-Review +2, Verified +1 or
 * more and Workflow +1, and no blocking vote (Code-Review −2, Verified −2, Workflow −1).
 */
export const LABELS: readonly LabelDefinition[] = [
  {
    name: 'Code-Review',
    values: values([
      [-2, 'This shall not be submitted'],
      [-1, 'I would prefer this is not submitted as is'],
      [0, 'No score'],
      [1, 'Looks good to me, but someone else must approve'],
      [2, 'Looks good to me, approved'],
    ]),
    min: -2,
    max: 2,
    rule: (value) => (Math.abs(value) >= 2 ? 'review:vote_code_review_binding' : 'review:vote_code_review'),
    copyCondition: { min: true, kinds: ['NO_CHANGE', 'NO_CODE_CHANGE', 'TRIVIAL_REBASE'] },
    requirement: 'label:Code-Review=MAX AND -label:Code-Review=MIN',
  },
  {
    name: 'Verified',
    values: values([
      [-2, 'Fails'],
      [-1, "Doesn't seem to work"],
      [0, 'No score'],
      [1, 'Works for me'],
      [2, 'Verified'],
    ]),
    min: -2,
    max: 2,
    rule: () => 'review:vote_verified',
    copyCondition: { min: false, kinds: ['NO_CHANGE'] },
    requirement: 'label:Verified>=1 AND -label:Verified=MIN',
  },
  {
    name: 'Workflow',
    values: values([
      [-1, 'Work in progress'],
      [0, 'Ready for reviews'],
      [1, 'Approved'],
    ]),
    min: -1,
    max: 1,
    rule: () => 'review:vote_workflow',
    copyCondition: { min: true, kinds: ['NO_CHANGE'] },
    requirement: 'label:Workflow=MAX AND -label:Workflow=MIN',
  },
];

/** The label of that name; Gerrit matches label names without regard to case. */
export function labelNamed(name: string): LabelDefinition | undefined {
  const lower = name.toLowerCase();
  return LABELS.find((l) => l.name.toLowerCase() === lower);
}

/** The label text Gerrit shows for a value: `+2`, `-1`, ` 0`. */
export function formatValue(value: number): string {
  return value > 0 ? `+${value}` : value === 0 ? ' 0' : String(value);
}

/** One vote on the current patch set. */
export interface Vote {
  label: string;
  accountId: number;
  value: number;
}

/** One submit requirement's outcome. */
export interface RequirementResult {
  name: string;
  satisfied: boolean;
  expression: string;
}

/** Whether the votes satisfy a label's requirement. */
function satisfies(label: LabelDefinition, votes: Vote[]): boolean {
  const mine = votes.filter((v) => v.label === label.name).map((v) => v.value);
  if (mine.includes(label.min)) return false;
  if (label.name === 'Verified') return mine.some((v) => v >= 1);
  return mine.includes(label.max);
}

/** Every label's requirement over the current patch set's votes, in label order. */
export function submitRequirements(votes: Vote[]): RequirementResult[] {
  return LABELS.map((label) => ({
    name: label.name,
    satisfied: satisfies(label, votes),
    expression: label.requirement,
  }));
}
