//! The Atom feed (RFC 4287) and the sitemap: absolute addresses from the
//! site's base, dates from the issues (never the clock), every value
//! escaped by askama's escaper for `.xml` templates.
//!
//! An entry's id is its page's absolute address: stable from run to run
//! and whatever is changed in the issue file, as long as the file keeps
//! its name and the site its address. An entry's content is the
//! communiqué as the page shows it (`type="html"`, so escaped once more
//! as XML text): the same escaped markup and `http:`/`https:`/`mailto:`
//! links as the page, no script, nothing a reader would run.

use askama::Template;

use super::Site;
use super::{Entry, SiteAddress, moment, page_name};
use super::{FEED, INDEX};
use crate::render::{Format, RenderError};

#[derive(Template)]
#[template(path = "feed.xml")]
struct Feed<'a> {
    id: String,
    title: &'a str,
    updated: String,
    self_href: String,
    alternate_href: String,
    author: &'a str,
    entries: Vec<FeedEntry>,
}

struct FeedEntry {
    id: String,
    title: String,
    date: String,
    href: String,
    pdf_href: String,
    pdf_length: u64,
    summary: String,
    content: String,
}

/// `feed.xml` for `entries` (by number, lowest first): the newest first.
pub(super) fn feed(site: &Site, entries: &[Entry]) -> Result<Vec<u8>, RenderError> {
    let address = &site.address;
    let title = site.title.as_str();
    let pdf_slot = Format::DOCUMENTS
        .iter()
        .position(|format| *format == Format::Pdf)
        .unwrap_or(0);
    let feed = Feed {
        id: address.to_string(),
        title,
        updated: entries
            .iter()
            .map(|entry| entry.release.date)
            .max()
            .map(moment)
            .unwrap_or_default(),
        self_href: address.join(FEED),
        alternate_href: address.join(INDEX),
        author: site.issuer.as_deref().unwrap_or(title),
        entries: entries
            .iter()
            .rev()
            .map(|entry| {
                let release = entry.release;
                let href = address.join(&page_name(&release.stem, Format::Html));
                FeedEntry {
                    id: href.clone(),
                    title: release.full_title(),
                    date: moment(release.date),
                    href,
                    pdf_href: address.join(&page_name(&release.stem, Format::Pdf)),
                    pdf_length: entry.sizes[pdf_slot],
                    summary: release
                        .preamble
                        .first()
                        .map(|paragraph| paragraph.plain_text())
                        .unwrap_or_default(),
                    content: entry.communique.clone(),
                }
            })
            .collect(),
    };
    let mut xml = feed.render()?;
    xml.push('\n');
    Ok(xml.into_bytes())
}

#[derive(Template)]
#[template(path = "sitemap.xml")]
struct Sitemap {
    /// Each page's absolute address and its date (`2020-04-08`).
    pages: Vec<(String, String)>,
}

/// `sitemap.xml`: the archive page (dated from the latest issue), then
/// every issue's page.
pub(super) fn sitemap(entries: &[Entry], address: &SiteAddress) -> Result<Vec<u8>, RenderError> {
    let day = |date: chrono::NaiveDate| date.format("%Y-%m-%d").to_string();
    let latest = entries.iter().map(|entry| entry.release.date).max();
    let mut pages = vec![(address.join(INDEX), latest.map(day).unwrap_or_default())];
    pages.extend(entries.iter().rev().map(|entry| {
        (
            address.join(&page_name(&entry.release.stem, Format::Html)),
            day(entry.release.date),
        )
    }));
    // The sitemaps protocol wants URLs, not IRIs: `https://x.fr/é/` is
    // written `https://x.fr/%C3%A9/`.
    let pages = pages
        .into_iter()
        .map(|(loc, lastmod)| (crate::render::ascii_href(&loc).into_owned(), lastmod))
        .collect();
    let mut xml = Sitemap { pages }.render()?;
    xml.push('\n');
    Ok(xml.into_bytes())
}
