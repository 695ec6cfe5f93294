// The CloudFront Functions runtime, as far as run_locally imitates it: console, the
// crypto and querystring modules, and in cloudfront-js-2.0 Buffer, the buffer module and
// the cloudfront module (key value store). Written in plain ES5 so both runtimes can load
// it, and in JavaScript rather than as Python callbacks, because the engine cannot call
// into Python while a time limit is set. Inputs: __RUNTIME ("1.0" or "2.0") and
// __KVS_JSON (the key value store's contents as a JSON object, or "null").
(function (global) {
    'use strict';
    var runtime2 = global.__RUNTIME === '2.0';

    // -- console ---------------------------------------------------------------------
    var logs = [];
    function format(value) {
        if (typeof value === 'string') { return value; }
        try { return JSON.stringify(value); } catch (e) { return String(value); }
    }
    function log() {
        logs.push(Array.prototype.map.call(arguments, format).join(' '));
    }
    global.console = { log: log, info: log, warn: log, error: log, debug: log };
    global.__logs = logs;

    // -- bytes -----------------------------------------------------------------------
    function utf8Bytes(text) {
        var binary = unescape(encodeURIComponent(text));
        var bytes = [];
        for (var i = 0; i < binary.length; i++) { bytes.push(binary.charCodeAt(i)); }
        return bytes;
    }
    function utf8Text(bytes) {
        var binary = '';
        for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
        return decodeURIComponent(escape(binary));
    }
    var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    function toBase64(bytes, url) {
        var out = '';
        for (var i = 0; i < bytes.length; i += 3) {
            var n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
            out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
            out += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
            out += i + 2 < bytes.length ? B64[n & 63] : '=';
        }
        return url ? out.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : out;
    }
    function fromBase64(text) {
        var clean = text.replace(/-/g, '+').replace(/_/g, '/').replace(/[^A-Za-z0-9+\/]/g, '');
        var bytes = [];
        for (var i = 0; i < clean.length; i += 4) {
            var n = 0, count = 0;
            for (var j = 0; j < 4; j++) {
                var index = i + j < clean.length ? B64.indexOf(clean[i + j]) : -1;
                if (index >= 0) { n |= index << (18 - 6 * j); count++; }
            }
            bytes.push((n >> 16) & 255);
            if (count > 2) { bytes.push((n >> 8) & 255); }
            if (count > 3) { bytes.push(n & 255); }
        }
        return bytes;
    }
    function toHex(bytes) {
        var out = '';
        for (var i = 0; i < bytes.length; i++) { out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16); }
        return out;
    }
    function fromHex(text) {
        var bytes = [];
        for (var i = 0; i + 1 < text.length; i += 2) { bytes.push(parseInt(text.substr(i, 2), 16)); }
        return bytes;
    }
    function encode(bytes, encoding) {
        switch (encoding) {
            case 'hex': return toHex(bytes);
            case 'base64': return toBase64(bytes, false);
            case 'base64url': return toBase64(bytes, true);
            case 'latin1': case 'binary': return String.fromCharCode.apply(null, bytes);
            default: return utf8Text(bytes);
        }
    }
    function decode(text, encoding) {
        switch (encoding) {
            case 'hex': return fromHex(text);
            case 'base64': case 'base64url': return fromBase64(text);
            case 'latin1': case 'binary':
                return Array.prototype.map.call(text, function (c) { return c.charCodeAt(0) & 255; });
            default: return utf8Bytes(text);
        }
    }
    function bytesOf(data, encoding) {
        if (typeof data === 'string') { return decode(data, encoding); }
        return Array.prototype.slice.call(data);
    }

    // -- Buffer (2.0) ----------------------------------------------------------------
    function Buffer() { throw new TypeError('use Buffer.from or Buffer.alloc'); }
    function makeBuffer(bytes) {
        var buffer = new Uint8Array(bytes);
        Object.setPrototypeOf(buffer, Buffer.prototype);
        return buffer;
    }
    Buffer.prototype = Object.create(Uint8Array.prototype);
    Buffer.prototype.constructor = Buffer;
    Buffer.prototype.toString = function (encoding) { return encode(Array.prototype.slice.call(this), encoding); };
    Buffer.prototype.toJSON = function () { return { type: 'Buffer', data: Array.prototype.slice.call(this) }; };
    Buffer.prototype.equals = function (other) { return toHex(this) === toHex(other); };
    Buffer.from = function (data, encoding) { return makeBuffer(bytesOf(data, encoding)); };
    Buffer.alloc = function (size, fill) { var b = makeBuffer(new Array(size)); b.fill(fill || 0); return b; };
    Buffer.isBuffer = function (value) { return value instanceof Buffer; };
    Buffer.byteLength = function (data, encoding) { return bytesOf(data, encoding).length; };
    Buffer.concat = function (list) {
        var bytes = [];
        list.forEach(function (item) { bytes = bytes.concat(Array.prototype.slice.call(item)); });
        return makeBuffer(bytes);
    };

    // -- hashes ------------------------------------------------------------------------
    function rotl(x, n) { return (x << n) | (x >>> (32 - n)); }
    function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }
    function wordBytes(words, littleEndian) {
        var out = [];
        words.forEach(function (w) {
            if (littleEndian) { out.push(w & 255, (w >>> 8) & 255, (w >>> 16) & 255, (w >>> 24) & 255); }
            else { out.push((w >>> 24) & 255, (w >>> 16) & 255, (w >>> 8) & 255, w & 255); }
        });
        return out;
    }
    // The message with its padding and 64-bit bit length, as MD5 and SHA hash it.
    function padded(bytes, littleEndian) {
        var msg = bytes.slice(), bits = bytes.length * 8, high = Math.floor(bits / 4294967296);
        msg.push(0x80);
        while (msg.length % 64 !== 56) { msg.push(0); }
        return msg.concat(wordBytes(littleEndian ? [bits >>> 0, high] : [high, bits >>> 0], littleEndian));
    }
    // The sixteen 32-bit words of the 64-byte block at offset.
    function blockWords(msg, offset, littleEndian) {
        var words = [];
        for (var i = 0; i < 16; i++) {
            var p = offset + 4 * i;
            words[i] = littleEndian
                ? msg[p] | (msg[p + 1] << 8) | (msg[p + 2] << 16) | (msg[p + 3] << 24)
                : (msg[p] << 24) | (msg[p + 1] << 16) | (msg[p + 2] << 8) | msg[p + 3];
        }
        return words;
    }
    var MD5_SHIFT = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
    var MD5_K = [];
    for (var k = 0; k < 64; k++) { MD5_K[k] = Math.floor(Math.abs(Math.sin(k + 1)) * 4294967296) | 0; }
    function md5(bytes) {
        var h = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476], msg = padded(bytes, true);
        for (var off = 0; off < msg.length; off += 64) {
            var m = blockWords(msg, off, true);
            var a = h[0], b = h[1], c = h[2], d = h[3];
            for (var i = 0; i < 64; i++) {
                var f, g, round = i >> 4;
                if (round === 0) { f = (b & c) | (~b & d); g = i; }
                else if (round === 1) { f = (d & b) | (~d & c); g = (5 * i + 1) % 16; }
                else if (round === 2) { f = b ^ c ^ d; g = (3 * i + 5) % 16; }
                else { f = c ^ (b | ~d); g = (7 * i) % 16; }
                f = (f + a + MD5_K[i] + m[g]) | 0;
                a = d; d = c; c = b;
                b = (b + rotl(f, MD5_SHIFT[round * 4 + (i % 4)])) | 0;
            }
            h = [(h[0] + a) | 0, (h[1] + b) | 0, (h[2] + c) | 0, (h[3] + d) | 0];
        }
        return wordBytes(h, true);
    }
    function sha1(bytes) {
        var h = [0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0];
        var msg = padded(bytes, false);
        for (var off = 0; off < msg.length; off += 64) {
            var w = blockWords(msg, off, false), i;
            for (i = 16; i < 80; i++) { w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1); }
            var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
            for (i = 0; i < 80; i++) {
                var f, kk;
                if (i < 20) { f = (b & c) | (~b & d); kk = 0x5a827999; }
                else if (i < 40) { f = b ^ c ^ d; kk = 0x6ed9eba1; }
                else if (i < 60) { f = (b & c) | (b & d) | (c & d); kk = 0x8f1bbcdc | 0; }
                else { f = b ^ c ^ d; kk = 0xca62c1d6 | 0; }
                var t = (rotl(a, 5) + f + e + kk + w[i]) | 0;
                e = d; d = c; c = rotl(b, 30); b = a; a = t;
            }
            h = [(h[0] + a) | 0, (h[1] + b) | 0, (h[2] + c) | 0, (h[3] + d) | 0, (h[4] + e) | 0];
        }
        return wordBytes(h, false);
    }
    var SHA256_K = [0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,0xd807aa98,0x12835b01,0x243185be,0x550c7dc3,0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2];
    function sha256(bytes) {
        var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19].map(function (x) { return x | 0; });
        var msg = padded(bytes, false);
        for (var off = 0; off < msg.length; off += 64) {
            var w = blockWords(msg, off, false), i;
            for (i = 16; i < 64; i++) {
                var s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
                var s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
                w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
            }
            var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
            for (i = 0; i < 64; i++) {
                var t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + SHA256_K[i] + w[i]) | 0;
                var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
                hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
            }
            h = [a, b, c, d, e, f, g, hh].map(function (x, j) { return (h[j] + x) | 0; });
        }
        return wordBytes(h, false);
    }
    var HASHES = { md5: md5, sha1: sha1, sha256: sha256 };
    function hashFunction(algorithm) {
        var hash = HASHES[String(algorithm).toLowerCase()];
        if (!hash) { throw new Error('Digest method not supported: ' + algorithm); }
        return hash;
    }
    function digestOutput(bytes, encoding) {
        if (encoding) { return encode(bytes, encoding); }
        return runtime2 ? makeBuffer(bytes) : encode(bytes, 'latin1');
    }
    function Hash(algorithm, key) {
        this._hash = hashFunction(algorithm);
        this._data = [];
        if (key !== undefined) {
            var keyBytes = bytesOf(key);
            if (keyBytes.length > 64) { keyBytes = this._hash(keyBytes); }
            while (keyBytes.length < 64) { keyBytes.push(0); }
            this._outer = keyBytes.map(function (b) { return b ^ 0x5c; });
            this._data = keyBytes.map(function (b) { return b ^ 0x36; });
        }
    }
    Hash.prototype.update = function (data, encoding) {
        this._data = this._data.concat(bytesOf(data, encoding));
        return this;
    };
    Hash.prototype.digest = function (encoding) {
        var bytes = this._hash(this._data);
        if (this._outer) { bytes = this._hash(this._outer.concat(bytes)); }
        return digestOutput(bytes, encoding);
    };
    var crypto = {
        createHash: function (algorithm) { return new Hash(algorithm); },
        createHmac: function (algorithm, key) { return new Hash(algorithm, key); }
    };

    // -- querystring -------------------------------------------------------------------
    function unescapeQuery(text) { return decodeURIComponent(String(text).replace(/\+/g, ' ')); }
    var querystring = {
        escape: encodeURIComponent,
        unescape: unescapeQuery,
        parse: function (text, sep, eq) {
            var result = {};
            String(text || '').split(sep || '&').forEach(function (pair) {
                if (!pair) { return; }
                var at = pair.indexOf(eq || '=');
                var key = unescapeQuery(at < 0 ? pair : pair.slice(0, at));
                var value = at < 0 ? '' : unescapeQuery(pair.slice(at + 1));
                if (!(key in result)) { result[key] = value; }
                else if (Array.isArray(result[key])) { result[key].push(value); }
                else { result[key] = [result[key], value]; }
            });
            return result;
        },
        stringify: function (object, sep, eq) {
            return Object.keys(object || {}).map(function (key) {
                var values = Array.isArray(object[key]) ? object[key] : [object[key]];
                return values.map(function (value) {
                    return encodeURIComponent(key) + (eq || '=') + encodeURIComponent(value === undefined ? '' : value);
                }).join(sep || '&');
            }).join(sep || '&');
        }
    };
    querystring.decode = querystring.parse;
    querystring.encode = querystring.stringify;

    // -- cloudfront (2.0): the key value store ------------------------------------------
    var store = JSON.parse(global.__KVS_JSON || 'null');
    function keyValueStore() {
        if (store === null) { throw new Error('no key value store is associated with this function'); }
        return {
            get: function (key, options) {
                if (!Object.prototype.hasOwnProperty.call(store, key)) {
                    return Promise.reject(new Error('Key not found: ' + key));
                }
                var format = options && options.format;
                var value = store[key];
                if (format === 'json') { return Promise.resolve(JSON.parse(value)); }
                if (format === 'bytes') { return Promise.resolve(makeBuffer(utf8Bytes(value))); }
                return Promise.resolve(value);
            },
            exists: function (key) { return Promise.resolve(Object.prototype.hasOwnProperty.call(store, key)); },
            meta: function () {
                return Promise.resolve({
                    creationDateTime: '2026-01-01T00:00:00Z',
                    lastUpdatedDateTime: '2026-01-01T00:00:00Z',
                    keyCount: Object.keys(store).length
                });
            }
        };
    }

    // -- modules -----------------------------------------------------------------------
    var modules = { crypto: crypto, querystring: querystring };
    if (runtime2) {
        modules.buffer = { Buffer: Buffer };
        modules.cloudfront = { kvs: keyValueStore };
        global.Buffer = Buffer;
    }
    global.require = function (name) {
        if (!Object.prototype.hasOwnProperty.call(modules, name)) {
            throw new Error('Cannot find module \'' + name + '\'');
        }
        return modules[name];
    };

    // -- what CloudFront Functions do not have --------------------------------------------
    function blocked() { throw new EvalError('dynamic code evaluation is not available'); }
    Object.defineProperty(Function.prototype, 'constructor', { value: blocked });
    if (runtime2) {
        Object.defineProperty(Object.getPrototypeOf(async function () {}), 'constructor', { value: blocked });
    }
    global.Function = blocked;
    delete global.eval;
})(globalThis);
