# Sourced by ./run and ./test: find Python >= 3.12, create .venv, install the project once per
# change of pyproject.toml. Usage: bootstrap_venv [extra]
# Django 6.1 needs Python 3.12 or newer.

find_python() {
  local candidates=("${PATUH_PYTHON:-}" python3.14 python3.13 python3.12 python3)
  local pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
  for dir in "$pyenv_root"/versions/3.1[2-9]*/bin /usr/local/bin /usr/bin; do
    for name in python3.14 python3.13 python3.12; do
      [ -x "$dir/$name" ] && candidates+=("$dir/$name")
    done
  done
  local candidate
  for candidate in "${candidates[@]}"; do
    [ -n "$candidate" ] || continue
    if "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

bootstrap_venv() {
  local extra="${1:-}"
  local python
  if [ ! -x .venv/bin/python ]; then
    if ! python=$(find_python); then
      echo "Patuh needs Python 3.12 or newer (Django 6.1). Install it, or set PATUH_PYTHON." >&2
      exit 1
    fi
    echo "Creating .venv with $python ($("$python" --version))"
    "$python" -m venv .venv
  fi
  local spec="."
  [ -n "$extra" ] && spec=".[$extra]"
  local stamp
  stamp=".venv/.installed-${extra:-base}-$(sha256sum pyproject.toml | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    echo "Installing Patuh${extra:+ with [$extra]} into .venv …"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$spec"
    rm -f .venv/.installed-"${extra:-base}"-*
    touch "$stamp"
  fi
  export PATH="$PWD/.venv/bin:$PATH"
}
