// Serve index.html for directory URLs of a single-page app (runtime 1.0: no let/const).
function handler(event) {
    var request = event.request;
    var uri = request.uri;
    if (uri.endsWith('/')) {
        request.uri += 'index.html';
    } else if (uri.indexOf('.') === -1) {
        request.uri += '/index.html';
    }
    return request;
}
