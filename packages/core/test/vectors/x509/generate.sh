#!/usr/bin/env bash
# Regenerates the X.509 fixtures of this folder. The outputs are committed; tests never run this.
# Needs OpenSSL 3.0+ and, for the ML-DSA certificates, Node.js 24 (OpenSSL 3.0 cannot make ML-DSA).
# Keys are fresh each run, so signatures and fingerprints change; names, serials, dates and
# extensions do not (the tests assert only those).
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
NODE=${NODE:-$(cd ../../../../.. && pwd)/node_modules/.bin/node}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p keys

cat > "$work/ca.cnf" <<'EOF'
[ ca ]
default_ca = anchorage
[ anchorage ]
database = $ENV::WORK/index.txt
new_certs_dir = $ENV::WORK/newcerts
serial = $ENV::WORK/serial
crlnumber = $ENV::WORK/crlnumber
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = yes
copy_extensions = none
# The same CA without a CRL number file: its CRLs carry no cRLNumber.
[ anchorage_without_crl_number ]
database = $ENV::WORK/index.txt
new_certs_dir = $ENV::WORK/newcerts
serial = $ENV::WORK/serial
default_md = sha256
policy = policy_any
unique_subject = no
[ policy_any ]
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
organizationalUnitName = optional
commonName = optional
emailAddress = optional
domainComponent = optional
userId = optional
serialNumber = optional
[ req ]
distinguished_name = req_dn
[ req_dn ]
[ v3_root ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ v3_root_pathlen1 ]
basicConstraints = critical, CA:true, pathlen:1
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ v3_intermediate ]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
nameConstraints = critical, @name_constraints
[ name_constraints ]
permitted;DNS.1 = .example.com
permitted;DNS.2 = example.com
permitted;URI.1 = .example.com
permitted;email.1 = example.com
permitted;IP.1 = 10.0.0.0/255.0.0.0
permitted;IP.2 = 2001:db8::/ffff:ffff:0:0:0:0:0:0
permitted;dirName.1 = constraint_dn
excluded;DNS.1 = forbidden.example.com
excluded;IP.1 = 10.66.0.0/255.255.0.0
[ constraint_dn ]
O = Example
[ v3_leaf ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth, serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = @leaf_san
[ leaf_san ]
DNS.1 = workload-1.example.com
URI.1 = spiffe://example.com/workload-1
email.1 = workload-1@example.com
IP.1 = 10.1.2.3
IP.2 = 2001:db8::1
dirName.1 = leaf_dir
[ leaf_dir ]
O = Example
CN = workload-1
[ v3_plain_leaf ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
[ v3_not_ca ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyCertSign
[ v3_no_keycertsign ]
basicConstraints = critical, CA:true
keyUsage = critical, digitalSignature, cRLSign
[ v3_no_basic_constraints ]
keyUsage = critical, keyCertSign, cRLSign
[ crl_ext ]
authorityKeyIdentifier = keyid:always
EOF
export WORK="$work"
fresh_db() { rm -rf "$work/newcerts" "$work/index.txt"*; mkdir -p "$work/newcerts"; : > "$work/index.txt"; }

key() { # key <name> <rsa:BITS | ec:CURVE | ed25519>
  case "$2" in
    rsa:*) openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${2#rsa:}" -out "keys/$1.key" 2>/dev/null ;;
    ec:*) openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:${2#ec:}" -pkeyopt ec_param_enc:named_curve -out "keys/$1.key" ;;
    ed25519) openssl genpkey -algorithm ED25519 -out "keys/$1.key" ;;
  esac
}

# issue <name> <subject> <serial hex> <issuer name|self> <extensions section|none> <start> <end> [openssl ca options…]
issue() {
  local name=$1 subject=$2 serial=$3 issuer=$4 section=$5 start=$6 end=$7
  shift 7
  fresh_db
  echo "$serial" > "$work/serial"
  openssl req -new -utf8 -multivalue-rdn -config "$work/ca.cnf" -key "keys/$name.key" -subj "$subject" -out "$work/$name.csr"
  local signer=(-cert "$issuer.pem" -keyfile "keys/$issuer.key")
  if [ "$issuer" = self ]; then signer=(-selfsign -keyfile "keys/$name.key"); fi
  local ext=(-extensions "$section")
  if [ "$section" = none ]; then ext=(); fi
  openssl ca -batch -config "$work/ca.cnf" -preserveDN -notext "${signer[@]}" "${ext[@]}" \
    -startdate "$start" -enddate "$end" -in "$work/$name.csr" -out "$name.pem" "$@" 2>/dev/null
}

START=20250101000000Z
END=20350101000000Z

# Accepted trust anchors.
key rsa2048-root rsa:2048
issue rsa2048-root "/C=US/O=Example/OU=Platform/CN=Anchorage Test RSA Root CA" 01 self v3_root $START $END
key p256-root ec:P-256
issue p256-root "/C=US/O=Example/CN=Anchorage Test P-256 Root CA" 02 self v3_root_pathlen1 $START $END
key p384-root ec:P-384
# UTCTime on both sides of the 1950/2050 pivot (RFC 5280 §4.1.2.5.1): 1999 and 2049.
issue p384-root "/C=US/O=Example/CN=Anchorage Test P-384 Root CA" 03 self v3_root 991231235959Z 491231235959Z -md sha384
key p521-root ec:P-521
issue p521-root "/C=US/O=Example/CN=Anchorage Test P-521 Root CA" 04 self v3_root $START $END -md sha512
key ed25519-root ed25519
# notAfter in 2050 is a GeneralizedTime (RFC 5280 §4.1.2.5).
issue ed25519-root "/C=US/O=Example/CN=Anchorage Test Ed25519 Root CA" 05 self v3_root $START 20500101000000Z -md default
key rsa-pss-root rsa:2048
issue rsa-pss-root "/C=US/O=Example/CN=Anchorage Test RSA-PSS Root CA" 06 self v3_root $START $END \
  -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32

# A chain: P-256 root -> intermediate with name constraints -> leaf with every SAN kind we read.
key p256-intermediate ec:P-256
issue p256-intermediate "/C=US/O=Example/CN=Anchorage Test P-256 Intermediate CA" 1000 p256-root v3_intermediate $START $END
key p256-leaf ec:P-256
issue p256-leaf "/O=Example/OU=Security/OU=Engineering/CN=workload-1" 8F3A5C7E9B1D2F40 p256-intermediate v3_leaf $START $END
openssl x509 -in p256-leaf.pem -outform DER -out p256-leaf.der
# Names that exercise RFC 4514 escaping, a multi-valued RDN and non-ASCII text.
key names-leaf ec:P-256
issue names-leaf "/DC=com/DC=example/O=Example, Inc./OU=R&D+OU=Lab/CN=#1 user /emailAddress=ops@example.com/UID=u-1/serialNumber=1234/ST=Zürich" \
  2A p256-root v3_plain_leaf $START $END

# Refused trust anchors.
key sha1-root rsa:2048
issue sha1-root "/C=US/O=Example/CN=Anchorage Test SHA-1 Root CA" 11 self v3_root $START $END -md sha1
key md5-root rsa:2048
issue md5-root "/C=US/O=Example/CN=Anchorage Test MD5 Root CA" 12 self v3_root $START $END -md md5
key not-ca ec:P-256
issue not-ca "/C=US/O=Example/CN=Anchorage Test Not A CA" 13 self v3_not_ca $START $END
key ca-without-keycertsign ec:P-256
issue ca-without-keycertsign "/C=US/O=Example/CN=Anchorage Test CA Without keyCertSign" 14 self v3_no_keycertsign $START $END
key ca-without-basic-constraints ec:P-256
issue ca-without-basic-constraints "/C=US/O=Example/CN=Anchorage Test CA Without basicConstraints" 15 self v3_no_basic_constraints $START $END
key rsa1024-root rsa:1024
issue rsa1024-root "/C=US/O=Example/CN=Anchorage Test RSA-1024 Root CA" 16 self v3_root $START $END
key v1-root rsa:2048
issue v1-root "/C=US/O=Example/CN=Anchorage Test v1 Root CA" 17 self none $START $END

# CRLs. The index lists two revoked serials: 1001 (keyCompromise) and 0123456789ABCDEF (no reason).
crl() { # crl <signer> <out base> <crl number hex> [openssl ca options…]
  local signer=$1 out=$2 number=$3
  shift 3
  fresh_db
  printf 'R\t350101000000Z\t250301000000Z,keyCompromise\t1001\tunknown\t/CN=revoked-1\n' >> "$work/index.txt"
  printf 'R\t350101000000Z\t250302120000Z\t0123456789ABCDEF\tunknown\t/CN=revoked-2\n' >> "$work/index.txt"
  local section=anchorage
  if [ "$number" = none ]; then section=anchorage_without_crl_number; else echo "$number" > "$work/crlnumber"; fi
  openssl ca -batch -config "$work/ca.cnf" -name "$section" -gencrl -cert "$signer.pem" -keyfile "keys/$signer.key" \
    -crl_lastupdate 20250601000000Z -crl_nextupdate 20250701000000Z -out "$out.crl.pem" "$@" 2>/dev/null
  openssl crl -in "$out.crl.pem" -outform DER -out "$out.crl.der"
}
crl rsa2048-root rsa2048-root 10 -crlexts crl_ext
# A CRL with no CRL number and no CRL extensions, from another CA: refused for the RSA anchor
# because the issuer differs.
crl p256-root p256-root none
# Same issuer name as the RSA root, different key: refused because the signature does not verify.
key impostor-rsa-root rsa:2048
issue impostor-rsa-root "/C=US/O=Example/OU=Platform/CN=Anchorage Test RSA Root CA" 01 self v3_root $START $END
crl impostor-rsa-root impostor-rsa-root 10 -crlexts crl_ext

# ML-DSA-44/65/87 self-signed CAs, built and signed with node:crypto (see make-ml-dsa.mjs).
"$NODE" make-ml-dsa.mjs

echo "fixtures written to $here"
