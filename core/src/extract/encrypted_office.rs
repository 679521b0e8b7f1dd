//! Password-protected Office files: DOCX, XLSX and PPTX saved with "Encrypt with
//! password" are an OLE2 compound file holding an `EncryptionInfo` stream (how the key is
//! made) and an `EncryptedPackage` stream (the ZIP package, encrypted). ECMA-376 /
//! MS-OFFCRYPTO define two methods in use:
//!
//! - **Agile** (Office 2010 and later, LibreOffice): an XML description; the key is
//!   derived from the password with a salted hash repeated `spinCount` times (SHA-1 to
//!   SHA-512), and the package is AES-CBC encrypted in 4096-byte segments, each with its
//!   own IV. An HMAC over the encrypted package lets the reader detect damage.
//! - **Standard** (Office 2007): a binary header; SHA-1 repeated 50,000 times, AES-ECB.
//!
//! The decrypted package is an ordinary OOXML file and goes through the same extractor as
//! an unencrypted one. Without a `password`, Excel's built-in default ("VelvetSweatshop",
//! which Excel uses for workbooks that are only write-protected) is tried, as Office does.

use aes::{Aes128, Aes192, Aes256};
use base64::Engine;
use cipher::block_padding::NoPadding;
use cipher::{BlockModeDecrypt, KeyInit, KeyIvInit};
use hmac::{Mac, SimpleHmac};
use quick_xml::events::{BytesStart, Event};
use sha2::Digest;

use super::ole2::Ole2;
use super::xml::{attr, local};
use super::Ctx;
use crate::error::Result;

/// The password Excel uses when a workbook is encrypted only to protect it from changes.
pub(crate) const EXCEL_DEFAULT_PASSWORD: &str = "VelvetSweatshop";
/// MS-OFFCRYPTO caps the agile method's spin count at ten million.
const MAX_SPIN_COUNT: u32 = 10_000_000;
/// The spin count Office writes, up to which Excel's default password is tried.
const DEFAULT_PASSWORD_SPIN: u32 = 100_000;
/// The agile method encrypts the package in segments of this many bytes.
const SEGMENT: usize = 4096;
/// Block keys of the agile method (MS-OFFCRYPTO 2.3.4.11 to 2.3.4.14).
const BLOCK_VERIFIER_INPUT: [u8; 8] = [0xfe, 0xa7, 0xd2, 0x76, 0x3b, 0x4b, 0x9e, 0x79];
const BLOCK_VERIFIER_HASH: [u8; 8] = [0xd7, 0xaa, 0x0f, 0x6d, 0x30, 0x61, 0x34, 0x4e];
const BLOCK_KEY_VALUE: [u8; 8] = [0x14, 0x6e, 0x0b, 0xe7, 0xab, 0xac, 0xd0, 0xd6];
const BLOCK_HMAC_KEY: [u8; 8] = [0x5f, 0xb2, 0xad, 0x01, 0x0c, 0xb9, 0xe1, 0xf6];
const BLOCK_HMAC_VALUE: [u8; 8] = [0xa0, 0x67, 0x7f, 0x02, 0xb2, 0x2c, 0x84, 0x33];

/// A decrypted Office package.
pub(crate) struct Decrypted {
    /// The OOXML package (a ZIP file).
    pub package: Vec<u8>,
    /// Which method the file used, for the document's metadata.
    pub method: &'static str,
}

/// Decrypts an encrypted Office file with the `password` option (or Excel's default when
/// none is given).
pub(crate) fn decrypt(bytes: &[u8], ctx: &Ctx) -> Result<Decrypted> {
    let file =
        Ole2::open(bytes).map_err(|e| ctx.corrupt(format!("unreadable OLE2 container ({e})")))?;
    let info = read_stream(&file, "EncryptionInfo", ctx)?;
    let method = Method::parse(&info, ctx)?;
    // Excel's default password is tried at the cost Excel itself sets (100,000 rounds),
    // not at whatever a file asks for.
    let password = match ctx.opts.password.as_deref() {
        Some(p) => Some(p),
        None => (method.spin_count() <= DEFAULT_PASSWORD_SPIN).then_some(EXCEL_DEFAULT_PASSWORD),
    };
    let key = match password {
        Some(p) => method.key(p, ctx)?,
        None => None,
    };
    ctx.check_time()?;
    if let Some(key) = key {
        let package = read_stream(&file, "EncryptedPackage", ctx)?;
        let package = method.decrypt_package(&key, &package, ctx)?;
        return Ok(Decrypted {
            package,
            method: method.name(),
        });
    }
    Err(ctx.encrypted(match ctx.opts.password {
        Some(_) => "wrong password",
        None => {
            "password-protected Office document: a password is needed to open it \
             (the `password` option)"
        }
    }))
}

