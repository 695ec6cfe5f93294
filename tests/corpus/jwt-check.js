// Let a request through only with a valid HS256 token; pass its subject to the origin.
var crypto = require('crypto');
var querystring = require('querystring');

var SECRET = 'edge-secret';

function unauthorized() {
    return { statusCode: 401, statusDescription: 'Unauthorized' };
}

function handler(event) {
    var request = event.request;
    var token = request.querystring.token;
    if (!token) {
        return unauthorized();
    }
    var parts = token.value.split('.');
    if (parts.length !== 3) {
        return unauthorized();
    }
    var expected = crypto.createHmac('sha256', SECRET)
        .update(parts[0] + '.' + parts[1])
        .digest('base64url');
    if (expected !== parts[2]) {
        return unauthorized();
    }
    var claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
    delete request.querystring.token;
    request.headers['x-user'] = { value: claims.sub };
    return request;
}
