#!/usr/bin/env python3
"""Reads a built site's feed.xml as feed readers do (feedparser, the
parser behind many of them) and checks what subscribers rely on.

Usage: check-feed.py SITE_DIR
Prints one line per problem and exits 1 if there is any; prints a summary
and exits 0 otherwise.
"""
import os
import sys
import urllib.parse
import xml.etree.ElementTree as ET

import feedparser

site = sys.argv[1]
problems = []
feed = feedparser.parse(os.path.join(site, "feed.xml"))
if feed.bozo:
    problems.append(f"feedparser: not well-formed: {feed.bozo_exception!r}")
if feed.version != "atom10":
    problems.append(f"feedparser: read as {feed.version!r}, not Atom 1.0")
for key in ("id", "title", "updated"):
    if not feed.feed.get(key):
        problems.append(f"feed: no {key}")
if not feed.feed.get("updated_parsed"):
    problems.append("feed: `updated` is not a date readers understand")
rels = {link.get("rel"): link.get("href") for link in feed.feed.get("links", [])}
for rel in ("self", "alternate"):
    href = rels.get(rel, "")
    if not href.startswith(("https://", "http://")):
        problems.append(f"feed: no absolute {rel} link ({href!r})")
if not feed.entries:
    problems.append("feed: no entry")

base = None
ids = set()
for entry in feed.entries:
    name = entry.get("title", "?")
    for key in ("id", "title", "updated", "published", "summary"):
        if not entry.get(key):
            problems.append(f"{name}: no {key}")
    if not entry.get("updated_parsed") or not entry.get("published_parsed"):
        problems.append(f"{name}: dates readers cannot read")
    if entry.get("id") in ids:
        problems.append(f"{name}: id {entry.get('id')!r} used twice")
    ids.add(entry.get("id"))
    content = entry.get("content", [])
    if not content or content[0].get("type") != "text/html" or len(content[0].get("value", "")) < 200:
        problems.append(f"{name}: no HTML content")
    elif "<script" in content[0]["value"].lower():
        problems.append(f"{name}: a script in the content")
    alternate = [l for l in entry.get("links", []) if l.get("rel") == "alternate"]
    enclosures = [l for l in entry.get("links", []) if l.get("rel") == "enclosure"]
    if len(alternate) != 1 or not alternate[0]["href"].startswith(("https://", "http://")):
        problems.append(f"{name}: no absolute alternate link")
    if len(enclosures) != 1:
        problems.append(f"{name}: {len(enclosures)} enclosures, not 1")
        continue
    enclosure = enclosures[0]
    if enclosure.get("type") != "application/pdf":
        problems.append(f"{name}: enclosure type {enclosure.get('type')!r}")
    path = urllib.parse.urlparse(enclosure["href"]).path
    file = os.path.join(site, os.path.basename(path))
    if not os.path.isfile(file):
        problems.append(f"{name}: the enclosure {enclosure['href']} is not a file of the site")
    elif int(enclosure.get("length", -1)) != os.path.getsize(file):
        problems.append(
            f"{name}: enclosure length {enclosure.get('length')} but the PDF has {os.path.getsize(file)} bytes"
        )

# The sitemap: well-formed, in the sitemaps.org namespace, absolute URLs of
# files that exist.
namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
try:
    urls = [
        loc.text
        for loc in ET.parse(os.path.join(site, "sitemap.xml")).getroot().iter(namespace + "loc")
    ]
except ET.ParseError as error:
    problems.append(f"sitemap: not well-formed: {error}")
    urls = []
if not urls:
    problems.append("sitemap: no URL")
for url in urls:
    if not url.startswith(("https://", "http://")):
        problems.append(f"sitemap: relative URL {url!r}")
    name = os.path.basename(urllib.parse.urlparse(url).path) or "index.html"
    if not os.path.isfile(os.path.join(site, name)):
        problems.append(f"sitemap: {url} is not a file of the site")

for problem in problems:
    print(problem)
if problems:
    sys.exit(1)
print(f"feed.xml: {len(feed.entries)} entries read by feedparser {feedparser.__version__}; sitemap.xml: {len(urls)} URLs")
