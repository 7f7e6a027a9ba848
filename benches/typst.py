#!/usr/bin/env python3
"""`solidaire compose releases/n2.toml` (Markdown, HTML and the tagged PDF)
against Typst compiling the same communiqué (benches/typst/n2.typ) to a
PDF/A-2a + PDF/UA-1 file: issue 11, item 7 asks for the first to stay at
least 7 times faster.

Typst comes from PyPI as `typst` (typst-py, Typst's compiler inside a
Python module), installed with `page-validation` into a virtual
environment of its own (~/.cache/solidaire-ci/typst, or --venv); a Typst
process is therefore `python -c "import typst; typst.compile(...)"`, and
its Python startup is measured apart (`python -c "import typst"`) so that
the table gives Typst's time both raw and net of it. Also timed inside
Python processes (five): the first `typst.compile` call of each (cold, but
with Python started and the module loaded) and the calls after it (warm:
Typst memoizes its work across calls, so these redo little of it).

Both processes write into a folder emptied before each run (outside the
time), both use the Liberation Sans of assets/fonts/ and no system font.
Wall time by hyperfine (Debian package `hyperfine`), peak memory by GNU
time (`/usr/bin/time`); the load average is printed before and after,
since the figures mean little on a busy machine (`--max-load` waits for a
quiet one). Then both PDFs go through the `page` validator (profiles `ua1`
and `2a`) and their words are compared, so that the two documents are
known to be the same text.

    benches/typst.py                      # builds the release binary first
    benches/typst.py --bin PATH           # measures another binary
    benches/typst.py --runs 50 --max-load 0.5

Run from anywhere; the binary is built into $CARGO_TARGET_DIR (or target/).
"""

import argparse
import difflib
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = "benches/typst/n2.typ"
# typst-py 0.15.2 embeds Typst 0.15.1; page-validation is the validator
# issue 11 names.
REQUIREMENTS = ["typst==0.15.2", "page-validation==0.11.0"]
# The date, 2020-04-08 at midnight UTC, as solidaire dates the PDF.
TIMESTAMP = 1586304000


def typst_call(output):
    """The Python statement that compiles the communiqué into `output`."""
    return (
        f"typst.compile({SOURCE!r}, output={output!r}, root='.', "
        "font_paths=['assets/fonts'], ignore_system_fonts=True, "
        f"pdf_standards=['a-2a', 'ua-1'], timestamp={TIMESTAMP})"
    )


# In one process: the first call, then `runs` more (argv[1]); wall and CPU
# (all the process's threads) seconds of each, as JSON.
IN_PROCESS = """
import json, sys, time, typst
runs = int(sys.argv[1])
def once():
    wall, cpu = time.perf_counter(), time.process_time()
    {call}
    return time.perf_counter() - wall, time.process_time() - cpu
print(json.dumps({{"first": once(), "warm": [once() for _ in range(runs)]}}))
"""

VALIDATE = """
import json, sys, page
report = {}
for path in sys.argv[1:]:
    for profile in ("ua1", "2a"):
        r = page.validate_pdf(path, profile=profile)
        report[path + " " + profile] = sorted({f.rule_id for f in r.failures})
print(json.dumps(report))
"""


def run(command, **kwargs):
    return subprocess.run(command, cwd=ROOT, check=True, **kwargs)


def ensure_venv(venv):
    python = os.path.join(venv, "bin", "python")
    probe = [python, "-c", "import typst, page"]
    if os.path.exists(python) and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    print(f"installing {' '.join(REQUIREMENTS)} into {venv}", file=sys.stderr)
    run([sys.executable, "-m", "venv", venv])
    run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *REQUIREMENTS])
    return python


def build():
    run(["cargo", "build", "--release", "--quiet"])
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "solidaire")


def load():
    return "load average %.2f %.2f %.2f" % os.getloadavg()


def wait_for_quiet(max_load, patience):
    deadline = time.monotonic() + patience
    while os.getloadavg()[0] > max_load and time.monotonic() < deadline:
        time.sleep(15)
    if os.getloadavg()[0] > max_load:
        print(f"the load stayed above {max_load}: measuring anyway", file=sys.stderr)


def hyperfine(command, prepare, runs, warmup, scratch):
    """Seconds of wall time of `command` (a list), each run, and the mean CPU
    time (user + system). `prepare` (a command line, or None) runs before
    each run, outside the time."""
    export = os.path.join(scratch, "hyperfine.json")
    options = ["--prepare", prepare] if prepare else []
    run(
        ["hyperfine", "-N", "--style", "basic", "--warmup", str(warmup), "--runs", str(runs),
         *options, "--export-json", export, shlex.join(command)],
        stdout=sys.stderr,
    )
    with open(export) as f:
        result = json.load(f)["results"][0]
    return Times(result["times"], result["user"] + result["system"])


class Times:
    """Wall times in seconds, and the mean CPU time when known."""

    def __init__(self, walls, cpu=None):
        self.walls, self.cpu = walls, cpu
        self.mean, self.median, self.min = statistics.mean(walls), statistics.median(walls), min(walls)
        self.stddev = statistics.stdev(walls) if len(walls) > 1 else None

    def minus(self, other):
        """These times less `other`'s, statistic by statistic (not run by run)."""
        net = Times([self.median - other.median])
        net.mean, net.min = self.mean - other.mean, self.min - other.min
        net.cpu = self.cpu - other.cpu if self.cpu and other.cpu else None
        return net


