#!/bin/sh
# Install Hearth for the current user: the app to ~/.local/opt/hearth, a `hearth` link in ~/.local/bin,
# and the desktop entry, AppStream metainfo and icons under ~/.local/share. No root, no network.
# Options: --prefix DIR (default ~/.local/opt/hearth), --no-link (no ~/.local/bin/hearth).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
APP_ID=io.hearth.Hearth
PREFIX="${HOME}/.local/opt/hearth"
DATA="${XDG_DATA_HOME:-${HOME}/.local/share}"
BINDIR="${HOME}/.local/bin"
LINK=1

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) PREFIX="$2"; shift 2 ;;
        --no-link) LINK=0; shift ;;
        -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

if [ ! -x "$HERE/hearth/hearth" ]; then
    echo "install.sh: run me from the unpacked tarball (hearth/hearth is missing)" >&2
    exit 1
fi

echo "Installing Hearth to $PREFIX"
mkdir -p "$(dirname "$PREFIX")"
rm -rf "$PREFIX.new"
cp -a "$HERE/hearth" "$PREFIX.new"
# Swap in the new version only once it is fully copied.
rm -rf "$PREFIX.old"
if [ -e "$PREFIX" ]; then mv "$PREFIX" "$PREFIX.old"; fi
mv "$PREFIX.new" "$PREFIX"
rm -rf "$PREFIX.old"

mkdir -p "$DATA/applications" "$DATA/metainfo"
# Point the launcher at the installed binary (quoted: the prefix may contain spaces).
sed -e "s|^Exec=.*|Exec=\"$PREFIX/hearth\"|" -e "s|^TryExec=.*|TryExec=$PREFIX/hearth|" \
    "$HERE/share/applications/$APP_ID.desktop" > "$DATA/applications/$APP_ID.desktop"
cp "$HERE/share/metainfo/$APP_ID.metainfo.xml" "$DATA/metainfo/"
for dir in "$HERE"/share/icons/hicolor/*/apps; do
    size=$(basename "$(dirname "$dir")")
    mkdir -p "$DATA/icons/hicolor/$size/apps"
    cp "$dir"/$APP_ID.* "$DATA/icons/hicolor/$size/apps/"
done

if [ "$LINK" = 1 ]; then
    mkdir -p "$BINDIR"
    ln -sf "$PREFIX/hearth" "$BINDIR/hearth"
fi

# Refresh the desktop caches when the tools exist; a missing tool only delays the menu entry.
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true

echo "Done. Start Hearth from your applications menu, or run: $PREFIX/hearth"
echo "Check the install with: $PREFIX/hearth --self-test"
