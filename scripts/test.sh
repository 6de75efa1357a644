#!/usr/bin/env bash
# README command 2: installs what the tests need (on Debian/Ubuntu, when missing), then runs `dotnet test`.
#   - dataset-fashion-mnist: the full data set the data tests read
#   - python3-torch, python3-torchvision, python3-pil: PyTorch as the reference for parity fixtures
#   - python3-sklearn: the real tables (Boston housing, breast cancer) the tabular tests read, and scikit-learn's baselines
#   - chromium, chromium-driver: the browser the web app's page is tested in (category Browser)
# Extra arguments go to dotnet test (e.g. --filter Name~Adam).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || need+=(dataset-fashion-mnist)
/usr/bin/python3 -c "import torch, torchvision, PIL" >/dev/null 2>&1 || need+=(python3-torch python3-torchvision python3-pil)
[ -f /usr/lib/python3/dist-packages/sklearn/datasets/data/boston_house_prices.csv ] || need+=(python3-sklearn)
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || need+=(chromium chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing test prerequisites: ${need[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "missing test prerequisites: ${need[*]} (install them with your package manager)" >&2
    exit 1
  fi
fi

dotnet test FastDays.sln -c Release "$@"
