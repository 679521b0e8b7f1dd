"""Writes tests/pii/faker-set.jsonl: synthetic sentences with labelled PII spans.

Deterministic: Faker (pinned: Faker==40.54.0, see benches/compare/requirements.txt) and
Python's `random` are seeded, so the same Faker version writes the same bytes. Run with any
Python that has that Faker:

    pip install Faker==40.54.0
    python tests/pii/make_faker_set.py          # writes tests/pii/faker-set.jsonl
    python tests/pii/make_faker_set.py --check  # regenerates in memory, compares with the file

Each line: {"text": ..., "spans": [{"kind": ..., "start": ..., "end": ...}], "locale": ...}
with Python str (code point) offsets. About a fifth of the lines are hard negatives with
no spans. Every span is checked by slicing, and the values of checksummed kinds (card Luhn,
IBAN mod 97, Aadhaar Verhoeff, NINO and PAN shapes) are checked too. See README.md here.
"""

import base64
import datetime
import ipaddress
import json
import pathlib
import random
import re
import string
import sys
import unicodedata
import zlib

from faker import Faker

SEED = 20240611
OUT = pathlib.Path(__file__).resolve().parent / "faker-set.jsonl"
LOCALES = {  # locale: number of lines
    "en_US": 150, "en_GB": 130, "de_DE": 110, "fr_FR": 110, "es_ES": 100,
    "it_IT": 100, "nl_NL": 100, "en_IN": 130,
}
NEGATIVE_SHARE = 0.2
IBAN_LOCALES = ["en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL"]
LANG = {"en_US": "en", "en_GB": "en", "en_IN": "en", "de_DE": "de", "fr_FR": "fr",
        "es_ES": "es", "it_IT": "it", "nl_NL": "nl"}

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}
MONTHS = {k: v.split() for k, v in MONTHS.items()}

TITLES = {
    "en_US": ["Mr.", "Mrs.", "Ms.", "Dr.", "Prof."],
    "en_GB": ["Mr", "Mrs", "Ms", "Dr", "Prof"],
    "en_IN": ["Mr.", "Mrs.", "Dr.", "Shri", "Smt."],
    "de_DE": ["Herr", "Frau", "Dr.", "Prof. Dr."],
    "fr_FR": ["M.", "Mme", "Dr", "Pr"],
    "es_ES": ["Sr.", "Sra.", "Dr.", "Dña."],
    "it_IT": ["Sig.", "Sig.ra", "Dott.", "Dott.ssa", "Ing."],
    "nl_NL": ["Dhr.", "Mevr.", "Dr.", "ir."],
}

COMPANIES = ["Northwind Logistics", "Bluefin Analytics", "Kestrel Systems", "Orbital Foods",
             "Helix Pharma", "Quarry & Stone", "Lumen Retail", "Tidewater Energy", "Copperleaf Bank",
             "Saffron Mobility", "Vireo Health", "Granite Cloud"]
PRODUCTS = ["Model X200 router", "AeroPress kit", "ThinkDesk 14", "Pro Series blender",
            "4K monitor", "standing desk", "Series 9 watch strap", "USB-C dock"]
HOSTS = ["db-prod-02.internal", "api.eu-west-1.example.net", "build-agent-7", "cache-03.lan",
         "vpn-gw.corp.example.com", "k8s-node-14", "mail-relay-2.example.org", "backup01"]
USERS = ["svc_backup", "deploy", "admin", "app_user", "reporting", "etl_runner", "root", "ci-bot"]


# --- checksums ------------------------------------------------------------------------

def luhn_ok(digits):
    total = 0
    for i, c in enumerate(reversed(digits)):
        x = int(c)
        if i % 2:
            x *= 2
            if x > 9:
                x -= 9
        total += x
    return total % 10 == 0


def iban_ok(iban):
    s = iban.replace(" ", "")
    s = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1


