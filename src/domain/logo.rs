//! Commune logos: whatever image staff upload (PNG, JPEG, WebP, GIF) is decoded with limits,
//! reduced to fit a small square and re-encoded as PNG. Re-encoding drops anything but pixels
//! (metadata, scripts in SVG-like payloads), and the small size keeps every page under its
//! weight budget on 2G.

use super::Invalid;
use image::{ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// Largest upload accepted, before reduction.
pub const MAX_UPLOAD_BYTES: usize = 2 * 1024 * 1024;
/// Side of the square the logo is reduced to fit: twice the 48 px it is shown at.
pub const SIDE: u32 = 96;

fn invalid(reason: &str) -> Invalid {
    Invalid::new("logo", reason.to_string())
}

/// A logo ready to store: a PNG that fits in [`SIDE`] pixels. Only [`normalize`] makes one.
#[derive(Debug, Clone)]
pub struct Logo(Vec<u8>);

impl Logo {
    pub fn png(&self) -> &[u8] {
        &self.0
    }
}

pub fn normalize(upload: &[u8]) -> Result<Logo, Invalid> {
    if upload.len() > MAX_UPLOAD_BYTES {
        return Err(invalid("the image is larger than 2 MB"));
    }
    let mut reader = ImageReader::new(Cursor::new(upload))
        .with_guessed_format()
        .map_err(|_| invalid("the file is not an image"))?;
    match reader.format() {
        Some(ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP | ImageFormat::Gif) => {}
        _ => return Err(invalid("the image must be PNG, JPEG, WebP or GIF")),
    }
    // A small file can claim huge dimensions (a decompression bomb): cap what decoding may use.
    let mut limits = Limits::default();
    limits.max_image_width = Some(8000);
    limits.max_image_height = Some(8000);
    limits.max_alloc = Some(128 * 1024 * 1024);
    reader.limits(limits);
    let img = reader
        .decode()
        .map_err(|_| invalid("the image cannot be read"))?;
    let small = if img.width() > SIDE || img.height() > SIDE {
        img.thumbnail(SIDE, SIDE)
    } else {
        img
    };
    let mut out = Cursor::new(Vec::new());
    small
        .write_to(&mut out, ImageFormat::Png)
        .map_err(|_| invalid("the image cannot be converted"))?;
    Ok(Logo(out.into_inner()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_pixel(w, h, image::Rgba([0, 120, 60, 255]));
        let mut out = Cursor::new(Vec::new());
        image::DynamicImage::ImageRgba8(img)
            .write_to(&mut out, ImageFormat::Png)
            .unwrap();
        out.into_inner()
    }

    #[test]
    fn large_logos_are_reduced_to_a_small_png() {
        let logo = normalize(&png(1200, 600)).unwrap();
        let out = logo.png();
        let back = image::load_from_memory(out).unwrap();
        assert_eq!((back.width(), back.height()), (SIDE, SIDE / 2));
        assert!(out.starts_with(b"\x89PNG"));
    }

    #[test]
    fn a_flat_logo_stays_small() {
        // A typical emblem: a green disc with a white band on a transparent background.
        let img = image::RgbaImage::from_fn(800, 800, |x, y| {
            let (dx, dy) = (x as i32 - 400, y as i32 - 400);
            match (dx * dx + dy * dy < 350 * 350, (380..420).contains(&y)) {
                (true, true) => image::Rgba([255, 255, 255, 255]),
                (true, false) => image::Rgba([0, 133, 63, 255]),
                _ => image::Rgba([0, 0, 0, 0]),
            }
        });
        let mut out = Cursor::new(Vec::new());
        image::DynamicImage::ImageRgba8(img)
            .write_to(&mut out, ImageFormat::Png)
            .unwrap();
        let logo = normalize(&out.into_inner()).unwrap();
        assert!(logo.png().len() < 4096, "{} bytes", logo.png().len());
    }

    #[test]
    fn non_images_and_bombs_are_refused() {
        assert_eq!(
            normalize(b"%PDF-1.7 not an image").unwrap_err().field,
            "logo"
        );
        assert_eq!(
            normalize(b"<svg onload=alert(1)>").unwrap_err().field,
            "logo"
        );
        // A PNG header claiming 100000 x 100000 pixels.
        let mut bomb = png(1, 1);
        bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        assert!(normalize(&bomb).is_err());
        assert!(normalize(&vec![0u8; MAX_UPLOAD_BYTES + 1]).is_err());
    }
}
