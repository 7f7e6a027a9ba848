#!/usr/bin/env python3
"""Pathological issue files, each composed by the release binary: wall time
and peak memory (GNU time), exit code and the size of the PDF written.

Every stage of `solidaire compose` should be linear (or n log n) in the
input's size: on these inputs, the target is at most 1 s and 200 MiB each,
or a refusal (exit 65) that points at the line and column of the limit
(README.md, « Limits »: more than 20,000 links in an issue is refused).
`cpu` is user + system time: on a machine shared with other work, the
wall time can be several times longer.

    benches/pathological.py                # builds the release binary first
    benches/pathological.py --bin PATH     # measures another binary
    benches/pathological.py --only url     # the inputs whose name holds `url`
    benches/pathological.py --keep DIR     # keeps the inputs and outputs

Needs python3 and GNU time (`/usr/bin/time`). A run is stopped after
`--timeout` seconds (60 by default) and reported as such.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SERIES = """title = "Covid-19 : le Pas-de-Calais solidaire"
place = "Arras"
issuer = "Préfet du Pas-de-Calais"
label = "Communiqué de presse"
"""

# A sentence of ordinary French, with the typography the tool rewrites.
SENTENCE = (
    "Tous les jours, de très nombreuses initiatives individuelles et "
    "collectives témoignent du fait que les valeurs civiques sont "
    "profondément enracinées dans le territoire : 1 000 masques, "
    "l'association \"Avenir\" et 50 000 litres... "
)


def issue(preamble, sections="", closing="Merci à toutes et à tous."):
    """An issue file around `preamble` (a TOML literal string's content)."""
    if not sections:
        sections = '[[sections]]\ntitle = "Une section"\nintro = "Un texte."\n'
    return (
        "number = 2\ndate = 2020-04-08\n\n"
        f"preamble = '''\n{preamble}'''\n\n{sections}\n"
        f"[closing]\ntext = '''{closing}'''\n"
    )


def long_word(size):
    return issue("Avant " + "a" * size + " après.\n")


def long_url(size):
    return issue("Voir https://example.fr/" + "a" * size + " pour tout.\n")


def unmatched_openers(count, opener):
    return issue(f"{opener}a " * count + "\n")


def bare_addresses(count, distinct):
    words = (f"www.site{i if distinct else ''}.fr" for i in range(count))
    return issue(" ".join(words) + "\n")


def links(count, distinct):
    items = ",\n".join(
        f'  "https://www.site{i if distinct else ""}.fr/page"' for i in range(count)
    )
    section = (
        '[[sections]]\ntitle = "Liens"\n\n[[sections.initiatives]]\n'
        f'text = "Des liens."\nlinks = [\n{items},\n]\n'
    )
    return issue("Un préambule.\n", section)


def initiatives(count):
    one = (
        '[[sections.initiatives]]\nplace = "Harnes"\n'
        'text = """À Harnes, une initiative : www.harnes.fr et contact@harnes.fr."""\n'
        'links = ["https://www.harnes.fr/{i}"]\n'
    )
    section = '[[sections]]\ntitle = "Initiatives"\n' + "".join(
        one.format(i=i) for i in range(count)
    )
    return issue("Un préambule.\n", section)


def initiatives_one_link(count):
    one = (
        '[[sections.initiatives]]\nplace = "Harnes"\n'
        'text = """À Harnes, une initiative solidaire de plus."""\n'
        'links = ["https://www.harnes.fr/{i}"]\n'
    )
    section = '[[sections]]\ntitle = "Initiatives"\n' + "".join(
        one.format(i=i) for i in range(count)
    )
    return issue("Un préambule.\n", section)


def sections(count):
    return issue("Un préambule.\n", "".join(
        f'[[sections]]\ntitle = "Section {i}"\nintro = "Un texte court."\n' for i in range(count)
    ))


def syntax_errors(count):
    return issue("Un préambule.\n") + "oups = \n" * count


def unknown_keys(count):
    return issue("Un préambule.\n") + "".join(f"titel{i} = 1\n" for i in range(count))


def lints(count):
    return issue("A Harnes, une initiative. " * count + "\n")


def paragraphs(size):
    paragraph = SENTENCE * 5 + "\n\n"
    return issue(paragraph * (size // len(paragraph.encode())))


MIB = 1024 * 1024
CASES = [
    ("word-256KB", lambda: long_word(256 * 1024)),
    ("word-1MB", lambda: long_word(1024 * 1024)),
    ("word-1MB-syllables", lambda: issue("Avant " + "anticonstitutionnellement" * 42_000 + ".\n")),
    ("url-16KB", lambda: long_url(16 * 1024)),
    ("url-200KB", lambda: long_url(200 * 1024)),
    ("url-200KB-slashes", lambda: issue("Voir https://example.fr/" + "chemin/" * 29_000 + " .\n")),
    ("url-3.9MB (refused)", lambda: long_url(int(3.9 * MIB))),
    ("url-slashes-400k", lambda: issue("https://x.fr/" + "a/" * 400_000 + "\n")),
    ("url-parentheses-500k", lambda: issue("https://x.fr/" + "(" * 500_000 + "\n")),
    ("www-500k", lambda: issue("www." * 500_000 + "fr\n")),
    ("http-300k", lambda: issue("http://" * 300_000 + "\n")),
    ("openers-*-100k", lambda: unmatched_openers(100_000, "*")),
    ("openers-**-100k", lambda: unmatched_openers(100_000, "**")),
    ("openers-***-100k", lambda: unmatched_openers(100_000, "***")),
    ("addresses-100k", lambda: bare_addresses(100_000, True)),
    ("addresses-same-100k", lambda: bare_addresses(100_000, False)),
    ("addresses-20k", lambda: bare_addresses(20_000, True)),
    ("links-50k", lambda: links(50_000, True)),
    ("links-duplicate-50k", lambda: links(50_000, False)),
    ("links-20k", lambda: links(20_000, True)),
    ("initiatives-10k", lambda: initiatives(10_000)),
    ("initiatives-10k-1link", lambda: initiatives_one_link(10_000)),
    ("sections-10k", lambda: sections(10_000)),
    ("syntax-errors-100k", lambda: syntax_errors(100_000)),
    ("unknown-keys-100k", lambda: unknown_keys(100_000)),
    ("lints-100k", lambda: lints(100_000)),
    ("styled-runs-900k", lambda: issue("**a** b " * 450_000 + "\n")),
    ("styled-runs-100k", lambda: issue("**a** b " * 100_000 + "\n")),
    ("paragraphs-3.9MiB", lambda: paragraphs(int(3.9 * MIB))),
    ("one-paragraph-3.9MiB", lambda: issue(SENTENCE * (int(3.9 * MIB) // len(SENTENCE.encode())) + "\n")),
    ("glyphs-missing-20k", lambda: issue("".join(chr(0x4E00 + i) for i in range(20_000)) + "\n")),
]


def run(binary, path, out_dir, timeout):
    command = ["/usr/bin/time", "-f", "%e %U %S %M", binary, "compose", path]
    command += ["--out-dir", out_dir]
    started = time.monotonic()
    try:
        done = subprocess.run(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
            env={**os.environ, "SOURCE_DATE_EPOCH": "0"},
        )
    except subprocess.TimeoutExpired:
        return None, time.monotonic() - started, None, None, b""
    last = done.stderr.rstrip().rsplit(b"\n", 1)[-1].split()
    seconds, cpu, kib = float(last[0]), float(last[1]) + float(last[2]), int(last[3])
    return done.returncode, seconds, cpu, kib, done.stderr


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", help="the binary (default: build the release one)")
    parser.add_argument("--only", help="only the inputs whose name holds this")
    parser.add_argument("--keep", help="a folder to keep the inputs and outputs in")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    binary = args.bin
    if binary is None:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
        binary = os.path.join(target, "release", "solidaire")
    work = args.keep or tempfile.mkdtemp(prefix="solidaire-pathological-")
    os.makedirs(work, exist_ok=True)
    header = (f"{'input':<22}{'size':>9}{'exit':>6}{'wall':>9}{'cpu':>9}{'peak RSS':>11}"
              f"{'PDF':>10}  first message")
    print(header)
    print("-" * len(header))
    try:
        for name, make in CASES:
            if args.only and args.only not in name:
                continue
            folder = os.path.join(work, name)
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, "series.toml"), "w") as file:
                file.write(SERIES)
            path = os.path.join(folder, "issue.toml")
            with open(path, "w") as file:
                file.write(make())
            out_dir = os.path.join(folder, "out")
            shutil.rmtree(out_dir, ignore_errors=True)
            code, seconds, cpu, kib, stderr = run(binary, path, out_dir, args.timeout)
            pdf = os.path.join(out_dir, "issue.pdf")
            pdf_size = human(os.path.getsize(pdf)) if os.path.exists(pdf) else "-"
            # The first error and where it points, else the first warning.
            lines = stderr.decode(errors="replace").replace(work + "/", "").splitlines()
            errors = [i for i, line in enumerate(lines) if line.startswith("error")]
            if errors:
                at = lines[errors[0] + 1].strip() if errors[0] + 1 < len(lines) else ""
                first = f"{lines[errors[0]]} {at}"
            else:
                first = next((line for line in lines if line.startswith("warning")), "")
            size = human(os.path.getsize(path))
            if code is None:
                print(f"{name:<22}{size:>9}{'-':>6}{'>' + format(seconds, '.0f') + ' s':>9}"
                      f"{'-':>9}{'-':>11}{'-':>10}  (stopped after {args.timeout:.0f} s)")
            else:
                print(f"{name:<22}{size:>9}{code:>6}{seconds:>7.2f} s{cpu:>7.2f} s"
                      f"{kib / 1024:>7.0f} MiB{pdf_size:>10}  {first[:100]}")
            sys.stdout.flush()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def human(size):
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024


if __name__ == "__main__":
    main()
