//! Password-protected OpenDocument files. ODF encrypts each part on its own inside an
//! ordinary ZIP: the part is deflated, then encrypted, and `META-INF/manifest.xml` says
//! how (ODF 1.2, section 3.8 of part 3): a start key (SHA-256 of the password, or SHA-1
//! in older files), PBKDF2-HMAC-SHA1 with the part's salt and iteration count, AES-256-CBC
//! with the part's IV, and a checksum of the first 1024 bytes that tells a wrong
//! password from a right one. LibreOffice 3.4 and later write this; OpenOffice's older
//! Blowfish files and ODF 1.4's AES-GCM with Argon2 are refused by name.
//!
//! [`Parts`] reads a package's parts, decrypting the ones the manifest lists; a package
//! with no encrypted part costs nothing more than before (the manifest is read only when
//! a part does not start as XML).

use std::collections::HashMap;

use base64::Engine;
use cipher::block_padding::NoPadding;
use cipher::{BlockModeDecrypt, KeyIvInit};
use quick_xml::events::Event;
use sha2::Digest;

use super::container::Package;
use super::encrypted_office::short;
use super::xml::{attr, into_text, local};
use super::Ctx;
use crate::error::{Error, Result};

/// The manifest's description of one encrypted part.
struct Encryption {
    algorithm: String,
    iv: Vec<u8>,
    salt: Vec<u8>,
    iterations: u32,
    key_size: usize,
    /// The start key is SHA-256 of the password (else SHA-1, the ODF 1.2 default).
    start_sha256: bool,
    checksum: Option<(Checksum, Vec<u8>)>,
}

#[derive(Clone, Copy)]
enum Checksum {
    Sha1,
    Sha256,
}

/// A package's parts, decrypted where the manifest says they are encrypted.
pub(crate) struct Parts<'a, 'c> {
    pkg: Package<'a, 'c>,
    ctx: &'c Ctx<'c>,
    /// The manifest's encrypted parts, once it was read.
    encrypted: Option<HashMap<String, Encryption>>,
    /// Whether any part read so far was decrypted.
    pub decrypted: bool,
}

impl<'a, 'c> Parts<'a, 'c> {
    /// Opens the package.
    pub fn open(bytes: &'a [u8], ctx: &'c Ctx<'c>) -> Result<Self> {
        Ok(Parts {
            pkg: Package::open(bytes, ctx)?,
            ctx,
            encrypted: None,
            decrypted: false,
        })
    }