fn read_stream(file: &Ole2, name: &str, ctx: &Ctx) -> Result<Vec<u8>> {
    file.read_stream(name)
        .map_err(|e| ctx.corrupt(format!("unreadable {name} stream ({e})")))?
        .ok_or_else(|| ctx.corrupt(format!("no {name} stream")))
}

/// The hash functions the agile method names.
#[derive(Clone, Copy)]
enum Hash {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    fn parse(name: &str) -> Option<Hash> {
        match name.to_ascii_uppercase().replace('-', "").as_str() {
            "SHA1" => Some(Hash::Sha1),
            "SHA256" => Some(Hash::Sha256),
            "SHA384" => Some(Hash::Sha384),
            "SHA512" => Some(Hash::Sha512),
            _ => None,
        }
    }

    /// The hash of the concatenated `parts`.
    fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut d = D::new();
            for p in parts {
                d.update(p);
            }
            d.finalize().to_vec()
        }
        match self {
            Hash::Sha1 => run::<sha1::Sha1>(parts),
            Hash::Sha256 => run::<sha2::Sha256>(parts),
            Hash::Sha384 => run::<sha2::Sha384>(parts),
            Hash::Sha512 => run::<sha2::Sha512>(parts),
        }
    }

    /// MS-OFFCRYPTO's password hash: H(salt + password), then `spin` rounds of
    /// H(round number + previous hash). The time budget is checked as it goes: ten
    /// million rounds of SHA-512 take seconds.
    fn password_hash(self, salt: &[u8], password: &[u8], spin: u32, ctx: &Ctx) -> Result<Vec<u8>> {
        fn run<D: Digest>(salt: &[u8], password: &[u8], spin: u32, ctx: &Ctx) -> Result<Vec<u8>> {
            let mut h = D::new()
                .chain_update(salt)
                .chain_update(password)
                .finalize();
            for i in 0..spin {
                if i % (1 << 16) == 0 {
                    ctx.check_time()?;
                }
                h = D::new()
                    .chain_update(i.to_le_bytes())
                    .chain_update(&h)
                    .finalize();
            }
            Ok(h.to_vec())
        }
        match self {
            Hash::Sha1 => run::<sha1::Sha1>(salt, password, spin, ctx),
            Hash::Sha256 => run::<sha2::Sha256>(salt, password, spin, ctx),
            Hash::Sha384 => run::<sha2::Sha384>(salt, password, spin, ctx),
            Hash::Sha512 => run::<sha2::Sha512>(salt, password, spin, ctx),
        }
    }

    fn hmac(self, key: &[u8], data: &[u8]) -> Vec<u8> {
        fn run<D: Digest + hmac::digest::block_api::BlockSizeUser>(
            key: &[u8],
            data: &[u8],
        ) -> Vec<u8> {
            let mut mac = <SimpleHmac<D> as hmac::digest::KeyInit>::new_from_slice(key)
                .expect("HMAC takes a key of any length");
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        match self {
            Hash::Sha1 => run::<sha1::Sha1>(key, data),
            Hash::Sha256 => run::<sha2::Sha256>(key, data),
            Hash::Sha384 => run::<sha2::Sha384>(key, data),
            Hash::Sha512 => run::<sha2::Sha512>(key, data),
        }
    }
}

/// How a file was encrypted: what `EncryptionInfo` says.
enum Method {
    Agile(Box<Agile>),
    Standard(Standard),
}

