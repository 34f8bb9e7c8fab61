#!/bin/sh
# Generates the TLS test certificates with GnuTLS's certtool into the directory given as the
# only argument (created if missing): a test CA and leaves for each certificate failure kind the
# TLS tests exercise, a second "unknown" CA, a CRL revoking one leaf, and a client certificate
# (PEM and PKCS#12, password "secret"). Keys are ECDSA P-256 (fast to generate), except the
# RSA leaf rsa.pem and the RSA client certificate client-rsa.p12. Every leaf is for
# 127.0.0.1 / ::1 / localhost unless its name says otherwise.
set -eu
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
out=$1
mkdir -p "$out"
cd "$out"
command -v certtool >/dev/null || { echo "$0: certtool not found (Debian package gnutls-bin)" >&2; exit 1; }

ct() { certtool "$@" >/dev/null 2>&1 || { echo "$0: certtool $* failed" >&2; certtool "$@" >&2; exit 1; }; }
key() { ct --generate-privkey --key-type=ecdsa --curve=secp256r1 --outfile "$1"; }

# ---------------------------------------------------------------- CAs
ca() { # ca NAME CN
    key "$1-key.pem"
    cat > "$1.tmpl" <<T
cn = "$2"
organization = "Winhttp Test"
serial = 1
expiration_days = 3650
ca
cert_signing_key
crl_signing_key
T
    ct --generate-self-signed --load-privkey "$1-key.pem" --template "$1.tmpl" --outfile "$1.pem"
}
ca ca "Winhttp Test CA"
ca unknown-ca "Winhttp Unknown CA"

# ---------------------------------------------------------------- leaves
serial=100
leaf() { # leaf NAME ISSUER TEMPLATE-LINES...
    name=$1 issuer=$2; shift 2
    serial=$((serial + 1))
    key "$name-key.pem"
    { echo "serial = $serial"; for l in "$@"; do echo "$l"; done; } > "$name.tmpl"
    if [ "$issuer" = self ]; then
        ct --generate-self-signed --load-privkey "$name-key.pem" --template "$name.tmpl" --outfile "$name.pem"
    else
        ct --generate-certificate --load-privkey "$name-key.pem" --load-ca-certificate "$issuer.pem" \
           --load-ca-privkey "$issuer-key.pem" --template "$name.tmpl" --outfile "$name.pem"
    fi
}
names='dns_name = "localhost"
ip_address = "127.0.0.1"
ip_address = "::1"'
server='tls_www_server
signing_key
encryption_key'
subject='country = "US"
state = "State"
locality = "City"
organization = "Org"
cn = "localhost"'

leaf valid ca "$subject" "$names" "$server" "expiration_days = 365"
leaf expired ca 'cn = "localhost"' "$names" "$server" \
    'activation_date = "2001-01-01 00:00:00"' 'expiration_date = "2002-01-01 00:00:00"'
leaf notyet ca 'cn = "localhost"' "$names" "$server" \
    'activation_date = "2090-01-01 00:00:00"' 'expiration_date = "2091-01-01 00:00:00"'
leaf wronghost ca 'cn = "wrong.example"' 'dns_name = "wrong.example"' "$server" "expiration_days = 365"
leaf unknownca unknown-ca 'cn = "localhost"' "$names" "$server" "expiration_days = 365"
leaf selfsigned self 'cn = "localhost"' "$names" "$server" "expiration_days = 365"
leaf wrongusage ca 'cn = "localhost"' "$names" 'tls_www_client' 'signing_key' 'encryption_key' \
    "expiration_days = 365"
leaf revoked ca 'cn = "localhost"' "$names" "$server" "expiration_days = 365"
leaf client ca 'cn = "Winhttp Test Client"' 'tls_www_client' 'signing_key' "expiration_days = 365"

# An RSA leaf (the key exchange and key-size paths differ from ECDSA).
serial=$((serial + 1))
ct --generate-privkey --key-type=rsa --bits=2048 --outfile rsa-key.pem
{ echo "serial = $serial"; echo 'cn = "localhost"'; echo "$names"; echo "$server"; echo "expiration_days = 365"; } > rsa.tmpl
ct --generate-certificate --load-privkey rsa-key.pem --load-ca-certificate ca.pem \
   --load-ca-privkey ca-key.pem --template rsa.tmpl --outfile rsa.pem

# ---------------------------------------------------------------- CRL revoking revoked.pem
cat > crl.tmpl <<T
crl_next_update = 365
crl_number = 1
T
ct --generate-crl --load-ca-privkey ca-key.pem --load-ca-certificate ca.pem \
   --load-certificate revoked.pem --template crl.tmpl --outfile crl.pem

# ---------------------------------------------------------------- client certificate as PKCS#12
ct --to-p12 --load-privkey client-key.pem --load-certificate client.pem \
   --p12-name "client" --password secret --outder --outfile client.p12
# ... and the certificate and key in one PEM file.
cat client.pem client-key.pem > client-combined.pem
# An RSA client certificate as PKCS#12 (what Wine's crypt32 imports: RSA keys only), for a
# Windows program's CERT_CONTEXT with its key.
serial=$((serial + 1))
ct --generate-privkey --key-type=rsa --bits=2048 --outfile client-rsa-key.pem
{ echo "serial = $serial"; echo 'cn = "Winhttp Test RSA Client"'; echo 'tls_www_client'; echo 'signing_key';
  echo 'encryption_key'; echo "expiration_days = 365"; } > client-rsa.tmpl
