#!/usr/bin/env bash
# The Python package as users get it: `pip install ./python` into a fresh venv (maturin
# from PyPI builds an abi3 wheel; the cargo target directory is shared, so only what changed
# compiles), then used from a directory outside the repository, without pyarrow.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q --upgrade pip
"$tmp/venv/bin/pip" install -q ./python
cd "$tmp"
"$tmp/venv/bin/python" - "$repo/examples" "$tmp/out" <<'PY'
import pathlib, sys
import corpusforge

examples, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
installed = pathlib.Path(corpusforge.__file__).parent
assert "site-packages" in str(installed), installed
assert (installed / "py.typed").exists() and (installed / "_corpusforge.pyi").exists()
doc = corpusforge.extract(examples / "press-release.html")
assert doc.text and doc.source["format"] == "html"
assert corpusforge.mask_pii("Mail jane.doe@example.org").text == "Mail [EMAIL]"
summary = corpusforge.Pipeline({"output": {"format": "jsonl"}}).run([str(examples)], out)
assert summary["documents_in"] >= 12 and (out / "README.md").exists()
try:
    corpusforge.normalize("x", unicode_form="nfx")
except corpusforge.InvalidOptionError as e:
    assert isinstance(e, ValueError) and "unicode_form" in str(e)
else:
    raise AssertionError("no InvalidOptionError")
print(f"pip install ./python: corpusforge {corpusforge.__version__} from {installed}, "
      f"{summary['documents_in']} documents built")
PY