/// The agile method's parameters (the `keyData`, password `encryptedKey` and
/// `dataIntegrity` elements).
struct Agile {
    /// `keyData`: how the package itself is encrypted.
    data_salt: Vec<u8>,
    data_hash: Hash,
    /// The package key's size, in bits.
    data_key_bits: usize,
    block_size: usize,
    /// The password key encryptor.
    key_salt: Vec<u8>,
    key_hash: Hash,
    key_bits: usize,
    spin_count: u32,
    verifier_input: Vec<u8>,
    verifier_hash: Vec<u8>,
    key_value: Vec<u8>,
    /// `dataIntegrity`, absent in some writers' files.
    hmac: Option<(Vec<u8>, Vec<u8>)>,
}

/// The standard method's parameters (binary `EncryptionHeader` and `EncryptionVerifier`).
struct Standard {
    key_bytes: usize,
    salt: Vec<u8>,
    verifier: Vec<u8>,
    verifier_hash: Vec<u8>,
}

impl Method {
    fn parse(info: &[u8], ctx: &Ctx) -> Result<Method> {
        if info.len() < 8 {
            return Err(ctx.corrupt("EncryptionInfo stream too short"));
        }
        let major = u16::from_le_bytes([info[0], info[1]]);
        let minor = u16::from_le_bytes([info[2], info[3]]);
        match (major, minor) {
            (4, 4) => Agile::parse(&info[8..], ctx).map(|a| Method::Agile(Box::new(a))),
            (2..=4, 2) => Standard::parse(info, ctx).map(Method::Standard),
            (3 | 4, 3) => Err(ctx
                .unsupported("Office document encrypted with an extensible (third-party) method")),
            _ => Err(ctx.unsupported(format!(
                "Office document encrypted with an unknown method (version {major}.{minor})"
            ))),
        }
    }

    /// How many rounds deriving a key costs.
    fn spin_count(&self) -> u32 {
        match self {
            Method::Agile(a) => a.spin_count,
            Method::Standard(_) => 50_000,
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Method::Agile(_) => "ecma376-agile",
            Method::Standard(_) => "ecma376-standard",
        }
    }

    /// The package key for `password`, or `None` when the password is wrong.
    fn key(&self, password: &str, ctx: &Ctx) -> Result<Option<Vec<u8>>> {
        let password: Vec<u8> = password.encode_utf16().flat_map(u16::to_le_bytes).collect();
        match self {
            Method::Agile(a) => a.key(&password, ctx),
            Method::Standard(s) => s.key(&password, ctx),
        }
    }

    fn decrypt_package(&self, key: &[u8], stream: &[u8], ctx: &Ctx) -> Result<Vec<u8>> {
        if stream.len() < 8 {
            return Err(ctx.corrupt("EncryptedPackage stream too short"));
        }
        let declared = u64::from_le_bytes(stream[..8].try_into().expect("8 bytes"));
        let data = &stream[8..];
        if declared > data.len() as u64 {
            return Err(ctx.corrupt(format!(
                "EncryptedPackage declares {declared} bytes but holds {}",
                data.len()
            )));
        }
        let mut out = match self {
            Method::Agile(a) => a.decrypt_package(key, stream, ctx)?,
            Method::Standard(_) => {
                let mut buf = data[..data.len() / 16 * 16].to_vec();
                aes_ecb_decrypt(key, &mut buf).ok_or_else(|| ctx.corrupt("bad key size"))?;
                buf
            }
        };
        if (out.len() as u64) < declared {
            return Err(ctx.corrupt(format!(
                "EncryptedPackage declares {declared} bytes but decrypts to {}",
                out.len()
            )));
        }
        out.truncate(declared as usize);
        Ok(out)
    }
}

