//! Archives (ZIP, tar, tar.gz, gzip) and e-mail attachments expanded into their member
//! documents under the same limits as every container: entries, bytes decompressed,
//! compression ratio, nesting. Members are named `archive.zip!folder/member.docx`.

use std::io::{Cursor, Read};

use super::container::Package;
use super::detect::{detect, Format};
use super::{extract_named, Ctx, ExtractOptions};
use crate::document::Document;
use crate::error::Result;

/// Archives inside archives are expanded this deep; deeper ones are extracted as single
/// documents (and so refused as archives).
const MAX_NESTING: usize = 3;

/// Every document in `bytes`: the document itself for an ordinary file; each member for
/// an archive (recursively); with the `attachments` option, an e-mail and then each of its
/// attachments. The outer `Err` is for the container itself (unreadable, over a limit);
/// each member has its own result, so one bad member does not lose the others.
pub fn extract_all_bytes(
    bytes: &[u8],
    name: &str,
    options: &ExtractOptions,
) -> Result<Vec<Result<Document>>> {
    let mut out = Vec::new();
    let mut total = 0u64;
    expand(bytes, name, options, 0, &mut total, &mut out)?;
    Ok(out)
}

fn expand(
    bytes: &[u8],
    name: &str,
    opts: &ExtractOptions,
    depth: usize,
    total: &mut u64,
    out: &mut Vec<Result<Document>>,
) -> Result<()> {
    let ctx = Ctx::new(name, opts);
    let format = detect(bytes, Some(name));
    let nested = depth < MAX_NESTING;
    match format {
        Format::Zip if nested => {
            let mut pkg = Package::open(bytes, &ctx)?;
            let members: Vec<String> = pkg.names().map(str::to_string).collect();
            for member in members {
                if member.ends_with('/') || is_junk(&member) {
                    continue;
                }
                let data = pkg.read(&member)?.unwrap_or_default();
                let child = format!("{name}!{member}");
                member_result(expand(&data, &child, opts, depth + 1, total, out), out);
            }
        }
        Format::Tar if nested => {
            let mut ar = tar::Archive::new(Cursor::new(bytes));
            let entries = ar.entries().map_err(|e| ctx.corrupt(format!("tar: {e}")))?;
            for (i, entry) in entries.enumerate() {
                ctx.check_time()?;
                if i as u64 >= opts.max_entries {
                    return Err(ctx.limit("max_entries", opts.max_entries, i as u64 + 1));
                }
                let mut entry = entry.map_err(|e| ctx.corrupt(format!("tar: {e}")))?;
                if !entry.header().entry_type().is_file() {
                    continue;
                }
                let path = entry
                    .path()
                    .map(|p| p.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if is_junk(&path) {
                    continue;
                }
                let data = read_limited(&mut entry, None, opts, total, &ctx)?;
                let child = format!("{name}!{path}");
                member_result(expand(&data, &child, opts, depth + 1, total, out), out);
            }
        }
        Format::Gzip if nested => {
            let mut dec = flate2::read::GzDecoder::new(bytes);
            let data = read_limited(&mut dec, Some(bytes.len() as u64), opts, total, &ctx)?;
            let inner = name
                .strip_suffix(".gz")
                .or_else(|| name.strip_suffix(".tgz"))
                .map(str::to_string)
                .unwrap_or_else(|| format!("{name}!data"));
            // `.tgz` holds a tar; the decompressed name keeps the format visible.
            let inner = if name.ends_with(".tgz") {
                format!("{inner}.tar")
            } else {
                inner
            };
            expand(&data, &inner, opts, depth + 1, total, out)?;
        }
        Format::Eml if opts.attachments => {
            out.push(extract_named(bytes, name, opts));
            for (file, data) in super::email::attachments(bytes) {
                let child = format!("{name}!{file}");
                member_result(expand(&data, &child, opts, depth + 1, total, out), out);
            }
        }
        _ => out.push(extract_named(bytes, name, opts)),
    }
    Ok(())
}

/// A member that is itself a broken container becomes that member's error.
fn member_result(r: Result<()>, out: &mut Vec<Result<Document>>) {
    if let Err(e) = r {
        out.push(Err(e));
    }
}

/// Reads a decompressing stream, counting against `max_decompressed_bytes` and, for a
/// stream of `compressed` bytes (gzip), `max_compression_ratio` past the first MiB.
fn read_limited(
    r: &mut impl Read,
    compressed: Option<u64>,
    opts: &ExtractOptions,
    total: &mut u64,
    ctx: &Ctx,
) -> Result<Vec<u8>> {
    let left = opts.max_decompressed_bytes.saturating_sub(*total);
    let by_ratio = compressed.map_or(u64::MAX, |c| {
        c.max(1)
            .saturating_mul(opts.max_compression_ratio)
            .max(super::container::RATIO_FLOOR)
    });
    let cap = left.min(by_ratio);
    let mut data = Vec::new();
    r.take(cap + 1)
        .read_to_end(&mut data)
        .map_err(|e| ctx.corrupt(e.to_string()))?;
    if data.len() as u64 > cap && by_ratio < left {
        let ratio = data.len() as u64 / compressed.unwrap_or(1).max(1);
        return Err(ctx.limit("max_compression_ratio", opts.max_compression_ratio, ratio));
    }
    *total += data.len() as u64;
    if data.len() as u64 > left {
        return Err(ctx.limit(
            "max_decompressed_bytes",
            opts.max_decompressed_bytes,
            *total,
        ));
    }
    Ok(data)
}

/// Files archivers add that are not documents (macOS resource forks, Finder data).
fn is_junk(path: &str) -> bool {
    let base = path.rsplit('/').next().unwrap_or(path);
    path.starts_with("__MACOSX/")
        || base.starts_with("._")
        || base == ".DS_Store"
        || base == "Thumbs.db"
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn zip_tar_and_gzip_members() {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let o = zip::write::SimpleFileOptions::default();
            w.start_file("notes/a.txt", o).unwrap();
            w.write_all(b"First document.").unwrap();
            w.start_file("b.md", o).unwrap();
            w.write_all(b"# Second\n\nText.").unwrap();
            w.start_file("__MACOSX/._b.md", o).unwrap();
            w.write_all(b"junk").unwrap();
            w.finish().unwrap();
        }
        let docs =
            extract_all_bytes(&buf.into_inner(), "set.zip", &ExtractOptions::default()).unwrap();
        let names: Vec<String> = docs
            .iter()
            .map(|d| d.as_ref().unwrap().source.name.clone())
            .collect();
        assert_eq!(names, ["set.zip!notes/a.txt", "set.zip!b.md"]);
        assert_eq!(docs[1].as_ref().unwrap().text, "Second\n\nText.");

        let mut tar = tar::Builder::new(Vec::new());
        let mut h = tar::Header::new_gnu();
        h.set_size(11);
        h.set_mode(0o644);
        h.set_cksum();
        tar.append_data(&mut h, "c.txt", &b"Hello tar.\n"[..])
            .unwrap();
        let tar = tar.into_inner().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&tar).unwrap();
        let docs = extract_all_bytes(
            &gz.finish().unwrap(),
            "set.tar.gz",
            &ExtractOptions::default(),
        )
        .unwrap();
        assert_eq!(docs.len(), 1);
        let d = docs[0].as_ref().unwrap();
        assert_eq!(
            (d.source.name.as_str(), d.text.as_str()),
            ("set.tar!c.txt", "Hello tar.")
        );
    }
}
