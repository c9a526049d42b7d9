# nubo's stdout callback: one plain line per event, in the shape of Zuul's job-output.txt (the executor adds the
# timestamps). Task output is printed line by line, prefixed with the host, so that the console reads like Zuul's.
from __future__ import annotations

import json
import os
import sys
import threading
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: nubo_console
type: stdout
short_description: line-oriented console output for the nubo gate
description: Prints plays, tasks, per-host results and the recap as single lines.
"""

QUIET_KEYS = {
    "changed", "cmd", "delta", "end", "start", "rc", "stdout", "stdout_lines", "stderr", "stderr_lines",
    "invocation", "_ansible_no_log", "_ansible_verbose_always", "_ansible_verbose_override", "msg",
    "skip_reason", "failed", "skipped", "results", "zuul", "ansible_facts", "warnings", "deprecations",
    "_ansible_item_label", "ansible_loop_var", "item", "diff", "unreachable",
}


LOCK = threading.Lock()


def out(text: str) -> None:
    with LOCK:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()


class Follower(threading.Thread):
    """Follows the per-host output files of a streamed task (nubo's script shorthand on local nodes) while it runs.

    The task writes `<dir>/<host>.log`; each complete line is printed as `host | line` as soon as it is there, and a
    host's file is drained when its result arrives, so its output always comes before its status line.
    """

    def __init__(self, directory):
        super().__init__(daemon=True)
        self.directory = directory
        self.offsets = {}
        self.partial = {}
        self.finished = set()
        self.stopping = threading.Event()
        self.mutex = threading.Lock()

    def _read(self, host, final):
        path = os.path.join(self.directory, host + ".log")
        try:
            with open(path, "rb") as f:
                f.seek(self.offsets.get(host, 0))
                data = f.read()
        except FileNotFoundError:
            data = b""
        self.offsets[host] = self.offsets.get(host, 0) + len(data)
        lines = (self.partial.get(host, b"") + data).split(b"\n")
        self.partial[host] = lines.pop()
        if final and self.partial[host]:
            lines.append(self.partial[host])
            self.partial[host] = b""
        for line in lines:
            out("%s | %s" % (host, line.decode("utf-8", "replace")))

    def drain(self, host):
        with self.mutex:
            if host not in self.finished:
                self._read(host, True)
                self.finished.add(host)

    def run(self):
        while not self.stopping.is_set():
            with self.mutex:
                try:
                    names = os.listdir(self.directory)
                except FileNotFoundError:
                    names = []
                for name in names:
                    host = name[: -len(".log")]
                    if name.endswith(".log") and host not in self.finished:
                        self._read(host, False)
            time.sleep(0.1)

    def stop(self):
        self.stopping.set()
        self.join(1)


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "stdout"
    CALLBACK_NAME = "nubo_console"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.follower = None

    def _stop_follower(self):
        if self.follower:
            self.follower.stop()
            self.follower = None

    def v2_playbook_on_start(self, playbook):
        pass

    def v2_playbook_on_play_start(self, play):
        out("")
        out("PLAY [%s]" % play.get_name().strip())

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._stop_follower()
        out("")
        out("TASK [%s]" % task.get_name().strip())
        directory = (task.vars or {}).get("nubo_console_log")
        if directory:
            self.follower = Follower(directory)
            self.follower.start()

    def v2_playbook_on_handler_task_start(self, task):
        out("")
        out("RUNNING HANDLER [%s]" % task.get_name().strip())

    def _lines(self, host, result):
        for key in ("stdout_lines", "stderr_lines"):
            for line in result.get(key) or []:
                out("%s | %s" % (host, line))
        if not result.get("stdout_lines") and isinstance(result.get("stdout"), str) and result["stdout"]:
            for line in result["stdout"].splitlines():
                out("%s | %s" % (host, line))
        msg = result.get("msg")
        if msg:
            text = msg if isinstance(msg, str) else json.dumps(msg, default=str)
            for line in text.splitlines():
                out("%s | %s" % (host, line))
        extra = {k: v for k, v in result.items() if k not in QUIET_KEYS and not k.startswith("_ansible")}
        if extra:
            for line in json.dumps(extra, indent=2, sort_keys=True, default=str).splitlines():
                out("%s | %s" % (host, line))

    def _status(self, host, result, status):
        detail = ""
        if result.get("delta"):
            detail = " Runtime: %s" % result["delta"]
        if "rc" in result and result.get("rc") not in (0, None):
            detail += " (rc=%s)" % result["rc"]
        out("%s | %s%s" % (host, status, ":" + detail if detail else ""))

    def _report(self, res, status):
        host = res._host.get_name()
        if self.follower:
            self.follower.drain(host)
        result = res._result
        if res._task.loop and "results" in result:
            for item in result["results"]:
                label = item.get("_ansible_item_label", item.get("item"))
                self._lines(host, item)
                out("%s | %s: Item: %s" % (host, "failed" if item.get("failed") else "ok", label))
        else:
            self._lines(host, result)
        self._status(host, result, status)

    def v2_runner_on_ok(self, result):
        self._report(result, "changed" if result._result.get("changed") else "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._report(result, "FAILED (ignored)" if ignore_errors else "FAILED")

    def v2_runner_on_unreachable(self, result):
        self._report(result, "UNREACHABLE")

    def v2_runner_on_skipped(self, result):
        out("%s | skipping: Conditional result was False" % result._host.get_name())

    def v2_runner_on_async_failed(self, result):
        self._report(result, "FAILED")

    def v2_playbook_on_no_hosts_matched(self):
        out("skipping: no hosts matched")

    def v2_playbook_on_stats(self, stats):
        self._stop_follower()
        out("")
        out("PLAY RECAP")
        for host in sorted(stats.processed.keys()):
            s = stats.summarize(host)
            out(
                "%s | ok: %d changed: %d unreachable: %d failed: %d skipped: %d rescued: %d ignored: %d"
                % (host, s["ok"], s["changed"], s["unreachable"], s["failures"], s["skipped"], s["rescued"],
                   s["ignored"])
            )
        out("")

    def v2_on_any(self, *args, **kwargs):
        pass
