//! HTML output (placeholder until the template lands in this change).
use super::RenderError;
use crate::model::Release;
pub fn render(_release: &Release) -> Result<Vec<u8>, RenderError> {
    Ok(Vec::new())
}
