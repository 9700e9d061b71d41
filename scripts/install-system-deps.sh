#!/usr/bin/env bash
# Debian packages phigate's tests and `make run` use. Idempotent; needs root (or sudo).
set -euo pipefail
pkgs=(clamav clamav-daemon softhsm2 opensc tesseract-ocr tesseract-ocr-eng rsyslog rsyslog-openssl libmagic1 postgresql-client)
pkgs+=(postgresql)  # the server binaries: the tests start a private cluster of their own (tests/_fixtures/services.py)
pkgs+=(curl jq)  # the README quick start (scripts/quickstart.sh) and the tests that drive curl
pkgs+=(fonts-dejavu-core)  # extraction tests and scripts/make_examples.py draw text with DejaVu
pkgs+=(testssl.sh)  # tests/api/test_tls_scan.py: a real TLS scanner asserts TLS 1.3 only
missing=()
for p in "${pkgs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  # wait for another apt/dpkg (unattended-upgrades on a fresh machine) instead of failing on its lock
  lock=(-o DPkg::Lock::Timeout=600)
  $SUDO apt-get "${lock[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${lock[@]}" install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "system packages ready: ${pkgs[*]}"
