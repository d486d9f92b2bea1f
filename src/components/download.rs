//! Saves text as a file on the user's machine, without a server.

use wasm_bindgen::JsCast;

pub fn download_text(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    let describe = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(describe)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let document = leptos::prelude::document();
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| "not an anchor".to_owned())?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    web_sys::Url::revoke_object_url(&url).map_err(describe)?;
    Ok(())
}

/// Draws an SVG document onto a canvas of its size and saves that as a PNG. The SVG travels as a
/// `data:` URL, which the strict Content-Security-Policy allows for images, and holds nothing from
/// elsewhere, so the canvas may be read.
pub async fn download_svg_as_png(
    filename: &str,
    svg: &str,
    width: f64,
    height: f64,
) -> Result<(), String> {
    let describe = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let document = leptos::prelude::document();
    let image: web_sys::HtmlImageElement = document
        .create_element("img")
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| "not an image".to_owned())?;
    let source = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        js_sys::encode_uri_component(svg)
    );
    image.set_src(&source);
    wasm_bindgen_futures::JsFuture::from(image.decode())
        .await
        .map_err(describe)?;
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| "not a canvas".to_owned())?;
    // Whole pixels: the picture's size rounded up.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let (w, h) = (width.ceil() as u32, height.ceil() as u32);
    canvas.set_width(w);
    canvas.set_height(h);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(describe)?
        .ok_or_else(|| "no 2D canvas in this browser".to_owned())?
        .dyn_into()
        .map_err(|_| "not a 2D context".to_owned())?;
    context
        .draw_image_with_html_image_element(&image, 0.0, 0.0)
        .map_err(describe)?;
    let url = canvas
        .to_data_url_with_type("image/png")
        .map_err(describe)?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| "not an anchor".to_owned())?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    Ok(())
}
