#!/usr/bin/env python3
"""Validates PDF files against PDF/UA-1 and PDF/A-2a with `page`
(page-validation on PyPI, a Rust implementation of the veraPDF rules).

    validate.py FILE.pdf...

Prints one line per file and profile, then each failed rule; exits 1 if any
rule fails, 2 if the validator is missing.
"""

import sys

try:
    import page
except ImportError:
    print("error: the `page` module (pip install page-validation) is missing", file=sys.stderr)
    sys.exit(2)

PROFILES = ("ua1", "2a")

failed = False
for path in sys.argv[1:]:
    for profile in PROFILES:
        report = page.validate_pdf(path, profile=profile)
        failures = list(report.failures)
        print(f"{path}: {profile}: {len(failures)} failures, compliant: {report.is_compliant}")
        for failure in failures:
            print(f"  {failure.rule_id}: {failure.message}")
        if failures or not report.is_compliant:
            failed = True
sys.exit(1 if failed else 0)
