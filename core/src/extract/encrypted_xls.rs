//! Password-protected legacy Excel workbooks (BIFF8 `.xls`). Excel 97 to 2003 and
//! LibreOffice encrypt a workbook's `Workbook` stream with RC4, and say so in a `FilePass`
//! record right after the first `BOF` (MS-XLS 2.4.117). Two key derivations are in use
//! (MS-OFFCRYPTO):
//!
//! - **RC4** (2.3.6, what Excel 97 and LibreOffice write): MD5 of the password, salted and
//!   cut to 40 bits;
//! - **RC4 CryptoAPI** (2.3.5, Excel 2002 and later): SHA-1 of salt and password, 40 to 128
//!   bits.
//!
//! Either way the stream is enciphered in 1024-byte blocks, each with its own key, by
//! stream position; record headers, a few record types and the first four bytes of
//! `BoundSheet8` stay in clear (MS-XLS 2.2.10). The stream is decrypted in place, with
//! `FilePass` blanked as msoffcrypto-tool does, and read like any workbook's
//! ([`super::xls`]). Without a `password`, Excel's default
//! ("VelvetSweatshop") is tried, as Excel does. The older XOR obfuscation is refused by
//! name.

use md5::Md5;
use sha1::{Digest, Sha1};

use super::encrypted_office::EXCEL_DEFAULT_PASSWORD;
use super::Ctx;
use crate::error::Result;

/// Each block of this many stream bytes has its own key.
const BLOCK: usize = 1024;
/// Record types: BOF, FilePass, BoundSheet8.
const BOF: u16 = 0x0809;
const FILE_PASS: u16 = 0x002F;
const BOUND_SHEET: u16 = 0x0085;
/// Records whose data are never encrypted (MS-XLS 2.2.10): BOF, FilePass, UsrExcl,
/// FileLock, InterfaceHdr, RRDInfo, RRDHead.
const CLEAR: [u16; 7] = [BOF, FILE_PASS, 0x0194, 0x0195, 0x00E1, 0x0196, 0x0138];

/// Decrypts an encrypted BIFF8 `Workbook` stream in place and returns the name of the
/// method it used; `None`, and the stream left alone, for a workbook without a
/// `FilePass` record.
pub(crate) fn decrypt(workbook: &mut [u8], ctx: &Ctx) -> Result<Option<&'static str>> {
    let Some(pass) = file_pass(workbook) else {
        return Ok(None);
    };
    let method = Method::parse(&pass, ctx)?;
    let password = ctx
        .opts
        .password
        .as_deref()
        .unwrap_or(EXCEL_DEFAULT_PASSWORD);
    let Some(key) = method.key(password) else {
        return Err(ctx.encrypted(match ctx.opts.password {
            Some(_) => "wrong password",
            None => {
                "password-protected legacy workbook: a password is needed to open it \
                 (the `password` option)"
            }
        }));
    };
    decrypt_records(workbook, &key, ctx)?;
    Ok(Some(method.name()))
}

/// The data of the `FilePass` record that follows the stream's first `BOF`, if any.
fn file_pass(stream: &[u8]) -> Option<Vec<u8>> {
    let (kind, len) = record_header(stream.get(..4)?);
    if kind != BOF {
        return None;
    }
    let next = 4 + len;
    let (kind, len) = record_header(stream.get(next..next + 4)?);
    if kind != FILE_PASS {
        return None;
    }
    stream.get(next + 4..next + 4 + len).map(<[u8]>::to_vec)
}

/// A BIFF record header's type and data length (`h` holds at least four bytes).
pub(crate) fn record_header(h: &[u8]) -> (u16, usize) {
    (
        u16::from_le_bytes([h[0], h[1]]),
        u16::from_le_bytes([h[2], h[3]]) as usize,
    )
}

/// How a `FilePass` record says the key is made.
enum Method {
    /// RC4 with the MD5-based key: the salt and the encrypted verifier and its hash.
    Rc4 { salt: [u8; 16], verifier: [u8; 32] },
    /// RC4 with the SHA-1-based key of CryptoAPI: key length in bytes, salt, and the
    /// encrypted verifier (16 bytes) followed by its encrypted SHA-1 (20 bytes).
    CryptoApi {
        key_len: usize,
        salt: Vec<u8>,
        verifier: Vec<u8>,
    },
}

