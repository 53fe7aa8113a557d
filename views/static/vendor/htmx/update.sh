#!/bin/sh
# update.sh vendors htmx (npm package htmx.org, Zero-Clause BSD) into this
# folder: the minified build and the licence. Only the planning board loads
# it (views/templates/board.html), as progressive enhancement: every board
# form works without it. views/static.go serves it under a content-hash URL.
#
# Usage (from anywhere):  sh views/static/vendor/htmx/update.sh [version]
# Then run the board's browser tests (go test -run 'TestBrowserBoard' ./cmd/treffpunkt/),
# check that the config keys in board.html's <meta name="htmx-config"> still
# exist in the new version, and note the version in the commit message. The
# default version is the one in ./VERSION.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
version=${1:-$(cat "$here/VERSION")}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "htmx.org@$version" >/dev/null && tar xzf htmx.org-*.tgz)
cp "$tmp/package/dist/htmx.min.js" "$here/htmx.min.js"
cp "$tmp/package/LICENSE" "$here/LICENSE.txt"
echo "$version" >"$here/VERSION"
echo "vendored htmx.org@$version into $here"
