#!/usr/bin/env bash
# Builds the Docker sandbox image offline from Debian packages (mmdebstrap into a tarball, then docker import),
# from CodingAgent.Sandbox/Image/packages.txt. The tag is the hash of the list and of the build recipe (build_image
# below, as bash prints it: comments do not count), so an unchanged list and recipe are built once; editing the rest
# of this script does not rebuild. The image is also tagged codingagent-sandbox:latest, the default Sandbox:DockerImage.
# Prints the hashed image tag on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
list=CodingAgent.Sandbox/Image/packages.txt
work=""
trap '[ -z "$work" ] || rm -rf "$work"' EXIT

build_image() {
  command -v mmdebstrap >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >/dev/null; }
  packages=$(grep -v '^#' "$list" | grep -v '^$' | paste -sd, -)
  suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
  work=$(mktemp -d)
  echo "Building $1 from Debian $suite: $packages" >&2
  mmdebstrap --quiet --variant=minbase --include="$packages" \
    --aptopt='APT::Install-Recommends "false"' --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    --customize-hook='mkdir -p "$1/workspace" "$1/opt/codingagent" && chmod 1777 "$1/tmp"' \
    "$suite" "$work/rootfs.tar" >&2
  docker import --change 'USER 65534:65534' --change 'WORKDIR /workspace' "$work/rootfs.tar" "$1" >&2
}

hash=$({ cat "$list"; declare -f build_image; } | sha256sum | cut -c1-12)
tag="codingagent-sandbox:$hash"
if ! docker image inspect "$tag" >/dev/null 2>&1; then
  build_image "$tag"
fi
docker tag "$tag" codingagent-sandbox:latest
echo "$tag"
