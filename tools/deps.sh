#!/bin/sh
# Installs what amrc needs to build (cmocka, for the unit tests, is in
# tools/test-deps.sh), when it is missing and this
# machine can (Debian or Ubuntu, as root or with sudo). Otherwise it says
# what to install and fails.
set -eu
missing=""
command -v flex >/dev/null 2>&1 || missing="$missing flex"
command -v bison >/dev/null 2>&1 || missing="$missing bison"
[ -f /usr/include/xlsxwriter.h ] || missing="$missing libxlsxwriter-dev"
command -v msgfmt >/dev/null 2>&1 || missing="$missing gettext"
command -v cc >/dev/null 2>&1 || missing="$missing gcc"
command -v make >/dev/null 2>&1 || missing="$missing make"
[ -z "$missing" ] && exit 0
echo "amrc: installing$missing" >&2
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
    exit $?
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
    exit $?
  fi
fi
echo "amrc: please install:$missing" >&2
exit 1
