// Commit message footers as Gerrit (JGit's FooterLine) and Zuul read them: Change-Id and Depends-On.

/** One `Key: value` line of a message's footer paragraph. */
export interface Footer {
  key: string;
  value: string;
}

/** Gerrit's Change-Id: `I` and the 40 hex digits of a SHA-1. */
export const CHANGE_ID = /^I[0-9a-f]{40}$/;

/**
 * The footer lines: the last paragraph's `Key: value` lines (a line starting with blanks continues the previous
 * one). A message of one paragraph has no footer — its only paragraph is the subject.
 */
export function parseFooters(message: string): Footer[] {
  const paragraphs = message.replace(/\s+$/, '').split(/\n[ \t]*\n/);
  if (paragraphs.length < 2) return [];
  const footers: Footer[] = [];
  for (const line of paragraphs[paragraphs.length - 1]!.split('\n')) {
    const match = /^([A-Za-z0-9-]+):[ \t]*(.*)$/.exec(line);
    if (match) footers.push({ key: match[1]!, value: match[2]!.trim() });
    else if (/^[ \t]/.test(line) && footers.length > 0) footers[footers.length - 1]!.value += ` ${line.trim()}`;
  }
  return footers;
}

/** Why a commit cannot become a change, in Gerrit's words (CommitValidators.ChangeIdValidator). */
export type ChangeIdProblem =
  | 'missing Change-Id in message footer'
  | 'missing subject; Change-Id must be in message footer'
  | 'Change-Id must be in message footer'
  | 'multiple Change-Id lines in message footer'
  | 'invalid Change-Id line format in message footer';

/** The Change-Id footer of a message, or the problem Gerrit would refuse the commit for. */
export function changeIdOf(message: string): { changeId: string } | { problem: ChangeIdProblem } {
  const ids = parseFooters(message).filter((f) => f.key.toLowerCase() === 'change-id');
  if (ids.length === 0) {
    const subject = message.split('\n', 1)[0] ?? '';
    if (subject.startsWith('Change-Id:') && CHANGE_ID.test(subject.slice('Change-Id:'.length).trim())) {
      return { problem: 'missing subject; Change-Id must be in message footer' };
    }
    if (message.includes('\nChange-Id:')) return { problem: 'Change-Id must be in message footer' };
    return { problem: 'missing Change-Id in message footer' };
  }
  if (ids.length > 1) return { problem: 'multiple Change-Id lines in message footer' };
  const value = ids[0]!.value;
  // Gerrit also refuses EGit's placeholder I000…0.
  if (!CHANGE_ID.test(value) || /^I0+$/.test(value))
    return { problem: 'invalid Change-Id line format in message footer' };
  return { changeId: value };
}

/**
 * The Depends-On lines anywhere in the message, as Zuul reads them (`^Depends-On: (.*?)\s*$`, any case): change
 * URLs or Change-Ids of changes this one needs, possibly in other projects.
 */
export function dependsOnOf(message: string): string[] {
  const found: string[] = [];
  for (const line of message.split('\n')) {
    const match = /^depends-on:[ \t]*(.*?)\s*$/i.exec(line);
    if (match?.[1] && !found.includes(match[1])) found.push(match[1]);
  }
  return found;
}
