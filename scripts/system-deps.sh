#!/usr/bin/env bash
# Installs the Debian packages the project needs (poppler's pdftotext for benchmarks,
# Voikko with its Finnish dictionary for lemmas, Tesseract for OCR) when run as root,
# and otherwise says exactly what is missing and how to install it.
# With the argument "test" it also installs Debian's Chromium, which the browser test
# (tests/test_browser.py) drives with Playwright.
set -u
PACKAGES="poppler-utils libvoikko1 voikko-fi tesseract-ocr tesseract-ocr-fin tesseract-ocr-swe"
if [ "${1:-}" = "test" ]; then
    PACKAGES="$PACKAGES chromium"
fi

missing() {
    local out=""
    for pkg in $PACKAGES; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || out="$out $pkg"
    done
    echo "$out"
}

need=$(missing)
[ -z "$need" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages:$need" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq $need >/dev/null || {
        echo "Could not install:$need. Run: apt-get install$need" >&2
        exit 1
    }
else
    echo "Missing system packages:$need" >&2
    echo "Install them as root with: sudo apt-get install$need" >&2
    echo "(Without them lemmatised search, OCR, the pdftotext benchmark and the browser test are unavailable.)" >&2
    exit 1
fi
