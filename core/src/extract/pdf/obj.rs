//! Small readers over lopdf objects that follow references and never fail: a missing or
//! mistyped entry is `None`, as viewers treat it.

use lopdf::{Dictionary, Document as PdfDoc, Object};

/// Follows references (up to a fixed depth, so cycles end) to the object itself.
pub(crate) fn deref<'a>(doc: &'a PdfDoc, mut o: &'a Object) -> &'a Object {
    for _ in 0..32 {
        match o {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(next) => o = next,
                Err(_) => return &Object::Null,
            },
            _ => return o,
        }
    }
    &Object::Null
}

/// The dictionary an object is or refers to (a stream's dictionary too).
pub(crate) fn dict_of<'a>(doc: &'a PdfDoc, o: &'a Object) -> Option<&'a Dictionary> {
    match deref(doc, o) {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// The name an object is.
pub(crate) fn name_of(o: &Object) -> Option<&[u8]> {
    match o {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

/// The number an object is or refers to.
pub(crate) fn num_of(doc: &PdfDoc, o: &Object) -> Option<f32> {
    match deref(doc, o) {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

/// A dictionary entry, references followed.
pub(crate) fn get<'a>(doc: &'a PdfDoc, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().map(|o| deref(doc, o))
}

/// A text string entry (PDFDocEncoding or UTF-16 with a byte-order mark) as Rust text.
pub(crate) fn text_of(doc: &PdfDoc, d: &Dictionary, key: &[u8]) -> Option<String> {
    let o = get(doc, d, key)?;
    let s = match o {
        Object::String(..) => lopdf::decode_text_string(o).ok()?,
        Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
        _ => return None,
    };
    let s = s
        .trim_matches(|c: char| c.is_whitespace() || c == '\0')
        .to_string();
    (!s.is_empty()).then_some(s)
}
