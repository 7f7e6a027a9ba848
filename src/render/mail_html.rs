//! TEMPORARY (not committed): stands for the helper's HTML part.
use super::RenderError;
use crate::model::Release;
pub fn render(release: &Release) -> Result<String, RenderError> {
    Ok(String::from_utf8(super::html::render(release, None)?).unwrap())
}
