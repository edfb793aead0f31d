#!/usr/bin/env bash
# Regenerates the certification-path fixtures of this folder (see README.md). The outputs are
# committed; tests never run this. Needs OpenSSL 3.0+ and Node.js 24 (make-exotic.mjs builds what
# the OpenSSL command line cannot express). Keys are fresh on every run, so signatures, key
# identifiers and fingerprints change; names, serials, dates and extensions do not.
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
NODE=${NODE:-$(cd ../../../../../.. && pwd)/node_modules/.bin/node}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf keys ./*.pem
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
[ anchorage_without_crl_number ]
database = $ENV::WORK/index.txt
new_certs_dir = $ENV::WORK/newcerts
serial = $ENV::WORK/serial
default_md = sha256
policy = policy_any
unique_subject = no
[ policy_any ]
countryName = optional
organizationName = optional
organizationalUnitName = optional
commonName = optional
emailAddress = optional
[ req ]
distinguished_name = req_dn
[ req_dn ]

# --- CA certificates (section names must not clash with [ ca ] above) ---
[ root ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ intermediate ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ ca_pathlen0 ]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ ca_not_ca ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyCertSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ ca_no_keycertsign ]
basicConstraints = critical, CA:true
keyUsage = critical, digitalSignature, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ ca_no_crlsign ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ ca_policy_constraints ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
policyConstraints = critical, requireExplicitPolicy:0
[ ca_nc ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
nameConstraints = critical, @nc
[ nc ]
permitted;DNS.1 = example.com
permitted;email.1 = example.com
permitted;email.2 = .example.com
permitted;URI.1 = .example.com
permitted;URI.2 = example.com
permitted;IP.1 = 10.0.0.0/255.0.0.0
permitted;IP.2 = 2001:db8::/ffff:ffff:0:0:0:0:0:0
permitted;dirName.1 = nc_permitted_dn
excluded;DNS.1 = forbidden.example.com
excluded;email.1 = blocked@example.com
excluded;URI.1 = bad.example.com
excluded;IP.1 = 10.66.0.0/255.255.0.0
excluded;dirName.1 = nc_excluded_dn
[ nc_permitted_dn ]
O = Example
[ nc_excluded_dn ]
O = Example
OU = Blocked
[ nc_ok_dn ]
O = Example
CN = nc-ok
[ nc_other_dn ]
O = Other
CN = nc-san-dn-outside
[ ca_nc_other_name ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
nameConstraints = critical, excluded;otherName:1.3.6.1.4.1.55555.3;UTF8:forbidden

# --- end-entity certificates ---
[ leaf ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:workload.example.com, URI:spiffe://example.com/workload
[ leaf_no_basic_constraints ]
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid:always
[ leaf_ca ]
basicConstraints = critical, CA:true
keyUsage = critical, digitalSignature, keyCertSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ leaf_no_key_usage ]
basicConstraints = critical, CA:false
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid:always
[ leaf_key_encipherment ]
basicConstraints = critical, CA:false
keyUsage = critical, keyEncipherment
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid:always
[ leaf_server_auth ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
authorityKeyIdentifier = keyid:always
[ leaf_any_eku ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = anyExtendedKeyUsage
authorityKeyIdentifier = keyid:always
[ leaf_no_eku ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
authorityKeyIdentifier = keyid:always
[ leaf_unknown_critical ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
authorityKeyIdentifier = keyid:always
1.3.6.1.4.1.55555.1 = critical, ASN1:NULL
[ leaf_critical_policies ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
authorityKeyIdentifier = keyid:always
certificatePolicies = critical, 1.3.6.1.4.1.55555.2
[ leaf_no_aki ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
# OpenSSL 3 adds both key identifiers unless told not to.
authorityKeyIdentifier = none
subjectKeyIdentifier = none
[ leaf_empty_subject ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
authorityKeyIdentifier = keyid:always
subjectAltName = critical, DNS:empty.example.com
[ leaf_names ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
authorityKeyIdentifier = keyid:always
subjectAltName = $ENV::SAN
[ leaf_other_name ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
authorityKeyIdentifier = keyid:always
subjectAltName = otherName:1.3.6.1.4.1.55555.3;UTF8:forbidden
EOF
export WORK="$work" SAN="DNS:unused.example.com"
fresh_db() { rm -rf "$work/newcerts" "$work/index.txt"*; mkdir -p "$work/newcerts"; : > "$work/index.txt"; }

key() { # key <name> <rsa:BITS | ec:CURVE>
  case "$2" in
    rsa:*) openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${2#rsa:}" -out "keys/$1.key" 2>/dev/null ;;
    ec:*) openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:${2#ec:}" -pkeyopt ec_param_enc:named_curve -out "keys/$1.key" ;;
  esac
}

# issue <name> <key> <subject> <serial hex> <issuer name|self> <section|none> <start> <end> [openssl ca options…]
issue() {
  local name=$1 keyname=$2 subject=$3 serial=$4 issuer=$5 section=$6 start=$7 end=$8
  shift 8
  fresh_db
  echo "$serial" > "$work/serial"
  openssl req -new -utf8 -config "$work/ca.cnf" -key "keys/$keyname.key" -subj "$subject" -out "$work/$name.csr"
  local signer=(-cert "$issuer.pem" -keyfile "keys/$issuer.key")
  if [ "$issuer" = self ]; then signer=(-selfsign -keyfile "keys/$keyname.key"); fi
  local ext=(-extensions "$section")
  if [ "$section" = none ]; then ext=(); fi
  openssl ca -batch -config "$work/ca.cnf" -preserveDN -notext "${signer[@]}" "${ext[@]}" \
    -startdate "$start" -enddate "$end" -in "$work/$name.csr" -out "$name.pem" "$@" 2>/dev/null
}

# crl <signer cert> <signer key> <out> <thisUpdate> <nextUpdate> <crl number|none> [serial…] -- [openssl ca options…]
crl() {
  local cert=$1 signer=$2 out=$3 this=$4 next=$5 number=$6
  shift 6
  fresh_db
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    printf 'R\t350101000000Z\t250515000000Z,keyCompromise\t%s\tunknown\t/CN=revoked\n' "$1" >> "$work/index.txt"
    shift
  done
  [ $# -gt 0 ] && shift
  local section=anchorage
  if [ "$number" = none ]; then section=anchorage_without_crl_number; else echo "$number" > "$work/crlnumber"; fi
  openssl ca -batch -config "$work/ca.cnf" -name "$section" -gencrl -cert "$cert.pem" -keyfile "keys/$signer.key" \
    -crl_lastupdate "$this" -crl_nextupdate "$next" -out "$out.crl.pem" "$@" 2>/dev/null
}

CA_START=20250101000000Z
CA_END=20350101000000Z
# Leaves are valid for one year from 2025-06-01; the tests validate at 2025-09-01.
LEAF_START=20250601000000Z
LEAF_END=20260601000000Z

# Two unrelated roots; root-a issues the main intermediate.
key root-a ec:P-256
issue root-a root-a "/C=US/O=Example/CN=Path Test Root A" 01 self root $CA_START $CA_END
key root-b ec:P-256
issue root-b root-b "/C=US/O=Example/CN=Path Test Root B" 02 self root $CA_START $CA_END
key int-a ec:P-256
issue int-a int-a "/C=US/O=Example/CN=Path Test Intermediate A" 0A01 root-a intermediate $CA_START $CA_END
# The same CA (name and key) cross-signed by root-b, and an expired copy signed by root-a.
issue int-a-by-root-b int-a "/C=US/O=Example/CN=Path Test Intermediate A" 0B01 root-b intermediate $CA_START $CA_END
issue int-a-expired int-a "/C=US/O=Example/CN=Path Test Intermediate A" 0A02 root-a intermediate 20200101000000Z 20240101000000Z
# An impostor: the name of int-a with another key (it signs a forged leaf and a forged CRL).
key impostor-int-a ec:P-256
issue impostor-int-a impostor-int-a "/C=US/O=Example/CN=Path Test Intermediate A" 0C01 self root $CA_START $CA_END

# Leaves under int-a.
leaf() { # leaf <name> <serial> <section> [key spec] [openssl ca options…]
  local name=$1 serial=$2 section=$3 spec=${4:-ec:P-256}
  shift 3; [ $# -gt 0 ] && shift
  key "$name" "$spec"
  issue "$name" "$name" "/O=Example/OU=Workloads/CN=$name" "$serial" int-a "$section" $LEAF_START $LEAF_END "$@"
}
leaf leaf-a 1001 leaf
leaf leaf-revoked 1002 leaf
leaf leaf-rsa 1003 leaf rsa:2048
leaf leaf-rsa1024 1004 leaf rsa:1024
leaf leaf-sha1 1005 leaf ec:P-256 -md sha1
leaf leaf-no-basic-constraints 1006 leaf_no_basic_constraints
leaf leaf-ca 1007 leaf_ca
leaf leaf-no-key-usage 1008 leaf_no_key_usage
leaf leaf-key-encipherment 1009 leaf_key_encipherment
leaf leaf-server-auth 100A leaf_server_auth
leaf leaf-any-eku 100B leaf_any_eku
leaf leaf-no-eku 100C leaf_no_eku
leaf leaf-unknown-critical 100D leaf_unknown_critical
leaf leaf-critical-policies 100E leaf_critical_policies
leaf leaf-no-aki 100F leaf_no_aki
leaf leaf-v1 1010 none
key leaf-empty-subject ec:P-256
issue leaf-empty-subject leaf-empty-subject "/" 1011 int-a leaf_empty_subject $LEAF_START $LEAF_END
key leaf-forged ec:P-256
issue leaf-forged leaf-forged "/O=Example/OU=Workloads/CN=leaf-forged" 1012 impostor-int-a leaf $LEAF_START $LEAF_END

# CA rules: an issuer that is not a CA, one without keyCertSign, one with policy constraints.
ca_case() { # ca_case <name> <serial> <section>: a CA under root-a and a leaf under it
  key "$1" ec:P-256
  issue "$1" "$1" "/C=US/O=Example/CN=$1" "$2" root-a "$3" $CA_START $CA_END
  key "$1-leaf" ec:P-256
  issue "$1-leaf" "$1-leaf" "/O=Example/CN=$1-leaf" 2001 "$1" leaf $LEAF_START $LEAF_END
}
ca_case int-not-ca 0A10 ca_not_ca
ca_case int-no-keycertsign 0A11 ca_no_keycertsign
ca_case int-policy-constraints 0A12 ca_policy_constraints
ca_case int-no-crlsign 0A13 ca_no_crlsign
# A root signed with SHA-1 (its own self-signature) issuing a SHA-256 leaf.
key root-sha1 ec:P-256
issue root-sha1 root-sha1 "/C=US/O=Example/CN=Path Test SHA-1 Root" 03 self root $CA_START $CA_END -md sha1
key root-sha1-leaf ec:P-256
issue root-sha1-leaf root-sha1-leaf "/O=Example/CN=root-sha1-leaf" 2002 root-sha1 leaf $LEAF_START $LEAF_END

# Path length: root-a -> int-p0 (pathlen 0) -> int-p0-sub (CA) -> leaf: too long; and
# int-p0 -> int-p0-rollover (self-issued: same name, new key) -> leaf: allowed (RFC 5280 §6.1.4 (l)).
key int-p0 ec:P-256
issue int-p0 int-p0 "/C=US/O=Example/CN=Path Test pathlen 0" 0A20 root-a ca_pathlen0 $CA_START $CA_END
key int-p0-sub ec:P-256
issue int-p0-sub int-p0-sub "/C=US/O=Example/CN=Path Test below pathlen 0" 0A21 int-p0 intermediate $CA_START $CA_END
key int-p0-sub-leaf ec:P-256
issue int-p0-sub-leaf int-p0-sub-leaf "/O=Example/CN=int-p0-sub-leaf" 2003 int-p0-sub leaf $LEAF_START $LEAF_END
key int-p0-rollover ec:P-256
issue int-p0-rollover int-p0-rollover "/C=US/O=Example/CN=Path Test pathlen 0" 0A22 int-p0 intermediate $CA_START $CA_END
key int-p0-rollover-leaf ec:P-256
issue int-p0-rollover-leaf int-p0-rollover-leaf "/O=Example/CN=int-p0-rollover-leaf" 2004 int-p0-rollover leaf $LEAF_START $LEAF_END

# A two-level chain for misordered input: root-a -> int-b1 -> int-b2 -> leaf-b.
key int-b1 ec:P-256
issue int-b1 int-b1 "/C=US/O=Example/CN=Path Test Intermediate B1" 0A30 root-a intermediate $CA_START $CA_END
key int-b2 ec:P-256
issue int-b2 int-b2 "/C=US/O=Example/CN=Path Test Intermediate B2" 0A31 int-b1 intermediate $CA_START $CA_END
key leaf-b ec:P-256
issue leaf-b leaf-b "/O=Example/OU=Workloads/CN=leaf-b" 2005 int-b2 leaf $LEAF_START $LEAF_END

# Two CAs that certify each other and no anchor above them: a loop.
key loop-x ec:P-256
key loop-y ec:P-256
issue loop-y-seed loop-y "/C=US/O=Example/CN=Path Test Loop Y" 0D00 self root $CA_START $CA_END
cp keys/loop-y.key keys/loop-y-seed.key
issue loop-x loop-x "/C=US/O=Example/CN=Path Test Loop X" 0D01 loop-y-seed intermediate $CA_START $CA_END
issue loop-y loop-y "/C=US/O=Example/CN=Path Test Loop Y" 0D02 loop-x intermediate $CA_START $CA_END
rm loop-y-seed.pem keys/loop-y-seed.key
key loop-leaf ec:P-256
issue loop-leaf loop-leaf "/O=Example/CN=loop-leaf" 2006 loop-x leaf $LEAF_START $LEAF_END

# Name constraints (RFC 5280 §4.2.1.10): int-nc under root-a, and leaves with each name form.
key int-nc ec:P-256
issue int-nc int-nc "/C=US/O=Example/CN=Path Test Name Constraints" 0A40 root-a ca_nc $CA_START $CA_END
nc_leaf() { # nc_leaf <name> <serial> <subject> <subjectAltName>
  key "$1" ec:P-256
  SAN=$4 issue "$1" "$1" "$3" "$2" int-nc leaf_names $LEAF_START $LEAF_END
}
nc_leaf nc-ok 3001 "/O=Example/OU=Workloads/CN=nc-ok/emailAddress=ops@example.com" \
  "DNS:example.com, DNS:a.b.example.com, DNS:*.ok.example.com, email:me@example.com, email:me@mail.example.com, URI:spiffe://example.com/w, URI:https://api.example.com:8443/x, IP:10.1.2.3, IP:2001:db8::1, dirName:nc_ok_dn"
nc_leaf nc-dns-outside 3002 "/O=Example/CN=nc-dns-outside" "DNS:example.net"
nc_leaf nc-dns-label-boundary 3003 "/O=Example/CN=nc-dns-label-boundary" "DNS:notexample.com"
nc_leaf nc-dns-excluded 3004 "/O=Example/CN=nc-dns-excluded" "DNS:host.forbidden.example.com"
nc_leaf nc-dns-wildcard-excluded 3005 "/O=Example/CN=nc-dns-wildcard-excluded" "DNS:*.example.com"
nc_leaf nc-email-outside 3006 "/O=Example/CN=nc-email-outside" "email:me@example.net"
nc_leaf nc-email-excluded 3007 "/O=Example/CN=nc-email-excluded" "email:blocked@example.com"
nc_leaf nc-subject-email-outside 3008 "/O=Example/CN=nc-subject-email-outside/emailAddress=ops@example.net" "DNS:example.com"
nc_leaf nc-uri-outside 3009 "/O=Example/CN=nc-uri-outside" "URI:spiffe://example.net/w"
nc_leaf nc-uri-excluded 300A "/O=Example/CN=nc-uri-excluded" "URI:https://bad.example.com/"
nc_leaf nc-uri-no-host 300B "/O=Example/CN=nc-uri-no-host" "URI:urn:example:workload"
nc_leaf nc-ip-outside 300C "/O=Example/CN=nc-ip-outside" "IP:192.168.0.1"
nc_leaf nc-ip-excluded 300D "/O=Example/CN=nc-ip-excluded" "IP:10.66.1.1"
nc_leaf nc-ipv6-outside 300E "/O=Example/CN=nc-ipv6-outside" "IP:2001:db9::1"
nc_leaf nc-dn-outside 300F "/O=Other/CN=nc-dn-outside" "DNS:example.com"
nc_leaf nc-dn-excluded 3010 "/O=Example/OU=Blocked/CN=nc-dn-excluded" "DNS:example.com"
nc_leaf nc-san-dn-outside 3011 "/O=Example/CN=nc-san-dn-outside" "dirName:nc_other_dn"
# An otherName constraint, which we cannot evaluate: refused only when a leaf has an otherName.
key int-nc-other-name ec:P-256
issue int-nc-other-name int-nc-other-name "/C=US/O=Example/CN=Path Test otherName Constraint" 0A41 root-a ca_nc_other_name $CA_START $CA_END
key nc-other-name ec:P-256
issue nc-other-name nc-other-name "/O=Example/CN=nc-other-name" 3012 int-nc-other-name leaf_other_name $LEAF_START $LEAF_END
key nc-other-name-absent ec:P-256
issue nc-other-name-absent nc-other-name-absent "/O=Example/CN=nc-other-name-absent" 3013 int-nc-other-name leaf $LEAF_START $LEAF_END

# CRLs. Fresh: thisUpdate 2025-08-01, nextUpdate 2025-10-01; stale: 2025-06-01 to 2025-07-01.
crl int-a int-a int-a 20250801000000Z 20251001000000Z 10 1002
crl int-a int-a int-a-stale 20250601000000Z 20250701000000Z 09 1002
crl root-a root-a root-a-revokes-int-a 20250801000000Z 20251001000000Z 20 0A01
crl root-b root-b root-b-lists-1001 20250801000000Z 20251001000000Z 30 1001
crl impostor-int-a impostor-int-a impostor-int-a-lists-1001 20250801000000Z 20251001000000Z 40 1001
crl int-a int-a int-a-sha1 20250801000000Z 20251001000000Z 11 -- -md sha1
crl int-a int-a int-a-without-number 20250801000000Z 20251001000000Z none
crl int-no-crlsign int-no-crlsign int-no-crlsign 20250801000000Z 20251001000000Z 50

# What OpenSSL cannot make: a zero serial, mismatched algorithm fields, ML-DSA, a hydra of CAs.
"$NODE" make-exotic.mjs

echo "fixtures written to $here"