def peak_memory(command, prepare, times=5):
    """Peak resident memory in KiB (GNU time's %M), the median of `times` runs."""
    peaks = []
    for _ in range(times):
        if prepare:
            run(shlex.split(prepare))
        done = run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True)
        peaks.append(int(done.stderr.strip().splitlines()[-1]))
    return statistics.median(peaks)


def words(pdf):
    """The words of a PDF, a word hyphenated at a line end joined again
    (Typst's hyphen reads back as a soft hyphen, ours as `-`)."""
    text = run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    text = re.sub(r"(\w)[\u00ad-]\n(\w)", r"\1\2", text)
    return text.split()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", help="the solidaire binary (default: build the release one)")
    parser.add_argument("--venv", default=os.path.expanduser("~/.cache/solidaire-ci/typst"))
    parser.add_argument("--runs", type=int, default=30, help="hyperfine runs per command (30)")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--max-load", type=float, help="first wait until the 1-minute load is below this")
    parser.add_argument("--patience", type=float, default=600, help="the longest wait, in seconds")
    args = parser.parse_args()

    python = ensure_venv(args.venv)
    binary = os.path.abspath(args.bin) if args.bin else build()
    scratch = tempfile.mkdtemp(prefix="solidaire-typst-")
    try:
        ours_dir = os.path.join(scratch, "out")
        typst_pdf = os.path.join(scratch, "typst", "n2.pdf")
        os.makedirs(os.path.dirname(typst_pdf))
        compose = [binary, "compose", "releases/n2.toml", "--out-dir", ours_dir]
        typst_process = [python, "-c", "import typst; " + typst_call(typst_pdf)]
        baseline = [python, "-c", "import typst"]
        startup = [binary, "--version"]
        timing = (args.runs, args.warmup, scratch)
        # `compose` creates its folder; Typst writes a new file each time.
        clear_ours, clear_typst = f"rm -rf {ours_dir}", f"rm -f {typst_pdf}"

        if args.max_load is not None:
            wait_for_quiet(args.max_load, args.patience)
        load_before = load()
        print(f"before: {load_before}", file=sys.stderr)
        rows = [
            ("solidaire compose (md, html, pdf)", hyperfine(compose, clear_ours, *timing),
             peak_memory(compose, clear_ours)),
            ("solidaire --version (startup)", hyperfine(startup, None, *timing), peak_memory(startup, None)),
            ("typst a-2a+ua-1, Python process", hyperfine(typst_process, clear_typst, *timing),
             peak_memory(typst_process, clear_typst)),
            ("python -c 'import typst' (startup)", hyperfine(baseline, None, *timing),
             peak_memory(baseline, None)),
        ]
        # Several processes, for the first call's sake; the later calls pooled.
        first, warm = [], []
        for _ in range(5):
            calls = json.loads(
                run([python, "-c", IN_PROCESS.format(call=typst_call(typst_pdf)), str(args.runs)],
                    capture_output=True, text=True).stdout
            )
            first.append(calls["first"])
            warm.extend(calls["warm"])
        load_after = load()

        # The documents of the last runs: validated, and compared word by word.
        ours_pdf = os.path.join(ours_dir, "n2.pdf")
        failures = json.loads(
            run([python, "-c", VALIDATE, ours_pdf, typst_pdf], capture_output=True, text=True).stdout
        )
        same = None
        if shutil.which("pdftotext"):
            same = difflib.SequenceMatcher(None, words(ours_pdf), words(typst_pdf), autojunk=False).ratio()
    finally:
        shutil.rmtree(scratch)

    ours, typst, python_startup = rows[0][1], rows[2][1], rows[3][1]
    in_process = lambda calls: Times([w for w, _ in calls], statistics.mean(c for _, c in calls))  # noqa: E731
    rows += [
        ("typst, net of Python's startup", typst.minus(python_startup), None),
        ("typst in-process, first call (5×)", in_process(first), None),
        (f"typst in-process, next calls ({len(warm)}×)", in_process(warm), None),
    ]
    print(f"\nbefore: {load_before}; after: {load_after}; {os.cpu_count()} cores")
    print(f"{'':40} {'mean ms':>8} {'± σ':>6} {'median':>7} {'min':>7} {'cpu ms':>7} {'peak MiB':>9}")
    for name, times, peak in rows:
        cells = [times.mean, times.stddev, times.median, times.min, times.cpu]
        print(f"{name:40} " + " ".join(
            f"{'' if value is None else f'{value * 1000:.1f}':>{width}}"
            for value, width in zip(cells, (8, 6, 7, 7, 7))
        ) + ("" if peak is None else f" {peak / 1024:9.1f}"))
    print("\nsolidaire (whole process) is this many times faster than (medians;")
    print("issue 11, item 7, asks for at least 7 against the whole process):")
    for name, theirs, _ in rows[2:3] + rows[4:]:
        print(f"  {name:40} {theirs.median / ours.median:5.1f}×")
    print("\nvalidator (page, profiles ua1 and 2a):")
    for key, rules in failures.items():
        who = "solidaire" if key.startswith(ours_pdf) else "typst"
        print(f"  {who:9} {key.rsplit(' ', 1)[1]:3} " + ("passes" if not rules else "fails " + ", ".join(rules)))
    if same is not None:
        print(f"same words (pdftotext, solidaire's PDF against Typst's): {same:.1%}")


if __name__ == "__main__":
    main()
