//! Renders a hand-built release close to the communiqué n°2 as a PDF, to look
//! at: `cargo run --example pdf_sample -- /tmp/n2.pdf`.

#[path = "../tests/common/sample_release.rs"]
mod sample_release;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "n2-sample.pdf".to_string());
    let bytes = solidaire::render::pdf::render(&sample_release::n2())?;
    std::fs::write(&path, bytes)?;
    println!("{path}");
    Ok(())
}
