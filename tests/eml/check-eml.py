#!/usr/bin/env python3
"""Parses e-mail messages with Python's `email` package (policy=default),
as a mail client written in Python would, and fails on any defect it
reports in the message or any of its parts.

    check-eml.py FILE.eml...

Prints, for each file, its subject, its parts (type, file name, size) and
its defects; exits 1 if any file has a defect or does not have the three
parts of the e-mail format (text/plain, text/html, application/pdf).
"""

import email
import email.policy
import sys

failed = False
for path in sys.argv[1:]:
    with open(path, "rb") as file:
        message = email.message_from_bytes(file.read(), policy=email.policy.default)
    defects = list(message.defects)
    parts = []
    for part in message.walk():
        defects.extend(part.defects)
        # Python reports a header's defects on the header itself (an
        # encoded word inside quotes, raw 8-bit bytes, a bad address).
        for name, value in part.items():
            defects.extend(f"{name}: {defect!r}" for defect in getattr(value, "defects", ()))
            if name.lower() in ("from", "reply-to", "to", "bcc"):
                for address in value.addresses:
                    print(f"  {name}: {address.display_name!r} <{address.addr_spec}>")
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True) or b""
        parts.append((part.get_content_type(), part.get_filename(), len(payload)))
        if part.get_content_type().startswith("text/"):
            # Decoding the text must work with its declared charset.
            part.get_content()
    print(f"{path}: subject {message['subject']!r}")
    for kind, name, size in parts:
        print(f"  {kind} {name or ''} {size} bytes")
    for defect in defects:
        print(f"  defect: {defect}")
    kinds = [kind for kind, _, _ in parts]
    if defects or kinds != ["text/plain", "text/html", "application/pdf"]:
        failed = True
print("defects found" if failed else "no defect")
sys.exit(1 if failed else 0)
