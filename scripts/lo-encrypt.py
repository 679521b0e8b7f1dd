#!/usr/bin/python3
"""Saves OpenDocument files with a password, through LibreOffice (headless, over UNO).

    /usr/bin/python3 scripts/lo-encrypt.py PASSWORD SRC:DST:FILTER [SRC:DST:FILTER ...]

FILTER is LibreOffice's filter name (writer8, impress8, calc8). Needs `soffice` and the
Debian package `python3-uno` (so the system Python, not a venv). Used by
make-encrypted-fixtures.py.
"""

import os
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main():
    password, jobs = sys.argv[1], [a.split(":") for a in sys.argv[2:]]
    with tempfile.TemporaryDirectory() as profile:
        port = 2202
        office = subprocess.Popen(
            [
                "soffice",
                "--headless",
                "--invisible",
                "--norestore",
                f"-env:UserInstallation=file://{profile}",
                f"--accept=socket,host=127.0.0.1,port={port};urp;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        for _ in range(120):
            try:
                ctx = resolver.resolve(
                    f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"
                )
                break
            except Exception:
                time.sleep(0.5)
        else:
            sys.exit("soffice did not start")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        for src, dst, filt in jobs:
            doc = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, (prop("Hidden", True),)
            )
            doc.storeToURL(
                uno.systemPathToFileUrl(os.path.abspath(dst)),
                (prop("FilterName", filt), prop("Password", password)),
            )
            doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass  # the bridge goes down with the office
        office.wait(timeout=60)


if __name__ == "__main__":
    main()