impl Agile {
    fn parse(xml: &[u8], ctx: &Ctx) -> Result<Agile> {
        let bad = |what: &str| ctx.corrupt(format!("EncryptionInfo: {what}"));
        let mut reader = quick_xml::Reader::from_reader(xml);
        reader.config_mut().expand_empty_elements = false;
        let mut key_data: Option<BytesStart<'static>> = None;
        let mut password_key: Option<BytesStart<'static>> = None;
        let mut integrity: Option<BytesStart<'static>> = None;
        let mut in_password_encryptor = false;
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e) | Event::Empty(e)) => match local(&e) {
                    "keyData" => key_data = Some(e.into_owned()),
                    "dataIntegrity" => integrity = Some(e.into_owned()),
                    "keyEncryptor" => {
                        in_password_encryptor =
                            attr(&e, "uri").is_some_and(|u| u.ends_with("/keyEncryptor/password"));
                    }
                    "encryptedKey" if in_password_encryptor => password_key = Some(e.into_owned()),
                    _ => {}
                },
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(_) => return Err(bad("malformed XML")),
            }
            buf.clear();
        }
        let key_data = key_data.ok_or_else(|| bad("no keyData"))?;
        let Some(pk) = password_key else {
            return Err(
                ctx.unsupported("Office document encrypted for a certificate, not with a password")
            );
        };
        for attrs in [&key_data, &pk] {
            let cipher = attr(attrs, "cipherAlgorithm").unwrap_or_default();
            let chaining = attr(attrs, "cipherChaining").unwrap_or_default();
            if cipher != "AES" || chaining != "ChainingModeCBC" {
                return Err(ctx.unsupported(format!(
                    "Office document encrypted with {} {} (AES-CBC is supported)",
                    short(&cipher),
                    short(&chaining)
                )));
            }
        }
        let hash = |e: &BytesStart| {
            let name = attr(e, "hashAlgorithm").unwrap_or_default();
            Hash::parse(&name).ok_or_else(|| {
                ctx.unsupported(format!(
                    "Office document encrypted with hash {}",
                    short(&name)
                ))
            })
        };
        let number = |e: &BytesStart, name: &str| {
            attr(e, name)
                .and_then(|v| v.trim().parse::<u32>().ok())
                .ok_or_else(|| bad(&format!("no {name}")))
        };
        let spin_count = number(&pk, "spinCount")?;
        if spin_count > MAX_SPIN_COUNT {
            return Err(ctx.unsupported(format!(
                "Office document whose key takes {spin_count} rounds, beyond the format's \
                 {MAX_SPIN_COUNT}"
            )));
        }
        let key_bits = number(&pk, "keyBits")? as usize;
        let data_key_bits = number(&key_data, "keyBits")? as usize;
        for bits in [key_bits, data_key_bits] {
            if !matches!(bits, 128 | 192 | 256) {
                return Err(bad(&format!("AES key of {bits} bits")));
            }
        }
        let block_size = number(&key_data, "blockSize")? as usize;
        if block_size != 16 {
            return Err(bad(&format!("AES block size {block_size}")));
        }
        let b64 = |e: &BytesStart, name: &str| {
            attr(e, name)
                .and_then(|v| {
                    base64::engine::general_purpose::STANDARD
                        .decode(v.trim())
                        .ok()
                })
                .ok_or_else(|| bad(&format!("no valid {name}")))
        };
        let hmac = match integrity {
            Some(i) => Some((b64(&i, "encryptedHmacKey")?, b64(&i, "encryptedHmacValue")?)),
            None => None,
        };
        Ok(Agile {
            data_salt: b64(&key_data, "saltValue")?,
            data_hash: hash(&key_data)?,
            data_key_bits,
            block_size,
            key_salt: b64(&pk, "saltValue")?,
            key_hash: hash(&pk)?,
            key_bits,
            spin_count,
            verifier_input: b64(&pk, "encryptedVerifierHashInput")?,
            verifier_hash: b64(&pk, "encryptedVerifierHashValue")?,
            key_value: b64(&pk, "encryptedKeyValue")?,
            hmac,
        })
    }

    /// The key decrypting one of the password encryptor's values (`block` names which).
    fn password_block_key(&self, hashed: &[u8], block: &[u8]) -> Vec<u8> {
        let mut key = self.key_hash.digest(&[hashed, block]);
        key.resize(self.key_bits / 8, 0x36);
        key
    }

    fn key(&self, password: &[u8], ctx: &Ctx) -> Result<Option<Vec<u8>>> {
        let hashed = self
            .key_hash
            .password_hash(&self.key_salt, password, self.spin_count, ctx)?;
        let iv = fit(&self.key_salt, self.block_size);
        let open = |block: &[u8], value: &[u8]| {
            let mut buf = value.to_vec();
            aes_cbc_decrypt(&self.password_block_key(&hashed, block), &iv, &mut buf)
                .map(|()| buf)
                .ok_or_else(|| ctx.corrupt("EncryptionInfo: encrypted values of a bad size"))
        };
        let input = open(&BLOCK_VERIFIER_INPUT, &self.verifier_input)?;
        let expected = open(&BLOCK_VERIFIER_HASH, &self.verifier_hash)?;
        let got = self
            .key_hash
            .digest(&[&input[..self.key_salt.len().min(input.len())]]);
        if expected.get(..got.len()) != Some(&got[..]) {
            return Ok(None);
        }
        let mut key = open(&BLOCK_KEY_VALUE, &self.key_value)?;
        if key.len() < self.data_key_bits / 8 {
            return Err(ctx.corrupt("EncryptionInfo: package key too short"));
        }
        key.truncate(self.data_key_bits / 8);
        Ok(Some(key))
    }

    /// The IV for `block` of the `keyData` parameters: H(salt + block) cut to the block size.
    fn data_iv(&self, block: &[u8]) -> Vec<u8> {
        fit(
            &self.data_hash.digest(&[&self.data_salt, block]),
            self.block_size,
        )
    }

    fn decrypt_package(&self, key: &[u8], stream: &[u8], ctx: &Ctx) -> Result<Vec<u8>> {
        if let Some((hmac_key, hmac_value)) = &self.hmac {
            self.check_integrity(key, hmac_key, hmac_value, stream, ctx)?;
        }
        let data = &stream[8..];
        let mut out = Vec::with_capacity(data.len());
        for (i, segment) in data.chunks(SEGMENT).enumerate() {
            if i % 256 == 255 {
                ctx.check_time()?;
            }
            let whole = segment.len() / 16 * 16;
            let start = out.len();
            out.extend_from_slice(&segment[..whole]);
            let iv = self.data_iv(&(i as u32).to_le_bytes());
            aes_cbc_decrypt(key, &iv, &mut out[start..])
                .ok_or_else(|| ctx.corrupt("bad key size"))?;
        }
        Ok(out)
    }

    /// Checks the HMAC of the encrypted package, so a damaged file is reported as such.
    fn check_integrity(
        &self,
        key: &[u8],
        hmac_key: &[u8],
        hmac_value: &[u8],
        stream: &[u8],
        ctx: &Ctx,
    ) -> Result<()> {
        let size = self.data_hash.digest(&[]).len();
        let open = |block: &[u8], value: &[u8]| {
            let mut buf = value.to_vec();
            aes_cbc_decrypt(key, &self.data_iv(block), &mut buf).map(|()| buf)
        };
        let (Some(mac_key), Some(mac)) = (
            open(&BLOCK_HMAC_KEY, hmac_key),
            open(&BLOCK_HMAC_VALUE, hmac_value),
        ) else {
            return Err(ctx.corrupt("EncryptionInfo: integrity values of a bad size"));
        };
        let (Some(mac_key), Some(mac)) = (mac_key.get(..size), mac.get(..size)) else {
            return Err(ctx.corrupt("EncryptionInfo: integrity values too short"));
        };
        if self.data_hash.hmac(mac_key, stream) != mac {
            return Err(ctx.corrupt("the encrypted package fails its integrity check (damaged)"));
        }
        Ok(())
    }
}

