//! The stages of `compose` on the bundled n2 and on a 20-page issue:
//! `cargo bench`. The whole process is timed with hyperfine instead
//! (`benches/process.sh`).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use solidaire::load::load_release;
use solidaire::model::Release;
use solidaire::render::{Format, RenderOptions};

fn n2_path() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/releases/n2.toml"))
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2020, 4, 8).unwrap()
}

fn n2() -> Release {
    load_release(n2_path(), today()).unwrap().release
}

/// n2 with its sections seven times over: about twenty pages.
fn twenty_pages() -> Release {
    let mut release = n2();
    let sections = release.sections.clone();
    for _ in 0..6 {
        release.sections.extend(sections.iter().cloned());
    }
    release
}

fn stages(c: &mut Criterion) {
    let release = n2();
    c.bench_function("load n2", |b| {
        b.iter(|| load_release(black_box(n2_path()), today()).unwrap())
    });
    for format in Format::ALL {
        c.bench_function(&format!("render n2 {format}"), |b| {
            b.iter(|| {
                format
                    .render(black_box(&release), &RenderOptions::default())
                    .unwrap()
            })
        });
    }
    c.bench_function("compose n2 to pdf (load, layout, write)", |b| {
        b.iter(|| {
            let release = load_release(n2_path(), today()).unwrap().release;
            Format::Pdf
                .render(&release, &RenderOptions::default())
                .unwrap()
        })
    });
    let long = twenty_pages();
    c.bench_function("render a 20-page issue pdf", |b| {
        b.iter(|| {
            Format::Pdf
                .render(black_box(&long), &RenderOptions::default())
                .unwrap()
        })
    });
}

criterion_group!(benches, stages);
criterion_main!(benches);
