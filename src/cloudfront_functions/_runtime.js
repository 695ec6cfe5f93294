// The CloudFront Functions runtime, as far as run_locally imitates it: console, the
// crypto and querystring modules, and in cloudfront-js-2.0 Buffer, the buffer module and
// the cloudfront module (key value store). Written in plain ES5 so both runtimes can load
// it, and in JavaScript rather than as Python callbacks, because the engine cannot call
// into Python while a time limit is set. Inputs (JSON strings unless said): __RUNTIME
// ("1.0" or "2.0"), __EVENT_TYPE, __KVS_JSON (the store's contents or null), __EDGE_JSON,
// __TENANT_JSON ({id, parameters} or null), __ORIGIN_IDS_JSON (known origin ids or null).
// Outputs: __record (origin changes, warnings) and __pendingFetches(), which run_locally
// answers with __settleFetch(index, answer) between jobs.
// Sections between "// @lazy NAME (names it uses)" and "// @end" are compiled only when
// first used (compiling is most of a fresh context's cost): run_locally cuts them out,
// passes their text as __LAZY_NAME, and puts `var lazy_NAME = lazy('NAME', {...});` here.
(function (global) {
    'use strict';
    var runtime2 = global.__RUNTIME === '2.0';
    var compile = global.eval;  // kept private: user code has no eval
    function lazy(name, uses) {
        var source = global['__LAZY_' + name], loaded;
        delete global['__LAZY_' + name];
        return function () {
            if (loaded === undefined) {
                var names = Object.keys(uses);
                var binds = names.map(function (n) { return n + ' = __uses.' + n; });
                loaded = compile('(function (__uses) { \'use strict\';' +
                    (names.length ? ' var ' + binds.join(', ') + ';' : '') + '\n' + source + '\n})')(uses);
            }
            return loaded;
        };
    }

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
    Hash.prototype._digestBytes = function () {
        var bytes = this._hash(this._data);
        return this._outer ? this._hash(this._outer.concat(bytes)) : bytes;
    };
    Hash.prototype.digest = function (encoding) { return digestOutput(this._digestBytes(), encoding); };
    var crypto = {
        createHash: function (algorithm) { return new Hash(algorithm); },
        createHmac: function (algorithm, key) { return new Hash(algorithm, key); }
    };

    // -- querystring -------------------------------------------------------------------
    // @lazy querystring ()
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
    return querystring;
    // @end

    // -- run records: origin changes, fetches, warnings (read back by run_locally) ---------
    var record = { originChanges: [], fetches: [], warnings: [] };
    global.__record = record;
    function warn(text) { if (record.warnings.indexOf(text) < 0) { record.warnings.push(text); } }
    function inputJSON(name) { return JSON.parse(global[name] || 'null'); }
    var eventType = global.__EVENT_TYPE || 'viewer-request';
    function isObject(value) { return value !== null && typeof value === 'object' && !Array.isArray(value); }
    function plain(value) { return value === undefined ? null : JSON.parse(JSON.stringify(value)); }

    // -- cloudfront (2.0): the key value store ------------------------------------------
    var store = inputJSON('__KVS_JSON');
    function keyValueStore(id) {
        if (store === null) { throw new Error('no key value store is associated with this function'); }
        if (id !== undefined && typeof id !== 'string') { throw new TypeError('kvs(id): id must be a string'); }
        function has(key) { return Object.prototype.hasOwnProperty.call(store, key); }
        return {
            get: function (key, options) {
                var format = (options && options.format) || 'string';
                if (['string', 'json', 'bytes'].indexOf(format) < 0) {
                    return Promise.reject(new Error('Invalid format: ' + format));
                }
                if (!has(key)) { return Promise.reject(new Error('Key not found: ' + key)); }
                var value = store[key];
                if (format === 'json') {
                    try { return Promise.resolve(JSON.parse(value)); }
                    catch (e) { return Promise.reject(e); }
                }
                if (format === 'bytes') { return Promise.resolve(makeBuffer(utf8Bytes(value))); }
                return Promise.resolve(value);
            },
            exists: function (key) { return Promise.resolve(has(key)); },
            meta: function () {
                // The guide: ISO 8601 dates (its example has milliseconds, as toISOString gives)
                // and the key count after the last sync. The dates are not known here.
                warn('kvs().meta() dates are fixed placeholders; keyCount is the mapping\'s size');
                return Promise.resolve({
                    keyCount: Object.keys(store).length,
                    creationDateTime: '2026-01-01T00:00:00.000Z',
                    lastUpdatedDateTime: '2026-01-01T00:00:00.000Z'
                });
            }
        };
    }

    // -- cloudfront (2.0): origin modification, viewer-request only ------------------------
    var originIds = inputJSON('__ORIGIN_IDS_JSON');  // null: the caller gave no origins
    var UPDATE_KEYS = ['domainName', 'hostHeader', 'originPath', 'customHeaders', 'connectionAttempts',
        'originShield', 'originAccessControlConfig', 'timeouts', 'customOriginConfig', 'sni',
        'allowedCertificateNames'];
    function originChange(helper, args, problems) {
        if (eventType !== 'viewer-request') {
            problems.push(helper + ' only changes the origin in viewer-request functions');
        }
        problems.forEach(function (problem) { warn(problem); });
        record.originChanges.push({ helper: helper, arguments: plain(args), problems: problems });
    }
    function checkKnownOrigin(helper, id, problems) {
        if (typeof id !== 'string' || !id) { problems.push(helper + ': an origin id must be a non-empty string'); }
        else if (originIds !== null && originIds.indexOf(id) < 0) {
            problems.push(helper + ': the origin id is not among the origins given to run_locally');
        }
    }
    function updateRequestOrigin(params) {
        var problems = [];
        if (!isObject(params)) { problems.push('updateRequestOrigin expects an object'); }
        else {
            Object.keys(params).forEach(function (key) {
                if (UPDATE_KEYS.indexOf(key) < 0) { problems.push('updateRequestOrigin: unknown property ' + key); }
            });
            if ('domainName' in params && typeof params.domainName !== 'string') {
                problems.push('updateRequestOrigin: domainName must be a string');
            }
            if ('connectionAttempts' in params &&
                [1, 2, 3].indexOf(params.connectionAttempts) < 0) {
                problems.push('updateRequestOrigin: connectionAttempts must be 1, 2 or 3');
            }
            ['originAccessControlConfig', 'originShield', 'timeouts', 'customOriginConfig', 'customHeaders']
                .forEach(function (key) {
                    if (key in params && !isObject(params[key])) {
                        problems.push('updateRequestOrigin: ' + key + ' must be an object');
                    }
                });
        }
        originChange('updateRequestOrigin', params, problems);
    }
    function selectRequestOriginById(id) {
        var problems = [];
        checkKnownOrigin('selectRequestOriginById', id, problems);
        originChange('selectRequestOriginById', id, problems);
    }
    function createRequestOriginGroup(params) {
        var problems = [];
        if (!isObject(params)) { problems.push('createRequestOriginGroup expects an object'); }
        else {
            if (!Array.isArray(params.originIds) || params.originIds.length !== 2) {
                problems.push('createRequestOriginGroup: originIds must list two origins');
            } else {
                params.originIds.forEach(function (id) {
                    checkKnownOrigin('createRequestOriginGroup', isObject(id) ? id.originId : id, problems);
                });
            }
            var criteria = params.failoverCriteria;
            if (!isObject(criteria) || !Array.isArray(criteria.statusCodes)) {
                problems.push('createRequestOriginGroup: failoverCriteria.statusCodes must be a list');
            }
        }
        originChange('createRequestOriginGroup', params, problems);
    }

    // -- cloudfront (2.0): network calls (answered by run_locally between jobs) ------------
    var pendingFetches = [], settlers = [];
    global.__pendingFetches = function () { var out = pendingFetches; pendingFetches = []; return JSON.stringify(out); };
    function FetchResponse(answer) {
        this.status = answer.status;
        this.statusText = answer.statusText || '';
        this.ok = answer.status >= 200 && answer.status < 300;
        this.headers = answer.headers;
        this._body = answer.body;
    }
    FetchResponse.prototype.text = function () { return Promise.resolve(this._body); };
    FetchResponse.prototype.json = function () {
        var body = this._body;
        return new Promise(function (resolve) { resolve(JSON.parse(body)); });
    };
    FetchResponse.prototype.arrayBuffer = function () {
        return Promise.resolve(new Uint8Array(utf8Bytes(this._body)).buffer);
    };
    global.__settleFetch = function (index, answerJSON) {
        var answer = JSON.parse(answerJSON), settle = settlers[index];
        if (answer.error) { settle.reject(new Error(answer.error)); }
        else { settle.resolve(new FetchResponse(answer)); }
    };
    function cfFetch(path, options) {
        options = options || {};
        if (typeof path !== 'string' || path.charAt(0) !== '/') {
            return Promise.reject(new TypeError('fetch: the path must be a string starting with /'));
        }
        if (!isObject(options)) { return Promise.reject(new TypeError('fetch: options must be an object')); }
        var headers = {};
        Object.keys(options.headers || {}).forEach(function (name) {
            var value = options.headers[name];
            headers[name.toLowerCase()] = isObject(value) ? String(value.value) : String(value);
        });
        var call = {
            index: settlers.length, path: path, originId: options.originId === undefined ? null : options.originId,
            method: String(options.method || 'GET').toUpperCase(), headers: headers,
            body: options.body === undefined ? null : String(options.body)
        };
        return new Promise(function (resolve, reject) {
            settlers.push({ resolve: resolve, reject: reject });
            pendingFetches.push(call);
        });
    }

    // -- cloudfront (2.0): the distribution tenant ---------------------------------------
    var tenant = inputJSON('__TENANT_JSON');
    var tenantModule = tenant && {
        id: tenant.id,
        parameters: {
            get: function (name) {
                if (Object.prototype.hasOwnProperty.call(tenant.parameters, name)) { return tenant.parameters[name]; }
                warn('distributionTenant.parameters.get: a parameter not given to run_locally answers undefined; ' +
                    'the guide does not say what CloudFront does');
                return undefined;
            }
        }
    };

    // -- cloudfront (2.0): CBOR Web Tokens, COSE MAC0 with HMAC-SHA256 (RFC 8152, 8392) ------
    // @lazy cwt (utf8Bytes, utf8Text, makeBuffer, wordBytes, Hash, Buffer, toHex, warn, isObject)
    var CWT_MAX_BYTES = 1024, CWT_TAG = 61, MAC0_TAG = 17;
    function cborHead(out, major, n) {
        if (n < 24) { out.push((major << 5) | n); }
        else if (n < 256) { out.push((major << 5) | 24, n); }
        else if (n < 65536) { out.push((major << 5) | 25, n >> 8, n & 255); }
        else if (n < 4294967296) { out.push((major << 5) | 26); out.push.apply(out, wordBytes([n >>> 0], false)); }
        else {
            out.push((major << 5) | 27);
            out.push.apply(out, wordBytes([Math.floor(n / 4294967296) >>> 0, n >>> 0], false));
        }
    }
    function cborEncode(value, out) {
        if (value === null || value === undefined) { out.push(value === null ? 0xf6 : 0xf7); }
        else if (value === false || value === true) { out.push(value ? 0xf5 : 0xf4); }
        else if (typeof value === 'number') {
            if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) {
                cborHead(out, value < 0 ? 1 : 0, value < 0 ? -1 - value : value);
            } else {
                var view = new DataView(new ArrayBuffer(8));
                view.setFloat64(0, value);
                out.push(0xfb);
                for (var i = 0; i < 8; i++) { out.push(view.getUint8(i)); }
            }
        } else if (typeof value === 'string') {
            var text = utf8Bytes(value);
            cborHead(out, 3, text.length);
            out.push.apply(out, text);
        } else if (value instanceof Uint8Array) {
            cborHead(out, 2, value.length);
            out.push.apply(out, Array.prototype.slice.call(value));
        } else if (Array.isArray(value)) {
            cborHead(out, 4, value.length);
            value.forEach(function (item) { cborEncode(item, out); });
        } else if (typeof value === 'object') {
            var keys = Object.keys(value);
            cborHead(out, 5, keys.length);
            keys.forEach(function (key) {
                // Object keys are strings; a claim or header label written as a number is an int.
                cborEncode(/^(0|-?[1-9][0-9]{0,14})$/.test(key) ? Number(key) : key, out);
                cborEncode(value[key], out);
            });
        } else { throw new TypeError('cwt: cannot encode a ' + typeof value + ' as CBOR'); }
        return out;
    }
    function cborDecoder(bytes) {
        var at = 0;
        function invalid() { throw new Error('cwt: invalid token (malformed CBOR)'); }
        function take(n) { if (at + n > bytes.length) { invalid(); } var part = bytes.slice(at, at + n); at += n; return part; }
        function argument(info) {
            if (info < 24) { return info; }
            var size = { 24: 1, 25: 2, 26: 4, 27: 8 }[info];
            if (!size) { invalid(); }  // indefinite lengths are not read here
            return take(size).reduce(function (n, b) { return n * 256 + b; }, 0);
        }
        function item() {
            var first = take(1)[0], major = first >> 5, info = first & 31, n, i, result;
            if (major === 7) {
                if (info === 20 || info === 21) { return info === 21; }
                if (info === 22) { return null; }
                if (info === 23) { return undefined; }
                if (info < 25 || info > 27) { invalid(); }
                var raw = take({ 25: 2, 26: 4, 27: 8 }[info]), view = new DataView(new Uint8Array(raw).buffer);
                if (info === 27) { return view.getFloat64(0); }
                if (info === 26) { return view.getFloat32(0); }
                var half = view.getUint16(0), exp = (half >> 10) & 31, frac = half & 1023;
                var magnitude = exp === 0 ? frac * Math.pow(2, -24)
                    : exp === 31 ? (frac ? NaN : Infinity) : (1024 + frac) * Math.pow(2, exp - 25);
                return half & 0x8000 ? -magnitude : magnitude;
            }
            n = argument(info);
            switch (major) {
                case 0: return n;
                case 1: return -1 - n;
                case 2: return makeBuffer(take(n));
                case 3: return utf8Text(take(n));
                case 4: result = []; for (i = 0; i < n; i++) { result.push(item()); } return result;
                case 5:
                    result = {};
                    for (i = 0; i < n; i++) {
                        var key = item();
                        if (typeof key !== 'string' && typeof key !== 'number') { invalid(); }
                        result[String(key)] = item();  // decoded claim keys are strings
                    }
                    return result;
                default: return { tag: n, value: item() };
            }
        }
        return {
            item: item,
            tag: function () { return at < bytes.length && bytes[at] >> 5 === 6 ? argument(take(1)[0] & 31) : null; },
            peekTag: function () { var saved = at, tag = this.tag(); at = saved; return tag; },
            done: function () { return at === bytes.length; }
        };
    }
    function cwtKey(context) {
        if (!isObject(context)) { throw new TypeError('cwt: the context must be an object with a key'); }
        var key = context.key;
        if (typeof key !== 'string' && !(key instanceof Uint8Array)) {
            throw new TypeError('cwt: key must be a string or a Buffer');
        }
        return key;
    }
    function macTag(key, protectedBytes, payloadBytes) {
        var structure = cborEncode(['MAC0', makeBuffer(protectedBytes), makeBuffer([]), makeBuffer(payloadBytes)], []);
        return new Hash('sha256', key).update(makeBuffer(structure))._digestBytes();
    }
    function checkAlgorithm(headers) {
        if (!isObject(headers) || headers['1'] !== 5) {
            warn('cwt: the protected header alg (label 1) is not the integer 5 (HMAC 256/256); the guide ' +
                'supports only HS256 and does not say what CloudFront does with another value');
        }
    }
    function validateToken(token, context) {
        if (!(token instanceof Buffer)) { throw new TypeError('cwt.validateToken: the token must be a Buffer'); }
        var key = cwtKey(context);
        if (token.length > CWT_MAX_BYTES) { throw new Error('cwt: the token is larger than 1 KB'); }
        var reader = cborDecoder(Array.prototype.slice.call(token));
        if (reader.peekTag() === CWT_TAG) { reader.tag(); }
        if (reader.tag() !== MAC0_TAG) { throw new Error('cwt: invalid token (not a COSE MAC0 structure)'); }
        var parts = reader.item();
        if (!reader.done() || !Array.isArray(parts) || parts.length !== 4 || !(parts[0] instanceof Buffer) ||
            !isObject(parts[1]) || parts[1] instanceof Uint8Array || !(parts[2] instanceof Buffer) ||
            !(parts[3] instanceof Buffer)) {
            throw new Error('cwt: invalid token (not a COSE MAC0 structure)');
        }
        var expected = macTag(key, Array.prototype.slice.call(parts[0]), Array.prototype.slice.call(parts[2]));
        if (toHex(expected) !== toHex(parts[3])) { throw new Error('cwt: invalid token (the MAC does not match)'); }
        function decoded(bytes) {
            if (!bytes.length) { return {}; }
            var inner = cborDecoder(Array.prototype.slice.call(bytes)), value = inner.item();
            if (!inner.done() || !isObject(value) || value instanceof Uint8Array) {
                throw new Error('cwt: invalid token (headers and payload must be CBOR maps)');
            }
            return value;
        }
        var result = { protectedHeaders: decoded(parts[0]), unprotectedHeaders: parts[1], payload: decoded(parts[2]) };
        checkAlgorithm(result.protectedHeaders);
        return result;
    }
    function generateToken(first, second) {
        // The guide's signature is (generatorContext, payload); its examples pass (payload, context).
        var context = second, token = first;
        if (isObject(first) && 'coseTag' in first) {
            context = first; token = second;
            warn('cwt.generateToken(context, payload): the guide\'s signature has this order but its ' +
                'examples pass (payload, context); both are accepted here');
        }
        var key = cwtKey(context);
        if (context.coseTag !== 'MAC0') { throw new Error('cwt.generateToken: coseTag must be "MAC0"'); }
        if (!isObject(token)) { throw new TypeError('cwt.generateToken: the payload must be a CWT object'); }
        var headers = token.protectedHeaders || token['protected'] || {};
        var unprotected = token.unprotectedHeaders || token.unprotected || {};
        checkAlgorithm(headers);
        var protectedBytes = Object.keys(headers).length ? cborEncode(headers, []) : [];
        var payloadBytes = cborEncode(token.payload || {}, []);
        var out = [];
        if (context.cwtTag === true) { cborHead(out, 6, CWT_TAG); }
        cborHead(out, 6, MAC0_TAG);
        cborEncode([makeBuffer(protectedBytes), unprotected, makeBuffer(payloadBytes),
            makeBuffer(macTag(key, protectedBytes, payloadBytes))], out);
        if (out.length > CWT_MAX_BYTES) { throw new Error('cwt: the token would be larger than 1 KB'); }
        return makeBuffer(out);
    }
    return { validateToken: validateToken, generateToken: generateToken };
    // @end

    var cloudfront = {
        kvs: keyValueStore,
        updateRequestOrigin: updateRequestOrigin,
        selectRequestOriginById: selectRequestOriginById,
        createRequestOriginGroup: createRequestOriginGroup,
        fetch: cfFetch,
        edgeLocation: eventType === 'viewer-request' ? inputJSON('__EDGE_JSON') : {}
    };
    Object.defineProperty(cloudfront, 'cwt', { enumerable: true, get: lazy_cwt });
    Object.defineProperty(cloudfront, 'distributionTenant', {
        enumerable: true,
        get: function () {
            if (!tenantModule) { throw new TypeError('distributionTenant module is not available'); }
            return tenantModule;
        }
    });

    // -- runtime 1.0: the non-standard String byte methods -------------------------------
    // @lazy strings1 (decode)
    function byteString(bytes) { return String.fromCharCode.apply(null, bytes); }
    function isByteString(text) { return !/[^\x00-\xff]/.test(text); }
    {
        String.bytesFrom = function (data, encoding) {
            if (typeof data === 'string') { return byteString(decode(data, encoding === undefined ? 'utf8' : encoding)); }
            return byteString(Array.prototype.map.call(data, function (b) { return b & 255; }));
        };
        String.prototype.fromBytes = function (start, end) {
            var text = String(this).slice(start, end);
            return isByteString(text) ? text : null;
        };
        String.prototype.fromUTF8 = function (start, end) {
            var text = String(this).slice(start, end);
            if (!isByteString(text)) { return null; }
            try { return decodeURIComponent(escape(text)); } catch (e) { return null; }
        };
        String.prototype.toBytes = function (start, end) {
            var text = String(this).slice(start, end);
            return isByteString(text) ? text : null;
        };
        String.prototype.toUTF8 = function (start, end) {
            return unescape(encodeURIComponent(String(this).slice(start, end)));
        };
        ['bytesFrom'].forEach(function (name) { String.prototype[name] = String[name]; });
    }
    return true;
    // @end
    if (!runtime2) { lazy_strings1(); }

    // -- modules -----------------------------------------------------------------------
    var modules = { crypto: crypto, querystring: lazy_querystring };
    if (runtime2) {
        modules.buffer = { Buffer: Buffer };
        modules.cloudfront = cloudfront;
        global.Buffer = Buffer;
    }
    global.require = function (name) {
        if (!Object.prototype.hasOwnProperty.call(modules, name)) {
            throw new Error('Cannot find module \'' + name + '\'');
        }
        var module = modules[name];
        return typeof module === 'function' ? module() : module;
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
