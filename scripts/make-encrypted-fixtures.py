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

And ODT, ODP and ODS files saved with a password by LibreOffice itself (see
scripts/lo-encrypt.py; skipped with a message when soffice or python3-uno is missing).

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

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
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
    """ODT, ODP and ODS saved with a password by LibreOffice itself (AES-256-CBC, PBKDF2).
    LibreOffice draws salts and IVs at random, so these change on every run. Without
    soffice and python3-uno, the committed ones are kept."""
    odf = [
        ("orchard-guide.lo.odt", "writer8"),
        ("slides-tidepools.lo.odp", "impress8"),
        ("sheet-boulangerie.lo.ods", "calc8"),
    ]
    password = "Tidepool-7"
    entries = []
    jobs = []
    for source, filt in odf:
        stem, ext = source.rsplit(".", 2)[0], source.rsplit(".", 1)[1]
        name = f"{stem}.lo-encrypted.{ext}"
        jobs.append(f"{PLAIN / source}:{OUT / name}:{filt}")
        entries.append({"file": name, "plain": source, "password": password, "method": "odf-aes256-cbc"})
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
    manifest += libreoffice_fixtures()
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