    /// The XML part `name` as text, decrypted if need be; `None` when there is no such part.
    pub fn read_text(&mut self, name: &str) -> Result<Option<String>> {
        let Some(raw) = self.pkg.read(name)? else {
            return Ok(None);
        };
        let start = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&raw);
        if start.starts_with(b"<?xml") || start.starts_with(b"<office:") {
            return Ok(Some(into_text(raw)));
        }
        if self.encrypted.is_none() {
            self.encrypted = Some(self.manifest()?);
        }
        let Some(how) = self.encrypted.as_ref().and_then(|m| m.get(&part_key(name))) else {
            // Not encrypted: the XML reader reports what is wrong with it.
            return Ok(Some(into_text(raw)));
        };
        let compressed = decrypt(how, &raw, name, self.ctx)?;
        let plain = match self.pkg.inflate_part(name, raw.len(), &compressed) {
            // Without a checksum to test the password by, a wrong one shows here.
            Err(Error::CorruptDocument { .. }) if how.checksum.is_none() => {
                return Err(wrong_password(self.ctx));
            }
            other => other?,
        };
        self.decrypted = true;
        Ok(Some(into_text(plain)))
    }

    /// Like [`read_text`](Self::read_text), but a missing part is a corrupt document.
    pub fn require_text(&mut self, name: &str) -> Result<String> {
        self.read_text(name)?
            .ok_or_else(|| self.ctx.corrupt(format!("missing part {name}")))
    }

    /// The encrypted parts `META-INF/manifest.xml` lists.
    fn manifest(&mut self) -> Result<HashMap<String, Encryption>> {
        let mut out = HashMap::new();
        let Some(xml) = self.pkg.read_text("META-INF/manifest.xml")? else {
            return Ok(out);
        };
        let mut reader = quick_xml::Reader::from_str(&xml);
        let mut path: Option<String> = None;
        let mut current: Option<Encryption> = None;
        let bad = || {
            self.ctx
                .corrupt("META-INF/manifest.xml: malformed encryption data")
        };
        loop {
            match reader.read_event() {
                Ok(Event::Start(e) | Event::Empty(e)) => match local(&e) {
                    "file-entry" => path = attr(&e, "full-path"),
                    "encryption-data" => {
                        let checksum = attr(&e, "checksum").and_then(|c| b64(&c));
                        let kind = attr(&e, "checksum-type").unwrap_or_default();
                        let kind = if kind.to_ascii_lowercase().contains("sha256") {
                            Checksum::Sha256
                        } else {
                            Checksum::Sha1
                        };
                        current = Some(Encryption {
                            algorithm: String::new(),
                            iv: Vec::new(),
                            salt: Vec::new(),
                            iterations: 0,
                            key_size: 16,
                            start_sha256: false,
                            checksum: checksum.map(|c| (kind, c)),
                        });
                    }
                    "algorithm" => {
                        if let Some(c) = current.as_mut() {
                            c.algorithm = attr(&e, "algorithm-name").unwrap_or_default();
                            c.iv = attr(&e, "initialisation-vector")
                                .and_then(|v| b64(&v))
                                .ok_or_else(bad)?;
                        }
                    }
                    "start-key-generation" => {
                        if let Some(c) = current.as_mut() {
                            let name = attr(&e, "start-key-generation-name").unwrap_or_default();
                            c.start_sha256 = name.to_ascii_lowercase().contains("sha256");
                        }
                    }
                    "key-derivation" => {
                        if let Some(c) = current.as_mut() {
                            let name = attr(&e, "key-derivation-name").unwrap_or_default();
                            if name != "PBKDF2" {
                                return Err(self.ctx.unsupported(format!(
                                    "OpenDocument file encrypted with key derivation {}",
                                    short(&name)
                                )));
                            }
                            c.salt = attr(&e, "salt").and_then(|v| b64(&v)).ok_or_else(bad)?;
                            c.iterations = attr(&e, "iteration-count")
                                .and_then(|v| v.trim().parse().ok())
                                .ok_or_else(bad)?;
                            c.key_size = attr(&e, "key-size")
                                .and_then(|v| v.trim().parse().ok())
                                .unwrap_or(16);
                        }
                    }
                    _ => {}
                },
                Ok(Event::End(e)) if local_end(&e) == "file-entry" => {
                    if let (Some(p), Some(c)) = (path.take(), current.take()) {
                        out.insert(part_key(&p), c);
                    }
                }
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(_) => return Err(bad()),
            }
        }
        Ok(out)
    }
}

/// A part's name as the manifest and the archive may each write it (`/content.xml`).
fn part_key(name: &str) -> String {
    name.trim_start_matches('/').to_ascii_lowercase()
}

fn wrong_password(ctx: &Ctx) -> Error {
    ctx.encrypted("wrong password")
}

fn local_end<'b>(e: &'b quick_xml::events::BytesEnd) -> &'b str {
    e.local_name().into_inner()
}

fn b64(v: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::STANDARD
        .decode(v.trim())
        .ok()
}

/// PBKDF2's iteration count is the reader's cost: a hostile file must not set it to
/// billions. LibreOffice writes 100,000; more than ten times that is refused.
const MAX_ITERATIONS: u32 = 1_000_000;