impl Method {
    fn parse(data: &[u8], ctx: &Ctx) -> Result<Method> {
        let bad = || ctx.corrupt("FilePass record too short");
        let u16_at = |at: usize| -> Option<u16> {
            Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?))
        };
        let u32_at = |at: usize| -> Option<u32> {
            Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
        };
        match u16_at(0).ok_or_else(bad)? {
            0 => return Err(ctx.unsupported("legacy workbook with XOR obfuscation")),
            1 => {}
            other => {
                return Err(
                    ctx.unsupported(format!("legacy workbook encrypted with method {other}"))
                )
            }
        }
        let major = u16_at(2).ok_or_else(bad)?;
        let minor = u16_at(4).ok_or_else(bad)?;
        match (major, minor) {
            (1, 1) => Ok(Method::Rc4 {
                salt: data
                    .get(6..22)
                    .and_then(|b| b.try_into().ok())
                    .ok_or_else(bad)?,
                verifier: data
                    .get(22..54)
                    .and_then(|b| b.try_into().ok())
                    .ok_or_else(bad)?,
            }),
            (2..=4, 2) => {
                // Flags, header size, then the EncryptionHeader (MS-OFFCRYPTO 2.3.2) from
                // byte 14: flags, size extra, algorithm, hash algorithm, key size, ...
                let header_len = u32_at(10).ok_or_else(bad)? as usize;
                if header_len < 20 || data.len() < 14 + header_len {
                    return Err(bad());
                }
                let alg = u32_at(14 + 8).ok_or_else(bad)?;
                if alg != 0 && alg != 0x6801 {
                    return Err(ctx.unsupported(format!(
                        "legacy workbook encrypted with CryptoAPI algorithm {alg:#06x}, not RC4"
                    )));
                }
                let bits = u32_at(14 + 16).ok_or_else(bad)?;
                let bits = if bits == 0 { 40 } else { bits };
                if !(40..=128).contains(&bits) || bits % 8 != 0 {
                    return Err(ctx.corrupt(format!("FilePass: RC4 key of {bits} bits")));
                }
                // The EncryptionVerifier: salt size, salt, verifier, hash size, hash.
                let v = 14 + header_len;
                let salt_len = u32_at(v).ok_or_else(bad)? as usize;
                if salt_len != 16 {
                    return Err(ctx.corrupt(format!("FilePass: salt of {salt_len} bytes")));
                }
                let salt = data.get(v + 4..v + 20).ok_or_else(bad)?.to_vec();
                let verifier = data.get(v + 20..v + 36).ok_or_else(bad)?;
                let hash = data.get(v + 40..v + 60).ok_or_else(bad)?;
                Ok(Method::CryptoApi {
                    key_len: bits as usize / 8,
                    salt,
                    verifier: [verifier, hash].concat(),
                })
            }
            _ => Err(ctx.unsupported(format!(
                "legacy workbook encrypted with RC4 version {major}.{minor}"
            ))),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Method::Rc4 { .. } => "xls-rc4",
            Method::CryptoApi { .. } => "xls-rc4-cryptoapi",
        }
    }

    /// The key maker for `password`, or `None` when the password is wrong.
    fn key(&self, password: &str) -> Option<BlockKey> {
        let password: Vec<u8> = password.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let (key, expected_len) = match self {
            Method::Rc4 { salt, .. } => {
                let h0 = Md5::digest(&password);
                let mut buf = Vec::with_capacity(16 * 21);
                for _ in 0..16 {
                    buf.extend_from_slice(&h0[..5]);
                    buf.extend_from_slice(salt);
                }
                (BlockKey::Md5(Md5::digest(&buf)[..5].to_vec()), 16)
            }
            Method::CryptoApi { key_len, salt, .. } => {
                let h0 = Sha1::new()
                    .chain_update(salt)
                    .chain_update(&password)
                    .finalize();
                (BlockKey::Sha1(h0.to_vec(), *key_len), 20)
            }
        };
        let mut verifier = match self {
            Method::Rc4 { verifier, .. } => verifier.to_vec(),
            Method::CryptoApi { verifier, .. } => verifier.clone(),
        };
        Rc4::new(&key.block(0)).apply(&mut verifier);
        let (plain, hash) = verifier.split_at(16);
        let ok = match self {
            Method::Rc4 { .. } => Md5::digest(plain)[..] == hash[..expected_len],
            Method::CryptoApi { .. } => Sha1::digest(plain)[..] == hash[..expected_len],
        };
        ok.then_some(key)
    }
}

