#!/usr/bin/env bash
# phigate's quick start, run verbatim by CI against a started server (`make run` in another terminal).
# It creates a client for your app, uploads a synthetic example, waits until it is stored, then reads its
# de-identified text and the audit trail of everything that happened to it. Needs curl and jq.
set -euo pipefail
PHIGATE=${PHIGATE:-.venv/bin/phigate}            # or just `phigate` once the venv is activated
DATA=${PHIGATE_DATA_DIR:-./phigate-data}          # the server's data directory
B=${PHIGATE_URL:-https://127.0.0.1:8443}          # the server
CA=(--cacert "$DATA/tls/cert.pem")                # trust the server's development certificate
F=${1:-examples/referral-letter.pdf}              # any file from examples/ (all synthetic)
umask 077

# 1. your clinic as a tenant, and a client for your app; its secret is printed once (keep creds.json private,
#    or in your secret store)
"$PHIGATE" tenants add clinic-1 --exist-ok --data-dir "$DATA"
"$PHIGATE" accounts add-service quickstart-app --tenant clinic-1 --scope uploads:create --scope uploads:read \
  --scope documents:read --scope audit:read --json --data-dir "$DATA" > creds.json
TOKEN=$(curl -sSf "${CA[@]}" "$B/v1/auth/token" -d grant_type=client_credentials \
  -d client_id="$(jq -r .client_id creds.json)" -d client_secret="$(jq -r .client_secret creds.json)" \
  | jq -r .access_token)
AUTH=(-H "Authorization: Bearer $TOKEN")

# 2. ask for an upload (the filename is sealed: never logged, never in a URL)
TICKET=$(curl -sSf "${CA[@]}" "${AUTH[@]}" "$B/v1/uploads" -H 'Content-Type: application/json' \
  -d "$(jq -n --arg f "$(basename "$F")" --argjson size "$(stat -c %s "$F")" \
        --arg sha "$(sha256sum "$F" | cut -d' ' -f1)" \
        '{filename: $f, media_type: "application/pdf", size: $size, sha256: $sha}')")
ID=$(jq -r .upload_id <<<"$TICKET")

# 3. PUT the bytes to the signed URL (it works once, for this file's size and type, for 10 minutes)
curl -sSf "${CA[@]}" -T "$F" "$(jq -r .put_url <<<"$TICKET")" > /dev/null

# 4. wait while it is quarantined, scanned, extracted and analysed
for _ in $(seq 120); do
  STATE=$(curl -sSf "${CA[@]}" "${AUTH[@]}" "$B/v1/uploads/$ID" | jq -r .state)
  case $STATE in
    stored) break ;;
    infected|unscannable|needs_review|purged) echo "upload $ID ended as $STATE" >&2; exit 1 ;;
  esac
  sleep 1
done
[ "$STATE" = stored ] || { echo "upload $ID still $STATE after 120 s" >&2; exit 1; }
echo "document $ID is stored"

# 5. the de-identified text (names, dates, numbers tagged), what an AI feature may see
curl -sSf "${CA[@]}" "${AUTH[@]}" "$B/v1/documents/$ID/text?view=deidentified" | jq -r .text

# 6. the audit trail of this document: every step above, tamper-evident
curl -sSf "${CA[@]}" "${AUTH[@]}" "$B/v1/audit/events?resource=$ID" \
  | jq -r '.events[] | "\(.seq)  \(.time)  \(.actor_id)  \(.outcome)  \(.detail)"'