ct --generate-certificate --load-privkey client-rsa-key.pem --load-ca-certificate ca.pem \
   --load-ca-privkey ca-key.pem --template client-rsa.tmpl --outfile client-rsa.pem
ct --to-p12 --load-privkey client-rsa-key.pem --load-certificate client-rsa.pem \
   --p12-name "client" --password secret --outder --outfile client-rsa.p12

# ---------------------------------------------------------------- revocation lists fetched online
# With CRL_URL set (where the caller serves ca2.crl from this directory): a second CA, trusted
# through ca.pem too, whose leaves name CRL distribution points: cdpgood and cdprevoked that
# URL (ca2.crl, DER, revokes cdprevoked), cdpslow that URL answered after 3 s, cdpdead one
# nothing answers, cdpproxy http://crl.invalid/files/ca2.crl (reachable through a proxy only);
# and two intermediate CAs under ca2, ica (good) and icarevoked (revoked in ca2.crl), each with
# a leaf whose file holds the chain (leaf, then its intermediate): chaingood and chainrevoked,
# naming ica.crl / icarevoked.crl beside ca2.crl.
if [ -n "${CRL_URL:-}" ]; then
    ca ca2 "Winhttp Test CA 2"
    cat ca2.pem >> ca.pem
    leaf cdpgood ca2 'cn = "localhost"' "$names" "$server" "expiration_days = 365" "crl_dist_points = \"$CRL_URL\""
    leaf cdprevoked ca2 'cn = "localhost"' "$names" "$server" "expiration_days = 365" "crl_dist_points = \"$CRL_URL\""
    leaf cdpslow ca2 'cn = "localhost"' "$names" "$server" "expiration_days = 365" \
        "crl_dist_points = \"$CRL_URL?wait_ms=3000\""
    leaf cdpproxy ca2 'cn = "localhost"' "$names" "$server" "expiration_days = 365" \
        'crl_dist_points = "http://crl.invalid/files/ca2.crl"'
    leaf cdpdead ca2 'cn = "localhost"' "$names" "$server" "expiration_days = 365" \
        'crl_dist_points = "http://127.0.0.1:1/dead.crl"'
    base=${CRL_URL%ca2.crl}
    for ica in ica icarevoked; do
        leaf $ica ca2 "cn = \"Winhttp Test $ica\"" 'organization = "Winhttp Test"' 'ca' 'cert_signing_key' \
            'crl_signing_key' "expiration_days = 3650" "crl_dist_points = \"$CRL_URL\""
        ct --generate-crl --load-ca-privkey $ica-key.pem --load-ca-certificate $ica.pem \
           --template crl.tmpl --outder --outfile $ica.crl
    done
    leaf chaingood ica 'cn = "localhost"' "$names" "$server" "expiration_days = 365" "crl_dist_points = \"${base}ica.crl\""
    leaf chainrevoked icarevoked 'cn = "localhost"' "$names" "$server" "expiration_days = 365" \
        "crl_dist_points = \"${base}icarevoked.crl\""
    cat ica.pem >> chaingood.pem
    cat icarevoked.pem >> chainrevoked.pem
    cat cdprevoked.pem icarevoked.pem > revoked-by-ca2.pem
    ct --generate-crl --load-ca-privkey ca2-key.pem --load-ca-certificate ca2.pem \
       --load-certificate revoked-by-ca2.pem --template crl.tmpl --outder --outfile ca2.crl
fi

# ---------------------------------------------------------------- OCSP
# With OCSP_URL set too (where the caller runs an OCSP responder for ca2, e.g. `openssl ocsp
# -index ca2-index.txt -rsigner ca2.pem -rkey ca2-key.pem -CA ca2.pem`): leaves naming that
# responder, ocspgood and ocsprevoked (revoked in ca2-index.txt, OpenSSL's CA database), and
# ocspfallback, whose responder is dead but whose distribution point has ca2.crl.
if [ -n "${CRL_URL:-}" ] && [ -n "${OCSP_URL:-}" ]; then
    : > ca2-index.txt
    echo 'unique_subject = no' > ca2-index.txt.attr   # the leaves share their subject
    for name in ocspgood ocsprevoked ocspfallback; do
        if [ $name = ocspfallback ]; then
            leaf $name ca2 'cn = "localhost"' "$names" "$server" "expiration_days = 365" \
                'ocsp_uri = "http://127.0.0.1:1/"' "crl_dist_points = \"$CRL_URL\""
        else
            leaf $name ca2 'cn = "localhost"' "$names" "$server" "expiration_days = 365" "ocsp_uri = \"$OCSP_URL\""
        fi
        # OpenSSL's index: status, expiry, revocation time, serial (hex), file, subject.
        if [ $name = ocsprevoked ]; then state='R' revoked='200101000000Z'; else state='V' revoked=''; fi
        printf '%s\t391231235959Z\t%s\t%02X\tunknown\t/CN=localhost\n' "$state" "$revoked" "$serial" >> ca2-index.txt
    done
fi

rm -f ./*.tmpl
