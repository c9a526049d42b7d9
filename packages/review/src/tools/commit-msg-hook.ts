// The commit-msg hook served at /tools/hooks/commit-msg: it adds a Change-Id footer to every new commit message.

/**
 * A POSIX shell hook (nubo's own, with the behaviour of Gerrit's): skips messages that already carry a Change-Id
 * or have no text, and otherwise appends `Change-Id: I<sha1>` to the footer with git interpret-trailers. The id
 * hashes the tree, the parent, both identities, the message and the time, so two commits never share one.
 * `git config gerrit.createChangeId false` turns it off.
 */
export const COMMIT_MSG_HOOK = `#!/bin/sh
# commit-msg hook from nubo's review service: adds a Change-Id footer to the commit message.
# Install: f="$(git rev-parse --git-dir)/hooks/commit-msg"; curl -o "$f" <server>/review/tools/hooks/commit-msg; chmod +x "$f"
set -e

msg="$1"
if test -z "$msg" || ! test -f "$msg"; then
  echo "usage: $0 <commit message file>" >&2
  exit 1
fi

if test "$(git config --type=bool --get gerrit.createChangeId || true)" = "false"; then
  exit 0
fi

# Nothing but comments and blank lines: git aborts such a commit anyway.
if ! grep -v '^#' "$msg" | grep -q '[^[:space:]]'; then
  exit 0
fi

# Keep an existing Change-Id (amending keeps the change).
if git interpret-trailers --parse < "$msg" | grep -qi '^Change-Id:'; then
  exit 0
fi

id=$({
  git write-tree 2>/dev/null || true
  git rev-parse HEAD 2>/dev/null || true
  git var GIT_AUTHOR_IDENT 2>/dev/null || true
  git var GIT_COMMITTER_IDENT 2>/dev/null || true
  date +%s%N 2>/dev/null || date +%s
  cat "$msg"
} | git hash-object --stdin | cut -c1-40)

git interpret-trailers --in-place --if-exists doNothing --trailer "Change-Id: I$id" "$msg"
`;