/// What a block's RC4 key is made from: the 40-bit MD5 hash (RC4), or the SHA-1 hash and
/// the key length in bytes (CryptoAPI).
enum BlockKey {
    Md5(Vec<u8>),
    Sha1(Vec<u8>, usize),
}

impl BlockKey {
    /// The RC4 key of block `n`.
    fn block(&self, n: u32) -> Vec<u8> {
        match self {
            BlockKey::Md5(h1) => Md5::new()
                .chain_update(h1)
                .chain_update(n.to_le_bytes())
                .finalize()
                .to_vec(),
            BlockKey::Sha1(h0, len) => {
                let h = Sha1::new()
                    .chain_update(h0)
                    .chain_update(n.to_le_bytes())
                    .finalize();
                let mut key = h[..*len].to_vec();
                // A 40-bit key is used as 128 bits, the rest zeros (MS-OFFCRYPTO 2.3.5.2).
                if *len == 5 {
                    key.resize(16, 0);
                }
                key
            }
        }
    }
}

/// Decrypts the records of a `Workbook` stream in place and blanks its `FilePass`.
fn decrypt_records(stream: &mut [u8], key: &BlockKey, ctx: &Ctx) -> Result<()> {
    // Which bytes are enciphered: record data, except the records and bytes kept clear.
    let mut enciphered = vec![false; stream.len()];
    let mut at = 0;
    let mut file_pass = None;
    while at + 4 <= stream.len() {
        let (kind, len) = record_header(&stream[at..at + 4]);
        let data = at + 4..(at + 4 + len).min(stream.len());
        if kind == FILE_PASS && file_pass.is_none() {
            file_pass = Some((at, data.clone()));
        }
        if !CLEAR.contains(&kind) {
            let skip = if kind == BOUND_SHEET { 4 } else { 0 };
            let start = (data.start + skip).min(data.end);
            enciphered[start..data.end].fill(true);
        }
        at = data.end;
    }
    for (n, block) in stream.chunks_mut(BLOCK).enumerate() {
        if n % 1024 == 0 {
            ctx.check_time()?;
        }
        let marks = &enciphered[n * BLOCK..n * BLOCK + block.len()];
        let mut rc4 = Rc4::new(&key.block(n as u32));
        for (byte, &on) in block.iter_mut().zip(marks) {
            let k = rc4.next();
            if on {
                *byte ^= k;
            }
        }
    }
    // A record of type 0 and the same length keeps every stream offset (BoundSheet8
    // points at its sheet by offset).
    if let Some((header, data)) = file_pass {
        stream[header..header + 2].fill(0);
        stream[data].fill(0);
    }
    Ok(())
}

/// The RC4 stream cipher. Hand-written (a dozen lines) because the key length is known only
/// at run time (40 to 128 bits), which the `rc4` crate's compile-time key size does not fit.
struct Rc4 {
    s: [u8; 256],
    i: u8,
    j: u8,
}

impl Rc4 {
    fn new(key: &[u8]) -> Rc4 {
        let mut s = [0u8; 256];
        for (i, v) in s.iter_mut().enumerate() {
            *v = i as u8;
        }
        let mut j = 0u8;
        for i in 0..256 {
            j = j.wrapping_add(s[i]).wrapping_add(key[i % key.len()]);
            s.swap(i, j as usize);
        }
        Rc4 { s, i: 0, j: 0 }
    }

    /// The next byte of the key stream.
    fn next(&mut self) -> u8 {
        self.i = self.i.wrapping_add(1);
        self.j = self.j.wrapping_add(self.s[self.i as usize]);
        self.s.swap(self.i as usize, self.j as usize);
        self.s[self.s[self.i as usize].wrapping_add(self.s[self.j as usize]) as usize]
    }

