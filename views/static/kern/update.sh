#!/bin/sh
# update.sh vendors the KERN UX design system (npm package @kern-ux/native,
# EUPL-1.2) into this folder: the minified CSS, the Fira Sans font CSS with the
# woff2 files it references, and the licence. The files are committed so the
# build needs neither npm nor the network; views/static.go serves them under
# content-hash URLs.
#
# Usage (from anywhere):  sh views/static/kern/update.sh [version]
# Then check the pages, commit the changed files and note the version in the
# commit message. The default version is the one in ./VERSION.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
version=${1:-$(cat "$here/VERSION")}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "@kern-ux/native@$version" >/dev/null && tar xzf kern-ux-native-*.tgz)
pkg="$tmp/package"

rm -rf "$here/fonts"
mkdir -p "$here/fonts/fira-sans"
cp "$pkg/dist/kern.min.css" "$here/kern.min.css"
cp "$pkg/dist/fonts/fira-sans.css" "$here/fonts/fira-sans.css"
# Only the font files the CSS references: the package ships many more weights.
for f in $(grep -o 'fira-sans/[A-Za-z-]*\.woff2' "$pkg/dist/fonts/fira-sans.css" | sort -u); do
	cp "$pkg/dist/fonts/$f" "$here/fonts/$f"
done
cp "$pkg/LICENSE.md" "$here/LICENSE.md"
echo "$version" >"$here/VERSION"
echo "vendored @kern-ux/native@$version into $here"
