#!/usr/bin/env python3
"""Writes the password-protected Office fixtures in tests/extract/encrypted/.

Each fixture is one of the plain files in tests/extract/generated/, encrypted the way
Office does it (ECMA-376 / MS-OFFCRYPTO), so the test can require that the decrypted
file extracts to exactly the plain file's text:

- one file encrypted by msoffcrypto-tool's own writer (agile, SHA-512, AES-256: what
  Office 2013 and later write);
- the others by the small writers below (agile with other hash and key sizes, as
  Office 2010 wrote; standard, as Office 2007 wrote), with fixed salts and keys so a
  re-run is byte-identical (msoffcrypto-tool's writer draws its salts at random, so
  that one file changes on every run). Every output, from either writer, is decrypted again with
  msoffcrypto-tool (an implementation independent of corpusforge's) and must give back
  the plain file byte for byte, the HMAC checked where there is one.

And ODT, ODP, ODS and legacy XLS files saved with a password by LibreOffice itself (see
scripts/lo-encrypt.py; skipped with a message when soffice or python3-uno is missing).
LibreOffice writes XLS with the RC4 method of Excel 97; the RC4 CryptoAPI method of Excel
2002 and later comes from `xls_cryptoapi` below, checked with msoffcrypto-tool the same way.

Needs `pip install msoffcrypto-tool` (it brings `cryptography` and `olefile`). Run from
the repository root: `python3 scripts/make-encrypted-fixtures.py`.
"""

import base64
import datetime
import hashlib
import hmac
import io
import json
import random
import shutil
import struct
import subprocess
from importlib.metadata import version
from pathlib import Path

import msoffcrypto
import olefile

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

try:  # cryptography 43 and later keep RC4 among the "decrepit" algorithms
    from cryptography.hazmat.decrepit.ciphers.algorithms import ARC4
except ImportError:
    ARC4 = algorithms.ARC4
from msoffcrypto.format.ooxml import OOXMLFile
from msoffcrypto.method.container import ecma376_encrypted
from msoffcrypto.method.container.ecma376_encrypted import ECMA376Encrypted

ROOT = Path(__file__).resolve().parent.parent
PLAIN = ROOT / "tests/extract/generated"
OUT = ROOT / "tests/extract/encrypted"

# MS-OFFCRYPTO block keys (2.3.4.11 to 2.3.4.14).
VERIFIER_INPUT = bytes.fromhex("fea7d2763b4b9e79")
VERIFIER_HASH = bytes.fromhex("d7aa0f6d3061344e")
KEY_VALUE = bytes.fromhex("146e0be7abacd0d6")
HMAC_KEY = bytes.fromhex("5fb2ad010cb9e1f6")
HMAC_VALUE = bytes.fromhex("a0677f02b22c8433")
HASHES = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}


