//! TEMPORARY (not committed): stands for the helper's text part.
use crate::model::Release;
pub fn render(release: &Release) -> String {
    String::from_utf8(super::markdown::render(release).unwrap()).unwrap()
}
