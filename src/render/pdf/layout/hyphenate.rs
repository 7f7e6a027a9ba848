//! Where a French word may be hyphenated.
//!
//! Not yet: no hyphenation point is offered, so lines only break at spaces.

/// Byte offsets in `text` where a line may break with an added hyphen.
pub fn hyphenation_points(_text: &str) -> Vec<usize> {
    Vec::new()
}