/// Decrypts one part (still deflated afterwards), checking the password by the checksum.
fn decrypt(how: &Encryption, raw: &[u8], name: &str, ctx: &Ctx) -> Result<Vec<u8>> {
    let Some(password) = ctx.opts.password.as_deref() else {
        return Err(ctx.encrypted(
            "password-protected OpenDocument file: a password is needed to open it \
                     (the `password` option)",
        ));
    };
    let algorithm = how
        .algorithm
        .rsplit('#')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if algorithm != "aes256-cbc" {
        return Err(ctx.unsupported(format!(
            "OpenDocument file encrypted with {} (AES-256-CBC is supported)",
            short(&how.algorithm)
        )));
    }
    if how.iterations > MAX_ITERATIONS {
        return Err(ctx.unsupported(format!(
            "OpenDocument file whose key takes {} rounds, beyond the {MAX_ITERATIONS} read",
            how.iterations
        )));
    }
    if how.key_size != 32 || how.iv.len() != 16 || !raw.len().is_multiple_of(16) {
        return Err(ctx.corrupt(format!("{name}: encrypted data of a bad size")));
    }
    let start_key = if how.start_sha256 {
        sha2::Sha256::digest(password.as_bytes()).to_vec()
    } else {
        sha1::Sha1::digest(password.as_bytes()).to_vec()
    };
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha1::Sha1>(&start_key, &how.salt, how.iterations, &mut key);
    ctx.check_time()?;
    let mut data = raw.to_vec();
    cbc::Decryptor::<aes::Aes256>::new_from_slices(&key, &how.iv)
        .ok()
        .and_then(|d| d.decrypt_padded::<NoPadding>(&mut data).ok().map(drop))
        .ok_or_else(|| ctx.corrupt(format!("{name}: encrypted data of a bad size")))?;
    // W3C XML Encryption padding: the last byte says how many bytes were added.
    let pad = data.last().copied().unwrap_or(0) as usize;
    let unpadded = (1..=16).contains(&pad) && pad <= data.len();
    if unpadded {
        data.truncate(data.len() - pad);
    }
    if let Some((kind, expected)) = &how.checksum {
        let head = &data[..data.len().min(1024)];
        let got = match kind {
            Checksum::Sha1 => sha1::Sha1::digest(head).to_vec(),
            Checksum::Sha256 => sha2::Sha256::digest(head).to_vec(),
        };
        if &got != expected || !unpadded {
            return Err(wrong_password(ctx));
        }
    } else if !unpadded {
        return Err(wrong_password(ctx));
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::extract::ExtractOptions;

    fn part(algorithm: &str, iterations: u32) -> Encryption {
        Encryption {
            algorithm: algorithm.into(),
            iv: vec![0; 16],
            salt: vec![0; 16],
            iterations,
            key_size: 32,
            start_sha256: true,
            checksum: None,
        }
    }

    fn kind(how: &Encryption, password: Option<&str>) -> ErrorKind {
        let opts = ExtractOptions {
            password: password.map(String::from),
            ..ExtractOptions::default()
        };
        let ctx = Ctx::new("x.odt", &opts);
        decrypt(how, &[0; 32], "content.xml", &ctx)
            .unwrap_err()
            .kind()
    }

    #[test]
    fn what_cannot_be_decrypted_is_named() {
        let aes = "http://www.w3.org/2001/04/xmlenc#aes256-cbc";
        assert_eq!(kind(&part(aes, 100_000), None), ErrorKind::Encrypted);
        let blowfish = "Blowfish CFB";
        assert_eq!(
            kind(&part(blowfish, 1024), Some("pw")),
            ErrorKind::UnsupportedFormat
        );
        let gcm = "http://www.w3.org/2009/xmlenc11#aes256-gcm";
        assert_eq!(
            kind(&part(gcm, 1024), Some("pw")),
            ErrorKind::UnsupportedFormat
        );
        assert_eq!(
            kind(&part(aes, u32::MAX), Some("pw")),
            ErrorKind::UnsupportedFormat
        );
    }

    #[test]
    fn a_plain_package_is_left_to_its_reader() {
        use std::io::Write;
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        for (name, data) in [
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            ("META-INF/manifest.xml", "<manifest:manifest><broken"),
            (
                "content.xml",
                "<?xml version=\"1.0\"?><office:document-content/>",
            ),
        ] {
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(data.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        let opts = ExtractOptions::default();
        let ctx = Ctx::new("x.ods", &opts);
        // The manifest of a package whose parts are plain XML is never parsed (nor judged).
        let mut parts = Parts::open(out.get_ref(), &ctx).unwrap();
        assert!(parts.require_text("content.xml").is_ok());
        assert!(!parts.decrypted);
    }

    #[test]
    fn a_wrong_password_fails_the_checksum() {
        let mut how = part("http://www.w3.org/2001/04/xmlenc#aes256-cbc", 10);
        how.checksum = Some((Checksum::Sha256, vec![0; 32]));
        assert_eq!(kind(&how, Some("pw")), ErrorKind::Encrypted);
        // Without a checksum, padding that cannot be tells the same.
        how.checksum = None;
        assert_eq!(kind(&how, Some("pw")), ErrorKind::Encrypted);
    }
}
