# Sourced by build-aux/run and build-aux/test: the Debian 12 packages
# Bootwire needs, and a function that installs the missing ones.

BW_BUILD_PACKAGES=(
  meson ninja-build gcc pkg-config gettext
  libglib2.0-dev libjson-glib-dev libusb-1.0-0-dev libunicorn-dev
  binutils-arm-none-eabi python3
  libgtk-4-dev libadwaita-1-dev
  appstream
)
BW_TEST_PACKAGES=(
  clang libclang-rt-14-dev python3 python3-yaml xvfb xauth
  stlink-tools openocd
  gcc-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64 wine wine64
  desktop-file-utils librsvg2-bin flatpak-builder groff-base
)

bw_install_packages () {
  local missing=()
  local package
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$package")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  echo "Installing missing packages: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo)
    else
      echo "These packages are missing and installing them needs administrator rights. Run:" >&2
      echo "  sudo apt-get install ${missing[*]}" >&2
      echo "then run this command again." >&2
      exit 1
    fi
  fi
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}