impl Standard {
    fn parse(info: &[u8], ctx: &Ctx) -> Result<Standard> {
        let bad = |what: &str| ctx.corrupt(format!("EncryptionInfo: {what}"));
        let u32_at = |at: usize| {
            info.get(at..at + 4)
                .map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")))
                .ok_or_else(|| bad("truncated"))
        };
        let header_size = u32_at(8)? as usize;
        // EncryptionHeader: Flags, SizeExtra, AlgID, AlgIDHash, KeySize, ...
        let alg = u32_at(12 + 8)?;
        let hash = u32_at(12 + 12)?;
        let key_bits = u32_at(12 + 16)? as usize;
        if !matches!(alg, 0x660E..=0x6610) {
            return Err(ctx.unsupported(format!(
                "Office document encrypted with algorithm 0x{alg:04X} (AES is supported)"
            )));
        }
        if !matches!(hash, 0 | 0x8004) {
            return Err(bad(&format!("hash algorithm 0x{hash:04X}")));
        }
        if !matches!(key_bits, 128 | 192 | 256) {
            return Err(bad(&format!("AES key of {key_bits} bits")));
        }
        let v = 12usize
            .checked_add(header_size)
            .filter(|&v| v < info.len())
            .ok_or_else(|| bad("truncated"))?;
        let salt_size = u32_at(v)? as usize;
        if salt_size != 16 {
            return Err(bad(&format!("salt of {salt_size} bytes")));
        }
        let slice = |at: usize, len: usize| {
            info.get(at..at + len)
                .map(<[u8]>::to_vec)
                .ok_or_else(|| bad("truncated"))
        };
        Ok(Standard {
            key_bytes: key_bits / 8,
            salt: slice(v + 4, 16)?,
            verifier: slice(v + 20, 16)?,
            verifier_hash: slice(v + 40, 32)?,
        })
    }

