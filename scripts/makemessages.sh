#!/usr/bin/env bash
# Regenerate the French, Korean, Thai and Vietnamese catalogues of the apps named (all by
# default), then compile them; LANGS="fr th" limits the languages. Each app keeps its own catalogue; the root templates/ have none of their own,
# so makemessages reaches them through temporary links in the app that translates them:
# base.html in programmes, account/ in participants, the error pages in backend.
# A plain `makemessages` inside those apps would mark their strings obsolete.
set -euo pipefail
cd "$(dirname "$0")/.."
ADMIN="$PWD/.venv/bin/django-admin"
apps=("$@")
language_flags=()
for language in ${LANGS:-fr ko th vi}; do language_flags+=(-l "$language"); done
[ ${#apps[@]} -gt 0 ] || apps=(backend programmes participants review scheduling attendance notifications audit delegations logistics surveys reports backoffice)

links=()
cleanup() { for link in "${links[@]}"; do rm -f "$link"; done; }
trap cleanup EXIT
link() { ln -sfn "$1" "$2"; links+=("$2"); }

for app in "${apps[@]}"; do
  case "$app" in
    programmes) link ../templates/base.html programmes/base.html ;;
    participants) link ../templates/account participants/tplaccount ;;
    backend) for page in 400 403 404 409 429 500; do link "../templates/$page.html" "backend/$page.html"; done ;;
  esac
  (cd "$app" && "$ADMIN" makemessages "${language_flags[@]}" --symlinks --ignore=migrations --no-obsolete \
    && "$ADMIN" compilemessages)
  cleanup; links=()
done
