#!/usr/bin/env bash
# Installs the Debian packages CodingAgent needs that this machine lacks (Python with the sandbox's
# data libraries, bubblewrap, e2fsprogs and mount for the workspace filesystems; for the Kerberos tests of Auth:Mode Negotiate,
# MIT Kerberos: a KDC, its admin tools and kinit; they use their own configuration, never /etc/krb5.conf). Safe to run again; installs nothing that is already there.
set -euo pipefail

packages=(python3 python3-pandas python3-numpy python3-plotly python3-matplotlib python3-openpyxl python3-scipy bubblewrap fonts-dejavu-core e2fsprogs mount krb5-kdc krb5-admin-server krb5-user curl)
packages+=("$@")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (https://dot.net); install it and run this again." >&2
  exit 1
fi
