"""Peak memory of a process, measured so that the parent's size does not leak into it.

Linux keeps `ru_maxrss` across `exec`: a child forked from a large process (run.py after a
section that held gigabytes) reports the parent's size as its own peak. Two ways around it:

* `hwm_mib()`: the calling process's own peak from `/proc/self/status` (`VmHWM`, which
  belongs to the address space and starts afresh at `exec`);
* `run(argv)`: runs a command through a small Python launcher, so the command is forked from
  a process of a few MiB and its `ru_maxrss` is its own.
"""

import json
import subprocess
import sys
import time

LAUNCHER = (
    "import resource, subprocess, sys, json\n"
    "r = subprocess.run(sys.argv[1:])\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "sys.stderr.write('\\n' + json.dumps({'returncode': r.returncode, 'peak_kib': peak}) + '\\n')\n"
)


def hwm_mib():
    """This process's peak RSS in MiB (VmHWM)."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def run(argv, timeout=None):
    """Runs `argv`; returns (returncode, wall seconds, peak RSS MiB, stdout bytes, stderr text)."""
    start = time.perf_counter()
    r = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, *map(str, argv)], capture_output=True,
                       timeout=timeout)
    seconds = time.perf_counter() - start
    err = r.stderr.decode("utf-8", "replace").rstrip("\n")
    head, _, last = err.rpartition("\n")
    facts = json.loads(last)
    return facts["returncode"], seconds, facts["peak_kib"] / 1024, r.stdout, head
