// The independent prelude for tests/test_v8_parity.py: what the developer guide documents,
// as plainly as possible, written apart from src/cloudfront_functions/_runtime.js.
// Input: __input (JSON: runtime, eventType, store, edge, origins).
var __in = JSON.parse(__input), __changes = [];
function utf8(text) {
    var out = [];
    for (var cp of text) {
        var c = cp.codePointAt(0);
        if (c < 0x80) out.push(c);
        else if (c < 0x800) out.push(0xc0 | c >> 6, 0x80 | c & 63);
        else if (c < 0x10000) out.push(0xe0 | c >> 12, 0x80 | c >> 6 & 63, 0x80 | c & 63);
        else out.push(0xf0 | c >> 18, 0x80 | c >> 12 & 63, 0x80 | c >> 6 & 63, 0x80 | c & 63);
    }
    return out;
}
function fromUtf8(bytes) {
    var text = '', i = 0;
    while (i < bytes.length) {
        var b = bytes[i++], c;
        if (b < 0x80) c = b;
        else if (b < 0xe0) c = (b & 31) << 6 | bytes[i++] & 63;
        else if (b < 0xf0) { c = (b & 15) << 12 | (bytes[i++] & 63) << 6; c |= bytes[i++] & 63; }
        else { c = (b & 7) << 18 | (bytes[i++] & 63) << 12; c |= (bytes[i++] & 63) << 6; c |= bytes[i++] & 63; }
        text += String.fromCodePoint(c);
    }
    return text;
}
var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
function b64url(bytes) {
    var bits = 0, n = 0, out = '';
    for (var b of bytes) { n = n << 8 | b; bits += 8; while (bits >= 6) { bits -= 6; out += ALPHABET[n >> bits & 63]; } }
    if (bits) out += ALPHABET[n << (6 - bits) & 63];
    return out;
}
function unb64url(text) {
    var bits = 0, n = 0, out = [];
    for (var ch of text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, '')) {
        n = (n << 6 | ALPHABET.indexOf(ch)) & 0xffffff; bits += 6;
        if (bits >= 8) { bits -= 8; out.push(n >> bits & 255); }
    }
    return out;
}
function hex(bytes) { return Array.from(bytes, function (b) { return (256 + b).toString(16).slice(1); }).join(''); }
function render(bytes, encoding) {
    if (encoding === 'hex') return hex(bytes);
    if (encoding === 'base64url') return b64url(bytes);
    if (encoding === 'base64') { var t = b64url(bytes).replace(/-/g, '+').replace(/_/g, '/'); return t + '==='.slice((t.length + 3) % 4); }
    return fromUtf8(bytes);
}
class Buffer extends Uint8Array {
    static from(data, encoding) {
        if (typeof data !== 'string') return new Buffer(Array.from(data));
        if (encoding === 'base64url' || encoding === 'base64') return new Buffer(unb64url(data));
        if (encoding === 'hex') return new Buffer(data.match(/../g).map(function (h) { return parseInt(h, 16); }));
        return new Buffer(utf8(data));
    }
    toString(encoding) { return render(this, encoding); }
}
// SHA-256 (FIPS 180-4) and HMAC (RFC 2104).
var K = [];
(function () {
    var found = 0;
    for (var n = 2; found < 64; n++) {
        var prime = true;
        for (var d = 2; d * d <= n; d++) if (n % d === 0) { prime = false; break; }
        if (prime) { K.push(Math.floor((Math.cbrt(n) % 1) * 4294967296) >>> 0); found++; }
    }
})();
function sha256(bytes) {
    var H = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var length = bytes.length, data = bytes.concat([0x80]);
    while (data.length % 64 !== 56) data.push(0);
    var bitLength = length * 8;
    for (var s = 56; s >= 0; s -= 8) data.push(s >= 32 ? Math.floor(bitLength / 2 ** s) & 255 : (bitLength >>> s) & 255);
    var ror = function (x, r) { return x >>> r | x << (32 - r); };
    for (var block = 0; block < data.length; block += 64) {
        var W = new Uint32Array(64);
        for (var t = 0; t < 64; t++) {
            if (t < 16) W[t] = data[block + 4 * t] << 24 | data[block + 4 * t + 1] << 16 | data[block + 4 * t + 2] << 8 | data[block + 4 * t + 3];
            else W[t] = (ror(W[t - 2], 17) ^ ror(W[t - 2], 19) ^ W[t - 2] >>> 10) + W[t - 7] + (ror(W[t - 15], 7) ^ ror(W[t - 15], 18) ^ W[t - 15] >>> 3) + W[t - 16];
        }
        var [a, b, c, d, e, f, g, h] = H;
        for (var t = 0; t < 64; t++) {
            var T1 = (h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + (e & f ^ ~e & g) + K[t] + W[t]) >>> 0;
            var T2 = ((ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + (a & b ^ a & c ^ b & c)) >>> 0;
            [h, g, f, e, d, c, b, a] = [g, f, e, (d + T1) >>> 0, c, b, a, (T1 + T2) >>> 0];
        }
        H = H.map(function (x, i) { return (x + [a, b, c, d, e, f, g, h][i]) >>> 0; });
    }
    var out = [];
    for (var word of H) out.push(word >>> 24, word >>> 16 & 255, word >>> 8 & 255, word & 255);
    return out;
}
function toBytes(data) { return typeof data === 'string' ? utf8(data) : Array.from(data); }
function digest(algorithm, key) {
    if (algorithm !== 'sha256') throw new Error('this prelude only has sha256');
    var chunks = [];
    return {
        update: function (data) { chunks = chunks.concat(toBytes(data)); return this; },
        digest: function (encoding) {
            var result;
            if (key === undefined) result = sha256(chunks);
            else {
                var k = toBytes(key);
                if (k.length > 64) k = sha256(k);
                while (k.length < 64) k.push(0);
                result = sha256(k.map(function (x) { return x ^ 0x5c; }).concat(
                    sha256(k.map(function (x) { return x ^ 0x36; }).concat(chunks))));
            }
            if (encoding) return render(result, encoding);
            return __in.runtime === '2.0' ? new Buffer(result) : String.fromCharCode.apply(null, result);
        }
    };
}
var modules = {
    crypto: { createHash: function (a) { return digest(a); }, createHmac: function (a, k) { return digest(a, k); } },
    querystring: {}
};
if (__in.runtime === '1.0') {
    var Bytes = Buffer;
    String.bytesFrom = function (text, encoding) { return String.fromCharCode.apply(null, Bytes.from(text, encoding)); };
    String.prototype.toUTF8 = function () { return String.fromCharCode.apply(null, utf8(String(this))); };
    String.prototype.fromUTF8 = function () { return fromUtf8(Array.from(String(this), function (c) { return c.charCodeAt(0); })); };
    Buffer = undefined;
} else {
    modules.cloudfront = {
        kvs: function () {
            var store = __in.store;
            return {
                get: async function (key, options) {
                    if (!(key in store)) throw new Error('no such key');
                    var format = (options || {}).format || 'string';
                    if (format === 'json') return JSON.parse(store[key]);
                    if (format === 'bytes') return Buffer.from(store[key]);
                    return store[key];
                },
                exists: async function (key) { return key in store; }
            };
        },
        edgeLocation: __in.eventType === 'viewer-request' ? __in.edge : {},
        fetch: async function (path, options) {
            var answer = __in.origins[options.originId];
            if (!answer) throw new Error('network call failed');
            return {
                status: answer.status, ok: answer.status >= 200 && answer.status < 300, headers: answer.headers,
                text: async function () { return answer.body; },
                json: async function () { return JSON.parse(answer.body); }
            };
        },
        updateRequestOrigin: function (p) { __changes.push(['updateRequestOrigin', p]); },
        selectRequestOriginById: function (id) { __changes.push(['selectRequestOriginById', id]); },
        createRequestOriginGroup: function (p) { __changes.push(['createRequestOriginGroup', p]); }
    };
}
function require(name) { return modules[name]; }
