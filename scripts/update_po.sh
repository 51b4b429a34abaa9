#!/usr/bin/env bash
# i18n/fr.po = the current .pot with the hand-kept translations of scripts/fr_terms.py.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$PROJECT_DIR"
"$VENV/bin/python" - <<'PY'
import sys

import polib

sys.path.insert(0, "scripts")
from fr_terms import FR

pot = polib.pofile("i18n/account_dunning.pot")
po = polib.POFile()
po.metadata = dict(pot.metadata, Language="fr", **{"Plural-Forms": "nplurals=2; plural=(n > 1);"})
for entry in pot:
    entry.msgstr = FR.get(entry.msgid, "")
    po.append(entry)
po.save("i18n/fr.po")
print(f"fr.po: {sum(1 for e in po if e.msgstr)} of {len(po)} terms translated")
PY