class FixedClock(datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return cls(2024, 1, 1)


def aes(key, mode, data, encrypt=True):
    c = Cipher(algorithms.AES(key), mode)
    op = c.encryptor() if encrypt else c.decryptor()
    return op.update(data) + op.finalize()


def pad(data, n=16, fill=b"\0"):
    return data + fill * (-len(data) % n)


def fit(data, n):
    return data[:n] + b"\x36" * (n - len(data[:n]))


def password_hash(h, salt, password, spin):
    digest = h(salt + password.encode("utf-16-le")).digest()
    for i in range(spin):
        digest = h(struct.pack("<I", i) + digest).digest()
    return digest


def agile(plain, password, hash_name, key_bits, rng, spin=100_000):
    """ECMA-376 agile encryption with the given hash and AES key size."""
    h = HASHES[hash_name]
    key_bytes = key_bits // 8
    hash_size = h().digest_size
    data_salt, key_salt = rng.randbytes(16), rng.randbytes(16)
    secret = rng.randbytes(key_bytes)
    verifier = rng.randbytes(16)

    hashed = password_hash(h, key_salt, password, spin)

    def wrap(block, value):
        key = fit(h(hashed + block).digest(), key_bytes)
        return aes(key, modes.CBC(key_salt), pad(value))

    package = struct.pack("<Q", len(plain))
    for i in range(0, len(plain), 4096):
        iv = h(data_salt + struct.pack("<I", i // 4096)).digest()[:16]
        package += aes(secret, modes.CBC(iv), pad(plain[i : i + 4096]))

    def data_wrap(block, value):
        iv = h(data_salt + block).digest()[:16]
        return aes(secret, modes.CBC(iv), pad(value))

    mac_key = rng.randbytes(hash_size)
    mac = hmac.new(mac_key, package, h).digest()

    def b64(b):
        return base64.b64encode(b).decode()

    params = (
        f'saltSize="16" blockSize="16" keyBits="{key_bits}" hashSize="{hash_size}" '
        f'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="{hash_name}"'
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" '
        'xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
        f'<keyData {params} saltValue="{b64(data_salt)}"/>'
        f'<dataIntegrity encryptedHmacKey="{b64(data_wrap(HMAC_KEY, mac_key))}" '
        f'encryptedHmacValue="{b64(data_wrap(HMAC_VALUE, mac))}"/>'
        '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
        f'<p:encryptedKey spinCount="{spin}" {params} saltValue="{b64(key_salt)}" '
        f'encryptedVerifierHashInput="{b64(wrap(VERIFIER_INPUT, verifier))}" '
        f'encryptedVerifierHashValue="{b64(wrap(VERIFIER_HASH, h(verifier).digest()))}" '
        f'encryptedKeyValue="{b64(wrap(KEY_VALUE, secret))}"/>'
        "</keyEncryptor></keyEncryptors></encryption>"
    )
    info = struct.pack("<HHI", 4, 4, 0x40) + xml.encode()
    return container(package, info)


def standard(plain, password, rng):
    """ECMA-376 standard encryption (Office 2007): SHA-1, AES-128-ECB."""
    salt = rng.randbytes(16)
    hashed = password_hash(hashlib.sha1, salt, password, 50_000)
    final = hashlib.sha1(hashed + struct.pack("<I", 0)).digest()
    x1 = hashlib.sha1(bytes(b ^ 0x36 for b in pad(final, 64, b"\0"))).digest()
    x2 = hashlib.sha1(bytes(b ^ 0x5C for b in pad(final, 64, b"\0"))).digest()
    key = (x1 + x2)[:16]
    verifier = rng.randbytes(16)
    csp = "Microsoft Enhanced RSA and AES Cryptographic Provider\0".encode("utf-16-le")
    # Flags (fCryptoAPI | fAES), SizeExtra, AlgID (AES-128), AlgIDHash (SHA-1), KeySize,
    # ProviderType (PROV_RSA_AES), Reserved1, Reserved2, CSPName.
    header = struct.pack("<IIIIIIII", 0x24, 0, 0x660E, 0x8004, 128, 0x18, 0, 0) + csp
    verifier_block = (
        struct.pack("<I", 16)
        + salt
        + aes(key, modes.ECB(), verifier)
        + struct.pack("<I", 20)
        + aes(key, modes.ECB(), pad(hashlib.sha1(verifier).digest(), 32))
    )
    info = struct.pack("<HHII", 3, 2, 0x24, len(header)) + header + verifier_block
    package = struct.pack("<Q", len(plain)) + aes(key, modes.ECB(), pad(plain))
    return container(package, info)


def xls_cryptoapi(plain, password, key_bits, rng):
    """A legacy workbook with its Workbook stream encrypted by RC4 CryptoAPI (MS-XLS 2.2.10,
    MS-OFFCRYPTO 2.3.5), and the clear stream msoffcrypto-tool must give back.

    The FilePass record must follow the first BOF. olefile can only rewrite a stream at its
    own length, so the new record takes the place of the globals' WriteAccess record (the
    user name Excel saves, 112 bytes, which no reader needs): the FilePass is sized to it,
    and every record after it, with the sheets' stream offsets, keeps its position."""
    records, at = [], 0
    while at + 4 <= len(plain):
        kind, size = struct.unpack_from("<HH", plain, at)
        records.append((kind, plain[at : at + 4 + size]))
        at += 4 + size
    assert records[0][0] == 0x0809, "the stream does not start with BOF"
    write_access = next(i for i, (k, _) in enumerate(records) if k == 0x005C)
    assert len(records[write_access][1]) == 116, "WriteAccess of an unexpected size"
    salt, verifier = rng.randbytes(16), rng.randbytes(16)
    h0 = hashlib.sha1(salt + password.encode("utf-16-le")).digest()

    def block_key(n):
        key = hashlib.sha1(h0 + struct.pack("<I", n)).digest()[: key_bits // 8]
        return key + b"\0" * 11 if key_bits == 40 else key

    def rc4(key, data):
        return Cipher(ARC4(key), mode=None).encryptor().update(data)

    csp = "CF\0".encode("utf-16-le")
    # Flags (fCryptoAPI), SizeExtra, AlgID (RC4), AlgIDHash (SHA-1), KeySize, ProviderType
    # (PROV_RSA_FULL), Reserved1, Reserved2, CSPName.
    header = struct.pack("<IIIIIIII", 0x04, 0, 0x6801, 0x8004, key_bits, 1, 0, 0) + csp
    sealed = rc4(block_key(0), verifier + hashlib.sha1(verifier).digest())
    data = (
        struct.pack("<HHHII", 1, 4, 2, 0x04, len(header)) + header
        + struct.pack("<I", 16) + salt + sealed[:16] + struct.pack("<I", 20) + sealed[16:]
    )
    assert len(data) == 112, len(data)
    file_pass = struct.pack("<HH", 0x002F, len(data)) + data
    order = [records[0][1], file_pass] + [r for i, (_, r) in enumerate(records[1:], 1) if i != write_access]
    stream = b"".join(order)
    assert len(stream) == len(plain)
    # Which bytes to encipher: record data, but not the records MS-XLS keeps clear, nor the
    # first four bytes (the sheet's offset) of BoundSheet8.
    clear_kinds = {0x0809, 0x002F, 0x0194, 0x0195, 0x00E1, 0x0196, 0x0138}
    mask, at = bytearray(len(stream)), 0
    while at + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, at)
        if kind not in clear_kinds:
            skip = 4 if kind == 0x0085 else 0
            mask[at + 4 + skip : at + 4 + size] = b"\1" * max(0, size - skip)
        at += 4 + size
    out = bytearray(stream)
    for n in range(0, len(stream), 1024):
        ks = rc4(block_key(n // 1024), bytes(min(1024, len(stream) - n)))
        for i, k in enumerate(ks):
            if mask[n + i]:
                out[n + i] ^= k
    expected = bytearray(stream)
    expected[20:22] = b"\0\0"
    expected[24:136] = bytes(112)
    return bytes(out), bytes(expected)


def xls_fixture(source, name, password, key_bits, rng):
    """Writes `name`: a copy of the plain workbook `source` with its Workbook stream
    encrypted by `xls_cryptoapi`, then decrypted again with msoffcrypto-tool."""
    src, dst = PLAIN / source, OUT / name
    shutil.copyfile(src, dst)
    with olefile.OleFileIO(str(src)) as ole:
        plain = ole.openstream("Workbook").read()
    encrypted, expected = xls_cryptoapi(plain, password, key_bits, rng)
    with olefile.OleFileIO(str(dst), write_mode=True) as ole:
        ole.write_stream("Workbook", encrypted)
    office = msoffcrypto.OfficeFile(io.BytesIO(dst.read_bytes()))
    office.load_key(password=password)
    out = io.BytesIO()
    office.decrypt(out)
    with olefile.OleFileIO(io.BytesIO(out.getvalue())) as ole:
        assert ole.openstream("Workbook").read() == expected, f"{name}: msoffcrypto-tool disagrees"
    return dst.read_bytes()


def container(package, info):
    """The OLE2 file holding the two streams, written by msoffcrypto-tool, its directory
    time stamps fixed (to 2024-01-01) so a re-run is byte-identical."""
    ecma376_encrypted.datetime = FixedClock
    out = io.BytesIO()
    ECMA376Encrypted(package, info).write_to(out)
    return out.getvalue()


def check(encrypted, password, plain, name, hash_name):
    f = OOXMLFile(io.BytesIO(encrypted))
    f.load_key(password=password)
    out = io.BytesIO()
    # msoffcrypto-tool compares the decrypted HMAC with its padding still on, so its
    # integrity check fails for SHA-1 (20 bytes); corpusforge's test covers that case.
    f.decrypt(out, verify_integrity=f.type == "agile" and hash_name != "SHA1")
    assert out.getvalue() == plain, f"{name}: msoffcrypto-tool does not give back the plain file"


def libreoffice_fixtures():
    """ODT, ODP and ODS saved with a password by LibreOffice itself (AES-256-CBC, PBKDF2),
    and an XLS (RC4, MD5-based key).
    LibreOffice draws salts and IVs at random, so these change on every run. Without
    soffice and python3-uno, the committed ones are kept."""
    odf = [
        ("orchard-guide.lo.odt", "writer8"),
        ("slides-tidepools.lo.odp", "impress8"),
        ("sheet-boulangerie.lo.ods", "calc8"),
        ("sheet-boulangerie.lo.xls", "MS Excel 97"),
    ]
    password = "Tidepool-7"
    entries = []
    jobs = []
    for source, filt in odf:
        stem, ext = source.rsplit(".", 2)[0], source.rsplit(".", 1)[1]
        name = f"{stem}.lo-encrypted.{ext}"
        jobs.append(f"{PLAIN / source}:{OUT / name}:{filt}")
        method = "xls-rc4" if ext == "xls" else "odf-aes256-cbc"
        entries.append({"file": name, "plain": source, "password": password, "method": method})
    has_uno = shutil.which("soffice") and subprocess.run(
        ["/usr/bin/python3", "-c", "import uno"], capture_output=True
    ).returncode == 0
    if has_uno:
        subprocess.run(["/usr/bin/python3", str(ROOT / "scripts/lo-encrypt.py"), password, *jobs], check=True)
        for e in entries:
            print(f"{e['file']}: written by LibreOffice")
    else:
        print("soffice or python3-uno missing: the committed LibreOffice fixtures are kept")
    return [e for e in entries if (OUT / e["file"]).exists()]


def main():
    OUT.mkdir(exist_ok=True)
    fixtures = [
        # (output, plain source, password, writer)
        ("orchard-guide.agile-sha512.docx", "orchard-guide.pandoc.docx", "Tidepool-7", "msoffcrypto"),
        ("sheet-boulangerie.agile-sha1.xlsx", "sheet-boulangerie.lo.xlsx", "Pässwörd-密码", ("agile", "SHA1", 128)),
        ("wartung-de.agile-sha256.docx", "wartung-de.lo.docx", "Wartung 2024!", ("agile", "SHA256", 128)),
        ("slides-tidepools.standard.pptx", "slides-tidepools.pandoc.pptx", "Tidepool-7", ("standard",)),
        ("sheet-boulangerie.default-password.xlsx", "sheet-boulangerie.lo.xlsx", "VelvetSweatshop", ("agile", "SHA512", 256)),
    ]
    manifest = []
    for i, (name, source, password, writer) in enumerate(fixtures):
        plain = (PLAIN / source).read_bytes()
        rng = random.Random(i)
        if writer == "msoffcrypto":
            out = io.BytesIO()
            OOXMLFile(io.BytesIO(plain)).encrypt(password, out)
            encrypted, method = out.getvalue(), "ecma376-agile"
        elif writer[0] == "agile":
            encrypted, method = agile(plain, password, writer[1], writer[2], rng), "ecma376-agile"
        else:
            encrypted, method = standard(plain, password, rng), "ecma376-standard"
        check(encrypted, password, plain, name, writer[1] if writer[0] == "agile" else None)
        (OUT / name).write_bytes(encrypted)
        manifest.append({"file": name, "plain": source, "password": password, "method": method})
        print(f"{name}: {len(encrypted)} bytes ({method}), checked with msoffcrypto-tool {version('msoffcrypto-tool')}")
    legacy = [
        ("sheet-boulangerie.cryptoapi-128.xls", "Boulangerie-2003", 128),
        ("sheet-boulangerie.cryptoapi-40.xls", "VelvetSweatshop", 40),
    ]
    for i, (name, password, bits) in enumerate(legacy, len(fixtures)):
        encrypted = xls_fixture("sheet-boulangerie.lo.xls", name, password, bits, random.Random(i))
        manifest.append({"file": name, "plain": "sheet-boulangerie.lo.xls", "password": password, "method": "xls-rc4-cryptoapi"})
        print(f"{name}: {len(encrypted)} bytes (RC4 CryptoAPI, {bits}-bit), checked with msoffcrypto-tool")
    manifest += libreoffice_fixtures()
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
