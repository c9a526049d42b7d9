# Zuul's zuul_return action, run on the executor: merges `data` into the build's result file
# (zuul.executor.result_data_file), which the executor reads when the build ends (artifacts, child job vars …).
from __future__ import annotations

import fcntl
import json
import os

from ansible.plugins.action import ActionBase


def merge(into, data):
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            merge(into[key], value)
        else:
            into[key] = value


class ActionModule(ActionBase):
    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        data = self._task.args.get("data") or {}
        path = self._task.args.get("file")
        if not path:
            path = task_vars.get("zuul", {}).get("executor", {}).get("result_data_file")
        if not path:
            return {"failed": True, "msg": "zuul_return: no result_data_file in zuul.executor"}
        if not isinstance(data, dict):
            return {"failed": True, "msg": "zuul_return: data must be a mapping"}
        with open(path, "a+") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            f.seek(0)
            text = f.read()
            current = json.loads(text) if text.strip() else {}
            merge(current, data)
            f.seek(0)
            f.truncate()
            json.dump(current, f)
        result["changed"] = False
        return result