_VD = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
       [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
       [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
       [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
_VP = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
       [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
       [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]


def verhoeff_ok(digits):
    c = 0
    for i, d in enumerate(reversed(digits)):
        c = _VD[c][_VP[i % 8][int(d)]]
    return c == 0


NINO_BAD_FIRST, NINO_BAD_SECOND = set("DFIQUV"), set("DFIOQUV")
NINO_BAD_PREFIX = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
NINO_RE = re.compile(r"^([A-Z]{2}) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])$")
PAN_RE = re.compile(r"^[A-Z]{3}[PCHFATBLJG][A-Z]\d{4}[A-Z]$")


# --- generator --------------------------------------------------------------------------

class Gen:
    def __init__(self, locale, seed):
        self.loc = locale
        self.lang = LANG[locale]
        self.rng = random.Random(seed)
        self.fk = Faker(locale)
        self.fk.seed_instance(seed)
        for prov in self.fk.factories[0].providers:
            # it_IT builds its city list from a set: order it, or the output depends on PYTHONHASHSEED.
            if isinstance(getattr(prov, "cities", None), list):
                prov.cities = sorted(prov.cities)
        self.us = Faker("en_US")
        self.us.seed_instance(seed + 7)
        self.iban_fakers = {}
        for i, loc in enumerate(IBAN_LOCALES):
            f = Faker(loc)
            f.seed_instance(seed * 31 + i)
            self.iban_fakers[loc] = f

    # helpers
    def d(self, n):
        return "".join(self.rng.choice(string.digits) for _ in range(n))

    def nz(self, n):  # n digits, first not zero
        return self.rng.choice("123456789") + self.d(n - 1)

    def pick(self, seq):
        return self.rng.choice(seq)

    # --- labelled values: each returns a list of (text, kind or None) segments ---------
    def name_parts(self):
        return self.fk.first_name(), self.fk.last_name()

    def PERSON(self):
        first, last = self.name_parts()
        r = self.rng.random()
        if r < 0.12:
            name = f"{first} {self.pick(string.ascii_uppercase)}. {last}"
        else:
            name = f"{first} {last}"
        return [(name, "PERSON")]

    def PERSON_LF(self):
        first, last = self.name_parts()
        return [(f"{last}, {first}", "PERSON")]

    def TPERSON(self):
        first, last = self.name_parts()
        name = f"{first} {last}" if self.rng.random() < 0.7 else last
        return [(self.pick(TITLES[self.loc]) + " ", None), (name, "PERSON")]

    def FIRST(self):
        return [(self.fk.first_name(), "PERSON")]

    def EMAIL(self):
        r = self.rng.random()
        if r < 0.45:
            e = self.fk.email()
        elif r < 0.65:
            e = self.fk.free_email()
        elif r < 0.85:
            e = self.fk.company_email()
        else:
            first, last = (ascii_fold(x).lower().replace(" ", "") for x in self.name_parts())
            sep = self.pick([".", "_", ""])
            tag = f"+{self.pick(['news', 'billing', 'jobs', 'test'])}" if self.rng.random() < 0.4 else ""
            e = f"{first}{sep}{last}{tag}@{self.fk.domain_name()}"
        return [(e, "EMAIL")]

    def phone_own(self, intl):
        L, d, nz, p = self.loc, self.d, self.nz, self.pick
        if L == "en_US":
            a = p(["201", "212", "213", "305", "312", "404", "415", "503", "512", "617", "646",
                   "702", "713", "206", "303", "720", "919", "980"])
            e, l = p("23456789") + d(2), d(4)
            if intl:
                return p([f"+1 {a} {e} {l}", f"+1-{a}-{e}-{l}", f"+1 ({a}) {e}-{l}", f"+1{a}{e}{l}"])
            return p([f"({a}) {e}-{l}", f"{a}-{e}-{l}", f"{a}.{e}.{l}", f"1-{a}-{e}-{l}", f"({a}){e}-{l}"])
        if L == "en_GB":
            kind = p(["london", "mobile", "city"])
            if kind == "london":
                n = f"20 {p('378')}{d(3)} {d(4)}"
            elif kind == "mobile":
                n = f"7{p('4789')}{d(2)} {d(6)}"
            else:
                n = f"{p(['161', '113', '121', '131', '141', '117'])} {p('2345689')}{d(2)} {d(4)}"
            if intl:
                return p([f"+44 {n}", f"+44 (0){n}", "+44" + n.replace(" ", "")])
            return p([f"0{n}", f"(0{n.split(' ', 1)[0]}) {n.split(' ', 1)[1]}"])
        if L == "de_DE":
            area, rest = p([("30", d(8)), ("89", d(7)), ("40", d(8)), ("221", d(7)), ("69", d(8)),
                            ("151", d(8)), ("170", d(7)), ("176", d(8)), ("160", d(7))])
            if intl:
                return p([f"+49 {area} {rest}", f"+49 (0){area} {rest}", f"+49{area}{rest}",
                          f"0049 {area} {rest}"])
            return p([f"0{area} {rest}", f"0{area}/{rest}", f"(0{area}) {rest}", f"0{area}-{rest}"])
        if L == "fr_FR":
            first = p("1234567")
            g = [d(2) for _ in range(4)]
            if intl:
                return p([f"+33 {first} {' '.join(g)}", f"+33 (0){first} {' '.join(g)}", f"+33{first}{''.join(g)}"])
            return p([f"0{first} {' '.join(g)}", f"0{first}.{'.'.join(g)}", f"0{first}{''.join(g)}"])
        if L == "es_ES":
            if self.rng.random() < 0.5:
                n = f"{p('67')}{d(2)} {d(3)} {d(3)}"
            else:
                n = f"9{p('13456')} {d(3)} {d(2)} {d(2)}"
            if intl:
                return p([f"+34 {n}", "+34" + n.replace(" ", ""), f"0034 {n}"])
            return p([n, n.replace(" ", "")])
        if L == "it_IT":
            if self.rng.random() < 0.5:
                n = f"3{p('234589')}{d(1)} {d(3)} {d(4)}"
            else:
                n = p([f"06 {d(4)} {d(4)}", f"02 {d(8)}", f"011 {d(7)}", f"055 {d(6)}"])
            if intl:
                return p([f"+39 {n}", "+39" + n.replace(" ", ""), f"0039 {n}"])
            return p([n, n.replace(" ", "")])
        if L == "nl_NL":
            if self.rng.random() < 0.5:
                n, sep = f"6 {d(8)}", p([" ", "-"])
                nat = f"06{sep}{d(8)}"
            else:
                area = p(["20", "10", "30", "70", "40"])
                n = f"{area} {d(3)} {d(4)}"
                nat = p([f"0{area} {n.split(' ', 1)[1]}", f"0{area}-{d(7)}"])
            if intl:
                return p([f"+31 {n}", f"+31 (0){n}", "+31" + n.replace(" ", ""), f"0031 {n}"])
            return nat
        if L == "en_IN":
            if self.rng.random() < 0.65:
                m = p("6789") + d(9)
                if intl:
                    return p([f"+91 {m[:5]} {m[5:]}", f"+91-{m}", f"+91{m}", f"+91 {m}"])
                return p([f"{m[:5]} {m[5:]}", m, f"0{m}", f"{m[:3]}-{m[3:6]}-{m[6:]}"])
            area, rest = p([("22", d(8)), ("11", d(8)), ("80", d(8)), ("44", d(8)), ("33", d(8))])
            if intl:
                return p([f"+91 {area} {rest[:4]} {rest[4:]}", f"+91-{area}-{rest}"])
            return p([f"0{area} {rest[:4]} {rest[4:]}", f"0{area}-{rest}"])
        raise ValueError(L)

    def PHONE(self, intl=None):
        if intl is None:
            intl = self.rng.random() < 0.45
        # Some of Faker's own formats too (not for de_DE/en_IN, whose Faker numbers are odd).
        if intl is False and self.loc not in ("de_DE", "en_IN") and self.rng.random() < 0.25:
            for _ in range(20):
                n = self.fk.phone_number()
                if "x" not in n and len(re.sub(r"\D", "", n)) >= 9:
                    return [(n, "PHONE")]
        return [(self.phone_own(intl), "PHONE")]

    def PHONE_INTL(self):
        return self.PHONE(intl=True)

    def card_digits(self, valid=True):
        t = self.pick(["visa16"] * 5 + ["mastercard"] * 4 + ["amex"] * 2 +
                      ["discover", "jcb16", "diners", "visa19", "maestro"])
        return self.fk.credit_card_number(card_type=t)

    def CC(self):
        n = self.card_digits()
        r = self.rng.random()
        if len(n) == 15 and r < 0.6:
            n = f"{n[:4]} {n[4:10]} {n[10:]}"
        elif len(n) == 16 and r < 0.4:
            n = " ".join(n[i:i + 4] for i in range(0, 16, 4))
        elif len(n) == 16 and r < 0.6:
            n = "-".join(n[i:i + 4] for i in range(0, 16, 4))
        return [(n, "CREDIT_CARD")]

    def IBAN(self):
        loc = self.loc if self.loc in IBAN_LOCALES else self.pick(IBAN_LOCALES)
        iban = self.iban_fakers[loc].iban()
        if self.rng.random() < 0.45:
            iban = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
        return [(iban, "IBAN")]

    def SSN(self):
        s = self.fk.ssn() if self.loc == "en_US" else self.us.ssn()
        r = self.rng.random()
        if r < 0.12:
            s = s.replace("-", " ")
        elif r < 0.2:
            s = s.replace("-", "")
        return [(s, "US_SSN")]

    def IPV4(self):
        ip = self.fk.ipv4_private() if self.rng.random() < 0.4 else self.fk.ipv4_public()
        return [(ip, "IP_ADDRESS")]

    def IPV6(self):
        groups = self.fk.ipv6().split(":")
        r = self.rng.random()
        if r < 0.35:  # zero run, then the compressed form
            i = self.rng.randrange(1, 6)
            for j in range(i, i + self.rng.randrange(2, 4)):
                groups[j] = "0"
            ip = ipaddress.IPv6Address(":".join(groups)).compressed
        elif r < 0.5:
            ip = f"fe80::{self.fk.hexify('^^^^')}:{self.fk.hexify('^^ff')}:fe{self.fk.hexify('^^')}:{self.fk.hexify('^^^^')}"
            ip = ipaddress.IPv6Address(ip).compressed
        elif r < 0.6:
            ip = ipaddress.IPv6Address(":".join(groups)).exploded
        else:
            ip = ipaddress.IPv6Address(":".join(groups)).compressed
        if self.rng.random() < 0.15:
            ip = ip.upper()
        return [(ip, "IP_ADDRESS")]

    def IP(self):
        return self.IPV6() if self.rng.random() < 0.35 else self.IPV4()

    def MAC(self):
        m = self.fk.mac_address()
        r = self.rng.random()
        if r < 0.3:
            m = m.upper()
        elif r < 0.55:
            m = m.upper().replace(":", "-")
        elif r < 0.65:
            h = m.replace(":", "")
            m = f"{h[:4]}.{h[4:8]}.{h[8:]}"
        return [(m, "MAC_ADDRESS")]

    def ADDR(self):
        a = self.fk.street_address().replace("\n", ", ").strip()
        return [(a, "STREET_ADDRESS")]

    def date_text(self, date, iso_share=0.1):
        day, month, year, lang = date.day, date.month, date.year, self.lang
        if self.rng.random() < iso_share:
            return date.isoformat()
        mname = MONTHS[lang][month - 1]
        opts = {
            "en_US": [f"{month:02d}/{day:02d}/{year}", f"{mname} {day}, {year}", f"{month}/{day}/{year}"],
            "en_GB": [f"{day:02d}/{month:02d}/{year}", f"{day} {mname} {year}"],
            "en_IN": [f"{day:02d}/{month:02d}/{year}", f"{day:02d}-{month:02d}-{year}", f"{day} {mname} {year}"],
            "de_DE": [f"{day:02d}.{month:02d}.{year}", f"{day}. {mname} {year}", f"{day}.{month}.{year}"],
            "fr_FR": [f"{day:02d}/{month:02d}/{year}", f"{day} {mname} {year}"],
            "es_ES": [f"{day:02d}/{month:02d}/{year}", f"{day} de {mname} de {year}", f"{day}/{month}/{year}"],
            "it_IT": [f"{day:02d}/{month:02d}/{year}", f"{day} {mname} {year}"],
            "nl_NL": [f"{day:02d}-{month:02d}-{year}", f"{day} {mname} {year}"],
        }[self.loc]
        return self.pick(opts)

    def birth_date(self):  # fixed range, not Faker's date_of_birth (which moves with today's date)
        return datetime.date(1940, 1, 1) + datetime.timedelta(days=self.rng.randrange(24000))

    def DOB(self):
        return [(self.date_text(self.birth_date()), "DATE_OF_BIRTH")]

    def DOB_ISO(self):
        return [(self.birth_date().isoformat(), "DATE_OF_BIRTH")]

    def AWS(self):
        return [("AKIA" + "".join(self.pick(string.ascii_uppercase + "234567") for _ in range(16)), "SECRET")]

    def GHP(self):
        alnum = string.ascii_letters + string.digits
        body = "".join(self.pick(alnum) for _ in range(30))
        # GitHub's token format: 30 random base62 characters and a base62 CRC32 of them.
        crc = zlib.crc32(body.encode())
        b62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
        tail = ""
        while crc:
            crc, r = divmod(crc, 62)
            tail = b62[r] + tail
        return [("ghp_" + body + tail.rjust(6, "0"), "SECRET")]

    def JWT(self):
        def b64(obj):
            raw = obj if isinstance(obj, bytes) else json.dumps(obj, separators=(",", ":")).encode()
            return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        iat = 1700000000 + self.rng.randrange(50_000_000)
        payload = {"sub": self.fk.uuid4(), "role": self.pick(["user", "admin", "svc"]), "iat": iat,
                   "exp": iat + 3600}
        header = {"alg": self.pick(["HS256", "RS256"]), "typ": "JWT"}
        sig = bytes(self.rng.randrange(256) for _ in range(32 if header["alg"] == "HS256" else 256))
        return [(f"{b64(header)}.{b64(payload)}.{b64(sig)}", "SECRET")]

    def password(self):
        chars = string.ascii_letters + string.digits + "!#%^*-_+."
        while True:
            p = "".join(self.pick(chars) for _ in range(self.rng.randrange(10, 21)))
            if any(c.isdigit() for c in p) and any(c.isalpha() for c in p):
                return p

    def PWD(self):
        return [(self.password(), "SECRET")]

    def SECRETV(self):  # any secret value (no cue needed by the template)
        return self.pick([self.AWS, self.GHP, self.JWT])()

    def URLCRED(self):
        user = self.pick(USERS)
        pwd = "".join(self.pick(string.ascii_letters + string.digits + "-_.~!") for _ in range(self.rng.randrange(10, 19)))
        host = self.pick(HOSTS)
        scheme, tail = self.pick([("postgres", ":5432/app"), ("mysql", ":3306/shop"), ("https", "/api/v2/export"),
                                  ("mongodb+srv", "/reports?retryWrites=true"), ("redis", ":6379/0"),
                                  ("ftp", "/incoming/"), ("amqp", ":5672/%2F")])
        return [(f"{scheme}://{user}:", None), (pwd, "URL_CREDENTIALS"), (f"@{host}{tail}", None)]

    def PAN(self):
        first, last = self.name_parts()
        kind = self.pick("PPPPPCFHT")
        pan = "".join(self.pick(string.ascii_uppercase) for _ in range(3)) + kind
        pan += (ascii_fold(last)[:1].upper() if kind == "P" and last[:1].isalpha() else self.pick(string.ascii_uppercase))
        pan += self.d(4) + self.pick(string.ascii_uppercase)
        return [(pan, "IN_PAN")]

    def AADHAAR(self):
        while True:
            a = self.fk.aadhaar_id()
            if a[0] not in "01" and verhoeff_ok(a):
                break
        r = self.rng.random()
        if r < 0.6:
            a = f"{a[:4]} {a[4:8]} {a[8:]}"
        elif r < 0.7:
            a = f"{a[:4]}-{a[4:8]}-{a[8:]}"
        return [(a, "IN_AADHAAR")]

    def NINO(self):
        while True:
            a, b = self.pick(string.ascii_uppercase), self.pick(string.ascii_uppercase)
            if a not in NINO_BAD_FIRST and b not in NINO_BAD_SECOND and a + b not in NINO_BAD_PREFIX:
                break
        n, s = self.d(6), self.pick("ABCD")
        return [(self.pick([f"{a}{b}{n}{s}", f"{a}{b} {n[:2]} {n[2:4]} {n[4:]} {s}", f"{a}{b} {n} {s}"]), "UK_NINO")]

    # --- unlabelled fillers ---------------------------------------------------------------
    def ORDER(self):
        return self.pick([f"#{self.nz(7)}", f"A-{self.nz(8)}", f"{self.nz(3)}-{self.d(7)}-{self.d(7)}",
                          f"SO{self.nz(6)}", f"ORD-{self.d(4)}-{self.d(5)}"])

    def INVOICE(self):
        return self.pick([f"INV-{self.rng.randrange(2019, 2026)}-{self.d(6)}", f"RE{self.nz(8)}",
                          f"F{self.rng.randrange(2019, 2026)}/{self.d(5)}", f"{self.nz(10)}"])

    def TICKET(self):
        return self.pick([f"#{self.nz(5)}", f"SUP-{self.nz(4)}", f"INC{self.d(7)}", f"JIRA-{self.nz(4)}"])

    def VERSION(self):
        r = self.rng.random()
        if r < 0.35:  # four parts, all <= 255: dotted-quad lookalike
            return ".".join(str(self.rng.randrange(0, 13 if i < 3 else 255)) for i in range(4))
        if r < 0.55:
            return f"10.0.{self.rng.randrange(17000, 26000)}.{self.rng.randrange(1, 5000)}"
        return f"{self.rng.randrange(0, 20)}.{self.rng.randrange(0, 40)}.{self.rng.randrange(0, 30)}"

    def recent(self):
        return datetime.date(2022, 1, 1) + datetime.timedelta(days=self.rng.randrange(1400))

    def DATE(self):
        return self.date_text(self.recent(), iso_share=0.25)

    def TS(self):
        dt = datetime.datetime(2024, 1, 1) + datetime.timedelta(seconds=self.rng.randrange(60_000_000))
        return self.pick([dt.strftime("%Y-%m-%dT%H:%M:%SZ"), dt.strftime("%Y-%m-%d %H:%M:%S"),
                          dt.strftime("%Y-%m-%d %H:%M:%S,") + self.d(3), str(int(dt.timestamp())),
                          dt.strftime("%d/%b/%Y:%H:%M:%S +0000")])

    def TIME(self):
        return f"{self.rng.randrange(7, 20)}:{self.pick(['00', '15', '30', '45'])}"

    def UUID(self):
        return self.fk.uuid4()

    def SHA(self):
        return self.fk.sha1()

    def SHORTSHA(self):
        return self.fk.sha1()[:7]

    def PRICE(self):
        v = self.rng.randrange(100, 500000) / 100
        if self.lang == "en":
            sym = {"en_US": "$", "en_GB": "£", "en_IN": "₹"}[self.loc]
            return self.pick([f"{sym}{v:,.2f}", f"{v:,.2f} {'USD' if sym == '$' else 'GBP' if sym == '£' else 'INR'}"])
        s = f"{v:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
        return self.pick([f"{s} €", f"€{s}", f"EUR {s}"])

    def SKU(self):
        return self.pick([f"{self.d(4)}-{self.d(4)}-{self.d(3)}", f"{self.d(2)} {self.d(3)} {self.d(4)} {self.d(2)}",
                          f"{self.pick(string.ascii_uppercase)}{self.pick(string.ascii_uppercase)}-{self.d(4)}-{self.d(4)}",
                          f"{self.d(3)}.{self.d(3)}.{self.d(2)}"])

    def ISBN(self):
        return self.pick([self.fk.isbn13(), self.fk.isbn10()])

    def TRACKING(self):  # 16 digits that fail Luhn, card-like first digit
        while True:
            n = self.pick("3456") + self.d(15)
            if not luhn_ok(n):
                return self.pick([n, " ".join(n[i:i + 4] for i in range(0, 16, 4))])

    def EAN(self):
        return self.fk.ean13()

    def N(self):
        return str(self.rng.randrange(2, 500))

    def BIG(self):
        return f"{self.rng.randrange(1000, 9_999_999):,}"

    def PCT(self):
        return f"{self.rng.randrange(1, 1000) / 10}%"

    def CITY(self):
        return self.fk.city()

    def POSTCODE(self):
        return self.fk.postcode()

    def COMPANY(self):
        return self.pick(COMPANIES)

    def PRODUCT(self):
        return self.pick(PRODUCTS)

    def HOST(self):
        return self.pick(HOSTS)

    def USER(self):
        return self.pick(USERS)

    def PORT(self):
        return str(self.pick([22, 443, 5432, 8080, 8443, 3306, 6379, 9200]))

    def HEX(self):
        return self.fk.hexify("^" * 32)

    def render(self, template):
        text, spans = [], []
        pos = 0
        for i, part in enumerate(re.split(r"\{(\w+)\}", template)):
            if i % 2 == 0:
                segs = [(part.replace("{{", "{").replace("}}", "}"), None)]
            else:
                val = getattr(self, part)()
                segs = [(val, None)] if isinstance(val, str) else val
            for seg, kind in segs:
                if kind:
                    spans.append({"kind": kind, "start": pos, "end": pos + len(seg)})
                text.append(seg)
                pos += len(seg)
        return "".join(text), spans


def ascii_fold(s):
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


# --- templates ----------------------------------------------------------------------------
# Labelled placeholders: PERSON TPERSON FIRST EMAIL PHONE PHONE_INTL CC IBAN SSN IPV4 IPV6 IP MAC
# ADDR DOB DOB_ISO AWS GHP JWT PWD SECRETV URLCRED PAN AADHAAR NINO. Everything else is filler.

EN = [
    # emails and letters
    "Hi {FIRST},\nthanks for your order {ORDER}. If anything is wrong, reply to this email or call us on {PHONE}.",
    "From: {PERSON} <{EMAIL}>\nSubject: Invoice {INVOICE}\n\nPlease find attached the invoice for {PRICE}.",
    "Dear {TPERSON}, your appointment is confirmed for {DATE} at {TIME}. Questions? Call {PHONE}.",
    "Please send the signed contract to {EMAIL} and copy {EMAIL} by {DATE}.",
    "Kind regards,\n{PERSON}\nAccount Manager, {COMPANY}\nMobile: {PHONE_INTL}\n{EMAIL}",
    "Forwarding this on behalf of {TPERSON}: the refund of {PRICE} should go to IBAN {IBAN}.",
    "Hi all, {PERSON} joins the data team on Monday. Her desk phone is {PHONE}.",
    "Can you reset the MFA for {EMAIL}? She is locked out since {DATE}.",
    "Reply-To: {EMAIL}\nX-Originating-IP: [{IPV4}]\nSubject: Re: ticket {TICKET}",
    # support tickets and chats
    "Ticket {TICKET}: customer {PERSON} ({EMAIL}) reports that card {CC} was charged twice for order {ORDER}.",
    "Customer called from {PHONE} about a late delivery to {ADDR}. Order {ORDER}, shipped {DATE}.",
    "[chat] visitor: my card number is {CC} exp 09/27, why was it declined?",
    "Caller verified with date of birth {DOB} and postcode {POSTCODE}. Name on file: {PERSON}.",
    "Please update the delivery address for {TPERSON} to {ADDR}, {CITY} {POSTCODE}.",
    "Escalated to tier 2: {FIRST} says the login from {IP} was not her.",
    "Refund approved for {PERSON}. Send {PRICE} to account {IBAN} with reference {INVOICE}.",
    "User {EMAIL} cannot connect to the VPN; last seen from {IPV4} on {TS}.",
    "The courier could not find {ADDR}. Contact recipient {PERSON} at {PHONE}.",
    "Chargeback dispute for {PERSON}: the full card number {CC} appears in the attachment, please redact it.",
    # HR and CRM notes
    "New hire: {PERSON}, born on {DOB}, start date {DATE}, SSN {SSN}.",
    "HR note: {TPERSON} (employee {N}) updated her emergency contact to {PERSON}, {PHONE}.",
    "Payroll change for {PERSON}: salary to be paid into {IBAN} from {DATE} on.",
    "Candidate {PERSON} - DOB: {DOB} - phone {PHONE} - email {EMAIL}",
    "Background check requested for {PERSON}, date of birth {DOB}, SSN {SSN}.",
    "Emergency contact for {FIRST}: {PERSON}, {PHONE_INTL}.",
    "Name: {PERSON}\nAddress: {ADDR}\nPhone: {PHONE}\nDOB: {DOB}",
    "{PERSON} moved to {ADDR}; payroll and benefits need the new address before {DATE}.",
    "CRM: spoke with {TPERSON} of {COMPANY}, follow up next week at {EMAIL}.",
    "Employee record {N}: {PERSON}, {EMAIL}, {PHONE}, bank {IBAN}.",
    "employee_id,name,email,phone,dob\n{N},{PERSON},{EMAIL},{PHONE},{DOB_ISO}",
    "Attendees (last name, first name): {PERSON_LF}; {PERSON_LF}; {PERSON_LF}.",
    "{TS} AUDIT record viewed: patient \"{PERSON_LF}\" by {USER}",
    "Visitor badge issued to {PERSON} ({COMPANY}) on {DATE}, escorted by {PERSON}.",
    # logs
    "{TS} INFO auth: login succeeded user={EMAIL} ip={IP}",
    "{TS} WARN sshd[{N}]: Failed password for {USER} from {IPV4} port {PORT} ssh2",
    "{IPV4} - - [{TS}] \"GET /api/v1/orders/{N} HTTP/1.1\" 200 {N} \"-\" \"Mozilla/5.0\"",
    "{TS} DEBUG dhcp: lease {IPV4} to {MAC} (host {HOST})",
    "{TS} ERROR payment: declined card={CC} amount={PRICE} order={ORDER}",
    "kernel: eth0: link up, hw addr {MAC}, inet6 {IPV6}",
    "{TS} INFO neighbour {IPV6} reachable via {MAC} on vlan {N}",
    "{TS} WARN rate limit exceeded for {IP} (user {EMAIL}), {N} requests in 60 s",
    "{TS} INFO sent SMS to {PHONE_INTL}: your code is {N}",
    "{TS} ERROR upload failed: AWS key {AWS} is not authorised for bucket reports-{N}",
    "{TS} DEBUG request headers: Authorization: Bearer {JWT}",
    "{TS} INFO firewall: blocked {IPV6} -> {HOST}:{PORT}",
    "{TS} INFO mail: delivered message for {EMAIL} via {HOST} in {N} ms",
    # config files and code
    "DATABASE_URL={URLCRED}\nREDIS_HOST={HOST}\nLOG_LEVEL=info",
    "aws_access_key_id = {AWS}\nregion = eu-west-1\noutput = json",
    "export GITHUB_TOKEN={GHP}\nexport CI=true",
    "db:\n  host: {HOST}\n  user: {USER}\n  password={PWD}\n  port: {PORT}",
    "[smtp]\nserver = {HOST}\nusername = {EMAIL}\npassword={PWD}",
    "curl -H \"Authorization: Bearer {JWT}\" https://api.example.com/v2/me",
    "git remote set-url origin https://{GHP}@github.com/example/app.git",
    "mysql -h {IPV4} -u {USER} --password={PWD} billing",
    "Found in the repo history (commit {SHORTSHA}): password={PWD} and token {SECRETV}.",
    "ALLOWED_HOSTS={IPV4},{IPV4}\nADMIN_EMAIL={EMAIL}",
    "interface eth1\n  hwaddress ether {MAC}\n  address {IPV4}\n  ipv6 {IPV6}",
    "{{\"name\": \"{PERSON}\", \"email\": \"{EMAIL}\", \"phone\": \"{PHONE}\", \"dob\": \"{DOB_ISO}\"}}",
    "{{\"customer\": \"{PERSON}\", \"iban\": \"{IBAN}\", \"amount\": \"{PRICE}\"}}",
    "BROKER_URL={URLCRED}\nWORKERS={N}",
    "The nightly export connects with {URLCRED} - rotate that credential.",
    "{TS} ERROR sqlalchemy: could not connect to {URLCRED}",
    "user={USER} password={PWD} host={HOST}",
    "{{\"event\": \"login\", \"ip\": \"{IP}\", \"mac\": \"{MAC}\", \"user\": \"{EMAIL}\"}}",
    # misc prose
    "{PERSON} was born on {DOB} and lives at {ADDR}.",
    "Send the spare keys to {TPERSON}, {ADDR}, {CITY}.",
    "Wire {PRICE} to {PERSON}, IBAN {IBAN}, before {DATE}.",
    "The printer at {IPV4} ({MAC}) keeps dropping off the network.",
    "Meeting notes: {PERSON}, {PERSON} and {PERSON} agreed to ship version {VERSION} on {DATE}.",
    "Lost card: {CC}. Cardholder {TPERSON}, reachable on {PHONE}.",
    "Please whitelist {IPV6} and {IPV4} for {FIRST}'s home office.",
    "Patient {PERSON}, DOB {DOB}, was seen on {DATE}.",
]
EN_US = [
    "W-4 received for {PERSON}, SSN {SSN}, address {ADDR}, {CITY}.",
    "SSN: {SSN} | Name: {PERSON} | DOB: {DOB}",
    "Tax form 1099 for {TPERSON} lists SSN {SSN}; mail it to {ADDR}.",
    "Applicant {PERSON} gave social security number {SSN} and phone {PHONE}.",
    "I-9 verification: {TPERSON}, SSN {SSN}, hired {DATE}.",
    "{{\"ssn\": \"{SSN}\", \"name\": \"{PERSON}\", \"zip\": \"{POSTCODE}\"}}",
    "Customer asked us to remove SSN {SSN} from the notes on order {ORDER}.",
]
EN_GB = [
    "National Insurance number {NINO} for {PERSON}, starting {DATE}.",
    "P45 received: {TPERSON}, NI number {NINO}, address {ADDR}.",
    "NINO: {NINO}\nName: {PERSON}\nDate of birth: {DOB}",
    "Please quote your NI number ({NINO}) and sort code when calling {PHONE}.",
    "HMRC letter for {PERSON} references National Insurance number {NINO}.",
    "starter_checklist: name={PERSON}; nino={NINO}; start={DATE}",
]
EN_IN = [
    "KYC: {PERSON}, PAN {PAN}, Aadhaar {AADHAAR}, mobile {PHONE}.",
    "PAN card {PAN} belongs to {TPERSON}; date of birth {DOB}.",
    "Please link Aadhaar {AADHAAR} with PAN {PAN} before {DATE}.",
    "Customer {PERSON} ({PHONE_INTL}) submitted PAN {PAN} for the TDS refund.",
    "Vendor registration: PAN {PAN}, contact {PERSON}, {EMAIL}, {ADDR}, {CITY}.",
    "Aadhaar no. {AADHAAR} verified for {TPERSON} on {DATE}.",
    "e-KYC failed for Aadhaar {AADHAAR}: OTP not delivered to {PHONE}.",
    "Form 16 issued to {PERSON} (PAN: {PAN}) for FY 2023-24.",
]
NATIVE = {
    "de": [
        "Sehr geehrte Damen und Herren, bitte überweisen Sie {PRICE} auf das Konto {IBAN}. Mit freundlichen Grüßen, {PERSON}",
        "{TPERSON}, geboren am {DOB}, wohnhaft in {ADDR}, {POSTCODE} {CITY}.",
        "Rückruf erbeten: {PERSON}, Tel. {PHONE}, E-Mail {EMAIL}.",
        "Personalakte: {PERSON}, geb. {DOB}, Eintritt {DATE}, Bankverbindung {IBAN}.",
        "Bitte die Lieferadresse ändern auf {ADDR}, {POSTCODE} {CITY}. Ansprechpartner: {TPERSON}.",
        "Ticket {TICKET}: Kunde {PERSON} meldet, dass die Karte {CC} doppelt belastet wurde.",
        "Geburtsdatum: {DOB}\nName: {PERSON}\nMobil: {PHONE_INTL}",
        "Der Drucker mit der IP {IPV4} und MAC {MAC} ist seit {DATE} nicht erreichbar.",
        "Hallo {FIRST}, dein neues Passwort lautet password={PWD}, bitte sofort ändern.",
        "Vertrag {INVOICE} vom {DATE}: Frau {PERSON} ist unter {PHONE} erreichbar.",
        "Die Bewerbung von {PERSON} (geboren am {DOB}) liegt vor; Rückfragen an {EMAIL}.",
    ],
    "fr": [
        "Bonjour {FIRST}, merci pour votre commande {ORDER}. Pour toute question, appelez le {PHONE}.",
        "{TPERSON}, né le {DOB}, demeurant au {ADDR}, {POSTCODE} {CITY}.",
        "Merci de virer {PRICE} sur le compte {IBAN} avant le {DATE}. Cordialement, {PERSON}",
        "Dossier RH : {PERSON}, née le {DOB}, entrée le {DATE}, tél. {PHONE}.",
        "Ticket {TICKET} : le client {PERSON} ({EMAIL}) signale un double débit sur la carte {CC}.",
        "Contact : {TPERSON} - {PHONE_INTL} - {EMAIL}",
        "Date de naissance : {DOB}\nNom : {PERSON}\nAdresse : {ADDR}",
        "Connexion refusée depuis {IP} pour l'utilisateur {EMAIL} le {DATE}.",
        "Veuillez livrer le colis au {ADDR}, {CITY}, à l'attention de {TPERSON}.",
        "Le technicien a remplacé la carte réseau {MAC} sur le poste de {PERSON}.",
    ],
    "es": [
        "Hola {FIRST}, gracias por tu pedido {ORDER}. Si tienes dudas llama al {PHONE}.",
        "{TPERSON}, nacido el {DOB}, con domicilio en {ADDR}, {POSTCODE} {CITY}.",
        "Por favor, transfiera {PRICE} a la cuenta {IBAN} antes del {DATE}. Saludos, {PERSON}",
        "Ficha de empleado: {PERSON}, nacida el {DOB}, alta el {DATE}, teléfono {PHONE}.",
        "Incidencia {TICKET}: el cliente {PERSON} ({EMAIL}) indica un cargo duplicado en la tarjeta {CC}.",
        "Contacto: {TPERSON}, móvil {PHONE_INTL}, correo {EMAIL}.",
        "Fecha de nacimiento: {DOB}\nNombre: {PERSON}\nDirección: {ADDR}",
        "Acceso bloqueado desde {IP} para {EMAIL}.",
        "Enviar la documentación a {TPERSON}, {ADDR}, {CITY}.",
        "El router con MAC {MAC} e IP {IPV4} de la oficina de {CITY} no responde.",
    ],
    "it": [
        "Ciao {FIRST}, grazie per l'ordine {ORDER}. Per informazioni chiama il {PHONE}.",
        "{TPERSON}, nato il {DOB}, residente in {ADDR}, {POSTCODE} {CITY}.",
        "Si prega di bonificare {PRICE} sul conto {IBAN} entro il {DATE}. Cordiali saluti, {PERSON}",
        "Scheda dipendente: {PERSON}, data di nascita {DOB}, assunzione {DATE}, cellulare {PHONE}.",
        "Ticket {TICKET}: il cliente {PERSON} ({EMAIL}) segnala un doppio addebito sulla carta {CC}.",
        "Referente: {TPERSON}, tel. {PHONE_INTL}, email {EMAIL}.",
        "Data di nascita: {DOB}\nNome: {PERSON}\nIndirizzo: {ADDR}",
        "Accesso negato da {IP} per l'utente {EMAIL} il {DATE}.",
        "Spedire il pacco a {TPERSON}, {ADDR}, {CITY}.",
        "La stampante {MAC} al piano terra ha l'indirizzo {IPV4}.",
    ],
    "nl": [
        "Hoi {FIRST}, bedankt voor je bestelling {ORDER}. Vragen? Bel {PHONE}.",
        "{TPERSON}, geboren op {DOB}, wonende te {ADDR}, {POSTCODE} {CITY}.",
        "Graag {PRICE} overmaken naar rekening {IBAN} voor {DATE}. Met vriendelijke groet, {PERSON}",
        "Personeelsdossier: {PERSON}, geboortedatum {DOB}, in dienst per {DATE}, telefoon {PHONE}.",
        "Ticket {TICKET}: klant {PERSON} ({EMAIL}) meldt een dubbele afschrijving op kaart {CC}.",
        "Contactpersoon: {TPERSON}, mobiel {PHONE_INTL}, e-mail {EMAIL}.",
        "Geboortedatum: {DOB}\nNaam: {PERSON}\nAdres: {ADDR}",
        "Inlog geweigerd vanaf {IP} voor {EMAIL} op {DATE}.",
        "Stuur het pakket naar {TPERSON}, {ADDR}, {CITY}.",
        "De printer met MAC {MAC} heeft nu IP-adres {IPV4}.",
    ],
}

NEG_EN = [
    "Order {ORDER} shipped on {DATE}; total {PRICE} including VAT.",
    "Invoice {INVOICE} is due on {DATE}. Amount outstanding: {PRICE}.",
    "Upgraded the agent from {VERSION} to {VERSION} on all {N} nodes.",
    "Release {VERSION} (build {SHORTSHA}) fixes the memory leak reported in {TICKET}.",
    "ISBN {ISBN}, paperback, {N} pages, list price {PRICE}.",
    "Tracking number {TRACKING} - parcel left the hub at {TIME}.",
    "Replacement part {SKU} for the {PRODUCT} is back in stock.",
    "Merged {SHA} into main; CI run {N} passed in {N} s.",
    "request_id={UUID} status=200 duration_ms={N}",
    "[{TS}] INFO worker-{N} processed {BIG} jobs, queue depth {N}.",
    "The quarterly review is scheduled for {DATE} at {TIME} in room {N}.",
    "Stock update: {PRODUCT} now {PRICE} (was {PRICE}), {N} units left.",
    "EAN {EAN} / article {SKU}: price changed to {PRICE} on {DATE}.",
    "CPU usage peaked at {PCT} on {HOST}; {BIG} requests served since {TS}.",
    "Ticket {TICKET} closed: duplicate of {TICKET}, fixed in {VERSION}.",
    "Payment reference {INVOICE} matched order {ORDER} ({PRICE}).",
    "Checksum: sha1 {SHA}, size {BIG} bytes, uploaded {TS}.",
    "Session {HEX} expired after {N} minutes of inactivity.",
    "Warehouse {N} reported {BIG} pallets moved between {DATE} and {DATE}.",
    "Docker image app:{VERSION} pushed with digest sha256:{HEX}{HEX}.",
    "Card reader firmware {VERSION} rejected batch {TRACKING}.",
    "Flight {SKU} departs {TIME}, gate {N}; boarding closes {N} minutes before.",
    "Shipment {ORDER} weighs {N} kg and contains {N} boxes of {PRODUCT}.",
    "The {COMPANY} contract renews on {DATE} for {PRICE} per year.",
    "Build {N} of {VERSION} published at {TS} (commit {SHA}).",
    "Config: max_connections={N}, timeout={N}s, retries={N}, version={VERSION}",
    "Serial number SN{TRACKING} registered on {DATE}.",
    "Product code {SKU}, batch {N}, best before {DATE}.",
]
NEG_NATIVE = {
    "de": ["Bestellung {ORDER} wurde am {DATE} versandt, Gesamtbetrag {PRICE}.",
           "Rechnung {INVOICE} ist am {DATE} fällig. Offener Betrag: {PRICE}.",
           "Artikelnummer {SKU}: neuer Preis {PRICE} ab {DATE}.",
           "Besprechung am {DATE} um {TIME} Uhr in Raum {N}.",
           "Sendungsnummer {TRACKING}, Paket wurde um {TIME} zugestellt."],
    "fr": ["Commande {ORDER} expédiée le {DATE}, montant {PRICE}.",
           "La facture {INVOICE} est payable au {DATE}. Montant : {PRICE}.",
           "Référence {SKU} : nouveau prix {PRICE} à partir du {DATE}.",
           "Réunion le {DATE} à {TIME}, salle {N}.",
           "Numéro de suivi {TRACKING}, colis livré à {TIME}."],
    "es": ["Pedido {ORDER} enviado el {DATE}, importe {PRICE}.",
           "La factura {INVOICE} vence el {DATE}. Importe pendiente: {PRICE}.",
           "Referencia {SKU}: nuevo precio {PRICE} desde el {DATE}.",
           "Reunión el {DATE} a las {TIME} en la sala {N}.",
           "Número de seguimiento {TRACKING}, entregado a las {TIME}."],
    "it": ["Ordine {ORDER} spedito il {DATE}, totale {PRICE}.",
           "La fattura {INVOICE} scade il {DATE}. Importo: {PRICE}.",
           "Codice articolo {SKU}: nuovo prezzo {PRICE} dal {DATE}.",
           "Riunione il {DATE} alle {TIME} in sala {N}.",
           "Numero di tracking {TRACKING}, pacco consegnato alle {TIME}."],
    "nl": ["Bestelling {ORDER} verzonden op {DATE}, totaal {PRICE}.",
           "Factuur {INVOICE} vervalt op {DATE}. Openstaand bedrag: {PRICE}.",
           "Artikelnummer {SKU}: nieuwe prijs {PRICE} vanaf {DATE}.",
           "Vergadering op {DATE} om {TIME} in zaal {N}.",
           "Trackingnummer {TRACKING}, pakket bezorgd om {TIME}."],
}


def locale_templates(locale):
    lang = LANG[locale]
    extra = {"en_US": EN_US, "en_GB": EN_GB, "en_IN": EN_IN}.get(locale, [])
    en = [t for t in EN if "{SSN}" not in t or locale == "en_US"]
    if lang == "en":
        pos = en + extra * 5  # the locale's own identifiers more often
        neg = NEG_EN
    else:
        pos = en + NATIVE[lang] * 3
        neg = NEG_EN + NEG_NATIVE[lang] * 3
    return pos, neg


def cycle(rng, items):
    """Deterministic shuffled round-robin: every item before any repeats."""
    while True:
        order = items[:]
        rng.shuffle(order)
        yield from order


def check_line(rec):
    text = rec["text"]
    prev_end = 0
    for s in sorted(rec["spans"], key=lambda s: s["start"]):
        assert 0 <= s["start"] < s["end"] <= len(text), rec
        assert s["start"] >= prev_end, f"overlapping spans: {rec}"
        prev_end = s["end"]
        v = text[s["start"]:s["end"]]
        assert v == v.strip() and v, rec
        kind, digits = s["kind"], re.sub(r"\D", "", v)
        if kind == "CREDIT_CARD":
            assert luhn_ok(digits) and 12 <= len(digits) <= 19, v
        elif kind == "IBAN":
            assert iban_ok(v), v
        elif kind == "IN_AADHAAR":
            assert len(digits) == 12 and digits[0] not in "01" and verhoeff_ok(digits), v
        elif kind == "UK_NINO":
            m = NINO_RE.match(v)
            assert m and m.group(1)[0] not in NINO_BAD_FIRST and m.group(1)[1] not in NINO_BAD_SECOND, v
            assert m.group(1) not in NINO_BAD_PREFIX, v
        elif kind == "IN_PAN":
            assert PAN_RE.match(v), v
        elif kind == "US_SSN":
            assert len(digits) == 9 and digits[:3] not in ("000", "666") and digits[0] != "9", v
            assert digits[3:5] != "00" and digits[5:] != "0000", v
        elif kind == "IP_ADDRESS":
            ipaddress.ip_address(v)
        elif kind == "EMAIL":
            assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", v), v
        elif kind == "SECRET":
            assert re.fullmatch(r"AKIA[A-Z2-7]{16}|ghp_[A-Za-z0-9]{36}|eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+|[\w!#%^*+.\-]{10,20}", v), v


def build():
    lines = []
    for li, (locale, count) in enumerate(LOCALES.items()):
        g = Gen(locale, SEED + 1000 * li)
        pos, neg = locale_templates(locale)
        pos_it, neg_it = cycle(g.rng, pos), cycle(g.rng, neg)
        n_neg = round(count * NEGATIVE_SHARE)
        kinds = [True] * n_neg + [False] * (count - n_neg)
        g.rng.shuffle(kinds)
        for is_neg in kinds:
            text, spans = g.render(next(neg_it) if is_neg else next(pos_it))
            rec = {"text": text, "spans": spans, "locale": locale}
            check_line(rec)
            lines.append(json.dumps(rec, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def main():
    data = build()
    if "--check" in sys.argv:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == data
        print("faker-set.jsonl is up to date" if same else "faker-set.jsonl differs from a fresh run")
        sys.exit(0 if same else 1)
    OUT.write_text(data, encoding="utf-8")
    recs = [json.loads(l) for l in data.splitlines()]
    counts = {}
    for r in recs:
        for s in r["spans"]:
            counts[s["kind"]] = counts.get(s["kind"], 0) + 1
    print(f"wrote {OUT} ({len(data.encode()) / 1024:.0f} KiB): {len(recs)} lines, "
          f"{sum(not r['spans'] for r in recs)} without spans")
    for k in sorted(counts):
        print(f"  {k:16} {counts[k]}")


if __name__ == "__main__":
    main()