    fn apply(&mut self, buf: &mut [u8]) {
        for b in buf {
            *b ^= self.next();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::extract::ExtractOptions;

    fn parse_kind(file_pass: &[u8]) -> ErrorKind {
        let opts = ExtractOptions::default();
        let ctx = Ctx::new("x.xls", &opts);
        Method::parse(file_pass, &ctx)
            .err()
            .expect("an error")
            .kind()
    }

    /// A CryptoAPI FilePass with the given algorithm and key size.
    fn cryptoapi(alg: u32, bits: u32) -> Vec<u8> {
        let mut v = [1u16, 4, 2].map(u16::to_le_bytes).concat();
        v.extend(4u32.to_le_bytes());
        v.extend(32u32.to_le_bytes());
        for field in [4, 0, alg, 0x8004, bits, 1, 0, 0] {
            v.extend(u32::to_le_bytes(field));
        }
        v.extend(16u32.to_le_bytes());
        v.extend([0u8; 36]);
        v.extend(20u32.to_le_bytes());
        v.extend([0u8; 20]);
        v
    }

    #[test]
    fn what_cannot_be_decrypted_is_named() {
        assert_eq!(parse_kind(&[]), ErrorKind::CorruptDocument);
        // XOR obfuscation is refused by name.
        assert_eq!(
            parse_kind(&[0, 0, 1, 2, 3, 4]),
            ErrorKind::UnsupportedFormat
        );
        assert_eq!(
            parse_kind(&[1, 0, 9, 0, 9, 0]),
            ErrorKind::UnsupportedFormat
        );
        assert_eq!(
            parse_kind(&[1, 0, 1, 0, 1, 0, 7]),
            ErrorKind::CorruptDocument
        );
        assert_eq!(
            parse_kind(&cryptoapi(0x660E, 128)),
            ErrorKind::UnsupportedFormat
        );
        assert_eq!(
            parse_kind(&cryptoapi(0x6801, 256)),
            ErrorKind::CorruptDocument
        );
        assert_eq!(
            parse_kind(&cryptoapi(0x6801, 128)[..60]),
            ErrorKind::CorruptDocument
        );
        let opts = ExtractOptions::default();
        let ctx = Ctx::new("x.xls", &opts);
        let Ok(Method::CryptoApi { key_len, .. }) = Method::parse(&cryptoapi(0x6801, 0), &ctx)
        else {
            panic!("a CryptoAPI FilePass");
        };
        assert_eq!(key_len, 5, "a key size of 0 means 40 bits");
    }

    #[test]
    fn a_40_bit_cryptoapi_key_is_padded_to_128_bits() {
        let key = BlockKey::Sha1(vec![7; 20], 5).block(3);
        assert_eq!(key.len(), 16);
        assert_eq!(key[5..], [0; 11]);
        assert_eq!(BlockKey::Sha1(vec![7; 20], 16).block(3)[..5], key[..5]);
        assert_eq!(BlockKey::Md5(vec![7; 5]).block(0).len(), 16);
    }

    #[test]
    fn rc4_matches_rfc_6229() {
        // RFC 6229, 40-bit key 0x0102030405, key stream bytes 0 to 15.
        let mut ks = [0u8; 16];
        Rc4::new(&[1, 2, 3, 4, 5]).apply(&mut ks);
        assert_eq!(
            ks,
            [
                0xb2, 0x39, 0x63, 0x05, 0xf0, 0x3d, 0xc0, 0x27, 0xcc, 0xc3, 0x52, 0x4a, 0x0a, 0x11,
                0x18, 0xa8
            ]
        );
        // 128-bit key 0x0102...10, key stream bytes 0 to 7.
        let key: Vec<u8> = (1..=16).collect();
        let mut ks = [0u8; 8];
        Rc4::new(&key).apply(&mut ks);
        assert_eq!(ks, [0x9a, 0xc7, 0xcc, 0x9a, 0x60, 0x9d, 0x1e, 0xf7]);
    }
}