    fn key(&self, password: &[u8], ctx: &Ctx) -> Result<Option<Vec<u8>>> {
        let hashed = Hash::Sha1.password_hash(&self.salt, password, 50_000, ctx)?;
        let final_hash = Hash::Sha1.digest(&[&hashed, &0u32.to_le_bytes()]);
        // CryptDeriveKey: SHA-1 of the hash XOR-ed into 64 bytes of 0x36, then of 0x5C.
        let derive = |fill: u8| {
            let mut buf = [fill; 64];
            for (b, h) in buf.iter_mut().zip(&final_hash) {
                *b ^= h;
            }
            Hash::Sha1.digest(&[&buf])
        };
        let mut key = derive(0x36);
        key.extend(derive(0x5C));
        key.truncate(self.key_bytes);
        let mut verifier = self.verifier.clone();
        let mut expected = self.verifier_hash.clone();
        if aes_ecb_decrypt(&key, &mut verifier).is_none()
            || aes_ecb_decrypt(&key, &mut expected).is_none()
        {
            return Err(ctx.corrupt("EncryptionInfo: verifier of a bad size"));
        }
        Ok((Hash::Sha1.digest(&[&verifier])[..] == expected[..20]).then_some(key))
    }
}

/// A name read from the file, cut to a length fit for an error message.
pub(crate) fn short(name: &str) -> &str {
    match name.char_indices().nth(40) {
        Some((i, _)) => &name[..i],
        None => name,
    }
}

/// `bytes` cut or padded with 0x36 to `len`, as MS-OFFCRYPTO sizes keys and IVs.
fn fit(bytes: &[u8], len: usize) -> Vec<u8> {
    let mut v = bytes[..bytes.len().min(len)].to_vec();
    v.resize(len, 0x36);
    v
}

/// AES-CBC decryption in place; `None` for a key or buffer of the wrong size.
fn aes_cbc_decrypt(key: &[u8], iv: &[u8], buf: &mut [u8]) -> Option<()> {
    fn run<C>(key: &[u8], iv: &[u8], buf: &mut [u8]) -> Option<()>
    where
        cbc::Decryptor<C>: KeyIvInit + BlockModeDecrypt,
        C: cipher::BlockCipherDecrypt,
    {
        cbc::Decryptor::<C>::new_from_slices(key, iv)
            .ok()?
            .decrypt_padded::<NoPadding>(buf)
            .ok()
            .map(drop)
    }
    match key.len() {
        16 => run::<Aes128>(key, iv, buf),
        24 => run::<Aes192>(key, iv, buf),
        32 => run::<Aes256>(key, iv, buf),
        _ => None,
    }
}

