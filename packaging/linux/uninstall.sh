#!/bin/sh
# Remove the Hearth app installed by install.sh. Your vaults (profile folders) are NOT touched:
# delete them from inside Hearth ("Delete everything") or with `hearth delete` first.
set -eu
APP_ID=io.hearth.Hearth
PREFIX="${HOME}/.local/opt/hearth"
DATA="${XDG_DATA_HOME:-${HOME}/.local/share}"
[ "${1:-}" = "--prefix" ] && PREFIX="$2"

rm -rf "$PREFIX"
rm -f "$DATA/applications/$APP_ID.desktop" "$DATA/metainfo/$APP_ID.metainfo.xml"
rm -f "$DATA"/icons/hicolor/*/apps/$APP_ID.png "$DATA"/icons/hicolor/*/apps/$APP_ID.svg
if [ -L "$HOME/.local/bin/hearth" ] && [ "$(readlink "$HOME/.local/bin/hearth")" = "$PREFIX/hearth" ]; then
    rm -f "$HOME/.local/bin/hearth"
fi
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA/applications" || true
echo "Hearth removed from $PREFIX (your vaults were kept)."
