//! PDF output (being written).
use super::RenderError;
use crate::model::Release;
pub fn render(_release: &Release) -> Result<Vec<u8>, RenderError> {
    Ok(Vec::new())
}
