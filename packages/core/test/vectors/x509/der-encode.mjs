// The minimum DER encoder the fixture generators need for certificates OpenSSL 3.0's command line
// cannot make (make-ml-dsa.mjs, path/make-exotic.mjs). Fixture tooling only; never run by tests.
export const length = (n) => {
  if (n < 0x80) return Buffer.from([n]);
  const octets = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Buffer.from([0x80 | octets.length, ...octets]);
};
export const tlv = (tag, ...parts) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
export const sequence = (...parts) => tlv(0x30, ...parts);
export const set = (...parts) => tlv(0x31, ...parts);
export const integer = (n) => {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (Number.parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  return tlv(0x02, Buffer.from(hex, 'hex'));
};
export const oid = (dotted) => {
  const [a, b, ...rest] = dotted.split('.').map(BigInt);
  const octets = [];
  for (const arc of [a * 40n + b, ...rest]) {
    const group = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) group.unshift(Number(v & 0x7fn) | 0x80);
    octets.push(...group);
  }
  return tlv(0x06, Buffer.from(octets));
};
export const utf8 = (text) => tlv(0x0c, Buffer.from(text, 'utf8'));
export const printable = (text) => tlv(0x13, Buffer.from(text, 'latin1'));
export const utcTime = (text) => tlv(0x17, Buffer.from(text, 'latin1'));
export const bitString = (bytes, unused = 0) => tlv(0x03, Buffer.from([unused]), bytes);
export const octetString = (bytes) => tlv(0x04, bytes);
export const TRUE = tlv(0x01, Buffer.from([0xff]));
export const explicit = (n, inner) => tlv(0xa0 | n, inner);
export const implicitPrimitive = (n, bytes) => tlv(0x80 | n, bytes);
export const extension = (id, critical, value) =>
  sequence(oid(id), ...(critical ? [TRUE] : []), octetString(value));