/// AES-ECB decryption in place; `None` for a key or buffer of the wrong size.
fn aes_ecb_decrypt(key: &[u8], buf: &mut [u8]) -> Option<()> {
    fn run<C>(key: &[u8], buf: &mut [u8]) -> Option<()>
    where
        ecb::Decryptor<C>: KeyInit + BlockModeDecrypt,
        C: cipher::BlockCipherDecrypt,
    {
        ecb::Decryptor::<C>::new_from_slice(key)
            .ok()?
            .decrypt_padded::<NoPadding>(buf)
            .ok()
            .map(drop)
    }
    match key.len() {
        16 => run::<Aes128>(key, buf),
        24 => run::<Aes192>(key, buf),
        32 => run::<Aes256>(key, buf),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::extract::ExtractOptions;

    fn info(major: u16, minor: u16, rest: &[u8]) -> Vec<u8> {
        let mut v = major.to_le_bytes().to_vec();
        v.extend(minor.to_le_bytes());
        v.extend(0x40u32.to_le_bytes());
        v.extend(rest);
        v
    }

    fn agile_xml(key_encryptor: &str) -> String {
        let params = r#"saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA==""#;
        format!(
            r#"<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData {params}/><keyEncryptors>{key_encryptor}</keyEncryptors></encryption>"#
        )
    }

    fn parse_kind(info: &[u8]) -> ErrorKind {
        let opts = ExtractOptions::default();
        let ctx = Ctx::new("x.docx", &opts);
        Method::parse(info, &ctx).err().expect("an error").kind()
    }

    #[test]
    fn what_cannot_be_decrypted_is_named() {
        assert_eq!(parse_kind(&[4, 0]), ErrorKind::CorruptDocument);
        assert_eq!(parse_kind(&info(1, 1, b"")), ErrorKind::UnsupportedFormat);
        assert_eq!(parse_kind(&info(4, 3, b"")), ErrorKind::UnsupportedFormat);
        // A file encrypted for a certificate holder has no password key encryptor.
        let cert = agile_xml(
            r#"<keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/certificate"><c:encryptedKey/></keyEncryptor>"#,
        );
        assert_eq!(
            parse_kind(&info(4, 4, cert.as_bytes())),
            ErrorKind::UnsupportedFormat
        );
        assert_eq!(
            parse_kind(&info(4, 4, b"<encryption")),
            ErrorKind::CorruptDocument
        );
        // Standard encryption with RC4 (0x6801) rather than AES.
        let mut header = [0u8; 40];
        header[..4].copy_from_slice(&32u32.to_le_bytes());
        header[12..16].copy_from_slice(&0x6801u32.to_le_bytes());
        let mut std_info = 3u16.to_le_bytes().to_vec();
        std_info.extend(2u16.to_le_bytes());
        std_info.extend(0x24u32.to_le_bytes());
        std_info.extend_from_slice(&header);
        assert_eq!(parse_kind(&std_info), ErrorKind::UnsupportedFormat);
        assert_eq!(parse_kind(&std_info[..20]), ErrorKind::CorruptDocument);
    }

    #[test]
    fn a_spin_count_beyond_the_format_is_refused() {
        let pw = agile_xml(
            r#"<keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password"><p:encryptedKey xmlns:p="p" spinCount="4000000000" saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA==" encryptedVerifierHashInput="" encryptedVerifierHashValue="" encryptedKeyValue=""/></keyEncryptor>"#,
        );
        assert_eq!(
            parse_kind(&info(4, 4, pw.as_bytes())),
            ErrorKind::UnsupportedFormat
        );
        let des = pw
            .replace("4000000000", "100000")
            .replace(r#"cipherAlgorithm="AES""#, r#"cipherAlgorithm="3DES""#);
        assert_eq!(
            parse_kind(&info(4, 4, des.as_bytes())),
            ErrorKind::UnsupportedFormat
        );
    }

    #[test]
    fn keys_and_ivs_are_cut_or_padded_with_0x36() {
        assert_eq!(fit(&[1, 2, 3], 2), vec![1, 2]);
        assert_eq!(fit(&[1], 3), vec![1, 0x36, 0x36]);
    }

    #[test]
    fn the_time_budget_stops_the_password_hash() {
        let opts = ExtractOptions {
            timeout_ms: 1,
            ..ExtractOptions::default()
        };
        let ctx = Ctx::new("x.docx", &opts);
        std::thread::sleep(std::time::Duration::from_millis(5));
        let err = Hash::Sha512
            .password_hash(b"salt", b"pw", MAX_SPIN_COUNT, &ctx)
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::LimitExceeded);
    }
}
